import sqlite3
from datetime import UTC, datetime

import pytest
import sqlite_utils

from briefbot.models import Actor, Article, Extraction, Statement
from briefbot.store import MIGRATIONS, NUMBERED_BEFORE_NAMES, Store, m001_initial, m002_quote_key


def article(text="Rutte said the ceasefires hold.", h="h1", **kw) -> Article:
    return Article(path=f"{h}.txt", text=text, body=text, content_hash=h, source_format="txt",
                   title=kw.get("title", "T"), outlet=kw.get("outlet", "UNN"),
                   authors=kw.get("authors", ("A Writer",)), published=kw.get("published"))


def statement(quote="the ceasefires hold", speaker="Mark Rutte", start=0, **kw) -> Statement:
    return Statement(speaker=speaker, speaker_start=0, speaker_end=5, cue="said", cue_start=6,
                     cue_end=10, content_start=kw.get("content_start", 11),
                     content_end=kw.get("content_end", 30), quote=quote, kind="indirect",
                     confidence=0.9)


RUTTE = Actor(name="Mark Rutte", role="NATO Secretary General", aliases=("Rutte",),
              mentions=((0, 5),))


def test_fresh_file_is_migrated_with_wal_and_foreign_keys(tmp_path):
    s = Store(tmp_path / "sub" / "b.db")
    every_step = [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]
    assert s.applied_migrations() == every_step
    assert s.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    Store(tmp_path / "sub" / "b.db")  # opening again re-runs nothing and fails nothing
    assert Store(tmp_path / "sub" / "b.db").applied_migrations() == every_step


def test_a_database_from_numbered_migrations_is_upgraded_by_name(tmp_path):
    """A file made before steps had names (two of them run, counted in user_version) keeps its
    rows, gets the steps it lacks, and from then on records every step by name."""
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    m001_initial(old)
    m002_quote_key(old)
    old.conn.execute("PRAGMA user_version = 2")
    old["digest_runs"].insert({"team_id": "T1", "channel_id": "C1", "topic": "nato",
                               "period_end": "2026-01-01T08:00:00+00:00", "status": "posted",
                               "started_at": "2026-01-01T08:00:00+00:00"})
    old.conn.commit()
    old.close()

    store = Store(path)
    assert store.applied_migrations()[:3] == list(NUMBERED_BEFORE_NAMES)
    [run] = store.digest_runs()
    assert run.topic == "nato" and run.parts_posted == 0  # the column m003 adds, on the old row


def test_times_come_from_the_stores_clock(tmp_path):
    moment = datetime(2026, 3, 1, 7, 59, 59, 750000, tzinfo=UTC)
    store = Store(tmp_path / "b.db", clock=lambda: moment)
    store.save_article(article(), Extraction([statement()], [RUTTE]))
    store.subscribe("T1", "C1", "NATO", "daily 08:00", "UTC")
    assert store.recent_articles()[0].ingested_at == "2026-03-01T07:59:59+00:00"
    assert store.subscriptions()[0].created_at == "2026-03-01T07:59:59+00:00"


def test_article_with_actors_and_statements(store):
    article_id = store.save_article(article(), Extraction([statement()], [RUTTE]))
    assert article_id is not None
    assert store.has_article("h1")
    [actor] = store.actors_by_alias("rutte")
    assert actor.name == "Mark Rutte" and actor.role == "NATO Secretary General"
    assert actor.statement_count == 1
    quotes, total = store.quotes_by_actor([actor.id])
    assert total == 1 and quotes[0][0].speaker_text == "Rutte" and quotes[0][0].outlet == "UNN"
    assert store.article_authors() == ["A Writer"]
    assert store.recent_articles()[0].authors == ("A Writer",)


def test_same_hash_is_stored_once(store):
    assert store.save_article(article(), Extraction([statement()], [RUTTE])) is not None
    assert store.save_article(article(), Extraction([statement()], [RUTTE])) is None
    assert store.article_count() == 1 and store.statement_count() == 1


def test_failed_article_leaves_nothing_behind(store):
    broken = statement(content_start=None)  # violates NOT NULL after the article row is written
    with pytest.raises(sqlite3.IntegrityError):
        store.save_article(article(), Extraction([statement(), broken], [RUTTE]))
    assert store.article_count() == 0
    assert store.statement_count() == 0
    assert store.actors() == []


def test_actor_seen_again_keeps_one_row_and_gains_aliases(store):
    store.save_article(article(h="a"), Extraction([statement()], [RUTTE]))
    again = Actor(name="mark rutte", aliases=("Secretary General Rutte",))
    store.save_article(article(h="b"), Extraction([statement(speaker="mark rutte",
                                                            quote="the talks go on")], [again]))
    [actor] = store.actors()
    assert actor.statement_count == 2 and actor.article_count == 2
    assert "Secretary General Rutte" in actor.aliases


def test_stemmed_full_text_match(store):
    store.save_article(article(), Extraction([statement()], [RUTTE]))
    rows = store.statements_ingested_between(None, "9999", match='"ceasefire"')
    assert [r.quote for r in rows] == ["the ceasefires hold"]
    assert store.statements_ingested_between(None, "9999", match='"truce"') == []


def test_group_statements_count_for_members(store):
    group = Actor(name="Steve Witkoff, Jared Kushner", kind="group",
                  members=("Steve Witkoff", "Jared Kushner"))
    store.save_article(article(), Extraction([statement(speaker=group.name)], [group]))
    [kushner] = store.actors_by_alias("Jared Kushner")
    quotes, total = store.quotes_by_actor([kushner.id])
    assert total == 1


def test_subscriptions_are_per_workspace(store):
    store.subscribe("T1", "C1", "ceasefire", "daily 08:00", "UTC")
    sub, created = store.subscribe("T1", "C1", "Ceasefire", "weekdays 09:00", "UTC")
    assert not created and sub.schedule == "weekdays 09:00"
    store.subscribe("T2", "C1", "NATO membership", "daily 08:00", "UTC")
    assert [s.topic for s in store.subscriptions("T1")] == ["ceasefire"]
    assert [s.topic for s in store.subscriptions("T2")] == ["NATO membership"]
    assert store.unsubscribe("T2", "C1", "ceasefire") is None
    assert store.unsubscribe("T1", "C1", "CEASEFIRE").topic == "ceasefire"
    assert store.subscriptions("T1") == []


def test_a_period_is_claimed_once(tmp_path):
    path = tmp_path / "b.db"
    first, second = Store(path), Store(path)  # two processes' worth of connections
    run = first.claim_digest_run("T1", "C1", "ceasefire", None, "2026-11-25T07:00:00+00:00")
    assert run is not None
    assert second.claim_digest_run("T1", "C1", "Ceasefire", None,
                                   "2026-11-25T07:00:00+00:00") is None
    first.finish_digest_run(run.id, "failed", error="boom")
    retry = second.claim_digest_run("T1", "C1", "ceasefire", None, "2026-11-25T07:00:00+00:00")
    assert retry is not None and retry.id == run.id
    second.finish_digest_run(retry.id, "posted", statement_count=3, message_ts="1.2")
    last = first.last_digest_run("T1", "C1", "ceasefire")
    assert last.status == "posted" and last.statement_count == 3
    assert first.last_digest_run("T2", "C1", "ceasefire") is None


# --- counts and quote pages kept by triggers --------------------------------------------------


def _recount(store: Store) -> dict[int, tuple[int, int, int]]:
    return {r[0]: tuple(r[1:]) for r in store.db.execute(
        """SELECT a.id, count(DISTINCT s.same_as), count(DISTINCT s.article_id)
             FROM actors a LEFT JOIN statements s ON s.actor_id = a.id GROUP BY a.id""")}


def _kept(store: Store) -> dict[int, tuple[int, int, int]]:
    return {r[0]: tuple(r[1:]) for r in store.db.execute(
        "SELECT id, statement_count, article_count FROM actors")}


def test_counts_are_kept_as_statements_come_move_and_go(seeded_store):
    assert _kept(seeded_store) == _recount(seeded_store)
    assert any(n > 1 for n, _ in _kept(seeded_store).values())
    rutte = seeded_store.actors_by_alias("Rutte")[0]
    trump = seeded_store.actors_by_alias("Donald Trump")[0]
    moved = seeded_store.db.execute(
        "SELECT id FROM statements WHERE actor_id = ? LIMIT 2", [rutte.id]).fetchall()
    for (statement_id,) in moved:
        seeded_store.db["statements"].update(statement_id, {"actor_id": trump.id})
    in_first = seeded_store.db.execute(
        "SELECT count(*) FROM statements WHERE article_id = 1 AND actor_id = ?",
        [trump.id]).fetchone()[0]
    seeded_store.db["articles"].delete(1)  # its statements go with it (ON DELETE CASCADE)
    assert _kept(seeded_store) == _recount(seeded_store)
    assert seeded_store.actor(trump.id).statement_count == trump.statement_count + 2 - in_first
    quotes = [tuple(r) for r in seeded_store.db.execute(
        "SELECT actor_id, same_as, statements FROM quotes ORDER BY 1, 2")]
    assert quotes == [tuple(r) for r in seeded_store.db.execute(
        """SELECT actor_id, same_as, count(*) FROM statements WHERE actor_id IS NOT NULL
            GROUP BY actor_id, same_as ORDER BY 1, 2""")]
    from briefbot.store import _quote_rowid

    assert sorted(r[0] for r in seeded_store.db.execute("SELECT rowid FROM quotes_fts")) == sorted(
        r[0] for r in seeded_store.db.execute(f"SELECT {_quote_rowid('q')} FROM quotes q"))
    test_quote_pages_are_the_grouping_of_every_statement(seeded_store)  # newest kept too


def _reference_pages(store: Store, actor_id: int, match=None, since=None) -> list[list[int]]:
    """Quotes as /whosaid always grouped them: every statement of the actor (and its groups),
    newest first (an undated article by the day it was read), grouped by their words;
    statement ids. `since` keeps the statements of articles published on or after it: an
    undated article is never taken for one published the day it was read."""
    rows = store.statements_ingested_between(None, "9999", match=match, actor_ids=[actor_id])
    rows = [r for r in rows if not since or (r.published or "") >= since]
    rows.sort(key=lambda r: r.content_start)
    rows.sort(key=lambda r: (r.published or r.ingested_at[:10], r.ingested_at, r.article_id),
              reverse=True)
    groups: dict[tuple, list[int]] = {}
    for r in rows:
        groups.setdefault((r.actor_id, r.same_as), []).append(r.id)
    return list(groups.values())


def test_quote_pages_are_the_grouping_of_every_statement(seeded_store):
    from briefbot.topics import fts_query

    checked = 0
    for actor in seeded_store.actors():
        for match, since in ((None, None), (fts_query("ceasefire"), None),
                             (None, "2026-01-01"), (fts_query("Ukraine"), "2025-01-01")):
            want = _reference_pages(seeded_store, actor.id, match, since)
            got, total = [], None
            for offset in range(0, len(want) + 2, 2):  # pages of two, one past the end
                page, total = seeded_store.quotes_by_actor([actor.id], match=match,
                                                           since=since, limit=2, offset=offset)
                got += [[st.id for st in quote] for quote in page]
            assert total == len(want), (actor.name, match, since)
            assert got == want, (actor.name, match, since)
            checked += len(want)
    assert checked > 50


# --- since: the published date, never the day an article was read ----------------------------

def _dated_store(store: Store) -> int:
    """Mark Rutte quoted in five articles: two dated, three undated (read on different days),
    and one quote carried both by an old dated article and a newer undated copy."""
    said = [  # (hash, published, read on, quote)
        ("old", "2025-06-01", "2026-03-06T09:00:00+00:00", "the alliance is strong"),
        ("new", "2026-03-02", "2026-03-02T09:00:00+00:00", "the talks go on"),
        ("undated-late", None, "2026-03-05T09:00:00+00:00", "spending must rise"),
        ("undated-early", None, "2026-02-01T09:00:00+00:00", "we stand with Kyiv"),
        ("copy", None, "2026-03-04T09:00:00+00:00", "the alliance is strong"),
    ]
    for h, published, read_on, quote in said:
        store.save_article(article(h=h, published=published, outlet=f"Outlet {h}"),
                           Extraction([statement(quote=quote)], [RUTTE]), ingested_at=read_on)
    return store.actors_by_alias("Rutte")[0].id


def _quotes(store, actor_id, **kw) -> list[str]:
    return [q[0].quote for q in store.quotes_by_actor([actor_id], **kw)[0]]


def test_since_compares_the_published_date_and_counts_the_undated_it_left_out(store):
    rutte = _dated_store(store)
    page, total = store.quotes_by_actor([rutte], since="2026-03-01")
    assert total == 1 and [q[0].quote for q in page] == ["the talks go on"]
    # Read since 1 March but undated: "spending must rise" and the undated copy of "the
    # alliance is strong" (its dated copy is from 2025). "we stand with Kyiv" was read in
    # February, so it was published before 1 March: out, and not counted.
    assert store.undated_quotes([rutte], "2026-03-01") == 2
    assert store.undated_quotes([rutte], "2026-03-05") == 1
    assert store.undated_quotes([rutte], "2026-03-07") == 0
    assert store.undated_quotes([rutte], "2026-03-01", match='"spending"') == 1
    assert _quotes(store, rutte, since="2025-01-01") == ["the talks go on",
                                                         "the alliance is strong"]
    [alliance] = store.quotes_by_actor([rutte], since="2025-01-01")[0][1:]
    assert [s.published for s in alliance] == ["2025-06-01"]  # its undated copy is not shown
    # Unfiltered, every quote is listed; an undated one ranks by the day it was read.
    assert _quotes(store, rutte) == ["spending must rise", "the alliance is strong",
                                     "the talks go on", "we stand with Kyiv"]


def test_the_dated_ranks_are_kept_as_articles_come_and_go(store):
    rutte = _dated_store(store)
    kept = ("SELECT same_as, newest, dated_newest, undated_newest FROM quotes"
            " WHERE actor_id = ? ORDER BY same_as")
    from briefbot.store import _rank_of

    recomputed = f"""SELECT s.same_as, max({_rank_of("s")}), max({_rank_of("s", dated=True)}),
                            max({_rank_of("s", dated=False)})
                       FROM statements s WHERE s.actor_id = ? GROUP BY s.same_as
                      ORDER BY s.same_as"""

    def rows(sql):
        return [tuple(r) for r in store.db.execute(sql, [rutte]).fetchall()]

    assert rows(kept) == rows(recomputed)
    old = store.article_id_by_hash("old")
    store.db["articles"].delete(old)  # the alliance quote now has only its undated copy
    assert rows(kept) == rows(recomputed)
    assert store.undated_quotes([rutte], "2026-03-01") == 2
    assert _quotes(store, rutte, since="2025-01-01") == ["the talks go on"]


def test_a_bulk_load_ends_with_what_the_triggers_keep(seeded_store, tmp_path):
    """The seeded store's rows written again in bulk: counts, quotes, their ranks and both
    full-text indexes come out as the row-by-row triggers made them, and the triggers are back
    for what is stored afterwards."""
    from briefbot.topics import fts_query

    bulk = Store(tmp_path / "bulk.db")
    with bulk.bulk_load() as write:
        for table in ("articles", "actors", "aliases", "statements"):
            write(table, list(seeded_store.db[table].rows))
        write("group_members", [(r["group_id"], r["member_id"])  # tuples, columns named
                                for r in seeded_store.db["group_members"].rows],
              ["group_id", "member_id"])
        with pytest.raises(ValueError):
            write("no_such_table", [{"a": 1}])
    assert _kept(bulk) == _kept(seeded_store) == _recount(bulk)
    assert _actor_days(bulk) == _recounted_days(bulk) == _actor_days(seeded_store)
    assert _hours_cover_every_statement(bulk)
    assert bulk.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert bulk.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY 1"
    assert ([r[0] for r in bulk.db.execute(indexes)]
            == [r[0] for r in seeded_store.db.execute(indexes)])
    for index in ("statements_fts", "quotes_fts"):  # merged into one segment each
        assert bulk.db.execute(f"SELECT count(DISTINCT segid) FROM {index}_idx").fetchone()[0] == 1
    quotes = ("SELECT actor_id, same_as, quote_key, newest, dated_newest, undated_newest,"
              " statements FROM quotes ORDER BY 1, 2")
    assert ([tuple(r) for r in bulk.db.execute(quotes)]
            == [tuple(r) for r in seeded_store.db.execute(quotes)])
    for actor in seeded_store.actors()[:8]:
        for match in (None, fts_query("Ukraine"), fts_query("ceasefire")):
            want = seeded_store.quotes_by_actor([actor.id], match=match, limit=3)
            got = bulk.quotes_by_actor([actor.id], match=match, limit=3)
            assert ([[s.id for s in q] for q in got[0]], got[1]) == (
                [[s.id for s in q] for q in want[0]], want[1])
    actor = bulk.actors()[0]
    bulk.db["statements"].insert({**next(bulk.db["statements"].rows_where(
        "actor_id = ?", [actor.id])), "id": None, "same_as": None, "quote": "a new quote"})
    new_id = bulk.db.execute("SELECT max(id) FROM statements").fetchone()[0]
    bulk.db["statements"].update(new_id, {"same_as": new_id})
    assert bulk.actor(actor.id).statement_count == actor.statement_count + 1


def _actor_days(store: Store) -> set[tuple]:
    return {tuple(r) for r in store.db.execute("SELECT actor_id, day, copies FROM actor_days")}


def _recounted_days(store: Store) -> set[tuple]:
    return {tuple(r) for r in store.db.execute(
        """SELECT s.actor_id, substr(a.ingested_at, 1, 10), count(*) FROM statements s
             JOIN articles a ON a.id = s.article_id WHERE s.actor_id IS NOT NULL
            GROUP BY 1, 2""")}


def _hours_cover_every_statement(store: Store) -> bool:
    return not store.db.execute(
        """SELECT s.id FROM statements s JOIN articles a ON a.id = s.article_id
            WHERE NOT EXISTS (SELECT 1 FROM statement_hours h
                               WHERE h.hour = substr(a.ingested_at, 1, 13)
                                 AND s.id BETWEEN h.lo AND h.hi)""").fetchall()


def test_actor_days_and_statement_hours_are_kept_as_statements_come_move_and_go(seeded_store):
    store = seeded_store
    assert _actor_days(store) == _recounted_days(store) != set()
    assert _hours_cover_every_statement(store)
    rutte = store.actors_by_alias("Rutte")[0]
    trump = store.actors_by_alias("Donald Trump")[0]
    for (statement_id,) in store.db.execute(
            "SELECT id FROM statements WHERE actor_id = ? LIMIT 2", [rutte.id]).fetchall():
        store.db["statements"].update(statement_id, {"actor_id": trump.id})
    assert _actor_days(store) == _recounted_days(store)
    store.db["articles"].update(2, {"ingested_at": "2020-05-05T05:05:05+00:00"})
    assert _actor_days(store) == _recounted_days(store)
    assert _hours_cover_every_statement(store)
    store.db["articles"].delete(1)  # its statements go with it (ON DELETE CASCADE)
    assert _actor_days(store) == _recounted_days(store)
    assert _hours_cover_every_statement(store)


def test_the_most_quoted_actors_of_a_period_are_counted_exactly(seeded_store):
    """Ranked through their copies per day and counted inside the period: the same actors,
    counts and order as grouping every statement of the period, whatever the period and
    however many are asked for (ties by name)."""
    store = seeded_store
    days = ["2026-03-01T10:00:00+00:00", "2026-03-02T10:00:00+00:00",
            "2026-03-09T23:59:59+00:00"]
    for n, (article_id,) in enumerate(store.db.execute(
            "SELECT id FROM articles ORDER BY id").fetchall()):
        store.db["articles"].update(article_id, {"ingested_at": days[n % len(days)]})

    def grouped(since, limit):
        return [tuple(r) for r in store.db.execute(
            """SELECT s.actor_id, count(DISTINCT coalesce(s.same_as, s.id)),
                      count(DISTINCT s.article_id)
                 FROM statements s JOIN articles a ON a.id = s.article_id
                WHERE a.ingested_at >= ? AND s.actor_id IS NOT NULL GROUP BY s.actor_id
                ORDER BY 2 DESC, (SELECT name FROM actors WHERE id = s.actor_id)
                LIMIT ?""", [since, limit])]

    for since in ("2026-01-01T00:00:00+00:00", "2026-03-01T10:00:01+00:00",
                  "2026-03-02T00:00:00+00:00", "2026-03-09T23:59:59+00:00",
                  "2026-03-10T00:00:00+00:00"):
        for limit in (1, 3, 10, 100):
            found = store.most_quoted_actors(since, limit)
            assert [(a.id, a.statement_count, a.article_count) for a in found] == \
                grouped(since, limit), (since, limit)
    assert len(store.most_quoted_actors("2026-01-01T00:00:00+00:00", 100)) > 5


def test_the_most_quoted_are_found_from_the_leaders_of_each_day(tmp_path):
    """Many statements of a few actors and one or two of many: the list is settled from each
    day's leaders (the floor of copies is never lowered to the tail), and is what grouping
    every statement says, repeats (wire copy) counted once."""
    store = Store(tmp_path / "many.db")
    statements, articles, n = [], [], 0
    for day in range(3):
        for a in range(1, 41):
            article_id = day * 100 + a
            articles.append({"id": article_id, "content_hash": f"h{article_id}", "path": "p",
                             "source_format": "txt", "text": "t", "story_id": article_id,
                             "ingested_at": f"2026-03-0{day + 1}T0{a % 10}:00:00+00:00"})
            for actor in range(1, 41):
                for k in range(120 // actor ** 2):  # 120 a day for the first, 30, 13, ...
                    if (k + a) % 40:  # spread over the day's 40 articles
                        continue
                    n += 1
                    same = n if k % 3 else max(1, n - 1)  # a third repeat the one before
                    statements.append({"id": n, "article_id": article_id, "actor_id": actor,
                                       "content_start": k, "content_end": k + 1,
                                       "quote": f"q{same}", "quote_key": f"q{same}",
                                       "kind": "direct", "confidence": 0.9, "same_as": same})
            for actor in range(41, 61):  # the tail: one statement each on some days
                if (actor + a + day) % 13 == 0:
                    n += 1
                    statements.append({"id": n, "article_id": article_id, "actor_id": actor,
                                       "content_start": 999, "content_end": 1000,
                                       "quote": f"q{n}", "quote_key": f"q{n}",
                                       "kind": "direct", "confidence": 0.9, "same_as": n})
    with store.bulk_load() as write:
        write("actors", [{"id": i, "name": f"Actor {i:02d}", "name_key": f"actor {i:02d}",
                          "created_at": "2026-01-01"} for i in range(1, 61)])
        write("articles", articles)
        write("statements", statements)
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    found = store.most_quoted_actors("2026-03-02T05:00:00+00:00", 3)
    store.db.conn.set_trace_callback(None)
    want = [tuple(r) for r in store.db.execute(
        """SELECT s.actor_id, count(DISTINCT s.same_as), count(DISTINCT s.article_id)
             FROM statements s JOIN articles a ON a.id = s.article_id
            WHERE a.ingested_at >= ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3""",
        ["2026-03-02T05:00:00+00:00"])]
    assert [(a.id, a.statement_count, a.article_count) for a in found] == want
    floors = [int(q.rsplit("copies >= ", 1)[1].split()[0]) for q in seen if "copies >=" in q]
    assert floors and min(floors) > 1, floors  # the tail was never read
