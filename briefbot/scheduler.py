"""Digests on time, once: APScheduler 3.x jobs built from the subscriptions table.

One cron job per subscription (`digest:<id>`, `CronTrigger` in the subscription's time zone, so
08:00 Europe/Brussels stays 08:00 local across daylight-saving changes), with `coalesce=True`
and a misfire grace so a host that slept through 08:00 runs it once when it wakes.

A periodic tick rebuilds the jobs from the table (a subscription changed by another process is
seen within a tick) and runs every subscription whose latest due period has not been posted:
that is the catch-up at start (one digest, however many fire times were missed) and the retry
of a failed run (never dropped).

"The period" has one definition, `due_period_end`: the last scheduled fire time at or before
now, in UTC. A job that runs late, a restarted process and a second process all ask for the
same period end, and the UNIQUE claim in `digest_runs` lets only one of them post it (see
`briefbot.delivery` for what happens when a process dies between posting and recording).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from briefbot.cadence import parse_schedule
from briefbot.delivery import DigestOutcome, Sender, run_digest
from briefbot.models import Subscription

if TYPE_CHECKING:  # the store is handed in; only its type is named here
    from briefbot.store import Store

log = logging.getLogger(__name__)

JOB_PREFIX = "digest:"
TICK_JOB_ID = "digests:tick"
# Far enough back to see the previous fire time of any schedule we accept (weekly is the
# sparsest), so the latest due period is always found.
LOOKBACK = timedelta(days=8)
DEFAULT_MISFIRE_GRACE_SECONDS = 6 * 3600  # as config.Settings

SenderFor = Callable[[str, str], Sender]  # (team_id, channel_id) -> how to post there


def job_id(sub: Subscription) -> str:
    return f"{JOB_PREFIX}{sub.id}"


def trigger_for(sub: Subscription) -> CronTrigger:
    return CronTrigger(**parse_schedule(sub.schedule).cron_fields(),
                       timezone=ZoneInfo(sub.timezone))


def due_period_end(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The last fire time of `trigger` at or before `now`, in UTC (None if none in LOOKBACK).

    APScheduler only looks forward, so this walks forward from LOOKBACK ago with the same
    trigger the job runs on: the job, the catch-up and the tests share this one definition.

    When clocks go back, a local time such as 02:30 happens twice and the trigger fires at
    both; the repeat is the same local moment, so it is the same period (posted once)."""
    fire = trigger.get_next_fire_time(None, now - LOOKBACK)
    last = None
    while fire is not None and fire <= now:
        if last is None or fire.replace(tzinfo=None) != last.replace(tzinfo=None):
            last = fire
        fire = trigger.get_next_fire_time(fire, fire)
    return last.astimezone(UTC) if last else None


def subscription_due(sub: Subscription, now: datetime) -> datetime | None:
    """The period end a subscription should have posted by `now`, or None.

    Only fire times after the subscription was made count: subscribing at 10:00 to a daily
    08:00 digest brings the first one tomorrow at 08:00, not a catch-up right away."""
    end = due_period_end(trigger_for(sub), now)
    if end is None or end <= datetime.fromisoformat(sub.created_at):
        return None
    return end


class DigestScheduler:
    """Posts every subscription's digest on its schedule, exactly one per period.

    `sender_for(team_id, channel_id)` returns how to post a digest there; the service hands it
    in (Slack's chat.postMessage, or printing it), so this module knows neither Slack nor the
    console. `clock` is injectable so tests drive time by calling `tick(now)` and
    `run_subscription(sub, now)` instead of sleeping."""

    def __init__(self, store: Store, sender_for: SenderFor,
                 synonyms: dict[str, tuple[str, ...]] | None = None,
                 misfire_grace_seconds: int = DEFAULT_MISFIRE_GRACE_SECONDS,
                 clock: Callable[[], datetime] | None = None, tick_seconds: float = 60.0,
                 scheduler: BackgroundScheduler | None = None):
        self.store = store
        self.sender_for = sender_for
        self.synonyms = synonyms or {}
        self.misfire_grace_seconds = misfire_grace_seconds
        self.clock = clock or (lambda: datetime.now(UTC))
        self.tick_seconds = tick_seconds
        self.scheduler = scheduler or BackgroundScheduler(timezone=UTC)
        self._jobs: dict[str, tuple[str, str]] = {}  # job id -> (schedule, time zone)
        self._sync_lock = threading.Lock()
        self._stopping = threading.Event()
        self._running = 0  # jobs (ticks and digests) in progress
        self._idle = threading.Condition()

    # --- lifecycle ------------------------------------------------------------------------

    def start(self, paused: bool = False) -> DigestScheduler:
        """Build the jobs, start the scheduler and catch up at once (in its thread pool)."""
        self._warn_about_stuck_claims()
        self.sync()
        self.scheduler.add_job(
            self._job, IntervalTrigger(seconds=self.tick_seconds, timezone=UTC),
            args=[self.tick], id=TICK_JOB_ID, name="digest catch-up and retry",
            replace_existing=True,
            coalesce=True, max_instances=1, misfire_grace_time=None,
            next_run_time=datetime.now(UTC),  # the catch-up at start
        )
        self.scheduler.start(paused=paused)
        log.info("digest scheduler started with %d subscription(s)", len(self._jobs))
        return self

    def stop(self, timeout: float = 5.0) -> bool:
        """Fire nothing more and give a running job `timeout` seconds to finish; True if none
        is left running.

        Never `shutdown(wait=True)`: it waits for running jobs while holding the scheduler's
        job-store lock, and the start-up tick needs that lock (`get_jobs()` in `sync`), so the
        two waited on each other for ever. Here the scheduler is shut without waiting, and the
        running job, which checks `_stopping` between subscriptions, is waited for outside any
        scheduler lock. A digest cut off by the deadline is retried by the next start's tick."""
        self._stopping.set()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        with self._idle:
            finished = self._idle.wait_for(lambda: self._running == 0, timeout)
        if not finished:
            log.warning("a digest job was still running at stop; it is left to finish or be "
                        "retried at the next start")
        return finished

    def _job(self, fn, *args):
        """Run a scheduled job, counted so `stop` knows when nothing is running."""
        with self._idle:
            if self._stopping.is_set():
                return None
            self._running += 1
        try:
            return fn(*args)
        finally:
            with self._idle:
                self._running -= 1
                self._idle.notify_all()

    def _warn_about_stuck_claims(self, older_than: timedelta = timedelta(minutes=15)) -> None:
        """A run still "posting" long after it started belongs to a process that died between
        posting and recording. It is not posted again (see briefbot.delivery); say so once."""
        limit = datetime.now(UTC) - older_than
        for run in self.store.digest_runs(limit=100):
            if run.status == "posting" and datetime.fromisoformat(run.started_at) < limit:
                log.warning("digest %s for %s in %s/%s was being posted when a process stopped;"
                            " it may or may not have reached the channel and is not posted "
                            "again (its statements come in the next digest)", run.period_end,
                            run.topic, run.team_id, run.channel_id)

    # --- jobs from the table --------------------------------------------------------------

    def sync(self) -> None:
        """Make the jobs match the subscriptions table: add new ones, replace changed ones,
        remove deleted ones. An unchanged job is left alone, so its next run time stands."""
        with self._sync_lock:
            subs = {job_id(s): s for s in self.store.subscriptions()}
            for jid, sub in subs.items():
                signature = (sub.schedule, sub.timezone)
                if self._jobs.get(jid) == signature and self.scheduler.get_job(jid):
                    continue
                try:
                    trigger = trigger_for(sub)
                except Exception as e:  # a bad row must not stop the other subscriptions
                    log.error("subscription %s (%s in %s) has an unusable schedule %r / %r: %s",
                              sub.id, sub.topic, sub.channel_id, sub.schedule, sub.timezone, e)
                    continue
                self.scheduler.add_job(
                    self._job, trigger, args=[self._run_job, sub.id], id=jid,
                    replace_existing=True,
                    name=f"digest {sub.topic} for {sub.team_id}/{sub.channel_id}",
                    coalesce=True, max_instances=1,
                    misfire_grace_time=self.misfire_grace_seconds,
                )
                self._jobs[jid] = signature
            for job in self.scheduler.get_jobs():
                if job.id.startswith(JOB_PREFIX) and job.id not in subs:
                    job.remove()
            for jid in set(self._jobs) - set(subs):
                del self._jobs[jid]

    def subscriptions_changed(self) -> None:
        """A slash command changed the table: rebuild the jobs now (other processes see the
        change on their next tick). A failure here must not fail the command; the tick retries."""
        try:
            self.sync()
        except Exception:
            log.exception("could not update digest jobs after a subscription change")

    # --- running --------------------------------------------------------------------------

    def run_subscription(self, sub: Subscription,
                         now: datetime | None = None) -> DigestOutcome | None:
        """Post the subscription's latest due period if nobody has; None when nothing is due."""
        end = subscription_due(sub, now or self.clock())
        if end is None:
            return None

        send = self.sender_for(sub.team_id, sub.channel_id)
        return run_digest(self.store, sub.team_id, sub.channel_id, sub.topic, end, send,
                          post_empty=bool(sub.nothing_new_notes),
                          timezone=sub.timezone, synonyms=self.synonyms)

    def _run_job(self, sub_id: int) -> None:
        sub = self.store.subscription(sub_id)
        if sub is None:  # unsubscribed since the job was scheduled
            return
        self.run_subscription(sub)

    def tick(self, now: datetime | None = None) -> list[DigestOutcome]:
        """Re-read the subscriptions, then post every due period that has no posted (or
        in-flight) run: the catch-up at start, and the retry of failed runs. A stop between
        two subscriptions ends the tick there."""
        if self._stopping.is_set():
            return []
        self.sync()
        now = now or self.clock()
        outcomes = []
        for sub in self.store.subscriptions():
            if self._stopping.is_set():
                break
            try:
                outcome = self.run_subscription(sub, now)
            except Exception:
                log.exception("digest for subscription %s (%s in %s) could not run",
                              sub.id, sub.topic, sub.channel_id)
                continue
            if outcome is not None and outcome.status != "skipped":
                outcomes.append(outcome)
        return outcomes
