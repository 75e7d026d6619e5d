"""What counts as a statement: a cue verb in its other sense, a negated or unreal cue, a
description, a generic group. Small sentences through the real model and the app's threshold."""

import pytest

from briefbot.extract import load_nlp
from briefbot.extract.grammar import other_sense


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def said(extractor, text):
    """(speaker, cue, quote) of every statement the app keeps."""
    return [(st.speaker, st.cue, st.quote) for st in extractor.extract(text).statements]


def token(nlp, text, word):
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, cue", [
    ("NASA also added smaller landers to the CLPS contract.", "added"),
    ("The committee concluded its third public hearings on Tuesday.", "concluded"),
    ("The administration recognised the disputed city as the capital.", "recognised"),
])
def test_a_cue_verb_acting_on_a_thing_reports_nothing(nlp, extractor, text, cue):
    assert other_sense(token(nlp, text, cue))
    assert said(extractor, text) == []


@pytest.mark.parametrize("text, cue", [
    ("NASA added that smaller landers would join the contract.", "added"),
    ("The Electoral Commission issued a statement warning that voters deserve better.",
     "issued"),
    ("The senator voiced concern about the cost of the program.", "voiced"),
    ("The senator added a note of caution about the program.", "added"),
])
def test_the_same_verbs_report_a_clause_or_a_message(nlp, text, cue):
    assert not other_sense(token(nlp, text, cue))


def test_added_with_a_clause_is_still_a_statement(extractor):
    got = said(extractor, "Bill Nelson, the NASA administrator, added that smaller landers "
                          "would join the contract next year.")
    assert [q for _, _, q in got] == ["that smaller landers would join the contract next year"]
