"""One digest per period, across crashes and processes: real child processes on one SQLite file."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from briefbot.delivery import run_digest
from briefbot.scheduler import DigestScheduler
from briefbot.store import Store

from .test_scheduler import add_article, local, quotes, subscribe

REPO = Path(__file__).resolve().parent.parent

# A briefbot process that ticks once at a given instant; its sender writes a line to a file
# (what reached the channel) and then takes `block` seconds before answering.
CHILD = """
import sys, time
from datetime import datetime
from briefbot.scheduler import DigestScheduler
from briefbot.store import Store

path, sent, now, block = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])

def sender_for(team_id, channel_id):
    def send(digest, progress):
        with open(sent, "a") as f:
            f.write(f"{digest.period_end} {digest.statement_count}\\n")
        time.sleep(block)
        return "child.ts"
    return send

DigestScheduler(Store(path), sender_for).tick(datetime.fromisoformat(now))
"""


def child(db: Path, sent: Path, now: datetime, block: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(sent), now.isoformat(),
                             str(block)], cwd=REPO)


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_crash_between_post_and_record_never_posts_that_period_again(tmp_path):
    db, sent = tmp_path / "b.db", tmp_path / "sent.txt"
    store = Store(db)
    subscribe(store)
    add_article(store, "the ceasefire of the 28th", local(2027, 3, 28, 7, 0), "a")
    eight = local(2027, 3, 28, 8, 0, 1)
    proc = child(db, sent, eight, block=600)  # posts, then hangs before recording
    deadline = time.monotonic() + 60
    while not lines(sent) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert lines(sent) == ["2027-03-28T06:00:00+00:00 1"]
    proc.kill()  # kill -9 between the post and the record
    proc.wait()

    [run] = store.digest_runs("T1")
    assert run.status == "posting"  # the claim the dead process left

    def sender_for(team_id, channel_id):
        def send(digest, progress):
            with sent.open("a") as f:
                f.write(f"{digest.period_end} {digest.statement_count}\n")
            return "parent.ts"
        return send

    # The restarted process at 08:01 and again later that day: nothing more for that period.
    restarted = DigestScheduler(Store(db), sender_for)
    restarted.tick(local(2027, 3, 28, 8, 1))
    restarted.tick(local(2027, 3, 28, 18, 0))
    assert lines(sent) == ["2027-03-28T06:00:00+00:00 1"]

    # The next day's digest starts at the last *posted* end, so the stuck period's statements
    # are carried forward, never lost (shown again if the dead process had reached Slack).
    add_article(store, "the ceasefire of the 29th", local(2027, 3, 29, 7, 0), "b")
    restarted.tick(local(2027, 3, 29, 8, 0))
    assert lines(sent) == ["2027-03-28T06:00:00+00:00 1", "2027-03-29T06:00:00+00:00 2"]
    runs = {r.period_end: r for r in store.digest_runs("T1")}
    assert runs["2027-03-29T06:00:00+00:00"].period_start is None
    assert runs["2027-03-29T06:00:00+00:00"].status == "posted"


def test_two_processes_at_the_same_moment_post_once(tmp_path):
    db, sent = tmp_path / "b.db", tmp_path / "sent.txt"
    store = Store(db)
    subscribe(store)
    add_article(store, "the ceasefire", local(2027, 3, 28, 7, 0), "a")
    eight = local(2027, 3, 28, 8, 0, 1)
    procs = [child(db, sent, eight, block=0.5) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert lines(sent) == ["2027-03-28T06:00:00+00:00 1"]
    [run] = store.digest_runs("T1")
    assert run.status == "posted" and run.message_ts == "child.ts"


def test_a_digest_that_cannot_be_built_is_failed_not_stuck(store, monkeypatch):
    import briefbot.delivery

    def broken(*args, **kwargs):
        raise ValueError("fts5: syntax error")

    monkeypatch.setattr(briefbot.delivery, "build_digest", broken)
    end = datetime(2027, 3, 28, 6, 0, tzinfo=UTC)
    outcome = run_digest(store, "T1", "C1", "ceasefire", end, send=lambda d, _: "ts")
    assert outcome.status == "failed" and "syntax error" in outcome.error
    monkeypatch.undo()
    assert run_digest(store, "T1", "C1", "ceasefire", end, send=lambda d, _: "ts",
                      post_empty=True).status == "posted"


def test_digest_now_then_the_scheduled_one_covers_only_what_came_between(store):
    subscribe(store)
    add_article(store, "ceasefire early", local(2027, 3, 28, 6, 0), "a")
    posted = []

    def keep(digest, progress):
        posted.append(digest)

    first = run_digest(store, "T1", "C1", "ceasefire", local(2027, 3, 28, 7, 30),
                       send=keep, timezone="Europe/Brussels")
    add_article(store, "ceasefire later", local(2027, 3, 28, 7, 45), "b")
    ds = DigestScheduler(store, lambda team, channel: keep)
    ds.tick(local(2027, 3, 28, 8, 0))
    assert first.status == "posted"
    assert [[q.quote for s in d.sections for q in s.quotes] for d in posted] == [
        ["ceasefire early"], ["ceasefire later"]]
    # A manual digest after 08:00 makes the scheduled job for 08:00 (running late) a no-op.
    run_digest(store, "T1", "C1", "ceasefire", local(2027, 3, 29, 8, 0, 10), send=keep,
               post_empty=True)
    ds.tick(local(2027, 3, 29, 8, 0, 20))
    assert len(posted) == 3 and quotes(("T1", "C1", posted[-1])) == []
