"""The only module that speaks SQL.

One SQLite file (WAL mode, foreign keys on), created and upgraded by named migration steps
(sqlite-utils' `Migrations`), read and written through named functions that hand back the row
types of `briefbot.models`; writes go through sqlite-utils' table API where it fits. Every time
the store writes comes from its clock, so tests set the time instead of waiting for it.

Each thread gets its own connection so the Slack listeners, the scheduler and the inbox watcher
can work at once: WAL lets readers go on while an article is being written.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from briefbot import actors as identity
from briefbot import wire
from briefbot.models import (
    Actor,
    ActorRow,
    Article,
    ArticleRow,
    DigestRun,
    Extraction,
    FeedRow,
    Reach,
    RoleSeen,
    StatementRow,
    Subscription,
    name_key,
    quote_key,
)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _split(joined: str | None) -> tuple[str, ...]:
    """The values of a group_concat(..., '\x1f') column."""
    return tuple(joined.split("\x1f")) if joined else ()


def _alias_forms(actor: Actor) -> list[str]:
    """The names an actor was written as: its name and every alias, cleaned (no possessive,
    markup or line break), junk left out. Surnames are not stored: lookup derives them."""
    forms = [identity.clean(f) for f in (actor.name, *actor.aliases)]
    return list(dict.fromkeys(f for f in forms if f and not identity.junk_reason(f, "org")))


MAX_STATEMENTS_PER_QUOTE = 12
BULK_CACHE_KB = 1_000_000  # page cache while `Store.bulk_load` writes millions of rows
# A new statement is compared (small edits allowed) with this many of its speaker's latest.
RECENT_STATEMENTS_COMPARED = 2000

# --- migrations -------------------------------------------------------------------------------

# Named steps, recorded by name in `_sqlite_migrations` (sqlite-utils' own migration table): a
# step added by one branch and another added by a second branch are both applied, whatever
# order they land in. Never rename a step; add a new one.
MIGRATIONS = Migrations("briefbot")
# Databases made before steps were named recorded how many had run in `PRAGMA user_version`;
# these are those steps, in that order.
NUMBERED_BEFORE_NAMES = ("m001_initial", "m002_quote_key", "m003_digest_parts")
migration = MIGRATIONS


@migration()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            source_format TEXT NOT NULL,
            title TEXT, url TEXT, outlet TEXT, published TEXT,
            ingested_at TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX articles_ingested_at ON articles(ingested_at);
        CREATE TABLE article_authors (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            PRIMARY KEY (article_id, name)
        );
        CREATE TABLE actors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'person',
            role TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE aliases (
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            alias_key TEXT NOT NULL,
            PRIMARY KEY (actor_id, alias_key)
        );
        CREATE INDEX aliases_key ON aliases(alias_key);
        CREATE TABLE group_members (
            group_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            PRIMARY KEY (group_id, member_id)
        );
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        );
        CREATE INDEX mentions_actor ON mentions(actor_id);
        CREATE TABLE statements (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            actor_id INTEGER REFERENCES actors(id) ON DELETE SET NULL,
            speaker_text TEXT,
            speaker_start INTEGER, speaker_end INTEGER,
            cue TEXT, cue_start INTEGER, cue_end INTEGER,
            content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
            quote TEXT NOT NULL,
            kind TEXT NOT NULL,
            confidence REAL NOT NULL
        );
        CREATE INDEX statements_actor ON statements(actor_id);
        CREATE INDEX statements_article ON statements(article_id);
        CREATE TABLE topics (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            topic_id INTEGER NOT NULL REFERENCES topics(id),
            schedule TEXT NOT NULL,
            timezone TEXT NOT NULL,
            created_by TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (team_id, channel_id, topic_id)
        );
        CREATE TABLE digest_runs (
            id INTEGER PRIMARY KEY,
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            period_start TEXT,
            period_end TEXT NOT NULL,
            status TEXT NOT NULL,
            statement_count INTEGER,
            message_ts TEXT,
            error TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            UNIQUE (team_id, channel_id, topic, period_end)
        );
        """
    )
    # Full-text search with Porter stemming, kept current by triggers, so "ceasefires" finds
    # "ceasefire" and a topic query never scans every quote.
    db["statements"].enable_fts(["quote"], tokenize="porter", create_triggers=True)
    db["articles"].enable_fts(["title", "text"], tokenize="porter", create_triggers=True)


@migration()
def m002_quote_key(db: sqlite_utils.Database) -> None:
    """A stored key for "the same quote", so /whosaid can group and page in SQL-sized steps
    instead of loading every statement of a much-quoted actor."""
    statements = db["statements"]
    statements.add_column("quote_key", str, not_null_default="")
    statements.convert("quote", quote_key, output="quote_key")
    statements.create_index(["actor_id", "quote_key"], index_name="statements_actor_key")


@migration()
def m003_digest_parts(db: sqlite_utils.Database) -> None:
    """How many messages of a long (split) digest are already in the channel, so a retry after
    a failure part-way posts only the rest."""
    db["digest_runs"].add_column("parts_posted", int, not_null_default=0)


@migration()
def m004_actor_roles(db: sqlite_utils.Database) -> None:
    """Roles kept with the days they were seen (titles change), and actor names keyed the way
    `briefbot.actors` compares them: accents, curly quotes and possessives folded away."""
    db["actor_roles"].create(
        {"actor_id": int, "role": str, "role_key": str, "first_seen": str, "last_seen": str},
        pk=("actor_id", "role_key"), foreign_keys=[("actor_id", "actors", "id")],
        not_null={"role", "role_key", "first_seen", "last_seen"})
    db["actor_roles"].create_index(["role_key"])
    db["actor_roles"].insert_all(
        ({"actor_id": r["id"], "role": r["role"], "role_key": identity.name_key(r["role"]),
          "first_seen": r["created_at"][:10], "last_seen": r["created_at"][:10]}
         for r in db["actors"].rows_where("role IS NOT NULL")), ignore=True)
    conn = db.conn
    for actor_id, name in conn.execute("SELECT id, name FROM actors").fetchall():
        try:
            conn.execute("UPDATE actors SET name_key = ? WHERE id = ?",
                         [identity.name_key(name) or name_key(name), actor_id])
        except sqlite3.IntegrityError:
            pass  # two old keys fold to one: the older actor keeps it
    for actor_id, alias, key in conn.execute(
            "SELECT actor_id, alias, alias_key FROM aliases").fetchall():
        conn.execute("UPDATE OR IGNORE aliases SET alias_key = ? WHERE actor_id = ? AND"
                     " alias_key = ?", [identity.name_key(alias) or key, actor_id, key])


@migration()
def m005_article_revisions(db: sqlite_utils.Database) -> None:
    """A file changed after it was stored is a new version of the same article: its statements
    are replaced, and each change is recorded here."""
    db["article_revisions"].create(
        {"id": int, "article_id": int, "revised_at": str, "old_hash": str, "new_hash": str,
         "old_statements": int, "new_statements": int},
        pk="id", foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "revised_at", "old_hash", "new_hash", "old_statements",
                  "new_statements"})
    db["article_revisions"].create_index(["article_id"])
    db["articles"].create_index(["path"])


@migration()
def m006_wire_copy(db: sqlite_utils.Database) -> None:
    """Wire copy folded (`briefbot.wire`): each article's story (near-duplicates share the id of
    the story's first article) and MinHash signature, and each statement's `same_as`, the id of
    the first statement that said the same; every count counts these. Articles stored before
    this step keep a story of their own; their statements fold by identical words."""
    db["articles"].add_column("story_id", int)
    db["articles"].add_column("minhash", bytes)
    db["statements"].add_column("same_as", int)
    db.execute("UPDATE articles SET story_id = id")
    db.execute("""UPDATE statements SET same_as = coalesce(
                    (SELECT min(s2.id) FROM statements s2
                      WHERE s2.actor_id = statements.actor_id
                        AND s2.quote_key = statements.quote_key),
                    id)
                  WHERE actor_id IS NOT NULL AND quote_key != ''""")
    db.execute("UPDATE statements SET same_as = id WHERE same_as IS NULL")
    db["articles"].create_index(["story_id"], index_name="articles_story")
    db["statements"].create_index(["same_as"], index_name="statements_same_as")
    db["statements"].create_index(["actor_id", "same_as"], index_name="statements_actor_same")


@migration()
def m013_story_bands(db: sqlite_utils.Database) -> None:
    """Wire copy is found through the LSH band keys of each article's signature, kept here
    (`briefbot.wire.band_keys`) instead of in an index in memory that grew by about 10 KB per
    article and was read whole from the file by every process that stored an article. (Placed
    after m006, whose signatures it reads; numbered after the steps other branches added.)"""
    conn = db.conn
    conn.execute("""CREATE TABLE story_bands (
                        band_key BLOB NOT NULL,
                        article_id INTEGER NOT NULL,
                        PRIMARY KEY (band_key, article_id)
                    ) WITHOUT ROWID""")
    for article_id, blob in conn.execute(
            "SELECT id, minhash FROM articles WHERE minhash IS NOT NULL").fetchall():
        _add_bands(conn, article_id, wire.signature_from_bytes(blob))


def _add_bands(conn: sqlite3.Connection, article_id: int, signature) -> None:
    conn.executemany("INSERT OR IGNORE INTO story_bands (band_key, article_id) VALUES (?, ?)",
                     [(key, article_id) for key in wire.band_keys(signature)])


@migration()
def m007_feeds(db: sqlite_utils.Database) -> None:
    """RSS/Atom feeds polled into the store, and the entries already taken from each (by guid),
    so an entry is read once however often the feed lists it."""
    db["feeds"].create({
        "id": int, "url": str, "outlet": str, "interval_minutes": int, "origin": str,
        "title": str, "etag": str, "last_modified": str, "last_polled_at": str,
        "last_ok_at": str, "last_error": str, "failures": int, "next_poll_at": str,
        "added_by": str, "created_at": str,
    }, pk="id", not_null={"url", "interval_minutes", "origin", "failures", "created_at"},
        defaults={"failures": 0})
    db["feeds"].create_index(["url"], unique=True, index_name="feeds_url")
    db["feed_entries"].create({
        "feed_id": int, "guid": str, "article_id": int, "seen_at": str,
    }, pk=("feed_id", "guid"), foreign_keys=[("feed_id", "feeds", "id")],
        not_null={"feed_id", "guid", "seen_at"})


# Where a statement stands in "newest first": the article's date (published, else the day it was
# read), then when it was read, the article, and earlier in the article before later. As one
# string, so "the newest statement of a quote" is a max() and a page of quotes is an index range.
# `dated=True` ranks only statements of articles that give a date (NULL for the others): what a
# `since` filter compares, since the day an article was read is not the day it was published.
# `dated=False` ranks only the undated ones, by the day they were read.
_RANK_DAY = {None: "coalesce(a.published, substr(a.ingested_at, 1, 10))",
             True: "a.published",
             False: "CASE WHEN a.published IS NULL THEN substr(a.ingested_at, 1, 10) END"}


def _rank_of(s: str, dated: bool | None = None) -> str:
    return (f"((SELECT {_RANK_DAY[dated]} || ' ' || a.ingested_at"
            f" || printf(' %012d', a.id) FROM articles a WHERE a.id = {s}.article_id)"
            f" || printf(' %09d', 999999999 - {s}.content_start))")


def _later(column: str) -> str:
    """The later of a quote's kept rank and a new statement's, either of which may be NULL."""
    return f"coalesce(max({column}, excluded.{column}), {column}, excluded.{column})"


def _count_in(new: str) -> str:
    """Trigger steps that count statement `new` in its actor's totals and its quote. A
    statement counts once it has its `same_as` (the first statement that said the same).
    "+actor_id" keeps SQLite on the article's few statements, not the actor's many."""
    return f"""
        UPDATE actors SET
               statement_count = statement_count + NOT EXISTS (SELECT 1 FROM quotes
                   WHERE actor_id = {new}.actor_id AND same_as = {new}.same_as),
               article_count = article_count + NOT EXISTS (SELECT 1 FROM statements
                   WHERE article_id = {new}.article_id AND +actor_id = {new}.actor_id
                     AND same_as IS NOT NULL AND id <> {new}.id)
         WHERE id = {new}.actor_id AND {new}.same_as IS NOT NULL;
        INSERT INTO quotes (actor_id, same_as, quote_key, newest, dated_newest, undated_newest,
                            statements)
             SELECT {new}.actor_id, {new}.same_as, {new}.quote_key, {_rank_of(new)},
                    {_rank_of(new, dated=True)}, {_rank_of(new, dated=False)}, 1
              WHERE {new}.actor_id IS NOT NULL AND {new}.same_as IS NOT NULL
            ON CONFLICT (actor_id, same_as) DO UPDATE
            SET newest = max(newest, excluded.newest), dated_newest = {_later("dated_newest")},
                undated_newest = {_later("undated_newest")}, statements = statements + 1;"""


def _count_out(old: str) -> str:
    """Trigger steps that take statement `old` (already gone) out of the totals."""
    return f"""
        UPDATE quotes SET statements = statements - 1,
               newest = coalesce((SELECT max({_rank_of("s")}) FROM statements s
                   WHERE s.actor_id = {old}.actor_id AND s.same_as = {old}.same_as), newest),
               dated_newest = (SELECT max({_rank_of("s", dated=True)}) FROM statements s
                   WHERE s.actor_id = {old}.actor_id AND s.same_as = {old}.same_as),
               undated_newest = (SELECT max({_rank_of("s", dated=False)}) FROM statements s
                   WHERE s.actor_id = {old}.actor_id AND s.same_as = {old}.same_as)
         WHERE actor_id = {old}.actor_id AND same_as = {old}.same_as;
        DELETE FROM quotes
         WHERE actor_id = {old}.actor_id AND same_as = {old}.same_as AND statements <= 0;
        UPDATE actors SET
               statement_count = statement_count - NOT EXISTS (SELECT 1 FROM quotes
                   WHERE actor_id = {old}.actor_id AND same_as = {old}.same_as),
               article_count = article_count - NOT EXISTS (SELECT 1 FROM statements
                   WHERE article_id = {old}.article_id AND +actor_id = {old}.actor_id
                     AND same_as IS NOT NULL)
         WHERE id = {old}.actor_id AND {old}.same_as IS NOT NULL;"""


def _rank_joined(s: str, dated: bool | None = None) -> str:
    """`_rank_of` for a statement `s` whose article is joined as `a`: one article read per
    statement where the three ranks of `_rank_of` read it three times."""
    return (f"({_RANK_DAY[dated]} || ' ' || a.ingested_at || printf(' %012d', a.id)"
            f" || printf(' %09d', 999999999 - {s}.content_start))")


def _fill_quotes_and_counts(dated: bool = True) -> list[str]:
    """The steps that compute, from the statements alone, what the counting triggers keep: the
    `quotes` rows and each actor's counts (the full-text index of quotes follows its trigger).
    `dated=False` leaves out the ranks of dated and undated copies (added by m010)."""
    columns, values = "", ""
    if dated:
        columns = ", dated_newest, undated_newest"
        values = f", max({_rank_joined('s', dated=True)}), max({_rank_joined('s', dated=False)})"
    return [
        f"""INSERT INTO quotes (actor_id, same_as, quote_key, newest, statements{columns})
             SELECT s.actor_id, s.same_as,
                    coalesce((SELECT f.quote_key FROM statements f WHERE f.id = s.same_as),
                             max(s.quote_key)),
                    max({_rank_joined("s")}), count(*){values}
               FROM statements s JOIN articles a ON a.id = s.article_id
              WHERE s.actor_id IS NOT NULL AND s.same_as IS NOT NULL
              GROUP BY s.actor_id, s.same_as""",
        """UPDATE actors SET
            statement_count = (SELECT count(*) FROM quotes WHERE actor_id = actors.id),
            article_count = (SELECT count(DISTINCT article_id) FROM statements
                              WHERE actor_id = actors.id AND same_as IS NOT NULL)""",
    ]

@migration()
def m008_maintained_counts(db: sqlite_utils.Database) -> None:
    """Counts kept as statements come and go, so no answer counts an actor's statements.

    `actors.statement_count` (distinct statements: copies of one, `same_as`, count once) and
    `article_count`, and a `quotes` table (one row per distinct statement, with its newest
    copy's rank and how many copies there are), are kept by triggers on `statements`, whatever
    writes it. `/whosaid` pages an actor's quotes on the (actor_id, newest) index, and
    `quotes_fts` (a quote's words, as its first copy has them, and an `owner` token per actor)
    answers "this actor on this topic" inside the full-text index. The price: each stored
    statement costs a few small writes more, and a quote's words are indexed twice (per copy for
    digests, per quote for /whosaid). The full-text index of whole article texts goes: nothing
    searched it, and it was the largest part of the file."""
    conn = db.conn
    for column in ("statement_count", "article_count"):
        db["actors"].add_column(column, int, not_null_default=0)
    steps = [
        """CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            same_as INTEGER NOT NULL,
            quote_key TEXT NOT NULL,
            newest TEXT NOT NULL,
            statements INTEGER NOT NULL,
            UNIQUE (actor_id, same_as))""",
        "CREATE INDEX quotes_newest ON quotes(actor_id, newest)",
        "CREATE INDEX group_members_member ON group_members(member_id)",
        """CREATE VIRTUAL TABLE quotes_fts USING fts5(quote_key, owner, content='',
                                                     tokenize='porter')""",
        """CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts (rowid, quote_key, owner)
            VALUES (new.id, new.quote_key, 'a' || new.actor_id);
        END""",
        """CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts (quotes_fts, rowid, quote_key, owner)
            VALUES ('delete', old.id, old.quote_key, 'a' || old.actor_id);
        END""",
        *_fill_quotes_and_counts(dated=False),
        # The counting triggers are made by m010_dated_quotes, which added the columns their
        # current bodies keep; a database that had this step got them again there.
        # Lookup (`briefbot.actors.find`) keeps its indexes until this number moves.
        "CREATE TABLE actor_version (n INTEGER NOT NULL)",
        "INSERT INTO actor_version VALUES (0)",
        *[f"""CREATE TRIGGER {table}_version_{event[:2].lower()} AFTER {event} ON {table}
              {when} BEGIN UPDATE actor_version SET n = n + 1; END"""
          for table, event, when in (
              ("actors", "INSERT", ""), ("actors", "DELETE", ""),
              ("actors", "UPDATE OF name, kind, role",
               "WHEN old.name IS NOT new.name OR old.kind IS NOT new.kind"
               " OR old.role IS NOT new.role"),
              ("aliases", "INSERT", ""), ("aliases", "DELETE", ""), ("aliases", "UPDATE", ""),
              ("actor_roles", "INSERT", ""), ("actor_roles", "DELETE", ""),
              ("actor_roles", "UPDATE OF role", ""))],
        "DROP TRIGGER IF EXISTS articles_ai",
        "DROP TRIGGER IF EXISTS articles_ad",
        "DROP TRIGGER IF EXISTS articles_au",
        "DROP TABLE IF EXISTS articles_fts",
    ]
    for step in steps:  # one by one: executescript would commit the migration half-way
        conn.execute(step)


@migration()
def m009_nothing_new_notes(db: sqlite_utils.Database) -> None:
    """A subscription may ask for a one-line "nothing new" note when its period brought no
    statement; by default such a period posts nothing."""
    db["subscriptions"].add_column("nothing_new_notes", int, not_null_default=0)


_COUNTING_TRIGGERS = {
    "statements_counts_ai": f"""AFTER INSERT ON statements
        WHEN new.actor_id IS NOT NULL AND new.same_as IS NOT NULL BEGIN {_count_in("new")}
        END""",
    "statements_counts_ad": f"""AFTER DELETE ON statements
        WHEN old.actor_id IS NOT NULL AND old.same_as IS NOT NULL BEGIN {_count_out("old")}
        END""",
    "statements_counts_au": f"""AFTER UPDATE OF actor_id, same_as ON statements
        WHEN old.actor_id IS NOT new.actor_id OR old.same_as IS NOT new.same_as BEGIN
            {_count_out("old")}
            {_count_in("new")}
        END""",
}


@migration()
def m010_dated_quotes(db: sqlite_utils.Database) -> None:
    """A `since` filter asks when an article was published, which an undated article does not
    say (the day it was read is only the latest it can have been published). Each quote keeps
    the rank of its newest copy in a dated article (`dated_newest`, what `since` compares and
    pages by) and of its newest copy in an undated one (`undated_newest`, by the day it was
    read: what "N undated not shown" counts). Both are kept by the counting triggers, which are
    made again here, and indexed per actor for the rows that have them."""
    conn = db.conn
    steps = [
        "ALTER TABLE quotes ADD COLUMN dated_newest TEXT",
        "ALTER TABLE quotes ADD COLUMN undated_newest TEXT",
        *[f"""UPDATE quotes SET {column} = (SELECT max({_rank_of("s", dated)}) FROM statements s
                WHERE s.actor_id = quotes.actor_id AND s.same_as = quotes.same_as)"""
          for column, dated in (("dated_newest", True), ("undated_newest", False))],
        """CREATE INDEX quotes_dated ON quotes(actor_id, dated_newest)
            WHERE dated_newest IS NOT NULL""",
        """CREATE INDEX quotes_undated ON quotes(actor_id, undated_newest)
            WHERE undated_newest IS NOT NULL""",
        *[f"DROP TRIGGER IF EXISTS {name}" for name in _COUNTING_TRIGGERS],
        *[f"CREATE TRIGGER {name} {body}" for name, body in _COUNTING_TRIGGERS.items()],
    ]
    for step in steps:
        conn.execute(step)


@migration()
def m011_actor_changes(db: sqlite_utils.Database) -> None:
    """Every change to an actor, its aliases or its roles, numbered, with the actor it touched
    (`actor_changes`, kept by triggers): lookup (`briefbot.actors.find`) re-reads only the actors
    changed since it last looked, where the single counter this replaces made it read and index
    every actor after each new one. The price: a row per change (a few per article with new
    names), kept."""
    conn = db.conn
    conn.execute("""CREATE TABLE actor_changes (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        actor_id INTEGER NOT NULL)""")
    for table in ("actors", "aliases", "actor_roles"):
        for event in ("in", "de", "up"):
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_version_{event}")
    conn.execute("DROP TABLE actor_version")
    for table, event, when, touched in (
            ("actors", "INSERT", "", ["new.id"]), ("actors", "DELETE", "", ["old.id"]),
            ("actors", "UPDATE OF name, kind, role",
             "WHEN old.name IS NOT new.name OR old.kind IS NOT new.kind"
             " OR old.role IS NOT new.role", ["new.id"]),
            ("aliases", "INSERT", "", ["new.actor_id"]),
            ("aliases", "DELETE", "", ["old.actor_id"]),
            ("aliases", "UPDATE", "", ["old.actor_id", "new.actor_id"]),
            ("actor_roles", "INSERT", "", ["new.actor_id"]),
            ("actor_roles", "DELETE", "", ["old.actor_id"]),
            ("actor_roles", "UPDATE OF role", "", ["old.actor_id", "new.actor_id"])):
        inserts = " ".join(f"INSERT INTO actor_changes (actor_id) VALUES ({t});"
                           for t in touched)
        conn.execute(f"""CREATE TRIGGER {table}_changes_{event[:2].lower()} AFTER {event} ON
                         {table} {when} BEGIN {inserts} END""")



_QUOTE_ID_BITS = 0xFFFFFFFF  # a quote's id in its `quotes_fts` rowid


def _quote_rowid(q: str) -> str:
    """Where quote `q` sits in `quotes_fts`: the day of its newest copy in the high bits, its
    id in the low 32, so the index's rowid order is newest day first (m012)."""
    return (f"((CAST(coalesce(julianday(substr({q}.newest, 1, 10)), 0) AS INTEGER) << 32)"
            f" | {q}.id)")


@migration()
def m012_quotes_fts_by_day(db: sqlite_utils.Database) -> None:
    """`quotes_fts` rowids say when a quote was last carried (`_quote_rowid`). FTS5 walks a
    match in rowid order, so "this actor on this topic, newest first" reads its page from the
    newest day backwards and stops once the page is full and its last day read (that day is
    sorted exactly), where it read and sorted every match (7,405 of the most quoted actor's
    quotes on the commonest topic in a million statements). The price: a quote carried again
    on a later day is entered in the index again (a delete and an insert)."""
    conn = db.conn
    for step in (
        "DROP TRIGGER IF EXISTS quotes_fts_ai",
        "DROP TRIGGER IF EXISTS quotes_fts_ad",
        "DROP TABLE quotes_fts",
        """CREATE VIRTUAL TABLE quotes_fts USING fts5(quote_key, owner, content='',
                                                     tokenize='porter')""",
        f"""CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts (rowid, quote_key, owner)
            VALUES ({_quote_rowid("new")}, new.quote_key, 'a' || new.actor_id);
        END""",
        f"""CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts (quotes_fts, rowid, quote_key, owner)
            VALUES ('delete', {_quote_rowid("old")}, old.quote_key, 'a' || old.actor_id);
        END""",
        f"""CREATE TRIGGER quotes_fts_au AFTER UPDATE OF newest ON quotes
        WHEN {_quote_rowid("old")} != {_quote_rowid("new")} BEGIN
            INSERT INTO quotes_fts (quotes_fts, rowid, quote_key, owner)
            VALUES ('delete', {_quote_rowid("old")}, old.quote_key, 'a' || old.actor_id);
            INSERT INTO quotes_fts (rowid, quote_key, owner)
            VALUES ({_quote_rowid("new")}, new.quote_key, 'a' || new.actor_id);
        END""",
        f"""INSERT INTO quotes_fts (rowid, quote_key, owner)
            SELECT {_quote_rowid("q")}, q.quote_key, 'a' || q.actor_id FROM quotes q""",
    ):
        conn.execute(step)



def _day_of(article_id: str) -> str:
    """The UTC day an article was read (its ingest time's date), for the article with this id."""
    return f"(SELECT substr(ingested_at, 1, 10) FROM articles WHERE id = {article_id})"


def _days_in(new: str) -> str:
    """Trigger step that counts statement `new` in its actor's copies of its article's day."""
    return f"""
        INSERT INTO actor_days (actor_id, day, copies)
             SELECT {new}.actor_id, substr(ingested_at, 1, 10), 1 FROM articles
              WHERE id = {new}.article_id AND {new}.actor_id IS NOT NULL
            ON CONFLICT (actor_id, day) DO UPDATE SET copies = copies + 1;"""


def _days_out(old: str) -> str:
    """Trigger steps that take statement `old` out of its actor's copies of its article's day.
    An article being deleted has already taken its statements out (`articles_days_bd`): its
    row is gone when the cascade deletes them, and this finds no day."""
    return f"""
        UPDATE actor_days SET copies = copies - 1
         WHERE actor_id = {old}.actor_id AND day = {_day_of(f"{old}.article_id")};
        DELETE FROM actor_days
         WHERE actor_id = {old}.actor_id AND day = {_day_of(f"{old}.article_id")}
           AND copies <= 0;"""


def _article_days(article: str, sign: str) -> str:
    """Trigger steps that add (`sign` '+') or take out ('-') every statement of `article` in its
    actors' copies of the article's day."""
    day = f"substr({article}.ingested_at, 1, 10)"
    if sign == "+":
        return f"""
        INSERT INTO actor_days (actor_id, day, copies)
             SELECT actor_id, {day}, count(*) FROM statements
              WHERE article_id = {article}.id AND actor_id IS NOT NULL GROUP BY actor_id
            ON CONFLICT (actor_id, day) DO UPDATE SET copies = copies + excluded.copies;"""
    return f"""
        UPDATE actor_days SET copies = copies - (SELECT count(*) FROM statements s
                WHERE s.article_id = {article}.id AND s.actor_id = actor_days.actor_id)
         WHERE day = {day}
           AND actor_id IN (SELECT actor_id FROM statements WHERE article_id = {article}.id);
        DELETE FROM actor_days WHERE day = {day} AND copies <= 0
           AND actor_id IN (SELECT actor_id FROM statements WHERE article_id = {article}.id);"""


_DAY_TRIGGERS = {
    "statements_days_ai": f"""AFTER INSERT ON statements WHEN new.actor_id IS NOT NULL BEGIN
        {_days_in("new")} END""",
    "statements_days_ad": f"""AFTER DELETE ON statements WHEN old.actor_id IS NOT NULL BEGIN
        {_days_out("old")} END""",
    "statements_days_au": f"""AFTER UPDATE OF actor_id, article_id ON statements
        WHEN old.actor_id IS NOT new.actor_id OR old.article_id IS NOT new.article_id BEGIN
        {_days_out("old")} {_days_in("new")} END""",
    "articles_days_bd": f"""BEFORE DELETE ON articles BEGIN {_article_days("old", "-")} END""",
    "articles_days_au": f"""AFTER UPDATE OF ingested_at ON articles
        WHEN substr(old.ingested_at, 1, 10) IS NOT substr(new.ingested_at, 1, 10) BEGIN
        {_article_days("old", "-")} {_article_days("new", "+")} END""",
}

_FILL_ACTOR_DAYS = """
    INSERT INTO actor_days (actor_id, day, copies)
         SELECT s.actor_id, substr(a.ingested_at, 1, 10), count(*)
           FROM statements s JOIN articles a ON a.id = s.article_id
          WHERE s.actor_id IS NOT NULL GROUP BY 1, 2"""


@migration()
def m014_actor_days(db: sqlite_utils.Database) -> None:
    """App Home's "most quoted this week" without grouping the week's statements (19,000 at a
    million, 190,000 at ten million). `actor_days` keeps, per actor and day read, how many
    statements (copies, wire copy included) the actor has in that day's articles, by triggers
    on statements and articles. A copy count is not the answer: a quote carried on two days is
    one statement of the week. It bounds it: no actor has more distinct statements in a period
    than copies on the period's days, so the week's actors are taken in order of that bound
    and counted exactly, from `statements_actor_article` (actor, article, same_as: an index
    range per actor, nothing read from the rows), until no actor left could still make the list
    (`Store.most_quoted_actors`). The price: one small write more per stored statement, and a
    third index of (actor, ...) on statements."""
    conn = db.conn
    for step in (
        """CREATE TABLE actor_days (
            actor_id INTEGER NOT NULL,
            day TEXT NOT NULL,
            copies INTEGER NOT NULL,
            PRIMARY KEY (actor_id, day)) WITHOUT ROWID""",
        "CREATE INDEX actor_days_day ON actor_days(day, actor_id, copies)",
        "CREATE INDEX statements_actor_article ON statements(actor_id, article_id, same_as)",
        _FILL_ACTOR_DAYS,
        *[f"CREATE TRIGGER {name} {body}" for name, body in _DAY_TRIGGERS.items()],
    ):
        conn.execute(step)


def _widen_hours(select: str) -> str:
    """Trigger step that widens the id range of an hour by `select`'s (hour, lo, hi) rows."""
    return f"""
        INSERT INTO statement_hours (hour, lo, hi) {select}
            ON CONFLICT (hour) DO UPDATE
            SET lo = min(lo, excluded.lo), hi = max(hi, excluded.hi);"""


_NEW_STATEMENT_HOUR = ("SELECT substr(ingested_at, 1, 13), new.id, new.id FROM articles"
                       " WHERE id = new.article_id")
_HOUR_TRIGGERS = {
    "statements_hours_ai": f"""AFTER INSERT ON statements BEGIN
        {_widen_hours(_NEW_STATEMENT_HOUR)} END""",
    "statements_hours_au": f"""AFTER UPDATE OF article_id ON statements BEGIN
        {_widen_hours(_NEW_STATEMENT_HOUR)} END""",
    "articles_hours_au": f"""AFTER UPDATE OF ingested_at ON articles BEGIN
        {_widen_hours("SELECT substr(new.ingested_at, 1, 13), min(id), max(id) FROM statements"
                      " WHERE article_id = new.id GROUP BY article_id")} END""",
}

_FILL_STATEMENT_HOURS = """
    INSERT INTO statement_hours (hour, lo, hi)
         SELECT substr(a.ingested_at, 1, 13), min(s.id), max(s.id)
           FROM statements s JOIN articles a ON a.id = s.article_id GROUP BY 1"""


@migration()
def m015_statement_hours(db: sqlite_utils.Database) -> None:
    """Where a period's statements lie in the statements' ids, without walking its articles:
    per hour of ingest times (the first 13 characters, "2026-11-27T08"), the least and the
    greatest id of a statement in an article read in that hour, kept by triggers (widened as
    statements come; never narrowed, since a range that is too wide is only a little slower).
    A digest reads its topic's full-text matches inside that range and checks the period on
    each (`Store._period`); finding the range walked the period's articles, 19,000 in a week
    of ten million statements. The price: one small write more per stored statement."""
    conn = db.conn
    for step in (
        """CREATE TABLE statement_hours (
            hour TEXT PRIMARY KEY,
            lo INTEGER NOT NULL,
            hi INTEGER NOT NULL) WITHOUT ROWID""",
        _FILL_STATEMENT_HOURS,
        *[f"CREATE TRIGGER {name} {body}" for name, body in _HOUR_TRIGGERS.items()],
    ):
        conn.execute(step)


@migration()
def m016_actor_days_by_copies(db: sqlite_utils.Database) -> None:
    """`actor_days` indexed by day and copies, so "most quoted this week" reads each day's
    actors with the most copies (an index range per day) instead of every actor of the week
    (`Store.most_quoted_actors`)."""
    db.conn.execute("DROP INDEX actor_days_day")
    db.conn.execute("CREATE INDEX actor_days_copies ON actor_days(day, copies, actor_id)")


# --- opening ----------------------------------------------------------------------------------

BUSY_SECONDS = 30.0  # how long any opener waits for another process's lock, set-up included


def _while_busy(step: Callable[[], object], seconds: float = BUSY_SECONDS) -> object:
    """Run a set-up step, waiting while another process holds the lock.

    SQLite answers "database is locked" to `PRAGMA journal_mode = WAL` at once, without calling
    the busy handler, while a second process is creating the same fresh file; so two processes
    opening a new database would lose one of them. We wait for it ourselves, as the busy
    timeout does for everything else."""
    deadline = time.monotonic() + seconds
    pause = 0.005
    while True:
        try:
            return step()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if time.monotonic() >= deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


def migration_names() -> list[str]:
    """Every migration step this briefbot knows, in order (what a new database gets)."""
    return [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]


# --- the store --------------------------------------------------------------------------------


class Store:
    """Named reads and writes over one SQLite file."""

    def __init__(self, path: str | Path, clock: Clock = utc_now):
        self.path = str(path)
        self.clock = clock
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self.migrate()

    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            if self.path != ":memory:":
                _while_busy(lambda: conn.execute("PRAGMA journal_mode = WAL"))
                conn.execute("PRAGMA synchronous = NORMAL")
            db = sqlite_utils.Database(conn)
            self._local.db = db
        return db

    def now_iso(self) -> str:
        """The store's clock, in the whole seconds every stored time is written in."""
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def _rows(self, sql: str, params: Iterable | dict = ()) -> list[sqlite3.Row]:
        return self.db.conn.execute(sql, params).fetchall()

    def _dicts(self, sql: str, params: Iterable | dict = ()) -> list[dict]:
        """Rows as dicts keyed by column name: rows become types by name, never by position."""
        return [dict(r) for r in self._rows(sql, list(params) if not isinstance(params, dict)
                                             else params)]

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is stored, or none of it. BEGIN IMMEDIATE takes the write
        lock up front so two processes never interleave half-written articles."""
        conn = self.db.conn
        _while_busy(lambda: conn.execute("BEGIN IMMEDIATE"))
        try:
            yield conn
        except BaseException:
            # SQLite has rolled back already after some errors (disk full): a second ROLLBACK
            # would raise "no transaction is active" and hide the reason
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    # migrations
    def applied_migrations(self) -> list[str]:
        """The names of the migration steps this database has had, in the order they ran."""
        return [m.name for m in MIGRATIONS.applied(self.db)]

    def integrity_problems(self) -> list[str]:
        """What SQLite's quick_check finds wrong with the file (empty when it is sound)."""
        rows = [r[0] for r in self._rows("PRAGMA quick_check")]
        return [] if rows == ["ok"] else rows

    def migrate(self) -> None:
        """Apply the steps this database has not had, under the write lock so two processes
        opening a new file at once do not both create it."""
        with self._write():
            self._name_numbered_steps()
            MIGRATIONS.apply(self.db)

    def _name_numbered_steps(self) -> None:
        """A database from before named steps: record the steps its user_version counts."""
        done = self.db.conn.execute("PRAGMA user_version").fetchone()[0]
        if not done or self.db[Migrations.migrations_table].exists():
            return
        MIGRATIONS.ensure_migrations_table(self.db)
        self.db[Migrations.migrations_table].insert_all(
            {"migration_set": MIGRATIONS.name, "name": name, "applied_at": self.now_iso()}
            for name in NUMBERED_BEFORE_NAMES[:done]
        )

    # Triggers that keep, row by row, what `bulk_load` rebuilds in one pass at its end.
    _ROW_TRIGGERS = ("statements_ai", "statements_ad", "statements_au", "statements_counts_ai",
                     "statements_counts_ad", "statements_counts_au", "statements_days_ai",
                     "statements_days_ad", "statements_days_au", "quotes_fts_ai",
                     "quotes_fts_ad", "quotes_fts_au", "statements_hours_ai",
                     "statements_hours_au")
    # Tables a bulk load fills by the million: their secondary indexes are dropped while it
    # writes and made again at its end, one sort each instead of a random insert per row.
    _BULK_INDEXED = ("statements", "articles", "mentions", "quotes")

    @contextmanager
    def bulk_load(self) -> Iterator[Callable[..., None]]:
        """Write rows in bulk (the benchmark's synthetic store of millions, a large import)
        with the returned `write(table, rows)` (dicts) or `write(table, rows, columns)` (tuples
        in the order of `columns`): one statement run over the whole batch. Meanwhile the
        triggers that keep the full-text indexes, the `quotes` table, the actors' counts and
        `actor_days` current statement by statement are lifted, the big tables' secondary
        indexes dropped, foreign keys unchecked (parents are written before their rows), and
        the file written with a rollback journal and without syncing;
        at the end the indexes are made again and the rest rebuilt from the statements in a
        few set-wise steps. The price: until the block ends, answers read stale counts and miss
        the new statements, so nothing else should use the store meanwhile (a crash leaves a
        store to build again); and the rebuild rereads every statement, so it is for building a
        store, not for adding to a large one."""
        conn = self.db.conn
        marks = ",".join("?" * len(self._ROW_TRIGGERS))
        lifted = self._rows(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                            f" AND name IN ({marks})", self._ROW_TRIGGERS)
        marks = ",".join("?" * len(self._BULK_INDEXED))
        indexes = self._rows(f"SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"
                             f" AND sql IS NOT NULL AND tbl_name IN ({marks})",
                             self._BULK_INDEXED)
        with self._write():
            for name, _ in lifted:
                conn.execute(f"DROP TRIGGER {name}")
            for name, _, _ in indexes:
                conn.execute(f"DROP INDEX {name}")
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB}")  # the indexes' pages stay in memory
        if self.path != ":memory:":
            # A write-ahead log would hold every page of the rebuild (gigabytes) and copy it
            # again at the checkpoint; a rollback journal holds only the pages that existed.
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = OFF")  # the rows come whole, parents first
        tables = set(self.db.table_names())

        def write(table: str, rows: list, columns: list[str] | None = None) -> None:
            if table not in tables:
                raise ValueError(f"no table {table!r}")
            if not rows:
                return
            if columns is None:
                columns = list(rows[0])
                rows = [tuple(row[c] for c in columns) for row in rows]
            with self._write():
                conn.executemany(
                    f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)})"
                    f" VALUES ({', '.join('?' * len(columns))})", rows)

        try:
            yield write
        finally:
            with self._write():
                for _, table, sql in indexes:
                    if table != "quotes":  # the rebuild below reads through these
                        conn.execute(sql)
                conn.execute("INSERT INTO statements_fts (statements_fts) VALUES ('rebuild')")
                conn.execute("DELETE FROM quotes")
                for step in _fill_quotes_and_counts():
                    conn.execute(step)
                for _, table, sql in indexes:
                    if table == "quotes":
                        conn.execute(sql)
                conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('delete-all')")
                conn.execute(f"""INSERT INTO quotes_fts (rowid, quote_key, owner)
                                 SELECT {_quote_rowid("q")}, q.quote_key, 'a' || q.actor_id
                                   FROM quotes q ORDER BY 1""")
                conn.execute("DELETE FROM actor_days")
                conn.execute(_FILL_ACTOR_DAYS)
                conn.execute("DELETE FROM statement_hours")
                conn.execute(_FILL_STATEMENT_HOURS)
                for _, sql in lifted:
                    conn.execute(sql)
            self.optimize_text_indexes()
            conn.execute(f"PRAGMA cache_size = {cache}")
            conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                _while_busy(lambda: conn.execute("PRAGMA journal_mode = WAL"))
                conn.execute("PRAGMA synchronous = NORMAL")

    def optimize_text_indexes(self) -> None:
        """Merge each full-text index into one segment (FTS5 'optimize'). Writes leave an
        index in a dozen or more segments, and every match then reads each of them: at a
        million statements a topic's matches in a week took 10 ms where one segment takes 1.
        The price: it rewrites the indexes under the write lock (about 15 s each at a million
        statements), so it is for after a bulk load or a quiet hour, never per article."""
        with self._write() as conn:
            for table in ("statements_fts", "quotes_fts"):
                conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    # --- articles -----------------------------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        return bool(self._rows("SELECT 1 FROM articles WHERE content_hash = ?", [content_hash]))

    def article_at_path(self, path: str) -> tuple[int, str] | None:
        """(id, content hash) of the article last stored from the file at `path`."""
        rows = self._rows("SELECT id, content_hash FROM articles WHERE path = ?"
                          " ORDER BY id DESC LIMIT 1", [path])
        return (rows[0][0], rows[0][1]) if rows else None

    def article_revisions(self, article_id: int) -> list[dict]:
        """Each new version of the article, oldest first (time, hashes, statement counts)."""
        return list(self.db["article_revisions"].rows_where(
            "article_id = ?", [article_id], order_by="id",
            select="revised_at, old_hash, new_hash, old_statements, new_statements"))

    def article_id_by_hash(self, content_hash: str) -> int | None:
        rows = self._rows("SELECT id FROM articles WHERE content_hash = ?", [content_hash])
        return rows[0][0] if rows else None

    def save_article(
        self, article: Article, extraction: Extraction, ingested_at: str | None = None,
        replaces: int | None = None,
    ) -> int | None:
        """Store an article with its actors, mentions and statements in one transaction.

        Returns the new article id, or None when an article with the same content hash is
        already stored (another process may have won the race).

        With `replaces` (the id of the article its file held before), this is a new version of
        that article: its statements, mentions and authors are replaced, the change is recorded
        in `article_revisions`, and it keeps its id and first ingest time (a digest that showed
        the old version is not followed by the whole article again; the price is that a quote
        added by the new version reaches /whosaid but no digest).

        The ingest time is read once the write lock is held, so an article stamped before a
        digest's period end has committed before that digest (which claims its period under the
        same lock, after the end) reads the statements: none falls between two digests."""
        signature = wire.signature(article.body)
        with self._write():
            ingested_at = ingested_at or self.now_iso()
            if self.has_article(article.content_hash):
                return None
            db = self.db
            story_id = self._story_for(signature)
            row = {"content_hash": article.content_hash, "path": article.path,
                   "source_format": article.source_format, "title": article.title,
                   "url": article.url, "outlet": article.outlet, "published": article.published,
                   "text": article.text, "story_id": story_id,
                   "minhash": wire.signature_bytes(signature)}
            old = (db["articles"].get(replaces) if replaces is not None
                   and db["articles"].count_where("id = ?", [replaces]) else None)
            if old is not None:
                article_id = replaces
                if old["minhash"]:
                    db.conn.executemany(
                        "DELETE FROM story_bands WHERE band_key = ? AND article_id = ?",
                        [(key, article_id) for key in
                         wire.band_keys(wire.signature_from_bytes(old["minhash"]))])
                self._replace_article(article_id, old["content_hash"], row,
                                      len(extraction.statements), ingested_at)
            else:
                article_id = db["articles"].insert({**row, "ingested_at": ingested_at}).last_pk
            if story_id is None:
                story_id = article_id
                db["articles"].update(article_id, {"story_id": story_id})
            # The rows of one article go in by plain SQL: sqlite-utils' table API looks up the
            # table (is it a view? which columns?) on every call, which cost more than the
            # inserts themselves at a dozen statements and mentions per article.
            conn = db.conn
            conn.executemany("INSERT INTO article_authors (article_id, name) VALUES (?, ?)",
                             [(article_id, author) for author in dict.fromkeys(article.authors)])
            seen = article.published or ingested_at[:10]
            actor_ids = {identity.name_key(actor.name): self._upsert_actor(actor, seen)
                         for actor in extraction.actors}

            def actor_id_of(name: str) -> int:
                return (actor_ids.get(identity.name_key(name))
                        or self._upsert_actor(Actor(name=name), seen))

            for actor in extraction.actors:
                actor_id = actor_ids[identity.name_key(actor.name)]
                conn.executemany(
                    "INSERT OR IGNORE INTO group_members (group_id, member_id) VALUES (?, ?)",
                    [(actor_id, actor_id_of(member)) for member in actor.members])
                conn.executemany(
                    'INSERT INTO mentions (article_id, actor_id, start, "end") VALUES (?,?,?,?)',
                    [(article_id, actor_id, s, e) for s, e in actor.mentions])
            for st in extraction.statements:
                # a joint statement is the group's: each member's /whosaid finds it through
                # group_members, and no member's own statements are mixed with it
                speaker = st.group or st.speaker
                actor_id = actor_id_of(speaker) if speaker else None
                key = quote_key(st.quote or "")
                same_as = self._same_statement(actor_id, key, story_id)
                statement_id = conn.execute(
                    "INSERT INTO statements (article_id, actor_id, speaker_text, speaker_start,"
                    " speaker_end, cue, cue_start, cue_end, content_start, content_end, quote,"
                    " kind, confidence, quote_key, same_as)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [article_id, actor_id,
                     (article.text[st.speaker_start:st.speaker_end]
                      if st.speaker_start is not None else None),
                     st.speaker_start, st.speaker_end, st.cue, st.cue_start, st.cue_end,
                     st.content_start, st.content_end, st.quote, st.kind, st.confidence,
                     key, same_as]).lastrowid
                if same_as is None:
                    conn.execute("UPDATE statements SET same_as = ? WHERE id = ?",
                                 [statement_id, statement_id])
            _add_bands(conn, article_id, signature)
            return article_id

    def _replace_article(self, article_id: int, old_hash: str, row: dict, new_statements: int,
                         revised_at: str) -> None:
        db = self.db
        old_statements = db["statements"].count_where("article_id = ?", [article_id])
        for table in ("statements", "mentions", "article_authors"):
            db[table].delete_where("article_id = ?", [article_id])
        db["articles"].update(article_id, row)
        db["article_revisions"].insert({
            "article_id": article_id, "revised_at": revised_at, "old_hash": old_hash,
            "new_hash": row["content_hash"], "old_statements": old_statements,
            "new_statements": new_statements})

    def _story_for(self, signature) -> int | None:
        """The story a new article belongs to, if it is wire copy of a stored one: the stored
        articles that share a band key with it are its candidates (`briefbot.wire`)."""
        keys = wire.band_keys(signature)
        return wire.story_for(signature, self._rows(
            "SELECT id, story_id, minhash FROM articles WHERE id IN (SELECT article_id FROM"
            f" story_bands WHERE band_key IN ({','.join('?' * len(keys))}))", keys))

    def _same_statement(self, actor_id: int | None, key: str, story_id: int) -> int | None:
        """The statement (its `same_as`) a new one by `actor_id` repeats, or None: the same
        words anywhere, else small edits inside its story, else small edits among the actor's
        recent statements (`briefbot.wire` holds the rule)."""
        if actor_id is None or not key:
            return None
        exact = self._rows("SELECT same_as FROM statements WHERE actor_id = ? AND quote_key = ?"
                           " AND same_as IS NOT NULL LIMIT 1", [actor_id, key])
        if exact:
            return exact[0][0]
        in_story = self._rows(
            "SELECT DISTINCT s.same_as, s.quote_key FROM statements s"
            " JOIN articles a ON a.id = s.article_id"
            " WHERE s.actor_id = ? AND a.story_id = ? AND s.same_as IS NOT NULL",
            [actor_id, story_id])
        found = wire.same_statement(key, [(r[0], r[1]) for r in in_story], same_story=True)
        if found is not None:
            return found
        recent = self._rows(
            "SELECT same_as, quote_key FROM statements WHERE actor_id = ? AND same_as = id"
            " ORDER BY id DESC LIMIT ?", [actor_id, RECENT_STATEMENTS_COMPARED])
        return wire.same_statement(key, [(r[0], r[1]) for r in recent], same_story=False)

    def _upsert_actor(self, actor: Actor, seen: str) -> int:
        """The id of the actor with this name, made if new; its aliases; its role with the day
        `seen` (the actor's current role is the one seen last)."""
        conn = self.db.conn
        key = identity.name_key(actor.name)
        rows = conn.execute("SELECT id FROM actors WHERE name_key = ?", [key]).fetchall()
        if rows:
            actor_id = rows[0][0]
        else:
            actor_id = conn.execute(
                "INSERT INTO actors (name, name_key, kind, role, created_at) VALUES (?,?,?,?,?)",
                [identity.clean(actor.name), key, actor.kind, actor.role, self.now_iso()]
            ).lastrowid
        for role in dict.fromkeys(r for r in (actor.role, *actor.descriptions) if r):
            conn.execute(
                "INSERT INTO actor_roles (actor_id, role, role_key, first_seen, last_seen)"
                " VALUES (?,?,?,?,?) ON CONFLICT (actor_id, role_key) DO UPDATE SET"
                " first_seen = min(first_seen, excluded.first_seen),"
                " last_seen = max(last_seen, excluded.last_seen)",
                [actor_id, role, identity.name_key(role), seen, seen])
        if actor.role:  # the title shown is the one seen last (a description never replaces it)
            conn.execute(
                "UPDATE actors SET role = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM"
                " actor_roles WHERE actor_id = ? AND last_seen > ?)",
                [actor.role, actor_id, actor_id, seen])
        conn.executemany(
            "INSERT OR IGNORE INTO aliases (actor_id, alias, alias_key) VALUES (?, ?, ?)",
            [(actor_id, alias, identity.name_key(alias)) for alias in _alias_forms(actor)])
        return actor_id

    def article_count(self) -> int:
        return self._rows("SELECT count(*) FROM articles")[0][0]

    def recent_articles(self, limit: int = 10) -> list[ArticleRow]:
        """The latest articles, one per story: wire copy of a story shows as its latest copy,
        with `story_size` telling how many articles carried it."""
        rows = self._dicts(
            """SELECT a.id, a.title, a.outlet, a.published, a.url, a.path, a.ingested_at,
                      (SELECT group_concat(name, '\x1f') FROM article_authors
                        WHERE article_id = a.id) AS authors,
                      (SELECT count(*) FROM statements WHERE article_id = a.id)
                        AS statement_count,
                      a.story_id,
                      CASE WHEN a.story_id IS NULL THEN 1 ELSE
                        (SELECT count(*) FROM articles c WHERE c.story_id = a.story_id)
                      END AS story_size
                 FROM articles a
                WHERE a.story_id IS NULL  -- written around the store (bulk loads): its own
                   OR a.id = (SELECT max(c.id) FROM articles c WHERE c.story_id = a.story_id)
                ORDER BY a.ingested_at DESC, a.id DESC LIMIT ?""",
            [limit],
        )
        return [
            ArticleRow(**{**r, "authors": _split(r["authors"])}) for r in rows
        ]

    def article_authors(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT DISTINCT name FROM article_authors ORDER BY 1")]

    # --- actors -------------------------------------------------------------------------------

    def _actor_rows(self, where: str = "", params: Iterable = (), order: str = "a.name",
                    limit: int | None = None) -> list[ActorRow]:
        sql = f"""SELECT a.id, a.name, a.kind, a.role,
                         (SELECT group_concat(alias, '\x1f') FROM aliases
                           WHERE actor_id = a.id AND alias_key != a.name_key) AS aliases,
                         a.statement_count, a.article_count,
                         (SELECT group_concat(role || '\x1e' || first_seen || '\x1e' || last_seen,
                                              '\x1f')
                            FROM (SELECT * FROM actor_roles WHERE actor_id = a.id
                                   ORDER BY first_seen, role)) AS roles,
                         (SELECT group_concat(m.name, '\x1f') FROM group_members g
                            JOIN actors m ON m.id = g.member_id
                           WHERE g.group_id = a.id) AS members
                    FROM actors a {where} ORDER BY {order}"""
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [
            ActorRow(**{**r, "aliases": tuple(sorted(_split(r["aliases"]))),
                        "roles": tuple(RoleSeen(*x.split("\x1e")) for x in _split(r["roles"])),
                        "members": _split(r["members"])})
            for r in self._dicts(sql, params)
        ]

    def actors(self) -> list[ActorRow]:
        return self._actor_rows(order="statement_count DESC, a.name")

    def actors_with_groups_counted(self) -> list[ActorRow]:
        """Every actor, most quoted first, a group's members counted together with what they
        said jointly (`with_groups_counted`): what `briefbot actors` lists, so its counts are
        the ones /whosaid shows."""
        members = {r[0] for r in self._rows("SELECT DISTINCT member_id FROM group_members")}
        rows = [self.with_groups_counted(a) if a.id in members else a for a in self.actors()]
        return sorted(rows, key=lambda a: -a.statement_count)  # stable: names stay in order

    def actor(self, actor_id: int) -> ActorRow | None:
        rows = self._actor_rows("WHERE a.id = ?", [actor_id])
        return rows[0] if rows else None

    def actors_by_id(self, ids: Iterable[int]) -> list[ActorRow]:
        ids = list(ids)
        if not ids:
            return []
        return self._actor_rows(f"WHERE a.id IN ({','.join('?' * len(ids))})", ids)

    def statement_counts(self, ids: Iterable[int]) -> dict[int, int]:
        """How many statements each of these actors has (kept by triggers: no counting)."""
        ids = list(ids)
        if not ids:
            return {}
        return {r[0]: r[1] for r in self._rows(
            f"SELECT id, statement_count FROM actors WHERE id IN ({','.join('?' * len(ids))})",
            ids)}

    def with_groups_counted(self, actor: ActorRow) -> ActorRow:
        """`actor` with its statements and articles counted together with those of the groups
        it spoke in ("Ruritania and Freedonia said ...": Freedonia is quoted in that article),
        as its /whosaid lists them; an actor in no group keeps the counts the triggers keep."""
        owners = self._owners([actor.id])
        if len(owners) == 1:
            return actor
        groups = owners[1:]
        marks = ",".join("?" * len(groups))
        statements = self._rows(f"SELECT coalesce(sum(statement_count), 0) FROM actors"
                                f" WHERE id IN ({marks})", groups)[0][0]
        # the actor's own articles are kept by triggers; only the groups' few statements are
        # read, each article counted once unless the actor also spoke alone in it (an index
        # probe), so a much-quoted member's answer never walks its own statements
        more = self._rows(
            f"SELECT count(DISTINCT g.article_id) FROM statements g WHERE g.actor_id IN"
            f" ({marks}) AND NOT EXISTS (SELECT 1 FROM statements s WHERE s.actor_id = ?"
            f" AND s.article_id = g.article_id)", [*groups, actor.id])[0][0]
        return replace(actor, statement_count=actor.statement_count + statements,
                       article_count=actor.article_count + more)

    def articles_naming(self, actor_id: int) -> int:
        """How many stored articles name this actor, whether or not it is quoted in them."""
        return self._rows("SELECT count(DISTINCT article_id) FROM mentions WHERE actor_id = ?",
                          [actor_id])[0][0]

    def actor_version(self) -> int:
        """A number that grows whenever an actor, alias or role is added, changed or removed
        (triggers keep it): what lookup indexes are cached against."""
        return self._rows("SELECT coalesce(max(id), 0) FROM actor_changes")[0][0]

    def actors_changed_since(self, version: int) -> list[int]:
        """The actors whose names, aliases or roles changed after `actor_version` was
        `version` (removed ones included)."""
        return [r[0] for r in self._rows(
            "SELECT DISTINCT actor_id FROM actor_changes WHERE id > ?", [version])]

    def actors_by_alias(self, name: str) -> list[ActorRow]:
        """Actors whose name or any alias equals `name` (case-insensitive), most quoted first."""
        return self._actor_rows(
            "WHERE a.id IN (SELECT actor_id FROM aliases WHERE alias_key = ?)",
            [identity.name_key(name)], order="statement_count DESC, a.name",
        )

    def known_actors(self) -> list[tuple[int, str, str, str | None, tuple[str, ...]]]:
        """(id, name, kind, role, aliases) of every stored actor, for the actor registry."""
        return [(a.id, a.name, a.kind, a.role, a.aliases) for a in self._actor_rows()]

    def most_quoted_actors(self, since: str, limit: int = 5) -> list[ActorRow]:
        """The actors with the most statements in articles read since `since`; their counts
        are of that period (distinct statements: copies of one count once; and articles).

        Never groups the period's statements, nor every actor of the period (m014, m016): an
        actor's copies on the period's days (`actor_days`) bound its count from above. The
        actors with at least `floor` copies on some day of the period are read from each
        day's index range, bounded, and counted exactly in order of their bound (an index
        range of `statements_actor_article` each, inside the period's articles) while the
        bound can still beat the last count that makes the list; every actor not read has
        fewer than `floor` copies on each day, so a bound under days x floor. The floor halves
        until that is below the last count that makes the list (at a million statements, the
        most quoted 16 or so of a week are read, of 9,000 with a statement in it)."""
        if limit <= 0:
            return []
        first_day, last_day = since[:10], self._rows("SELECT max(day) FROM actor_days")[0][0]
        lo, hi = self._rows("SELECT min(id), max(id) FROM articles WHERE ingested_at >= ?",
                            [since])[0]
        if lo is None or last_day is None or last_day < first_day:
            return []
        try:
            start = datetime.fromisoformat(first_day).date()
            days = [(start + timedelta(days=n)).isoformat() for n in range(
                (datetime.fromisoformat(last_day).date() - start).days + 1)]
        except ValueError:  # not ISO dates: every day of the table from `since` on
            days = [r[0] for r in self._rows(
                "SELECT DISTINCT day FROM actor_days WHERE day >= ?", [first_day])]
        day_marks = ",".join("?" * len(days))
        bounds: dict[int, int] = {}
        counted: dict[int, tuple[int, str, int, int]] = {}  # actor: (-count, name, id, articles)
        floor = 64
        while True:
            found = [r[0] for r in self._rows(
                f"SELECT DISTINCT actor_id FROM actor_days WHERE day IN ({day_marks})"
                f" AND copies >= ?", [*days, floor]) if r[0] not in bounds]
            for first in range(0, len(found), 500):
                chunk = found[first:first + 500]
                bounds.update(self._rows(
                    f"SELECT actor_id, sum(copies) FROM actor_days WHERE actor_id IN"
                    f" ({','.join('?' * len(chunk))}) AND day >= ? GROUP BY actor_id",
                    [*chunk, first_day]))
            waiting = sorted((b for b in bounds.items() if b[0] not in counted),
                             key=lambda b: -b[1])
            while waiting and waiting[0][1] >= max(self._last_in(counted, limit), 1):
                chunk = [actor_id for actor_id, _ in waiting[:2 * limit]]
                del waiting[:2 * limit]
                marks = ",".join("?" * len(chunk))
                counted.update((actor_id, (-n, name, actor_id, n_articles))
                               for actor_id, name, n, n_articles in self._rows(
                    f"""SELECT s.actor_id, (SELECT name FROM actors WHERE id = s.actor_id),
                               count(DISTINCT coalesce(s.same_as, s.id)),
                               count(DISTINCT s.article_id)
                          FROM statements s
                         WHERE s.actor_id IN ({marks}) AND s.article_id BETWEEN ? AND ?
                           AND +s.article_id IN (SELECT id FROM articles WHERE ingested_at >= ?)
                         GROUP BY s.actor_id""", [*chunk, lo, hi, since]))
                counted.update((a, (0, "", a, 0)) for a in chunk if a not in counted)
            if floor == 1 or self._last_in(counted, limit) > len(days) * (floor - 1):
                break
            floor //= 2
        ranked = [r for r in sorted(counted.values()) if r[0] < 0][:limit]
        rows = {a.id: a for a in self.actors_by_id(r[2] for r in ranked)}
        return [replace(rows[actor_id], statement_count=-n, article_count=n_articles)
                for n, _, actor_id, n_articles in ranked]

    @staticmethod
    def _last_in(counted: dict[int, tuple[int, str, int, int]], limit: int) -> int:
        """The count that makes the list of `limit` among these counted actors (0 when fewer
        have a count)."""
        ranked = [r for r in sorted(counted.values()) if r[0] < 0][:limit]
        return -ranked[limit - 1][0] if len(ranked) >= limit else 0

    # --- statements ---------------------------------------------------------------------------

    _STATEMENT_SELECT = """
        SELECT s.id, s.article_id, s.actor_id, ac.name AS speaker, ac.role AS speaker_role,
               s.speaker_text, s.cue, s.quote, s.kind, s.confidence, s.content_start,
               s.content_end, ar.title, ar.outlet, ar.published, ar.url, ar.path, ar.ingested_at,
               s.same_as, ar.story_id
          FROM statements s
          JOIN articles ar ON ar.id = s.article_id
          LEFT JOIN actors ac ON ac.id = s.actor_id"""

    def _statement_rows(self, sql: str, params: Iterable) -> list[StatementRow]:
        return [StatementRow(**r) for r in self._dicts(sql, params)]

    def _owners(self, actor_ids: Iterable[int]) -> list[int]:
        """These actors and the groups they belong to: whose quotes are theirs."""
        ids = list(dict.fromkeys(actor_ids))
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return ids + [r[0] for r in self._rows(
            f"SELECT DISTINCT group_id FROM group_members WHERE member_id IN ({marks})"
            f" AND group_id NOT IN ({marks})", ids + ids)]

    @staticmethod
    def _quotes_match(owners: list[int], match: str) -> str:
        """The full-text query of the owners' quotes whose words match."""
        tokens = " OR ".join(f"a{i}" for i in owners)
        return f"quote_key : ({match}) AND owner : ({tokens})"

    def _quotes_matching(self, owners: list[int], match: str,
                         since: str | None = None) -> tuple[str, list]:
        """The WHERE clause (and its values) of the owners' quotes whose words match; with
        `since` (a day), only those whose newest copy is from that day on are read."""
        from_day = " AND rowid >= (CAST(julianday(?) AS INTEGER) << 32)" if since else ""
        return (f"q.id IN (SELECT rowid & {_QUOTE_ID_BITS} FROM quotes_fts"
                f" WHERE quotes_fts MATCH ?{from_day})"
                f" AND q.actor_id IN ({','.join('?' * len(owners))})",
                [self._quotes_match(owners, match), *([since[:10]] if since else []), *owners])

    def quotes_by_actor(
        self,
        actor_ids: Iterable[int],
        match: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[list[StatementRow]], int]:
        """Quotes by these actors (and groups they belong to), newest first: each quote is the
        list of statements that carried it (several outlets, same words), newest first.
        Returns one page of quotes and the number of quotes in all.

        `match` is an FTS5 query over the quote. `since` (YYYY-MM-DD) compares with the
        article's published date: a quote is in when a dated copy is, and shows only its dated
        copies from that day on; undated articles are out (`undated_quotes` counts those that
        might have belonged). Without `since`, an undated copy ranks by the day it was read,
        the latest it can have been published.

        Reads one page of the `quotes` table (index range on actor and rank, or the full-text
        index restricted to the actors' owner tokens) and the page's statements: the cost does
        not grow with how much an actor has said. The count comes from the maintained
        `actors.statement_count` unless `match` or `since` narrow it. With `match`, a quote is
        found by the words of its first copy, and shows its copies whatever their words."""
        owners = self._owners(actor_ids)
        if not owners:
            return [], 0
        wanted = None if limit is None else offset + limit
        rank = "q.dated_newest" if since else "q.newest"
        in_period = f" AND {rank} >= ?" if since else ""
        since_rank = [since] if since else []
        if match and since:
            # Ranked by the dated copies, which the index's newest-day order does not follow:
            # the matches from `since` on are read and sorted.
            where, params = self._quotes_matching(owners, match, since)
            page = self._rows(
                f"SELECT q.actor_id, q.same_as FROM quotes q WHERE {where}{in_period}"
                f" ORDER BY {rank} DESC LIMIT ? OFFSET ?",
                [*params, *since_rank, -1 if limit is None else limit, offset])
            total = self._rows(f"SELECT count(*) FROM quotes q WHERE {where}{in_period}",
                               [*params, *since_rank])[0][0]
        elif match:
            # The topic's matches among these actors' quotes, newest day first (m012); past the
            # page, the rest of its last day, since the order inside a day is the quotes'.
            fts = self._quotes_match(owners, match)
            matched = self.db.conn.execute(
                "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rowid DESC", [fts])
            picked: list[int] = []
            for (rowid,) in matched:
                if wanted is not None and len(picked) >= wanted and rowid >> 32 != picked[-1] >> 32:
                    break
                picked.append(rowid)
            matched.close()
            found = self._rows(
                f"SELECT q.actor_id, q.same_as, q.newest FROM quotes q"
                f" WHERE q.id IN ({','.join('?' * len(picked))})",
                [rowid & _QUOTE_ID_BITS for rowid in picked])
            page = sorted(found, key=lambda r: r[2], reverse=True)[offset:wanted]
            total = self._rows("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?",
                               [fts])[0][0]
        else:
            # One index range per actor, merged: an IN over several actors would sort them all.
            heads = []
            for owner in owners:
                heads += self._rows(
                    f"SELECT q.actor_id, q.same_as, {rank} FROM quotes q"
                    f" WHERE q.actor_id = ?{in_period} ORDER BY {rank} DESC LIMIT ?",
                    [owner, *since_rank, -1 if wanted is None else wanted])
            heads.sort(key=lambda r: r[2], reverse=True)
            page = heads[offset:wanted]
            if since:
                total = sum(self._rows(
                    f"SELECT count(*) FROM quotes q WHERE q.actor_id = ?{in_period}",
                    [owner, since])[0][0] for owner in owners)
            else:
                total = self._rows(f"SELECT coalesce(sum(statement_count), 0) FROM actors"
                                   f" WHERE id IN ({','.join('?' * len(owners))})", owners)[0][0]
        # A quote carried by hundreds of outlets needs only its first few read in full.
        groups = [self._statement_rows(
            self._STATEMENT_SELECT + " WHERE s.actor_id = ? AND s.same_as = ?"
            + (" AND ar.published >= ?" if since else "")
            + f" ORDER BY {_rank_of('s')} DESC LIMIT {MAX_STATEMENTS_PER_QUOTE}",
            [row[0], row[1], *since_rank]) for row in page]
        return groups, total

    def undated_quotes(self, actor_ids: Iterable[int], since: str,
                       match: str | None = None) -> int:
        """How many of these actors' quotes a `since` filter left out for want of a date: those
        carried only by undated articles read on or after `since` (published then, or long
        before: no one can say). An undated article read before `since` was certainly published
        before it, and is not counted. Index range on the actor and the day read."""
        owners = self._owners(actor_ids)
        if not owners:
            return 0
        undated = ("q.undated_newest >= ? AND (q.dated_newest IS NULL OR q.dated_newest < ?)")
        if match:
            where, params = self._quotes_matching(owners, match, since)
            return self._rows(f"SELECT count(*) FROM quotes q WHERE {where} AND {undated}",
                              [*params, since, since])[0][0]
        return sum(self._rows(
            f"SELECT count(*) FROM quotes q WHERE q.actor_id = ? AND {undated}",
            [owner, since, since])[0][0] for owner in owners)

    def _period(self, start: str | None, end: str, match: str | None,
                actor_ids: Iterable[int] | None,
                include_end: bool) -> tuple[list[str], list] | None:
        """The WHERE terms (over `s` statements and `ar` articles) and values of the statements
        of articles ingested in the period, matching `match` or spoken by `actor_ids` (and
        their groups); None when the period has no statement at all."""
        where, params = ["ar.ingested_at <= ?" if include_end else "ar.ingested_at < ?"], [end]
        if start:
            where.append("ar.ingested_at > ?" if include_end else "ar.ingested_at >= ?")
            params.append(start)
        # The period's statements have ids between the least and the greatest of the hours
        # it touches (m015: a few rows of `statement_hours`, at most 169 for a week). FTS5
        # seeks to that range of its rowids, so a digest reads what the topic matched in about
        # its period, not all the topic ever matched (70,000 statements for a common one in a
        # million), nor every statement of the period; an actor's statements are an index range
        # of (actor, id). The period is then checked on the few statements found ("+": not by
        # walking its articles).
        hours, hour_params = ["hour <= ?"], [end[:13]]
        if start:
            hours.append("hour >= ?")
            hour_params.append(start[:13])
        lo, hi = self._rows("SELECT min(lo), max(hi) FROM statement_hours WHERE "
                            + " AND ".join(hours), hour_params)[0]
        if lo is None:
            return None
        where = [w.replace("ar.ingested_at", "+ar.ingested_at") for w in where]
        if match:
            where.append("s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?"
                         " AND rowid BETWEEN ? AND ?)")
            params += [match, lo, hi]
        else:
            where.append("s.id BETWEEN ? AND ?")
            params += [lo, hi]
        if actor_ids is not None:
            ids = list(actor_ids) or [-1]
            marks = ",".join("?" * len(ids))
            where.append(f"""(s.actor_id IN ({marks}) OR s.actor_id IN
                          (SELECT group_id FROM group_members WHERE member_id IN ({marks})))""")
            params += ids + ids
        return where, params

    def statements_ingested_between(
        self,
        start: str | None,
        end: str,
        match: str | None = None,
        actor_ids: Iterable[int] | None = None,
        include_end: bool = True,
    ) -> list[StatementRow]:
        """Statements of articles ingested in (start, end], optionally matching an FTS5 query or
        spoken by the given actors, in reading order. The half-open window is what lets one
        digest take over exactly where the previous one stopped.

        Scheduled digests ask for [start, end) (`include_end=False`): ingest times are cut to
        whole seconds, so an article stamped 08:00:00 may have been written at 08:00:00.7, after
        the 08:00 digest read the table; it belongs to the next digest."""
        period = self._period(start, end, match, actor_ids, include_end)
        if period is None:
            return []
        where, params = period
        sql = (self._STATEMENT_SELECT + " WHERE " + " AND ".join(where)
               + " ORDER BY ar.ingested_at, ar.id, s.content_start")
        return self._statement_rows(sql, params)

    def _tuples(self, sql: str, params: Iterable = ()) -> list[tuple]:
        """Rows as plain tuples: for the many narrow rows that are only counted and sorted."""
        cursor = self.db.conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, list(params)).fetchall()

    def period_quotes(self, start: str | None, end: str, match: str | None = None,
                      actor_ids: Iterable[int] | None = None, include_end: bool = True,
                      ) -> tuple[list[tuple[int, str, str | None, int, list[int]]],
                                 list[tuple[int, int | None]], list[tuple]]:
        """What a digest of the period needs to know before it reads any statement (the same
        period and filters as `statements_ingested_between`; statements with an actor):

        - the distinct statements, in the order each first appears: (statement id, its first
          copy's speaker and role, in how many of the period's articles it was carried, the
          ids of its copies in the period), so that a digest reads the statements of only the
          quotes it shows (`statements_by_id`);
        - the articles that carried them, in reading order: (id, story);
        - the outlets, in the order of their first article: the outlet's last article (id,
          story, outlet, title, url, published), and each article without an outlet.

        Reads five numbers and the outlet per statement of the period, in reading order
        (grouped here: SQLite's GROUP BY with count(DISTINCT) took three times as long), then
        the names of the distinct actors and the details of the few articles an outlet list
        names."""
        period = self._period(start, end, match, actor_ids, include_end)
        if period is None:
            return [], [], []
        where, params = period
        rows = self._tuples(
            f"""SELECT coalesce(s.same_as, s.id), s.id, s.actor_id, s.article_id, ar.story_id,
                       ar.outlet
                  FROM statements s JOIN articles ar ON ar.id = s.article_id
                 WHERE {" AND ".join(where)} AND s.actor_id IS NOT NULL
                 ORDER BY ar.ingested_at, ar.id, s.content_start""", params)
        # quote: [its first copy's actor, articles that carried it, the last of them, copies]
        quotes: dict[int, list] = {}
        stories: dict[int, int | None] = {}
        outlets: dict[str | int, int] = {}  # each outlet's last article (all the unnamed)
        for quote, statement, actor, article, story, outlet in rows:
            found = quotes.get(quote)
            if found is None:
                quotes[quote] = [actor, 1, article, [statement]]
            else:
                if found[2] != article:  # in reading order an article's copies are together
                    found[1] += 1
                    found[2] = article
                found[3].append(statement)
            if article not in stories:
                stories[article] = story
            outlets[outlet or -article] = article
        actors = {r[0]: r[1:] for r in self._tuples(
            "SELECT id, name, role FROM actors WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted({q[0] for q in quotes.values()}))])}
        # Only the articles an outlet list can name are read: an outlet's last article, and
        # each article without an outlet.
        details = {r[0]: r for r in self._tuples(
            "SELECT id, story_id, outlet, title, url, published FROM articles"
            " WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(list(outlets.values()))])}
        return ([(quote, *actors[q[0]], q[1], q[3]) for quote, q in quotes.items()],
                list(stories.items()), [details[a] for a in outlets.values()])

    def statements_by_id(self, ids: Iterable[int]) -> list[StatementRow]:
        """These statements, in reading order."""
        ids = list(ids)
        if not ids:
            return []
        return self._statement_rows(
            self._STATEMENT_SELECT + " WHERE s.id IN (SELECT value FROM json_each(?))"
            " ORDER BY ar.ingested_at, ar.id, s.content_start", [json.dumps(ids)])

    def statement_reach(self, statement_ids: Iterable[int]) -> dict[int, Reach]:
        """How widely each of these distinct statements (`same_as` ids) was carried, over the
        whole store: articles, stories and the outlets (first carried first)."""
        ids = list(dict.fromkeys(statement_ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        counts = self._rows(
            f"""SELECT s.same_as, count(DISTINCT s.article_id), count(DISTINCT ar.story_id)
                  FROM statements s JOIN articles ar ON ar.id = s.article_id
                 WHERE s.same_as IN ({marks}) GROUP BY s.same_as""", ids)
        outlets: dict[int, list[str]] = {}
        for same_as, outlet in self._rows(
                f"""SELECT s.same_as, ar.outlet FROM statements s
                      JOIN articles ar ON ar.id = s.article_id
                     WHERE s.same_as IN ({marks}) AND ar.outlet IS NOT NULL
                     GROUP BY s.same_as, ar.outlet ORDER BY min(ar.id)""", ids):
            outlets.setdefault(same_as, []).append(outlet)
        return {r[0]: Reach(r[0], r[1], r[2], tuple(outlets.get(r[0], ())))
                for r in counts}

    def statement_sources(self, statement_id: int) -> list[StatementRow]:
        """Every article's copy of one distinct statement (any of its ids), first carried first:
        the full list of sources behind a folded "and 198 more"."""
        found = self._rows("SELECT coalesce(same_as, id) FROM statements WHERE id = ?",
                           [statement_id])
        if not found:
            return []
        rows = self._statement_rows(
            self._STATEMENT_SELECT + " WHERE s.same_as = ? ORDER BY ar.ingested_at, ar.id",
            [found[0][0]])
        first: dict[int, StatementRow] = {}
        for row in rows:
            first.setdefault(row.article_id, row)
        return list(first.values())

    def statement_count(self) -> int:
        return self._rows("SELECT count(*) FROM statements")[0][0]

    # --- feeds --------------------------------------------------------------------------------

    _FEED_SELECT = """SELECT f.id, f.url, f.outlet, f.interval_minutes, f.origin, f.title, f.etag,
                             f.last_modified, f.last_polled_at, f.last_ok_at, f.last_error,
                             f.failures, f.next_poll_at, f.added_by, f.created_at,
                             (SELECT count(*) FROM feed_entries e
                               WHERE e.feed_id = f.id AND e.article_id IS NOT NULL)
                               AS entry_count
                        FROM feeds f"""

    def _feeds(self, where: str = "", params: Iterable = ()) -> list[FeedRow]:
        return [FeedRow(**r) for r in self._dicts(self._FEED_SELECT + where + " ORDER BY f.id",
                                                 params)]

    def feeds(self) -> list[FeedRow]:
        return self._feeds()

    def feed(self, feed_id: int) -> FeedRow | None:
        found = self._feeds(" WHERE f.id = ?", [feed_id])
        return found[0] if found else None

    def due_feeds(self, now: str) -> list[FeedRow]:
        """Feeds never polled, or whose next poll is at or before `now`."""
        return self._feeds(" WHERE f.next_poll_at IS NULL OR f.next_poll_at <= ?", [now])

    def add_feed(self, url: str, outlet: str | None = None, interval_minutes: int = 30,
                 origin: str = "command", added_by: str | None = None) -> tuple[FeedRow, bool]:
        """Add a feed (or find it by its URL); returns it and whether it is new. A feed from
        the config file takes the config's interval and outlet each time it is read."""
        with self._write():
            found = list(self.db["feeds"].rows_where("url = ?", [url], select="id"))
            if found:
                feed_id, created = found[0]["id"], False
                if origin == "config":
                    self.db["feeds"].update(feed_id, {"outlet": outlet, "origin": origin,
                                                      "interval_minutes": interval_minutes})
            else:
                feed_id, created = self.db["feeds"].insert({
                    "url": url, "outlet": outlet, "interval_minutes": interval_minutes,
                    "origin": origin, "failures": 0, "added_by": added_by,
                    "created_at": self.now_iso()}).last_pk, True
        return self.feed(feed_id), created

    def remove_feed(self, feed_id: int) -> FeedRow | None:
        """Remove a feed and its record of entries read; the articles stay."""
        feed = self.feed(feed_id)
        if feed is None:
            return None
        with self._write():
            self.db["feed_entries"].delete_where("feed_id = ?", [feed_id])
            self.db["feeds"].delete(feed_id)
        return feed

    def record_feed_poll(self, feed_id: int, polled_at: str, error: str | None,
                         next_poll_at: str, title: str | None = None, etag: str | None = None,
                         last_modified: str | None = None) -> None:
        """A poll's outcome: on success the validators for the next conditional request and
        the failure count back to 0; on failure the error and one more failure."""
        with self._write() as conn:
            if error is None:
                conn.execute(
                    "UPDATE feeds SET last_polled_at = ?, last_ok_at = ?, last_error = NULL,"
                    " failures = 0, next_poll_at = ?, title = coalesce(?, title), etag = ?,"
                    " last_modified = ? WHERE id = ?",
                    [polled_at, polled_at, next_poll_at, title, etag, last_modified, feed_id])
            else:
                conn.execute(
                    "UPDATE feeds SET last_polled_at = ?, last_error = ?,"
                    " failures = failures + 1, next_poll_at = ? WHERE id = ?",
                    [polled_at, error, next_poll_at, feed_id])

    def feed_entry_seen(self, feed_id: int, guid: str) -> bool:
        return bool(self._rows("SELECT 1 FROM feed_entries WHERE feed_id = ? AND guid = ?",
                               [feed_id, guid]))

    def record_feed_entry(self, feed_id: int, guid: str, article_id: int | None) -> None:
        """The entry was read (its article, or None when it was never an article)."""
        with self._write():
            self.db["feed_entries"].insert({"feed_id": feed_id, "guid": guid,
                                            "article_id": article_id,
                                            "seen_at": self.now_iso()}, replace=True)

    # --- topics and subscriptions -------------------------------------------------------------

    def _topic_id(self, topic: str) -> int:
        """The topic's id, made if new. The name keeps the casing it was first given ("NATO")."""
        key = name_key(topic)
        rows = list(self.db["topics"].rows_where("name_key = ?", [key], select="id"))
        if rows:
            return rows[0]["id"]
        return self.db["topics"].insert({"name": " ".join(topic.split()), "name_key": key,
                                         "created_at": self.now_iso()}).last_pk

    _SUBSCRIPTION_SELECT = """
        SELECT s.id, s.team_id, s.channel_id, t.name AS topic, s.schedule, s.timezone,
               s.created_by, s.created_at, s.nothing_new_notes
          FROM subscriptions s JOIN topics t ON t.id = s.topic_id"""

    def _subscriptions(self, where: str, params: Iterable) -> list[Subscription]:
        return [Subscription(**r) for r in self._dicts(
            self._SUBSCRIPTION_SELECT + where + " ORDER BY s.id", params)]

    def subscribe(self, team_id: str, channel_id: str, topic: str, schedule: str,
                  timezone: str, created_by: str | None = None,
                  nothing_new_notes: bool = False) -> tuple[Subscription, bool]:
        """Add or update a subscription; returns it and whether it is new."""
        subscriptions = self.db["subscriptions"]
        with self._write():
            topic_id = self._topic_id(topic)
            existing = list(subscriptions.rows_where(
                "team_id = ? AND channel_id = ? AND topic_id = ?",
                [team_id, channel_id, topic_id], select="id"))
            if existing:
                sub_id, created = existing[0]["id"], False
                subscriptions.update(sub_id, {"schedule": schedule, "timezone": timezone,
                                              "nothing_new_notes": int(nothing_new_notes)})
            else:
                sub_id, created = subscriptions.insert({
                    "team_id": team_id, "channel_id": channel_id, "topic_id": topic_id,
                    "schedule": schedule, "timezone": timezone, "created_by": created_by,
                    "created_at": self.now_iso(),
                    "nothing_new_notes": int(nothing_new_notes)}).last_pk, True
        return self.subscription(sub_id), created

    def unsubscribe(self, team_id: str, channel_id: str, topic: str) -> Subscription | None:
        with self._write():
            found = self._subscriptions(" WHERE s.team_id=? AND s.channel_id=? AND t.name_key=?",
                                        [team_id, channel_id, name_key(topic)])
            if not found:
                return None
            self.db["subscriptions"].delete(found[0].id)
            return found[0]

    def subscription(self, sub_id: int) -> Subscription | None:
        found = self._subscriptions(" WHERE s.id = ?", [sub_id])
        return found[0] if found else None

    def subscriptions(self, team_id: str | None = None,
                      channel_id: str | None = None) -> list[Subscription]:
        where, params = [], []
        if team_id is not None:
            where.append("s.team_id = ?")
            params.append(team_id)
        if channel_id is not None:
            where.append("s.channel_id = ?")
            params.append(channel_id)
        return self._subscriptions(" WHERE " + " AND ".join(where) if where else "", params)

    # --- digest runs --------------------------------------------------------------------------

    _RUN_SELECT = """SELECT id, team_id, channel_id, topic, period_start, period_end, status,
                            statement_count, message_ts, error, started_at, finished_at,
                            parts_posted
                       FROM digest_runs"""

    def _runs(self, where: str, params: Iterable) -> list[DigestRun]:
        return [DigestRun(**r) for r in self._dicts(self._RUN_SELECT + where, params)]

    def claim_digest_run(self, team_id: str, channel_id: str, topic: str,
                         period_start: str | None, period_end: str) -> DigestRun | None:
        """Record that a digest for this period is being posted, before posting it.

        The UNIQUE key makes this the single point where two processes, or a restarted one,
        agree on who posts a period: the loser gets None. A failed run may be claimed again, and
        so may one that found nothing new (nothing was posted; asking again looks again)."""
        runs = self.db["digest_runs"]
        with self._write():
            found = list(runs.rows_where(
                "team_id = ? AND channel_id = ? AND topic = ? AND period_end = ?",
                [team_id, channel_id, name_key(topic), period_end], select="id, status"))
            if found and found[0]["status"] not in ("failed", "nothing new"):
                return None
            if found:
                run_id = found[0]["id"]
                runs.update(run_id, {"status": "posting", "error": None,
                                     "started_at": self.now_iso(), "period_start": period_start})
            else:
                run_id = runs.insert({
                    "team_id": team_id, "channel_id": channel_id, "topic": name_key(topic),
                    "period_start": period_start, "period_end": period_end,
                    "status": "posting", "started_at": self.now_iso()}).last_pk
        return self.digest_run(run_id)

    def finish_digest_run(self, run_id: int, status: str, statement_count: int | None = None,
                          message_ts: str | None = None, error: str | None = None) -> None:
        with self._write() as conn:
            # A retry that only posted the rest of a split digest keeps the first message's ts.
            conn.execute(
                "UPDATE digest_runs SET status=?, statement_count=?,"
                " message_ts=coalesce(message_ts, ?), error=?, finished_at=? WHERE id=?",
                [status, statement_count, message_ts, error, self.now_iso(), run_id],
            )

    def record_digest_part(self, run_id: int, part: int, message_ts: str | None) -> None:
        """Message `part` (0-based) of a digest is in the channel: a retry starts after it."""
        with self._write() as conn:
            conn.execute(
                "UPDATE digest_runs SET parts_posted = max(parts_posted, ?),"
                " message_ts = coalesce(message_ts, ?) WHERE id = ?",
                [part + 1, message_ts, run_id],
            )

    def digest_run(self, run_id: int) -> DigestRun | None:
        found = self._runs(" WHERE id = ?", [run_id])
        return found[0] if found else None

    def last_digest_run(self, team_id: str, channel_id: str, topic: str,
                        statuses: tuple[str, ...] = ("posted", "posting")) -> DigestRun | None:
        marks = ",".join("?" * len(statuses))
        found = self._runs(f" WHERE team_id=? AND channel_id=? AND topic=?"
                           f" AND status IN ({marks}) ORDER BY period_end DESC LIMIT 1",
                           [team_id, channel_id, name_key(topic), *statuses])
        return found[0] if found else None

    def digest_runs(self, team_id: str | None = None, limit: int = 10) -> list[DigestRun]:
        where, params = (" WHERE team_id = ?", [team_id]) if team_id is not None else ("", [])
        return self._runs(where + " ORDER BY started_at DESC, id DESC LIMIT ?", [*params, limit])
