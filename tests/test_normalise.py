"""Normalising inbox text: hard wraps, CRLF and e-mail quoting undone, offsets mapped back."""

import textwrap

import pytest

from briefbot.normalise import normalise, one_line

PARAGRAPHS = [
    "Transport Minister Orla Venning defended the ferry board's decision, saying the timetable "
    "was plainly tied to the island councils and that passengers knew it.",
    "\u201cWe offer no excuses for having a relief crew ready for every delay and breakdown "
    "reported,\u201d Venning told Radio Sund on Thursday evening after the hearing.",
    "The ferry operator promised \u201cprompt remedial steps\u201d against repeated cancellations "
    "on the northern route, a spokesman for the firm said.",
]


def wrapped(width: int, line_break: str = "\n", between: str = "\n\n", prefix: str = "") -> str:
    blocks = [
        line_break.join(prefix + line for line in textwrap.wrap(p, width - len(prefix)))
        for p in PARAGRAPHS
    ]
    blank = prefix.rstrip() + line_break if between.count("\n") > 1 else ""
    return (line_break + blank).join(blocks) + line_break


def assert_maps_back(reading) -> None:
    """Every character of the normalised text comes from the same character of the original,
    or stands for a line break (a joined wrap, a CRLF)."""
    for index, char in enumerate(reading.text):
        at = reading.origin[index]
        source = reading.original[at]
        assert source == char or (char in " \n" and source in "\r\n"), (index, char, source)


@pytest.mark.parametrize(
    "text",
    [
        wrapped(72),
        wrapped(64, line_break="\r\n"),
        wrapped(64, line_break="\r\n", between="\r\n"),
        wrapped(72, prefix="> "),
        wrapped(74, prefix="> > "),
        wrapped(60, prefix=">"),
    ],
    ids=["72", "64-crlf", "64-crlf-no-blank-lines", "quoted", "quoted-twice", "quoted-tight"],
)
def test_each_shape_reads_as_the_paragraphs(text):
    reading = normalise(text)
    paragraphs = [p for p in reading.text.split("\n") if p.strip()]
    assert paragraphs == PARAGRAPHS
    assert "\r" not in reading.text and ">" not in reading.text
    assert_maps_back(reading)


def test_spans_round_trip_to_the_original():
    text = wrapped(64, line_break="\r\n", prefix="> ")
    reading = normalise(text)
    phrase = "relief crew ready for every delay and breakdown reported"
    start = reading.text.index(phrase)
    original_start, original_end = reading.span_to_original(start, start + len(phrase))
    original = text[original_start:original_end]
    assert original.startswith("relief") and original.endswith("reported")
    assert "\r\n> " in original  # the phrase crosses a wrap in the file
    assert " ".join(original.replace("> ", " ").split()) == phrase
    assert reading.span_to_normalised(original_start, original_end) == (
        start, start + len(phrase))


def test_clean_text_is_left_as_it_is():
    text = "\n".join(PARAGRAPHS) + "\n"
    reading = normalise(text)
    assert reading.text == text
    assert reading.span_to_original(10, 20) == (10, 20)


def test_one_paragraph_per_line_pages_are_not_joined():
    """A pasted page: menu lines, a headline, paragraphs of any length, each on its own line."""
    lines = ["Home", "News", "Sports", "Lena Ostrova nets twice as Harbour City Gulls sink Rovers",
             "By Piet Vandamme | Special to the Valley Courier", *PARAGRAPHS, "Read More",
             "Short one-line paragraph that ends here.", "Another one, also short."]
    text = "\n".join(lines)
    assert normalise(text).text == text


def test_short_lines_in_wrapped_copy_keep_their_break():
    """Headline, byline and dateline lines end early: the next word would have fitted."""
    head = "Ferry board under fire\nBy MARTA IRELAND and OSKAR BELL\nAssociated Press\n\n"
    reading = normalise(head + wrapped(72))
    assert reading.text.startswith(head)


def test_words_broken_at_their_hyphen_are_rejoined():
    text = (
        "NATO Secretary-General Mark Rutte said on Tuesday that the well-\n"
        "known plan for a ceasefire was the only way forward for the alliance\n"
        "and its partners in the region, and that NATO would back the Secretary-\n"
        "General of the United Nations in every effort to bring it about soon,\n"
        "before the winter sets in and the roads to the front become impassable.\n"
    )
    reading = normalise(text)
    assert "the well-known plan" in reading.text
    assert "the Secretary-General of" in reading.text
    assert "alliance and its" in reading.text


def test_apply_carries_blanking_through():
    text = wrapped(72, prefix="> ")
    body = text.replace("Venning", "       ")
    reading = normalise(text)
    assert reading.apply(body) == reading.text.replace("Venning", "       ")


def test_one_line_joins_paragraphs():
    assert one_line("It was good.\n\nIt was fine.") == "It was good. It was fine."
    assert one_line("Intro          text,\r\n  and more.") == "Intro text, and more."


def test_one_sentence_lines_of_equal_length_are_not_joined():
    """Paragraphs one per line can be of nearly one width; they still end their sentences."""
    text = (
        "Rutte said the alliance would meet again in June to review its air defence plans.\n"
        "Copyright disputes between the two broadcasters have dragged on for years, he noted.\n"
        "The minister, who is a former journalist, said the reporters deserved better access.\n"
        "He said the summit would take place in The Hague, as planned by all the members.\n"
    )
    assert normalise(text).text == text


def test_header_blocks_are_not_wrapped_text():
    """Short lines of one width (e-mail headers) and a longer paragraph after them."""
    text = (
        "---------- Forwarded message ---------\n"
        "From: City Daily <news@example.com>\n"
        "Date: Wed, Mar 11, 2020 at 6:41 PM\n"
        "Subject: Fwd: Bridge to reopen in spring\n"
        "To: dana@example.com\n"
        "The minister said on Monday that the bridge would reopen in the spring, as planned.\n"
    )
    assert normalise(text).text == text


def test_a_stray_break_inside_a_sentence_is_joined():
    text = (
        "Editor's note: Councillor Ada Brisk often\nblocks\nharbour projects, neighbours say.\n"
        "Home\nnews\nA line that ends a sentence.\nthen a lower-case line.\n"
    )
    assert normalise(text).text == (
        "Editor's note: Councillor Ada Brisk often blocks harbour projects, neighbours say.\n"
        "Home\nnews\nA line that ends a sentence.\nthen a lower-case line.\n"
    )
