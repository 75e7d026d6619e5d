"""Wire copy folding, pure parts: story signatures, the statement rule, folded names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefbot import wire
from briefbot.digest import build_digest
from briefbot.inbox import read_article
from briefbot.ingest import ingest_paths
from briefbot.models import Extraction, quote_key
from briefbot.slack.blocks import (
    digest_messages,
    digest_thread_messages,
    validate_message,
    whosaid_message,
)
from briefbot.store import Store
from briefbot.templating import phrase, render_digest_text, render_reply
from briefbot.whosaid import who_said
from tests.fakes.wire_copies import curly, outlet_name, wire_copy, write_wire_copies

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = SEEDS / "000_5f57e6e110d2c8e2.txt"


def body_of(text: str, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_article(path).body


def test_copies_of_a_story_are_found_and_other_stories_are_not(tmp_path):
    stored: list[tuple[int, int, bytes]] = []  # (article id, story id, signature) as stored
    for n, seed in enumerate(sorted(SEEDS.glob("*.txt")), start=1):
        signature = wire.signature(read_article(seed).body)
        assert wire.story_for(signature, stored) is None  # five different stories
        stored.append((n, n, wire.signature_bytes(signature)))
    first_keys = set(wire.band_keys(wire.signature_from_bytes(stored[0][2])))
    for i in range(8):  # other headline, byline, copyright, trims, curly quotes
        copy = wire.signature(body_of(wire_copy(SEED, i), tmp_path, f"c{i}.txt"))
        assert wire.story_for(copy, stored) == 1
        assert first_keys & set(wire.band_keys(copy))  # a candidate through the store's index
    other_keys = set(wire.band_keys(wire.signature_from_bytes(stored[1][2])))
    assert not first_keys & other_keys  # another story is not even a candidate
    assert wire.story_for(wire.signature_from_bytes(stored[1][2]), stored) == 2


def test_a_candidate_joins_the_story_of_the_article_it_copies():
    blob = wire.signature_bytes(wire.signature("one two three four five six seven eight"))
    same = wire.signature_from_bytes(blob)
    assert wire.story_for(same, [(4, 3, blob), (5, None, None)]) == 3
    assert wire.story_for(same, [(6, None, blob), (4, 3, blob)]) == 3  # the first article's
    assert len(wire.band_keys(same)) == wire.BANDS


def test_the_banding_is_the_one_datasketch_chooses_for_the_threshold():
    """The store's band keys are made with the written-out banding; it is still what
    MinHashLSH finds best for the story threshold and signature size."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=wire.STORY_THRESHOLD, num_perm=wire.NUM_PERM)
    assert (lsh.b, lsh.r) == (wire.BANDS, wire.BAND_ROWS)


def test_articles_stored_before_the_band_index_are_found_by_their_copies(tmp_path):
    store = Store(tmp_path / "b.db")
    first = store.save_article(read_article(SEED), Extraction(statements=[], actors=[]))
    conn = store.db.conn  # as a file from before m011: no band keys, the step not recorded
    conn.execute("DROP TABLE story_bands")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_story_bands'")
    conn.commit()
    store.close()
    store = Store(tmp_path / "b.db")
    assert "m013_story_bands" in store.applied_migrations()
    copy = tmp_path / "copy.txt"
    copy.write_text(wire_copy(SEED, 3), encoding="utf-8")
    second = store.save_article(read_article(copy), Extraction(statements=[], actors=[]))
    stories = dict(store.db.conn.execute("SELECT id, story_id FROM articles").fetchall())
    assert stories == {first: first, second: first}


def test_a_new_version_of_an_article_moves_its_band_keys(tmp_path):
    store = Store(tmp_path / "b.db")
    path = tmp_path / "a.txt"
    shutil.copy(SEED, path)
    first = store.save_article(read_article(path), Extraction(statements=[], actors=[]))
    other = sorted(SEEDS.glob("*.txt"))[1]
    shutil.copy(other, path)
    assert store.save_article(read_article(path), Extraction(statements=[], actors=[]),
                              replaces=first) == first
    keys = {k for (k,) in store.db.conn.execute("SELECT band_key FROM story_bands")}
    assert keys == set(wire.band_keys(wire.signature(read_article(path).body)))


def test_the_same_statement_folds_whatever_the_marks_and_small_edits():
    said = quote_key('NATO would back the president\'s "clear vision on bringing this war to '
                     'a durable and lasting end,"')
    assert wire.same_statement(quote_key(curly(said)), [(7, said)], same_story=False) == 7
    trimmed = quote_key("NATO would back the president's clear vision on bringing this war "
                        "to a lasting end")
    assert wire.same_statement(trimmed, [(7, said)], same_story=True) == 7
    assert wire.same_statement(trimmed, [(7, said)], same_story=False) is None  # stricter
    dateline = quote_key("SPRINGFIELD (Springfield Courier) — President Donald Trump is "
                         "the only one who can secure a ceasefire")
    plain = quote_key("President Donald Trump is the only one who can secure a ceasefire")
    assert wire.same_statement(plain, [(3, dateline)], same_story=True) == 3
    assert wire.same_statement(dateline, [(3, plain)], same_story=True) == 3
    assert wire.same_statement(dateline, [(3, plain)], same_story=False) is None


def test_figures_negations_and_short_phrases_never_fold_by_similarity():
    troops = quote_key("we will send 100 more troops to the eastern border next week")
    other = quote_key("we will send 200 more troops to the eastern border next week")
    assert wire.same_statement(other, [(1, troops)], same_story=True) is None
    negated = quote_key("we will not send more troops to the eastern border next week")
    plain = quote_key("we will send more troops to the eastern border next week")
    assert wire.same_statement(negated, [(1, plain)], same_story=True) is None
    assert wire.same_statement(quote_key("it holds"), [(1, quote_key("it held"))],
                               same_story=True) is None
    assert wire.same_statement(quote_key("It holds."), [(1, "it holds")], True) == 1


def test_names_fold_to_a_short_line_whatever_their_number():
    assert phrase("fold_names", []) == ""
    assert phrase("fold_names", ["Newsmax"]) == "Newsmax"
    assert phrase("fold_names", ["Newsmax", "Reuters", "AP"]) == "Newsmax, Reuters and AP"
    many = phrase("fold_names", ["Newsmax", "Reuters"] + [f"Outlet {i}" for i in range(11)])
    assert many == "Newsmax, Reuters and 11 more"
    assert phrase("fold_names", ["A", "A", "B"]) == "A and B"
    for mrkdwn in (False, True):  # the same words on every face; names escaped in Slack
        assert phrase("fold_names", ["A & B", "<C>"], mrkdwn=mrkdwn) == (
            "A &amp; B and &lt;C&gt;" if mrkdwn else "A & B and <C>")


# --- the seeds plus 200 copies of seed 000, through the real pipeline -----------------------

COPIES = 200
DATELINE = re.compile(r"^[A-Z]+ \([^)]*\) — ")
MAX_LINE = 400
END = "2100-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def wire_store(tmp_path_factory, seeded_template, extractor):
    folder = tmp_path_factory.mktemp("wire")
    shutil.copy(seeded_template, folder / "b.db")
    store = Store(folder / "b.db")
    report = ingest_paths(store, extractor, write_wire_copies(SEED, folder / "copies", COPIES))
    assert len(report.added) == COPIES, report.summary()  # another outlet, another article
    yield store
    store.close()


def text_lines(msg: dict) -> list[str]:
    """Every line of every text in a Slack message, fallback included."""
    lines = msg["text"].split("\n")

    def walk(obj):
        if isinstance(obj, dict):
            if obj.get("type") in ("mrkdwn", "plain_text") and isinstance(obj.get("text"), str):
                lines.extend(obj["text"].split("\n"))
            for value in obj.values():
                walk(value)
        elif isinstance(obj, list):
            for value in obj:
                walk(value)

    walk(msg["blocks"])
    return lines


def all_pages(store, name):
    first = who_said(store, name, limit=5)
    quotes = list(first.quotes)
    while len(quotes) < first.total:
        quotes += who_said(store, name, limit=5, offset=len(quotes)).quotes
    return first, quotes


def test_copies_are_one_story_with_many_outlets(wire_store):
    stories = wire_store._dicts(
        "SELECT story_id, count(*) AS n, count(DISTINCT outlet) AS outlets FROM articles"
        " GROUP BY story_id ORDER BY n DESC")
    assert stories[0]["n"] == COPIES + 1 and stories[0]["outlets"] == COPIES + 1
    assert [s["n"] for s in stories[1:]] == [1, 1, 1, 1]  # the other seeds stand alone


@pytest.mark.parametrize("name", ["Rutte", "Trump"])
def test_each_statement_is_shown_once_and_every_count_counts_statements(wire_store, name):
    first, quotes = all_pages(wire_store, name)
    keys = [quote_key(q.quote) for q in quotes]
    assert len(keys) == len(set(keys)), "a statement shown twice"
    # The truth: the distinct words this actor was stored saying once each copy's own dateline
    # is taken off (nothing folded that differs, nothing left twice).
    truth = {quote_key(DATELINE.sub("", r["quote"])) for r in wire_store._dicts(
        "SELECT quote FROM statements WHERE actor_id = ?", [first.actor.id])}
    assert first.total == first.actor.statement_count == len(quotes) == len(truth)
    text = render_reply(first)
    assert f"{first.actor.statement_count} statements in " in text
    assert f"showing 1–5 of {first.total}" in text
    assert max(len(line) for line in text.splitlines()) <= MAX_LINE
    message = whosaid_message(first, name)
    assert validate_message(message) == []
    assert max(len(line) for line in text_lines(message)) <= MAX_LINE


def test_a_statement_carried_everywhere_shows_its_outlets_folded(wire_store):
    _, quotes = all_pages(wire_store, "Rutte")
    [only_one] = [q for q in quotes if "only one" in q.quote]
    assert only_one.article_count == COPIES + 1
    assert set(only_one.outlets) == {"Newsmax"} | {outlet_name(i) for i in range(COPIES)}
    assert re.fullmatch(r"[^,]+, [^,]+ and 199 more", phrase("fold_names", only_one.outlets))
    sources = wire_store.statement_sources(only_one.statement_id)
    assert len(sources) == COPIES + 1  # the full list behind the button


def test_the_digest_is_one_short_slack_message_with_the_full_sources_in_its_thread(wire_store):
    digest = build_digest(wire_store, "ceasefire", None, END)
    groups = [q for s in digest.sections for q in s.quotes]
    assert digest.statement_count == len(groups) == len({q.statement_id for q in groups})
    assert digest.article_count == COPIES + 2 and digest.story_count == 2
    text = render_digest_text(digest)
    assert f"{digest.statement_count} statements · " in text
    assert f"{COPIES + 2} articles (2 stories)" in text
    assert max(len(line) for line in text.splitlines()) <= MAX_LINE
    assert text.count("  • ") == digest.statement_count
    [message] = digest_messages(digest)
    assert validate_message(message) == []
    assert max(len(line) for line in text_lines(message)) <= MAX_LINE
    thread = digest_thread_messages(digest)
    assert thread and all(validate_message(m) == [] for m in thread)
    listed = "\n".join(line for m in thread for line in text_lines(m))
    assert all(outlet_name(i) in listed for i in range(COPIES))


def test_a_digest_can_rank_by_how_widely_a_statement_was_carried(wire_store):
    digest = build_digest(wire_store, "ceasefire", None, END, rank="reach")
    reach = [q.article_count for s in digest.sections for q in s.quotes]
    assert reach[0] == COPIES + 1
    assert digest.sections[0].quotes[0].article_count == max(reach)
    with pytest.raises(ValueError):
        build_digest(wire_store, "ceasefire", None, END, rank="loudest")
