"""The hot queries never read a whole table: every SQL statement that /whosaid (all its forms),
the digests and App Home run is checked with EXPLAIN QUERY PLAN.

SQLite plans without statistics (briefbot never runs ANALYZE) from the schema alone, so the
plan on the seeds' small file is the plan on a file of ten million statements."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from briefbot.digest import build_digest
from briefbot.slack.home import home_view
from briefbot.whosaid import who_said

BIG_TABLES = {"statements", "articles", "quotes", "actors", "aliases", "mentions",
              "actor_roles", "group_members", "article_authors", "actor_days"}
PERIOD_FROM = ("ingested_at>?", "day>?")  # a period of ingest times or days, up to now
PLAN_READ = re.compile(r"^(SCAN|SEARCH) (\w+)")
OPEN_RANGE = re.compile(r"\((\w+)>\?\)$")  # an index walked from a value to the end
ALIAS = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(?!ON\b|WHERE\b|JOIN\b)(\w+))?",
                   re.I)


def _statements_of(store, call) -> list[str]:
    """The queries (SELECT, or WITH ... SELECT) `call` runs once warm (the second time: lookup
    indexes are built once)."""
    call()
    seen: list[str] = []
    conn = store.db.conn
    conn.set_trace_callback(seen.append)
    try:
        call()
    finally:
        conn.set_trace_callback(None)
    return [sql for sql in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def _full_reads(store, sql: str) -> list[str]:
    """Plan lines that read a big table whole: a SCAN (unless an index walked under a LIMIT),
    or an index range open at one end (except a period of ingest times or days)."""
    tables = {alias or table: table for table, alias in ALIAS.findall(sql)}
    limited = re.search(r"\bLIMIT\b", sql, re.I) is not None
    found = []
    for row in store.db.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall():
        line = row[3]
        m = PLAN_READ.match(line)
        if not m or tables.get(m.group(2), m.group(2)) not in BIG_TABLES:
            continue
        if m.group(1) == "SCAN" and not (limited and "USING" in line and "INDEX" in line):
            found.append(line)
        elif OPEN_RANGE.search(line) and not any(p in line for p in PERIOD_FROM):
            found.append(line)
    return found


NOW = datetime(2030, 1, 1, tzinfo=UTC)
HOT = {
    "whosaid": lambda s: who_said(s, "Rutte"),
    "whosaid page 20": lambda s: who_said(s, "Rutte", offset=95),
    "whosaid topic": lambda s: who_said(s, "Trump", topic="ceasefire"),
    "whosaid since": lambda s: who_said(s, "Hegseth", since="2026-01-01"),
    "whosaid topic since": lambda s: who_said(s, "Trump", topic="ceasefire", since="2026-01-01"),
    "unknown name": lambda s: who_said(s, "Rute Nobody"),
    "daily digest": lambda s: build_digest(s, "ceasefire", (NOW - timedelta(days=1)).isoformat(),
                                           NOW.isoformat()),
    "weekly digest": lambda s: build_digest(s, "Ukraine", (NOW - timedelta(days=7)).isoformat(),
                                            NOW.isoformat()),
    "actor digest": lambda s: build_digest(s, "actor:Rutte", (NOW - timedelta(days=7)).isoformat(),
                                           NOW.isoformat()),
    "App Home": lambda s: home_view(s, "T_LOCAL", now=NOW),
}


@pytest.mark.parametrize("name", HOT)
def test_no_hot_query_reads_a_whole_table(seeded_store, name):
    statements = _statements_of(seeded_store, lambda: HOT[name](seeded_store))
    assert statements, "the call ran no query at all"
    assert len(statements) < 40, "one query per row: " + "\n".join(statements)
    for sql in statements:
        assert not _full_reads(seeded_store, sql), (sql, _full_reads(seeded_store, sql))


def test_the_check_sees_a_full_scan(seeded_store):
    assert _full_reads(seeded_store, "SELECT count(*) FROM statements WHERE quote LIKE '%a%'")
    assert _full_reads(seeded_store, "SELECT * FROM statements s WHERE s.actor_id > 0")
    assert _full_reads(seeded_store, "SELECT a.name FROM actors a JOIN aliases l ON"
                                     " l.actor_id = a.id WHERE l.alias LIKE 'R%'")
    assert not _full_reads(seeded_store, "SELECT * FROM statements WHERE actor_id = 1")


def test_the_counting_triggers_read_one_article_not_one_actor(store):
    """Every stored statement runs these steps: the article check must read the article's few
    statements, never walk the actor's (a quarter of a million for a head of state)."""
    from briefbot.store import _count_in, _count_out

    for body in (_count_in("NEW"), _count_out("OLD")):
        for step in filter(str.strip, re.sub(r"\b(?:NEW|OLD)\.\w+", "1", body).split(";")):
            for row in store.db.conn.execute("EXPLAIN QUERY PLAN " + step).fetchall():
                line = row[3]
                assert "statements_actor" not in line or "same_as=?" in line, (step, line)
                assert not line.startswith("SCAN") or "CONSTANT ROW" in line, (step, line)


def _plan(store, sql: str) -> list[str]:
    return [row[3] for row in store.db.conn.execute("EXPLAIN QUERY PLAN " + sql)]


def test_a_digest_reads_the_topic_only_inside_its_period(seeded_store):
    """Neither every statement on the topic nor every statement of the period: the period's
    range of statement ids, read from the few rows of its hours (m015), then the topic's
    matches inside that range (FTS5 seeks to it: '<' and '>' in its plan are the rowid
    bounds)."""
    queries = _statements_of(seeded_store, lambda: build_digest(
        seeded_store, "Ukraine", "2000-01-01T00:00:00+00:00", NOW.isoformat()))
    [span] = [q for q in queries if "statement_hours" in q]
    assert _plan(seeded_store, span) == [
        "SEARCH statement_hours USING PRIMARY KEY (hour>? AND hour<?)"], _plan(seeded_store, span)
    matched = [q for q in queries if "statements_fts MATCH" in q]
    assert len(matched) == 1, matched  # one pass: the quotes and the articles of the period
    fts = [line for line in _plan(seeded_store, matched[0]) if "statements_fts" in line]
    assert fts and "<" in fts[0] and ">" in fts[0], fts
    assert not any("articles_ingested_at" in line for q in queries
                   for line in _plan(seeded_store, q)), "a digest walked its period's articles"


def test_whosaid_on_a_topic_walks_the_index_newest_day_first(seeded_store):
    """The page comes from walking the topic's matches in the index's own order (newest day
    first, m011), stopping early: nothing sorts every match."""
    queries = _statements_of(seeded_store, lambda: HOT["whosaid topic"](seeded_store))
    [walk] = [q for q in queries if "ORDER BY rowid DESC" in q]
    plan = _plan(seeded_store, walk)
    assert plan and not any("B-TREE" in line for line in plan), plan


def test_name_lookup_reads_only_what_changed_since_it_last_looked(seeded_store):
    """After a new alias, `find` reads the changes after its number and the changed actor by
    id: neither every actor nor every change."""
    who_said(seeded_store, "Rutte")
    rutte = seeded_store.actors_by_alias("Rutte")[0]
    seeded_store.db["aliases"].insert({"actor_id": rutte.id, "alias": "NATO's Rutte",
                                       "alias_key": "nato's rutte"})
    seen: list[str] = []
    seeded_store.db.conn.set_trace_callback(seen.append)
    try:
        who_said(seeded_store, "Rute")
    finally:
        seeded_store.db.conn.set_trace_callback(None)
    changes = [q for q in seen if "actor_changes" in q]
    assert len(changes) == 2, changes  # the number now, and what changed after the last one
    for sql in changes:
        assert all(line.startswith("SEARCH actor_changes") or "TEMP B-TREE" in line
                   for line in _plan(seeded_store, sql)), _plan(seeded_store, sql)
    assert not [q for q in seen if "FROM actors a" in q and "WHERE a.id IN" not in q], seen


def test_app_home_counts_a_few_actors_never_the_weeks_statements(seeded_store):
    """"Most quoted this week" reads each day's actors with the most copies (`actor_days` by
    day and copies), bounds them by their days (primary key ranges), and counts the leaders
    inside the week through (actor, article) index ranges: no query walks the week's actors or
    the week's articles' statements."""
    queries = _statements_of(seeded_store, lambda: seeded_store.most_quoted_actors(
        "2000-01-01T00:00:00+00:00", limit=3))
    leaders = [q for q in queries if "copies >=" in q]
    assert leaders
    for sql in leaders:
        assert _plan(seeded_store, sql)[0] == (
            "SEARCH actor_days USING COVERING INDEX actor_days_copies (day=? AND copies>?)"), \
            _plan(seeded_store, sql)
    for sql in [q for q in queries if "sum(copies)" in q]:
        assert _plan(seeded_store, sql)[0].startswith(
            "SEARCH actor_days USING PRIMARY KEY (actor_id=? AND day>?)"), _plan(seeded_store, sql)
    counted = [q for q in queries if "count(DISTINCT" in q]
    assert counted
    for sql in counted:
        plan = _plan(seeded_store, sql)
        assert any("statements_actor_article (actor_id=? AND article_id>? AND article_id<?)"
                   in line for line in plan), plan
        assert not any("statements_article" in line for line in plan), plan


def test_a_group_members_counts_never_walk_its_own_statements(seeded_store):
    """Umerov spoke once in the seeds together with three others: his answer counts that joint
    statement with his own from the kept counts and the group's few statements, never by
    reading his own statements (a head of state who once signed a joint letter has hundreds
    of thousands of them)."""
    member = seeded_store.actors_by_alias("Rustem Umerov")[0]
    counted = seeded_store.with_groups_counted(member)
    assert counted.statement_count > member.statement_count  # the joint statement is his too
    queries = _statements_of(seeded_store, lambda: seeded_store.with_groups_counted(member))
    own = re.compile(rf"\bactor_id\s*(?:=\s*{member.id}\b|IN\s*\([^)]*\b{member.id}\b)")
    for sql in queries:
        if own.search(sql) and re.search(r"\bstatements\b", sql):
            assert re.search(rf"actor_id = {member.id} AND \w+\.article_id = ", sql), sql
