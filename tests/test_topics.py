"""Topics match the words a reader means, through the real FTS5 Porter index."""

from __future__ import annotations

import pytest

from briefbot.digest import build_digest
from briefbot.topics import fts_query, parse_topic, spelling_variants, topic_terms

from .test_scheduler import add_article, local

END = "2099-01-01T00:00:00+00:00"

QUOTES = [
    "the cease-fire must hold",
    "two ceasefires collapsed",
    "a cease fire is possible",
    "the truce is fragile",
    "NATO memberships are not on the table",
    "membership of NATO is far away",
    "the fire ceased at dawn",
    "overall the talks went well",
]


@pytest.fixture
def topic_store(store):
    for i, quote in enumerate(QUOTES):
        speaker = "Mark Rutte" if i % 2 else "Donald Trump"
        add_article(store, quote, local(2027, 3, 1, 9, i), f"q{i}", speaker=speaker)
    return store


def found(store, topic, synonyms=None) -> list[str]:
    rows = store.statements_ingested_between(None, END, match=fts_query(topic, synonyms))
    return [r.quote for r in rows]


@pytest.mark.parametrize("topic", ["ceasefire", "cease-fire", "Cease fire", "CEASEFIRES"])
def test_every_spelling_finds_every_spelling(topic_store, topic):
    assert found(topic_store, topic) == QUOTES[:3]


def test_synonyms_from_the_config_work_both_ways(topic_store):
    synonyms = {"ceasefire": ("truce",)}
    assert found(topic_store, "ceasefire", synonyms) == QUOTES[:4]
    assert found(topic_store, "truce", synonyms) == QUOTES[:4]
    assert found(topic_store, "cease-fire", synonyms) == QUOTES[:4]
    assert found(topic_store, "truce") == [QUOTES[3]]


def test_a_phrase_matches_as_a_phrase_with_its_inflections(topic_store):
    assert found(topic_store, "NATO membership") == [QUOTES[4]]


def test_splitting_compounds_is_limited_to_known_ones():
    assert spelling_variants("overall") == {"overall"}
    assert spelling_variants("ceasefire") == {"ceasefire", "cease fire"}
    assert spelling_variants("peace-keeping") == {"peace keeping", "peacekeeping"}
    assert fts_query("!!!") == '""'  # an empty phrase: matches nothing


def test_punctuation_alone_matches_nothing_not_everything(topic_store):
    assert found(topic_store, "???") == []


def test_quotes_in_a_topic_cannot_break_the_query(topic_store):
    assert found(topic_store, 'NATO "membership') == [QUOTES[4]]
    assert found(topic_store, "ceasefire OR NEAR(") == []


def test_actor_topic_finds_that_actors_statements(topic_store):
    topic = parse_topic("actor:Rutte")
    assert topic.actor == "Rutte" and topic.name == "actor:Rutte"
    digest = build_digest(topic_store, topic, None, END)
    assert [s.name for s in digest.sections] == ["Mark Rutte"]
    assert [q.quote for q in digest.sections[0].quotes] == QUOTES[1::2]
    assert build_digest(topic_store, "actor:Nobody Known", None, END).is_empty


def test_topic_terms_keep_the_typed_topic_first():
    assert topic_terms("truce", {"ceasefire": ("truce", "armistice")}) == [
        "truce", "ceasefire", "armistice"]
