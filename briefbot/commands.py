"""The two slash commands, `/whosaid` and `/briefbot`, as plain functions.

Slack listeners and the console prompt both call `handle_whosaid` / `handle_briefbot` and only
choose how to show the `Reply`, so the demo and Slack cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from briefbot.config import Settings
from briefbot.delivery import DigestOutcome, run_digest
from briefbot.digest import Digest, render_digest_text
from briefbot.scheduler import notify_subscriptions_changed
from briefbot.schedules import ScheduleError, parse_schedule
from briefbot.store import Store
from briefbot.templating import render
from briefbot.topics import parse_topic
from briefbot.whosaid import WhoSaidAnswer, who_said

WHOSAID_USAGE = (
    "Usage: /whosaid NAME [topic] [since:YYYY-MM-DD]\n"
    "e.g. /whosaid Rutte · /whosaid Trump ceasefire · /whosaid Zelensky since:2026-01-01"
)
SCHEDULE_WORDS = ("daily", "weekdays", "weekly")


@dataclass
class CommandContext:
    store: Store
    settings: Settings
    team_id: str
    channel_id: str
    user_id: str | None = None
    send_digest: Callable[[Digest], str | None] | None = None  # posts a digest "now"
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    # Tells the digest scheduler(s) in this process to rebuild their jobs.
    on_subscriptions_changed: Callable[[], None] = notify_subscriptions_changed


@dataclass
class Reply:
    text: str
    kind: str  # what the reply is, so a renderer can build richer blocks for it
    data: object = None  # WhoSaidAnswer, Digest, list of subscriptions ...
    in_channel: bool = False


def parse_whosaid(store: Store, text: str) -> tuple[str, str | None, str | None]:
    """`Mark Rutte ceasefire since:2026-01-01` -> (name, topic, since).

    The longest run of leading words that names a known actor is the name; what follows is
    the topic. With no known actor, all the words are the name (and the answer suggests one)."""
    since = None
    words = []
    for word in text.split():
        m = re.fullmatch(r"since:(\d{4}-\d{2}-\d{2})", word, flags=re.I)
        if m:
            since = m.group(1)
        else:
            words.append(word)
    for cut in range(len(words), 0, -1):
        if store.actors_by_alias(" ".join(words[:cut])):
            topic = " ".join(words[cut:]) or None
            return " ".join(words[:cut]), topic, since
    return " ".join(words), None, since


def handle_whosaid(ctx: CommandContext, text: str, offset: int = 0, limit: int = 5) -> Reply:
    if not text.strip():
        return Reply(WHOSAID_USAGE, "usage")
    name, topic, since = parse_whosaid(ctx.store, text)
    answer: WhoSaidAnswer = who_said(ctx.store, name, topic=topic, since=since, limit=limit,
                                     offset=offset, synonyms=ctx.settings.topic_synonyms)
    return Reply(render("whosaid.txt.j2", answer=answer), "whosaid", answer)


def briefbot_help(ctx: CommandContext) -> str:
    return render("help.txt.j2", subscriptions=ctx.store.subscriptions(ctx.team_id, ctx.channel_id),
                  default_time=ctx.settings.digest_time, timezone=ctx.settings.timezone)


def handle_briefbot(ctx: CommandContext, text: str) -> Reply:
    words = text.split()
    verb = words[0].lower() if words else ""
    rest = words[1:]
    if verb in ("", "help"):
        return Reply(briefbot_help(ctx), "help",
                     ctx.store.subscriptions(ctx.team_id, ctx.channel_id))
    if verb == "subscribe":
        return _subscribe(ctx, rest)
    if verb == "unsubscribe":
        topic = " ".join(rest)
        if not topic:
            return Reply("Usage: /briefbot unsubscribe TOPIC", "usage")
        removed = ctx.store.unsubscribe(ctx.team_id, ctx.channel_id, topic)
        if removed is None:
            return Reply(f"This channel is not subscribed to {topic}.", "error")
        ctx.on_subscriptions_changed()
        return Reply(f"Unsubscribed this channel from {removed.topic}.", "unsubscribed", removed)
    if verb == "list":
        subs = ctx.store.subscriptions(ctx.team_id, ctx.channel_id)
        return Reply(render("subscriptions.txt.j2", subscriptions=subs), "list", subs)
    if verb == "digest":
        return _digest_now(ctx, " ".join(rest))
    return Reply(f"I don't know `{verb}`.\n\n" + briefbot_help(ctx), "help")


def _subscribe(ctx: CommandContext, words: list[str]) -> Reply:
    cut = next((i for i, w in enumerate(words) if w.lower() in SCHEDULE_WORDS), len(words))
    topic, schedule_text = " ".join(words[:cut]), " ".join(words[cut:])
    if not topic:
        return Reply("Usage: /briefbot subscribe TOPIC [daily HH:MM | weekdays HH:MM | "
                     "weekly DAY HH:MM]  (a word, a phrase, or actor:NAME)", "usage")
    try:
        schedule = parse_schedule(schedule_text, ctx.settings.digest_time)
    except ScheduleError as e:
        return Reply(f"Sorry, {e}.", "error")
    sub, created = ctx.store.subscribe(ctx.team_id, ctx.channel_id, parse_topic(topic).name,
                                       str(schedule), ctx.settings.timezone, ctx.user_id)
    ctx.on_subscriptions_changed()
    verb = "Subscribed" if created else "Updated"
    return Reply(f"{verb}: this channel gets a digest on {sub.topic} {schedule.describe()} "
                 f"({sub.timezone}).", "subscribed", sub)


def _digest_now(ctx: CommandContext, topic: str) -> Reply:
    subs = ctx.store.subscriptions(ctx.team_id, ctx.channel_id)
    topics = [topic] if topic else [s.topic for s in subs]
    if not topics:
        return Reply("This channel has no subscriptions: /briefbot digest TOPIC, or "
                     "/briefbot subscribe TOPIC first.", "error")
    outcomes: list[DigestOutcome] = []
    texts = []
    for t in topics:
        outcome = run_digest(ctx.store, ctx.team_id, ctx.channel_id, t, ctx.now(),
                             send=ctx.send_digest or (lambda d: None),
                             timezone=ctx.settings.timezone,
                             synonyms=ctx.settings.topic_synonyms)
        outcomes.append(outcome)
        if outcome.status == "skipped":
            texts.append(f"{parse_topic(t).title} · a digest for this moment was already posted.")
        elif outcome.status == "failed":
            texts.append(f"{parse_topic(t).title} · the digest could not be posted: "
                         f"{outcome.error}. It will be retried.")
        elif ctx.send_digest:
            # The digest itself went out through send_digest; the user hears that it did.
            texts.append(f"Posted the {parse_topic(t).title} digest "
                         f"({outcome.digest.statement_count} statements).")
        else:
            texts.append(render_digest_text(outcome.digest))
    return Reply("\n".join(texts), "digest", outcomes)
