"""The two slash commands, `/whosaid` and `/briefbot`, as plain functions returning typed results.

The Slack listeners and the console prompt both call `handle_whosaid` / `handle_briefbot`; each
face renders the result its own way (the console through the text templates, Slack through the
Block Kit builders, both from the same wording in templates/), so the demo and Slack cannot
drift apart. Nothing here words anything for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from briefbot.cadence import EVERY, Schedule, ScheduleError, parse_schedule
from briefbot.dates import BadDate, parse_since
from briefbot.delivery import DeliveryProgress, DigestOutcome, Sender, run_digest
from briefbot.digest import Digest
from briefbot.feeds.manage import FeedChange, FeedList, add_feed, remove_feed
from briefbot.models import Subscription
from briefbot.topics import Topic, parse_topic
from briefbot.whosaid import WhoSaidAnswer, who_said

if TYPE_CHECKING:  # the store is handed in; only its type is named here
    from briefbot.store import Store


def _no_digest_sender(digest: Digest, progress: DeliveryProgress) -> None:
    """`/briefbot digest` without a channel to post in: the digest is the answer."""
    return None


@dataclass
class CommandContext:
    """One request: where it came from, and the few settings and services the handlers use."""

    store: Store
    team_id: str
    channel_id: str
    user_id: str | None = None
    digest_time: str = "08:00"  # a subscription's time when none is given
    timezone: str = "UTC"  # the workspace's time zone for new subscriptions
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Posts a digest into the channel "now"; None: the digest is the answer itself.
    send_digest: Sender | None = None
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    # Tells the digest scheduler of this process to rebuild its jobs (wired by the service).
    on_subscriptions_changed: Callable[[], None] = lambda: None


# --- what the handlers answer -----------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    """The command needs more than it was given: `command` is "whosaid", "subscribe" or
    "unsubscribe"."""

    command: str


@dataclass(frozen=True)
class Help:
    subscriptions: list[Subscription]
    default_time: str
    timezone: str
    unknown_verb: str | None = None  # a word that is not a /briefbot command


@dataclass(frozen=True)
class SubscriptionList:
    subscriptions: list[Subscription]


@dataclass(frozen=True)
class SubscriptionChange:
    """`change` is "subscribed", "updated", "unsubscribed" or "not_subscribed" (nothing to
    remove); `subscription` is the row added, updated or removed."""

    change: str
    topic: str
    subscription: Subscription | None = None
    schedule: Schedule | None = None


@dataclass(frozen=True)
class BadInput:
    """A value the command cannot use: `what` is "since" (a date) or "topic" (too long);
    `typed` is what was given. The faces say what is accepted."""

    what: str
    typed: str
    limit: int | None = None  # the longest accepted, for "topic"


@dataclass(frozen=True)
class BadSchedule:
    error: ScheduleError


@dataclass(frozen=True)
class DigestsNow:
    """`/briefbot digest`: (topic, outcome) per topic. `posted_to_channel`: the digests went
    out through `send_digest` (the answer says so); else each digest is itself the answer.
    No runs: the channel has no subscriptions and no topic was given."""

    runs: list[tuple[Topic, DigestOutcome]]
    channel_id: str
    posted_to_channel: bool


Reply = (WhoSaidAnswer | Usage | Help | SubscriptionList | SubscriptionChange | BadSchedule
         | DigestsNow | FeedList | FeedChange | BadInput)

MAX_TOPIC_CHARS = 80  # a topic is a word, a phrase or actor:NAME, never a paragraph


# --- /whosaid ---------------------------------------------------------------------------------


MAX_NAME_WORDS = 8  # no actor's name is longer; the look-up tries no longer runs of words


def parse_whosaid(store: Store, text: str,
                  now: datetime | None = None) -> tuple[str, str | None, str | None]:
    """`Mark Rutte ceasefire since:2026-01-01` -> (name, topic, since).

    The longest run of leading words that names a known actor is the name; what follows is
    the topic. With no known actor, the words are the name (and the answer suggests one). Only
    the first MAX_NAME_WORDS words can be a name, so a long text costs no more look-ups."""
    since = None
    words = []
    for word in text.split():
        if word.lower().startswith("since:"):
            since = parse_since(word[len("since:"):], now)  # BadDate when it is no date
        else:
            words.append(word)
    for cut in range(min(len(words), MAX_NAME_WORDS), 0, -1):
        if store.actors_by_alias(" ".join(words[:cut])):
            topic = " ".join(words[cut:]) or None
            return " ".join(words[:cut]), topic, since
    return " ".join(words[:MAX_NAME_WORDS]), None, since


def handle_whosaid(ctx: CommandContext, text: str, offset: int = 0,
                   limit: int = 5) -> WhoSaidAnswer | Usage | BadInput:
    if not text.strip():
        return Usage("whosaid")
    try:
        name, topic, since = parse_whosaid(ctx.store, text, ctx.now())
    except BadDate as e:
        return BadInput("since", e.typed)
    if not name:
        return Usage("whosaid")
    return who_said(ctx.store, name, topic=topic, since=since, limit=limit, offset=offset,
                    synonyms=ctx.synonyms)


# --- /briefbot --------------------------------------------------------------------------------


def _help(ctx: CommandContext, unknown_verb: str | None = None) -> Help:
    return Help(ctx.store.subscriptions(ctx.team_id, ctx.channel_id), ctx.digest_time,
                ctx.timezone, unknown_verb)


def handle_briefbot(ctx: CommandContext, text: str) -> Reply:
    words = text.split()
    verb = words[0].lower() if words else ""
    rest = words[1:]
    if verb in ("", "help"):
        return _help(ctx)
    if verb == "subscribe":
        return _subscribe(ctx, rest)
    if verb == "unsubscribe":
        return _unsubscribe(ctx, " ".join(rest))
    if verb == "list":
        return SubscriptionList(ctx.store.subscriptions(ctx.team_id, ctx.channel_id))
    if verb == "digest":
        return _digest_now(ctx, " ".join(rest))
    if verb in ("feed", "feeds"):
        return _feed(ctx, rest)
    return _help(ctx, unknown_verb=words[0])


def _feed(ctx: CommandContext, words: list[str]) -> FeedList | FeedChange:
    """`feed add URL [outlet name]`, `feed list`, `feed remove ID` (as Slack's RSS app)."""
    action = words[0].lower() if words else "list"
    if action == "list":
        return FeedList(ctx.store.feeds())
    if action == "add" and len(words) > 1:
        return add_feed(ctx.store, words[1], outlet=" ".join(words[2:]) or None,
                        added_by=ctx.user_id)
    if action == "remove" and len(words) > 1:
        return remove_feed(ctx.store, words[1])
    return FeedChange("usage", typed=" ".join(words))


NOTES_WORD = "always"  # `/briefbot subscribe ceasefire daily 08:00 always`: "nothing new" notes


def _subscribe(ctx: CommandContext, words: list[str]) -> Reply:
    notes = bool(words) and words[-1].lower() == NOTES_WORD
    if notes:
        words = words[:-1]
    cut = next((i for i, w in enumerate(words) if w.lower() in EVERY), len(words))
    topic, schedule_text = " ".join(words[:cut]), " ".join(words[cut:])
    if not topic:
        return Usage("subscribe")
    if len(topic) > MAX_TOPIC_CHARS:
        return BadInput("topic", topic, MAX_TOPIC_CHARS)
    try:
        schedule = parse_schedule(schedule_text, ctx.digest_time)
    except ScheduleError as e:
        return BadSchedule(e)
    sub, created = ctx.store.subscribe(ctx.team_id, ctx.channel_id, parse_topic(topic).name,
                                       str(schedule), ctx.timezone, ctx.user_id,
                                       nothing_new_notes=notes)
    ctx.on_subscriptions_changed()
    return SubscriptionChange("subscribed" if created else "updated", sub.topic, sub, schedule)


def _unsubscribe(ctx: CommandContext, topic: str) -> Reply:
    if not topic:
        return Usage("unsubscribe")
    removed = ctx.store.unsubscribe(ctx.team_id, ctx.channel_id, topic)
    if removed is None:
        return SubscriptionChange("not_subscribed", topic)
    ctx.on_subscriptions_changed()
    return SubscriptionChange("unsubscribed", removed.topic, removed)


def _digest_now(ctx: CommandContext, topic: str) -> DigestsNow | BadInput:
    """`/briefbot digest [TOPIC] [by:reach]`: by:reach puts first the statements carried by
    the most articles."""
    words = topic.split()
    rank = "reach" if any(w.lower() == "by:reach" for w in words) else "quoted"
    topic = " ".join(w for w in words if w.lower() != "by:reach")
    if len(topic) > MAX_TOPIC_CHARS:
        return BadInput("topic", topic, MAX_TOPIC_CHARS)
    topics = [topic] if topic else [
        s.topic for s in ctx.store.subscriptions(ctx.team_id, ctx.channel_id)]
    runs = [
        (parse_topic(t), run_digest(ctx.store, ctx.team_id, ctx.channel_id, t, ctx.now(),
                                    send=ctx.send_digest or _no_digest_sender,
                                    timezone=ctx.timezone, synonyms=ctx.synonyms,
                                    rank=rank, post_empty=False))
        for t in topics
    ]
    return DigestsNow(runs, ctx.channel_id, posted_to_channel=ctx.send_digest is not None)
