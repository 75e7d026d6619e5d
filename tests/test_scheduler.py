"""The digest scheduler with a controllable clock: real SQLite files, real APScheduler triggers,
time driven by calling `tick(now)` instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from briefbot.config import Settings
from briefbot.models import Actor, Article, Extraction, Statement
from briefbot.scheduler import (
    DigestScheduler,
    due_period_end,
    subscription_due,
    trigger_for,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
SETTINGS = Settings(timezone="Europe/Brussels", topic_synonyms={"ceasefire": ("truce",)})
SCHEDULER_SETTINGS = {"synonyms": SETTINGS.topic_synonyms,
                      "misfire_grace_seconds": SETTINGS.digest_misfire_grace_seconds}


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


class Channel:
    """A fake place to post: remembers every digest it was sent, can be told to fail."""

    def __init__(self):
        self.posts = []
        self.failures: list[Exception] = []

    def sender_for(self, team_id, channel_id):
        def send(digest, progress):
            if self.failures:
                raise self.failures.pop(0)
            self.posts.append((team_id, channel_id, digest))
            return f"{len(self.posts)}.000"

        return send


def add_article(store, quote: str, at: datetime, h: str, speaker="Mark Rutte") -> None:
    text = f"{speaker} said {quote}."
    article = Article(path=f"{h}.txt", text=text, body=text, content_hash=h,
                      source_format="txt", title=f"Story {h}", outlet="UNN")
    st = Statement(speaker=speaker, speaker_start=0, speaker_end=len(speaker), cue="said",
                   cue_start=len(speaker) + 1, cue_end=len(speaker) + 5,
                   content_start=len(speaker) + 6, content_end=len(text) - 1, quote=quote,
                   kind="indirect", confidence=0.9)
    store.save_article(article, Extraction([st], [Actor(name=speaker)]),
                       ingested_at=at.astimezone(UTC).isoformat(timespec="seconds"))


def subscribe(store, schedule="daily 08:00", tz="Europe/Brussels", topic="ceasefire",
              created_at="2027-01-01T00:00:00+00:00", notes=False):
    # Made well before the period the tests drive: the store's clock says when.
    real_clock, store.clock = store.clock, lambda: datetime.fromisoformat(created_at)
    try:
        sub, _ = store.subscribe("T1", "C1", topic, schedule, tz, nothing_new_notes=notes)
    finally:
        store.clock = real_clock
    return sub


def quotes(post) -> list[str]:
    return [q.quote for s in post[2].sections for q in s.quotes]


# --- the period ---------------------------------------------------------------------------


def test_cron_trigger_keeps_local_time_across_march_dst():
    trigger = CronTrigger(day_of_week="*", hour=8, minute=0, timezone=BRUSSELS)
    fire = trigger.get_next_fire_time(None, local(2027, 3, 26, 9, 0))
    fires = []
    for _ in range(4):
        fires.append(fire)
        fire = trigger.get_next_fire_time(fire, fire)
    assert [f.astimezone(BRUSSELS).strftime("%d %H:%M") for f in fires] == [
        "27 08:00", "28 08:00", "29 08:00", "30 08:00"]
    # 2027-03-28 is the change: 07:00 UTC before, 06:00 UTC from that day on.
    assert [f.astimezone(UTC).hour for f in fires] == [7, 6, 6, 6]


@pytest.mark.parametrize("now, expected", [
    (local(2027, 3, 28, 7, 59, 59), local(2027, 3, 27, 8, 0)),
    (local(2027, 3, 28, 8, 0, 0), local(2027, 3, 28, 8, 0)),
    (local(2027, 3, 28, 8, 0, 30), local(2027, 3, 28, 8, 0)),
    (local(2027, 3, 31, 23, 0), local(2027, 3, 31, 8, 0)),
])
def test_due_period_end_is_the_last_fire_time_at_or_before_now(now, expected):
    trigger = CronTrigger(day_of_week="*", hour=8, minute=0, timezone=BRUSSELS)
    assert due_period_end(trigger, now) == expected.astimezone(UTC)


def test_weekly_and_weekday_periods():
    weekly = CronTrigger(day_of_week="mon", hour=9, minute=0, timezone=BRUSSELS)
    # Sunday 2027-04-04: the last Monday 09:00 is 2027-03-29.
    assert due_period_end(weekly, local(2027, 4, 4, 12, 0)) == local(2027, 3, 29, 9, 0)
    weekdays = CronTrigger(day_of_week="mon-fri", hour=8, minute=0, timezone=BRUSSELS)
    assert due_period_end(weekdays, local(2027, 4, 4, 12, 0)) == local(2027, 4, 2, 8, 0)


def test_new_subscription_waits_for_its_first_fire_time(store):
    sub, _ = store.subscribe("T1", "C1", "ceasefire", "daily 08:00", "UTC")
    created = datetime.fromisoformat(sub.created_at)
    assert subscription_due(sub, created) is None
    assert subscription_due(sub, created + timedelta(days=1, minutes=1)) is not None


# --- APScheduler jobs from the table --------------------------------------------------------


def test_jobs_are_built_from_subscriptions_and_follow_changes(store):
    channel = Channel()
    a = subscribe(store)
    b = subscribe(store, "weekly mon 09:30", "America/New_York", topic="NATO membership")
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS,
                         scheduler=BackgroundScheduler(timezone=UTC))
    ds.start(paused=True)
    try:
        job = ds.scheduler.get_job(f"digest:{a.id}")
        assert job.coalesce is True
        assert job.misfire_grace_time == SETTINGS.digest_misfire_grace_seconds
        assert job.trigger.timezone == BRUSSELS
        assert str(job.trigger) == str(trigger_for(a))
        assert job.next_run_time.astimezone(BRUSSELS).strftime("%H:%M") == "08:00"
        assert ds.scheduler.get_job(f"digest:{b.id}").trigger.timezone == ZoneInfo(
            "America/New_York")
        assert ds.scheduler.get_job("digests:tick") is not None

        # A change made through a slash command is applied at once ...
        store.subscribe("T1", "C1", "ceasefire", "daily 07:15", "Europe/Brussels")
        ds.subscriptions_changed()
        job = ds.scheduler.get_job(f"digest:{a.id}")
        assert job.next_run_time.astimezone(BRUSSELS).strftime("%H:%M") == "07:15"
        # ... and one made by another process on the next tick (sync).
        store.unsubscribe("T1", "C1", "NATO membership")
        ds.sync()
        assert ds.scheduler.get_job(f"digest:{b.id}") is None
        assert [j.id for j in ds.scheduler.get_jobs() if j.id.startswith("digest:")] == [
            f"digest:{a.id}"]
    finally:
        ds.stop()


def test_unchanged_subscription_keeps_its_job(store):
    subscribe(store)
    ds = DigestScheduler(store, Channel().sender_for, **SCHEDULER_SETTINGS)
    ds.sync()
    [job] = ds.scheduler.get_jobs()
    ds.sync()
    assert ds.scheduler.get_jobs() == [job] and ds.scheduler.get_jobs()[0] is job


def test_a_broken_row_does_not_stop_the_others(store):
    good = subscribe(store)
    subscribe(store, topic="truce", tz="Mars/Olympus")  # e.g. a zone this host does not know
    ds = DigestScheduler(store, Channel().sender_for, **SCHEDULER_SETTINGS)
    ds.sync()
    assert [j.id for j in ds.scheduler.get_jobs()] == [f"digest:{good.id}"]


def test_the_job_itself_posts_the_scheduled_period(store):
    sub = subscribe(store)
    add_article(store, "the ceasefire must hold", local(2027, 3, 28, 7, 0), "a")
    channel = Channel()
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS,
                         clock=lambda: local(2027, 3, 28, 8, 0, 2))
    ds.sync()
    job = ds.scheduler.get_job(f"digest:{sub.id}")
    job.func(*job.args)  # what APScheduler calls at 08:00
    job.func(*job.args)  # a second fire (or a second process) posts nothing
    assert len(channel.posts) == 1
    assert channel.posts[0][2].period_end == "2027-03-28T06:00:00+00:00"


# --- exactly once, with a controllable clock ------------------------------------------------


def test_daily_0800_brussels_across_dst_posts_once_a_day_at_0800_local(store):
    subscribe(store)
    channel = Channel()
    now = [local(2027, 3, 25, 12, 0)]
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS, clock=lambda: now[0])
    ds.tick()  # today's 08:00 (before the test's story) is posted at start
    posts_before = len(channel.posts)
    day = local(2027, 3, 26, 0, 0)
    while day < local(2027, 3, 31, 0, 0):
        add_article(store, f"ceasefire talks on day {day.day}", day.replace(hour=3),
                    f"d{day.day}")
        for hh, mm in [(7, 59), (8, 0), (8, 1), (12, 0), (23, 59)]:
            now[0] = day.replace(hour=hh, minute=mm)
            ds.tick()
        day = (day + timedelta(days=1, hours=2)).replace(hour=0)
    posts = channel.posts[posts_before:]
    ends = [datetime.fromisoformat(p[2].period_end) for p in posts]
    assert [e.astimezone(BRUSSELS).strftime("%d %H:%M") for e in ends] == [
        "26 08:00", "27 08:00", "28 08:00", "29 08:00", "30 08:00"]
    assert [e.hour for e in ends] == [7, 7, 6, 6, 6]  # UTC: the DST change is on the 28th
    assert [quotes(p) for p in posts] == [[f"ceasefire talks on day {d}"]
                                          for d in range(26, 31)]


@pytest.mark.parametrize("restart_at", [(7, 59), (8, 1)])
def test_a_restart_before_or_after_0800_posts_exactly_once(tmp_path, restart_at):
    from briefbot.store import Store

    path = tmp_path / "b.db"
    first = Store(path)
    subscribe(first)
    add_article(first, "a ceasefire now", local(2027, 3, 28, 6, 0), "a")
    channel = Channel()
    day = local(2027, 3, 28, 0, 0)
    run_a = DigestScheduler(first, channel.sender_for, **SCHEDULER_SETTINGS,
                            clock=lambda: day.replace(hour=7, minute=30))
    run_a.tick()
    posts_before = len(channel.posts)
    # Process A runs until the restart; a fresh process B (own connections) takes over.
    for hh, mm in [(7, 45), restart_at]:
        run_a.tick(day.replace(hour=hh, minute=mm))
    second = Store(path)
    run_b = DigestScheduler(second, channel.sender_for, **SCHEDULER_SETTINGS)
    for hh, mm in [restart_at, (8, 0), (8, 1), (8, 2), (9, 0)]:
        run_b.tick(day.replace(hour=hh, minute=mm))
    # And a third restart later that morning.
    third = DigestScheduler(Store(path), channel.sender_for, **SCHEDULER_SETTINGS)
    third.tick(day.replace(hour=10))
    posts = channel.posts[posts_before:]
    assert len(posts) == 1
    assert posts[0][2].period_end == "2027-03-28T06:00:00+00:00"


def test_article_ingested_at_080030_is_in_the_next_days_digest(store):
    subscribe(store)
    channel = Channel()
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS)
    ds.tick(local(2027, 3, 27, 8, 0, 5))
    add_article(store, "the ceasefire before eight", local(2027, 3, 28, 7, 59, 59), "early")
    add_article(store, "the ceasefire at eight", local(2027, 3, 28, 8, 0, 0), "edge")
    add_article(store, "the ceasefire after eight", local(2027, 3, 28, 8, 0, 30), "late")
    ds.tick(local(2027, 3, 28, 8, 0, 45))
    ds.tick(local(2027, 3, 29, 8, 0, 1))
    today, tomorrow = channel.posts[-2:]
    assert quotes(today) == ["the ceasefire before eight"]
    assert quotes(tomorrow) == ["the ceasefire at eight", "the ceasefire after eight"]


def test_a_host_that_slept_through_three_mornings_posts_one_catch_up(store):
    subscribe(store)
    channel = Channel()
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS)
    ds.tick(local(2027, 3, 25, 8, 1))
    before = len(channel.posts)
    for d in (25, 26, 27, 28):
        add_article(store, f"ceasefire news of the {d}th", local(2027, 3, d, 12, 0), f"s{d}")
    ds.tick(local(2027, 3, 29, 10, 30))  # the laptop opens at 10:30 on the fourth day
    ds.tick(local(2027, 3, 29, 10, 31))
    [post] = channel.posts[before:]
    assert post[2].period_end == local(2027, 3, 29, 8, 0).astimezone(UTC).isoformat()
    assert len(quotes(post)) == 4


def test_an_empty_period_posts_nothing_unless_the_subscription_asks(store):
    quiet = subscribe(store)
    channel = Channel()
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS)
    ds.tick(local(2027, 3, 27, 8, 0))
    ds.tick(local(2027, 3, 27, 8, 1))  # a later tick does not try the quiet period again
    assert channel.posts == []
    assert [r.status for r in store.digest_runs("T1")] == ["nothing new"]

    store.unsubscribe("T1", "C1", quiet.topic)
    subscribe(store, notes=True)  # `/briefbot subscribe ceasefire daily 08:00 always`
    ds.tick(local(2027, 3, 28, 8, 0))
    from briefbot.templating import render_digest_text

    text = render_digest_text(channel.posts[-1][2])
    assert text == "ceasefire · nothing new.\n"


def test_a_failure_is_recorded_and_retried_on_the_next_tick(store):
    subscribe(store)
    add_article(store, "the truce holds", local(2027, 3, 28, 7, 0), "a")
    channel = Channel()
    channel.failures.append(RuntimeError("channel_not_found"))
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS)
    [outcome] = ds.tick(local(2027, 3, 28, 8, 0))
    assert outcome.status == "failed" and "channel_not_found" in outcome.error
    [run] = store.digest_runs("T1")
    assert run.status == "failed" and "RuntimeError: channel_not_found" in run.error
    [retry] = ds.tick(local(2027, 3, 28, 8, 1))
    assert retry.status == "posted"
    assert ds.tick(local(2027, 3, 28, 8, 2)) == []
    [post] = channel.posts
    assert quotes(post) == ["the truce holds"]  # the synonym from the settings
    [run] = store.digest_runs("T1")
    assert run.status == "posted" and run.message_ts == "1.000"


def test_a_failure_that_outlasts_its_period_rolls_into_the_next(store):
    subscribe(store)
    add_article(store, "ceasefire on the 28th", local(2027, 3, 28, 7, 0), "a")
    channel = Channel()
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS)
    channel.failures += [RuntimeError("down")] * 3
    for hh in (8, 9, 10):
        ds.tick(local(2027, 3, 28, hh, 0))
    assert channel.posts == []
    add_article(store, "ceasefire on the 29th", local(2027, 3, 29, 7, 0), "b")
    ds.tick(local(2027, 3, 29, 8, 0))
    [post] = channel.posts
    assert quotes(post) == ["ceasefire on the 28th", "ceasefire on the 29th"]


def test_unsubscribed_channel_gets_nothing(store):
    sub = subscribe(store)
    channel = Channel()
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS)
    ds.sync()
    store.unsubscribe("T1", "C1", "ceasefire")
    ds._run_job(sub.id)  # a job that fires after its subscription is gone
    ds.tick(local(2027, 3, 28, 8, 0))
    assert channel.posts == [] and ds.scheduler.get_jobs() == []


def test_slash_commands_update_the_running_scheduler(store):
    import io

    from briefbot.commands import CommandContext, handle_briefbot
    from briefbot.service import console_sender_for

    out = io.StringIO()
    ds = DigestScheduler(store, console_sender_for(out), **SCHEDULER_SETTINGS).start(paused=True)
    try:
        # The service hands the command handlers the scheduler's callback.
        ctx = CommandContext(store=store, team_id="T1", channel_id="C9",
                             timezone=SETTINGS.timezone,
                             on_subscriptions_changed=ds.subscriptions_changed)
        store.clock = lambda: datetime(2027, 1, 1, tzinfo=UTC)  # subscribed long before
        handle_briefbot(ctx, "subscribe NATO membership weekdays 07:30 always")
        [job] = [j for j in ds.scheduler.get_jobs() if j.id.startswith("digest:")]
        assert job.next_run_time.astimezone(BRUSSELS).strftime("%H:%M") == "07:30"
        [sub] = store.subscriptions("T1", "C9")
        ds.run_subscription(store.subscription(sub.id), local(2027, 3, 29, 7, 30))
        assert "[digest for #C9]\nNATO membership · nothing new.\n" in out.getvalue()
        handle_briefbot(ctx, "unsubscribe NATO membership")
        assert [j.id for j in ds.scheduler.get_jobs() if j.id.startswith("digest:")] == []
    finally:
        ds.stop()


def test_a_local_time_that_happens_twice_when_clocks_go_back_is_one_period(store):
    sub = subscribe(store, "daily 02:30", notes=True)
    trigger = trigger_for(sub)
    first = local(2027, 10, 31, 2, 30)  # CEST, 00:30 UTC; the repeat is 01:30 UTC
    repeat = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    # APScheduler fires at both (compare in UTC: a fold=1 time never equals another zone's)
    assert trigger.get_next_fire_time(first, first).astimezone(UTC) == repeat
    assert due_period_end(trigger, repeat + timedelta(minutes=5)) == first.astimezone(UTC)
    channel = Channel()
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS)
    for moment in (first, repeat, repeat + timedelta(hours=1)):
        ds.tick(moment.astimezone(UTC) + timedelta(seconds=1))
    assert [p[2].period_end for p in channel.posts] == ["2027-10-31T00:30:00+00:00"]


def test_the_real_background_scheduler_posts_once(store):
    """No controllable clock here: APScheduler's own threads run the start-up catch-up and a
    cron job forced to fire now; one digest is posted."""
    import time

    sub = subscribe(store, "daily 08:00", "UTC", created_at="2020-01-01T00:00:00+00:00",
                    notes=True)
    channel = Channel()
    ds = DigestScheduler(store, channel.sender_for, **SCHEDULER_SETTINGS).start()
    try:
        deadline = time.monotonic() + 10
        while not channel.posts and time.monotonic() < deadline:
            time.sleep(0.02)
        ds.scheduler.get_job(f"digest:{sub.id}").modify(next_run_time=datetime.now(UTC))
        time.sleep(0.5)
    finally:
        ds.stop()
    [post] = channel.posts
    assert datetime.fromisoformat(post[2].period_end).strftime("%H:%M") == "08:00"
    assert [r.status for r in store.digest_runs("T1")] == ["posted"]
