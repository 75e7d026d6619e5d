"""Who owns each quote: every quote owner on a small text, with the real model."""

import pytest

from briefbot.extract import load_nlp
from briefbot.extract.clauses import find_attributions
from briefbot.extract.grammar import ParsedArticle
from briefbot.extract.quote_owners import names_something


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def owners(nlp, text):
    art = ParsedArticle(nlp(text))
    return [(text[a.speaker[0]:a.speaker[1]], text[a.content[0]:a.content[1]], a.rule)
            for a in find_attributions(art)]


def test_quote_joins_the_statement_of_its_cue(nlp):
    text = '"We are close to peace in Ukraine," Matthew Whitaker told reporters.'
    [(speaker, content, _)] = owners(nlp, text)
    assert speaker == "Matthew Whitaker"
    assert content == '"We are close to peace in Ukraine,"'


def test_split_quote_is_one_statement(nlp):
    text = '"The talks were useful," Emmanuel Macron said, "but much remains to be done."'
    [(speaker, content, _)] = owners(nlp, text)
    assert speaker == "Emmanuel Macron"
    assert content.startswith('"The talks') and content.endswith('done."')


def test_dash_signature(nlp):
    text = '"Freedom is never more than one generation away from extinction." ― Ronald Reagan'
    assert owners(nlp, text) == [("Ronald Reagan", text[:text.index(" ―")], "dash")]


def test_continued_quote_after_the_cue_sentence(nlp):
    text = ('"It is certainly not a betrayal," Pete Hegseth said after the meeting. '
            '"No country has made a greater commitment to Ukraine."')
    [(speaker, content, _)] = owners(nlp, text)
    assert speaker == "Pete Hegseth" and content.endswith('commitment to Ukraine."')


def test_floating_quote_paragraph_inherits_the_speaker_before(nlp):
    text = ('"You could say we are close to a deal," Matthew Whitaker said on Saturday.\n'
            '"This will not be peace at any price, and both sides know it."\n')
    got = owners(nlp, text)
    assert got[-1][0] == "Matthew Whitaker" and got[-1][2] == "floating"


def test_short_scare_quote_belongs_to_no_one(nlp):
    art = ParsedArticle(nlp('Critics in Kyiv called the deal "a betrayal" on Monday.'))
    assert len(art.quotes) == 1
    assert all(not a.quotes for a in find_attributions(art))


def test_a_dash_inside_prose_is_no_signature(nlp):
    text = ('Clara Voss introduced Amir Haddad as "a man who has changed how the whole harbour '
            'thinks about its ships"—and a friend she has leaned on for years.')
    assert not any(rule == "dash" for _, _, rule in owners(nlp, text))


@pytest.mark.parametrize("text", [
    "“Harbour Nights” host Tomas Reuter on Friday showed that the mayor had been wrong.",
    "'Quillfeather' targeted about 80 officials from his home, prosecutors said.",
])
def test_a_short_title_opening_a_paragraph_is_a_name_not_words(nlp, text):
    """A show's name or a nickname in quote marks, running on into the sentence, is no
    quote of the speaker's: kept for PolNeAR, below the app's threshold; '"No," he said' at
    a paragraph's start is words."""
    from briefbot.extract import Extractor

    art = ParsedArticle(nlp(text))
    assert names_something(art, art.quotes[0])
    title = text[art.quotes[0].start:art.quotes[0].end]
    assert not any(st.quote == title for st in Extractor(nlp).extract(text).statements)
    no = ParsedArticle(nlp('"No," Tomas Reuter said.'))
    assert not names_something(no, no.quotes[0])
