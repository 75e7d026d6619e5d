"""What a digest says: over the seeds, and over hand-made articles for the edge cases."""

from __future__ import annotations

import json
from datetime import UTC

import pytest

from briefbot.digest import build_digest
from briefbot.models import Actor, Article, Extraction, Statement
from briefbot.templating import render_digest_text

from .test_scheduler import add_article, local

END = "2099-01-01T07:00:00+00:00"
APPEAL = ["please support us monthly", "discredits the decisions of the russian leadership",
          "remind me later", "we see things differently", "your support"]


def statements_of(digest) -> dict[str, list[str]]:
    return {s.name: [q.quote for q in s.quotes] for s in digest.sections}


def test_ceasefire_over_the_seeds(seeded_store):
    digest = build_digest(seeded_store, "ceasefire", None, END, timezone="Europe/Brussels")
    said = statements_of(digest)
    for speaker in ("Mark Rutte", "Donald Trump"):  # the issue's, and seeds-gold's, must-haves
        assert speaker in said
    assert any('"only one"' in q and "ceasefire" in q for q in said["Mark Rutte"])
    assert any("begin ceasefire negotiations" in q for q in said["Donald Trump"])
    text = render_digest_text(digest)
    assert text.startswith("ceasefire · 1 Jan 2099 · 08:00 Europe/Brussels\n")
    assert "Newsmax" in text and "The Moscow Times" in text
    assert "reported" in text
    for phrase in APPEAL:
        assert phrase not in text.casefold()


@pytest.mark.parametrize("topic", ["ceasefire", "support", "journalism", "Russian leadership",
                                   "actor:Moscow Times", "Moscow"])
def test_the_donation_appeal_never_reaches_a_digest(seeded_store, topic):
    text = render_digest_text(build_digest(seeded_store, topic, None, END)).casefold()
    for phrase in APPEAL:
        assert phrase not in text


def test_the_same_quote_from_two_outlets_is_one_entry_with_both(store):
    for h, outlet, url in [("a", "UNN", "https://unn.example/a"), ("b", "Newsmax", None)]:
        text = 'Rutte said: "We will not accept a bad ceasefire."'
        art = Article(path=f"{h}.txt", text=text, body=text, content_hash=h,
                      source_format="txt", title=f"Rutte on talks ({outlet})", outlet=outlet,
                      published="2027-03-27", url=url)
        quote = text[text.index('"'):]
        st = Statement("Mark Rutte", 0, 5, "said", 6, 10, text.index('"'), len(text), quote,
                       "direct", 0.9)
        store.save_article(art, Extraction([st], [Actor("Mark Rutte", role="NATO chief")]))
    digest = build_digest(store, "ceasefire", None, END)
    [section] = digest.sections
    [entry] = section.quotes
    assert entry.outlets == ["UNN", "Newsmax"]
    text = render_digest_text(digest)
    assert "\nMark Rutte · NATO chief\n" in text
    # With its cue, in one pair of marks
    assert "Mark Rutte said: \u201cWe will not accept a bad ceasefire.\u201d" in text
    assert "(quoted · UNN, 27 Mar 2027, “Rutte on talks (UNN)” <https://unn.example/a>; " \
           "Newsmax, 27 Mar 2027, “Rutte on talks (Newsmax)”)" in text
    assert "1 statement · 1 actor · 2 articles" in text


def test_reported_speech_is_marked_and_not_in_quotation_marks(store):
    add_article(store, "the ceasefire will hold", local(2027, 3, 27, 9, 0), "r")
    text = render_digest_text(build_digest(store, "ceasefire", None, END))
    assert "  • Mark Rutte said the ceasefire will hold   (reported · UNN, “Story r”)" in text


def test_an_undated_article_belongs_to_the_digest_of_the_day_it_was_read(store):
    """A digest's period is of ingest times: what was read since the last one. An article that
    gives no date is news on the day it was read, and shows no date of its own."""
    add_article(store, "the ceasefire will hold", local(2027, 3, 27, 9, 0), "undated")
    iso = [local(2027, 3, d, 8, 0).astimezone(UTC).isoformat() for d in (26, 27, 28)]
    assert build_digest(store, "ceasefire", iso[0], iso[1]).statement_count == 0
    digest = build_digest(store, "ceasefire", iso[1], iso[2])
    assert digest.statement_count == 1
    assert "(reported · UNN, “Story undated”)" in render_digest_text(digest)


def test_empty_periods_say_so_in_one_line(store):
    first = build_digest(store, "ceasefire", None, "2027-03-28T06:00:00+00:00",
                         timezone="Europe/Brussels")
    assert render_digest_text(first) == "ceasefire · nothing new.\n"
    day = build_digest(store, "ceasefire", "2027-03-27T07:00:00+00:00",
                       "2027-03-28T06:00:00+00:00", timezone="Europe/Brussels")
    assert render_digest_text(day) == "ceasefire · nothing new since yesterday's digest.\n"
    same_day = build_digest(store, "NATO membership", "2027-03-28T06:00:00+00:00",
                            "2027-03-28T15:00:00+00:00", timezone="Europe/Brussels")
    assert render_digest_text(same_day) == \
        "NATO membership · nothing new since the 08:00 digest.\n"
    week = build_digest(store, "actor:Rutte", "2027-03-21T06:00:00+00:00",
                        "2027-03-28T06:00:00+00:00", timezone="Europe/Brussels")
    assert render_digest_text(week) == "Rutte · nothing new since the digest of 21 Mar.\n"


def long_digest(store, actors=12, each=25):
    for a in range(actors):
        for i in range(each):
            add_article(store, f"ceasefire point {i} " + "and more words " * 30,
                        local(2027, 3, 27, 1 + a, i), f"{a}-{i}", speaker=f"Speaker {a}")
    return build_digest(store, "ceasefire", None, END)


def test_text_never_cuts_silently(store):
    digest = long_digest(store, actors=3, each=4)
    text = render_digest_text(digest, max_quotes=5)
    assert text.count("  • ") == 5
    assert "… and 7 more statements by Speaker 1, Speaker 2: /whosaid NAME ceasefire" in text
    assert "12 statements · 3 actors · 12 articles" in text  # the counts are the whole digest
    assert "more statement" not in render_digest_text(digest)


def test_long_digest_is_split_into_valid_block_kit_messages(store):
    blocks = pytest.importorskip("briefbot.slack.blocks")
    digest = long_digest(store)
    messages = blocks.digest_messages(digest, max_messages=100)
    assert len(messages) > 1
    for message in messages:
        assert blocks.validate_message(message) == []
    body = json.dumps(messages)
    for a in range(12):
        assert body.count(f"*Speaker {a}*") >= 1
    assert body.count("ceasefire point") == digest.statement_count
