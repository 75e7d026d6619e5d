"""The foundation's promise: the seeds go in once, and who said what comes out right."""

import os
import shutil
import signal
import subprocess
import sys
import time

from briefbot.ingest import ingest_paths
from briefbot.store import Store
from briefbot.whosaid import who_said
from briefbot.workers import CHUNK

from .conftest import REPO, SEEDS


def test_rutte_from_both_seed_articles_as_one_actor(seeded_store):
    answer = who_said(seeded_store, "Rutte", limit=100)
    assert answer.actor.name == "Mark Rutte"
    files = {os.path.basename(st.path) for q in answer.quotes for st in q.statements}
    assert {"000_5f57e6e110d2c8e2.txt", "001_6cd02a9f49007a16.txt"} <= files
    assert {st.actor_id for q in answer.quotes for st in q.statements} == {answer.actor.id}
    assert len(seeded_store.actors_by_alias("rutte")) == 1


def test_every_way_of_naming_rutte_finds_him(seeded_store):
    for name in ("rutte", "Mark Rutte", "MARK RUTTE"):
        assert who_said(seeded_store, name).actor.name == "Mark Rutte", name


def test_zelensky_and_zelenskyy_are_one_actor(seeded_store):
    a = who_said(seeded_store, "Zelensky", limit=100)
    b = who_said(seeded_store, "Zelenskyy", limit=100)
    assert a.actor is not None and a.actor.id == b.actor.id
    assert a.total >= 2  # seed 002 (Zelensky) and seed 004 (Zelenskyy)


def test_places_and_bylines_are_not_actors(seeded_store):
    names = {a.name for a in seeded_store.actors()}
    aliases = {al for a in seeded_store.actors() for al in a.aliases} | names
    assert not {"Kyiv", "Solange Reyner", "Andrii Tymoshchenkov"} & aliases
    assert {"Solange Reyner", "Andrii Tymoshchenkov"} <= set(seeded_store.article_authors())


def test_reingest_adds_nothing(seeded_store, extractor, tmp_path):
    before = (seeded_store.article_count(), seeded_store.statement_count(),
              len(seeded_store.actors()))
    renamed = tmp_path / "same-story-other-name.txt"
    text = (SEEDS / "000_5f57e6e110d2c8e2.txt").read_text(encoding="utf-8")
    renamed.write_text(text.replace("\n", "\r\n") + "\n\n", encoding="utf-8", newline="")
    report = ingest_paths(seeded_store, extractor, [SEEDS, renamed])
    assert report.added == [] and len(report.duplicates) == 6
    assert (seeded_store.article_count(), seeded_store.statement_count(),
            len(seeded_store.actors())) == before


def test_refused_files_are_named_and_left_in_place(store, extractor, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "empty.txt").write_text("")
    (inbox / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    shutil.copy(SEEDS / "000_5f57e6e110d2c8e2.txt", inbox)
    report = ingest_paths(store, extractor, [inbox])
    assert len(report.added) == 1
    assert {os.path.basename(p) for p, _ in report.refused} == {"empty.txt", "photo.png"}
    assert all(reason for _, reason in report.refused)
    assert (inbox / "empty.txt").exists() and (inbox / "photo.png").exists()


def _variants(folder, count):
    """`count` distinct articles made from the seeds, each a real file."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(count):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"article_{i:03d}.txt").write_text(
            text + f"\nEditor's note {i}: this copy was filed as number {i}.\n", encoding="utf-8")


def _statements_per_article(store):
    rows = store.db.conn.execute(
        "SELECT a.content_hash, count(s.id) FROM articles a"
        " LEFT JOIN statements s ON s.article_id = a.id GROUP BY a.id").fetchall()
    return {h: n for h, n in rows}


def test_killed_ingest_leaves_whole_articles_and_the_next_run_finishes(tmp_path, extractor):
    """`briefbot ingest` killed (SIGKILL) while it stores: every article that made it is whole,
    and the next run stores the rest. Two workers take three chunks of eight articles, so the
    third chunk is still being extracted when the first ones are stored: the kill lands among
    the writes, before the end, however many cores the machine has."""
    count = 3 * CHUNK
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _variants(inbox, count)
    reference = Store(tmp_path / "reference.db")
    ingest_paths(reference, extractor, [inbox])
    expected = _statements_per_article(reference)
    assert len(expected) == count

    db = tmp_path / "crash.db"
    env = dict(os.environ, BRIEFBOT_DB=str(db))
    child = subprocess.Popen(
        [sys.executable, "-m", "briefbot", "ingest", "--workers", "2", str(inbox)], env=env,
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if db.exists() and Store(db).article_count() >= 3:
                break
            assert child.poll() is None, "the ingest finished before it could be killed"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    survived = _statements_per_article(Store(db))
    assert 3 <= len(survived) < count
    # Every article that made it is complete: the same statements as an uninterrupted run.
    assert all(survived[h] == expected[h] for h in survived)
    ingest_paths(Store(db), extractor, [inbox])
    assert _statements_per_article(Store(db)) == expected


def test_a_quoted_reply_is_stored_as_one_line_quotes_and_is_the_same_article(
        seeded_store, extractor, tmp_path):
    """Seed 003 quoted in an e-mail reply: its statements are stored on one line each, their
    offsets point into the e-mail's text, and it is the seed article already stored."""
    import re
    import textwrap
    from email.message import EmailMessage

    from briefbot.inbox import read_article
    from briefbot.normalise import normalise, one_line

    seed = SEEDS / "003_4cf28d3b19182508.txt"
    paragraphs = [p for p in seed.read_text(encoding="utf-8").splitlines() if p.strip()]
    message = EmailMessage()
    message["Subject"] = "Re: Hegseth in Brussels"
    quoted = "\n>\n".join("\n".join("> " + line for line in textwrap.wrap(p, 70))
                          for p in paragraphs)
    message.set_content(f"On Mon, 18 Nov 2019 at 09:12, Sam <sam@example.com> wrote:\n{quoted}\n")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(message))
    assert read_article(path).content_hash == read_article(seed).content_hash
    report = ingest_paths(seeded_store, extractor, [path])
    assert report.duplicates == [str(path)]

    fresh = Store(tmp_path / "fresh.db")
    assert len(ingest_paths(fresh, extractor, [path]).added) == 1
    text = read_article(path).text
    rows = fresh.db.conn.execute(
        "SELECT quote, content_start, content_end FROM statements").fetchall()
    assert len(rows) >= 8
    for quote, start, end in rows:
        assert "\n" not in quote and ">" not in quote
        read = one_line(normalise(text[start:end]).text)  # the span as read
        # the quote is the span (a split quote is shown without its cue clause)
        words, read_words = re.findall(r"\w+", quote), re.findall(r"\w+", read)
        assert words[0] == read_words[0] and set(words) <= set(read_words)
    assert sum("\n> " in text[start:end] for _, start, end in rows) >= 4
    fresh.close()


def test_an_actor_named_but_never_quoted_is_found_and_says_so(store, extractor, tmp_path):
    from briefbot.templating import render_reply

    _ingest_story(store, extractor, tmp_path,
                  "Harbour row deepens\n\nKelvara pledged to take “firm and swift action” "
                  "against copycat accounts from now on. Chile and Peru condemned the ruling. "
                  "Marisol Vega said the council had failed.\n")
    for name in ("Kelvara", "Chile", "Peru"):
        answer = who_said(store, name)
        assert answer.actor is not None and answer.actor.name == name
        assert answer.total == 0 and answer.named_in == 1
    text = render_reply(who_said(store, "Kelvara"))
    assert "not quoted yet" in text and "Named in 1 article" in text
    assert "Named in" not in render_reply(who_said(store, "Marisol Vega"))


def test_countries_set_off_before_their_cue_are_found_by_name(store, extractor, tmp_path):
    _ingest_story(store, extractor, tmp_path,
                  "Nile dam row widens\n\nThe only two African states to have signed water "
                  "treaties with Sudan - Ethiopia and Kenya - also sharply criticised the Nile "
                  "dam decision, with Kenyan officials warning of unrest.\n")
    answer = who_said(store, "Ethiopia")
    assert answer.actor is not None and answer.actor.name == "Ethiopia"
    assert [q.first.quote for q in answer.quotes] == ["the Nile dam decision"]
    kenya = who_said(store, "Kenya")
    assert kenya.actor is not None and kenya.actor.name == "Kenya"
    assert [(q.first.speaker, q.first.quote) for q in kenya.quotes] == [
        ("Ethiopia and Kenya", "the Nile dam decision")]


def _ingest_story(store, extractor, tmp_path, *texts):
    """Each text as a file of its own in a fresh inbox folder, ingested as `briefbot ingest`
    does."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for k, text in enumerate(texts):
        (inbox / f"story{k}.txt").write_text(text, encoding="utf-8")
    ingest_paths(store, extractor, [inbox])


def test_a_joint_statement_is_each_members_and_hides_none_of_their_own(store, extractor,
                                                                        tmp_path):
    _ingest_story(
        store, extractor, tmp_path,
        "Harbour towns reject ferry cuts\n\nRuritania and Freedonia said on Monday that the "
        "ferry subsidy cuts would strand thousands of island families.\n\nRuritania also said "
        "separately that it would keep its own night crossings running until March.\n",
        "Unions unite over port automation\n\nDockers United, the Harbour Pilots Guild and the "
        "Crane Operators Association said in a joint statement that the automation plan "
        "ignored every safety review of the last decade.\n\nThe Harbour Pilots Guild said on "
        "Tuesday that its members would vote on strike action in January.\n")

    def said(name):
        answer = who_said(store, name)
        assert answer.actor is not None, name
        return answer, {(q.first.speaker, q.first.quote.split(" would")[0]) for q in answer.quotes}

    joint = ("Ruritania and Freedonia", "that the ferry subsidy cuts")
    answer, quotes = said("Ruritania")
    assert quotes == {joint, ("Ruritania", "that it")}
    assert (answer.actor.statement_count, answer.actor.article_count) == (2, 1)
    answer, quotes = said("Freedonia")
    assert quotes == {joint} and answer.actor.statement_count == 1  # not "not quoted yet"
    answer, quotes = said("Ruritania and Freedonia")
    assert answer.actor.kind == "group" and quotes == {joint}  # not Ruritania's own
    assert set(answer.actor.members) == {"Ruritania", "Freedonia"}

    unions = "Dockers United, Harbour Pilots Guild and Crane Operators Association"
    for member in ("Dockers United", "Harbour Pilots Guild", "Crane Operators Association"):
        _, quotes = said(member)
        assert (unions, "that the automation plan ignored every safety review of the last "
                        "decade") in quotes, (member, quotes)
    _, quotes = said("Harbour Pilots Guild")
    assert ("Harbour Pilots Guild", "that its members") in quotes
