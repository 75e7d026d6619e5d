from briefbot.extract.quotes import find_quotes


def spans(text):
    return [(text[q.start:q.end], q.closed) for q in find_quotes(text)]


def test_split_quote_gives_two_quotes():
    assert spans('"A," he said, "B."') == [('"A,"', True), ('"B."', True)]


def test_unbalanced_mark_is_cut_at_paragraph():
    text = 'He said "never closed.\nThen "fine" here.'
    assert spans(text) == [('"never closed.', False), ('"fine"', True)]


def test_multi_paragraph_quote():
    text = "“First part.\n“Second part,” he said."
    assert spans(text) == [("“First part.\n“Second part,”", True)]


def test_nyt_double_apostrophes_and_curly_single_quotes():
    text = "''We finally,'' he wrote. It's Kyiv’s ‘scare quote’ here."
    assert spans(text) == [("''We finally,''", True), ("‘scare quote’", True)]


def test_guillemets_and_backticks():
    assert spans("«Bonjour», dit-il. ``Hi,'' he said.") == [("«Bonjour»", True), ("``Hi,''", True)]


def test_single_quote_nested_in_double_is_not_separate():
    text = "\"Biden said, 'they should join.' Well, then,\" Trump added."
    assert len(spans(text)) == 1


def test_two_single_marks_close_a_double_quote():
    text = "“It was a ploy to confuse the jury,’’ Petra Lind told the court. “And it is wrong.”"
    assert spans(text) == [("“It was a ploy to confuse the jury,’’", True),
                           ("“And it is wrong.”", True)]
