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


def _grouped(store, topic, start, end, rank):
    """The digest as grouping every statement of the period would make it (what build_digest
    did before it grouped in the store): sections, their quotes' statement ids, articles."""
    from briefbot.actors import find
    from briefbot.digest import Source, quote_sources
    from briefbot.quote_groups import group_same_quotes
    from briefbot.topics import fts_query, parse_topic

    parsed = parse_topic(topic)
    if parsed.actor:
        actor = find(store, parsed.actor).actor
        rows = store.statements_ingested_between(start, end, actor_ids=[actor.id])
    else:
        rows = store.statements_ingested_between(start, end, match=fts_query(parsed))
    rows = [r for r in rows if r.speaker]
    sections: dict[str, list] = {}
    for group in group_same_quotes(rows):
        sections.setdefault(group.speaker, []).append(group)
    ordered = list(sections.items())
    if rank == "reach":
        for _, groups in ordered:
            groups.sort(key=lambda q: -len(quote_sources(q)))
        ordered.sort(key=lambda item: -len(quote_sources(item[1][0])))
    else:
        ordered.sort(key=lambda item: -len(item[1]))
    return ([(name, [[s.id for s in q.statements] for q in groups]) for name, groups in ordered],
            len({r.article_id for r in rows}), len({r.story_id or r.article_id for r in rows}),
            list({(r.outlet or r.article_id): Source(r.outlet, r.title, r.url, r.published)
                  for r in rows}.values()))


def _spread_store(store):
    """Three speakers over three days; wire copy of one quote on two days; two outlets, and
    some articles without one."""
    for day in (25, 26, 27):
        for hour in range(3):
            for n, speaker in enumerate(("Mark Rutte", "Donald Trump", "Pete Hegseth")):
                if (n + hour) % 3 or speaker == "Mark Rutte":
                    add_article(store, f"the ceasefire talk {hour % 2} of {speaker}",
                                local(2027, 3, day, 9 + hour, n), f"{day}-{hour}-{n}",
                                speaker=speaker)
    for article_id, in store.db.execute("SELECT id FROM articles").fetchall():
        store.db["articles"].update(article_id, {"outlet": (None, "UNN", "AP")[article_id % 3]})


@pytest.mark.parametrize("rank", ["quoted", "reach"])
@pytest.mark.parametrize("topic", ["ceasefire", "talk", "actor:Rutte"])
def test_a_digest_is_the_grouping_of_its_periods_statements(store, topic, rank):
    """Grouped and ordered in the store, read only for what is shown: the same sections, the
    same quotes in the same order, each with the same statements, and the same counts as
    grouping every statement of the period."""
    _spread_store(store)
    for start, end in ((None, END), ("2027-03-26T07:00:00+00:00", END),
                       ("2027-03-26T08:30:00+00:00", "2027-03-27T08:00:00+00:00")):
        digest = build_digest(store, topic, start, end, rank=rank)
        sections, articles, stories, outlets = _grouped(store, topic, start, end, rank)
        assert sections, (start, end)
        assert [(s.name, [[st.id for st in q.statements] for q in s.quotes])
                for s in digest.sections] == sections
        assert (digest.article_count, digest.story_count) == (articles, stories)
        assert digest.statement_count == sum(len(q) for _, q in sections)
        assert digest.articles == outlets


def test_a_cut_digest_reads_only_the_quotes_it_shows(store):
    _spread_store(store)
    digest = build_digest(store, "ceasefire", None, END)
    assert digest.statement_count > 3
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        text = render_digest_text(digest, max_quotes=2)
    finally:
        store.db.conn.set_trace_callback(None)
    [read] = [sql for sql in seen if "json_each" in sql]
    shown = [q for s in digest.sections for q in s.head(2)][:2]
    ids = json.loads(read[read.index("json_each('") + 11:read.index("')")])
    assert sorted(ids) == sorted(st.id for q in shown for st in q.statements)
    assert f"and {digest.statement_count - 2} more statements" in text
