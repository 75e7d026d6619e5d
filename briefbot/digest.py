"""A digest: the statements on one topic that arrived in a period, grouped by actor.

`build_digest` picks the statements; text and Block Kit both render from the `Digest` it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from briefbot.quotes import QuoteGroup, group_same_quotes
from briefbot.store import Store
from briefbot.templating import render
from briefbot.topics import Topic, fts_query, parse_topic
from briefbot.whosaid import resolve_actor


@dataclass
class ActorSection:
    name: str
    role: str | None
    quotes: list[QuoteGroup]


@dataclass
class Digest:
    topic: Topic
    period_start: str | None  # ISO UTC, exclusive
    period_end: str  # ISO UTC, inclusive
    timezone: str
    sections: list[ActorSection] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # outlets (or titles) in order of arrival

    @property
    def statement_count(self) -> int:
        return sum(len(s.quotes) for s in self.sections)

    @property
    def actor_count(self) -> int:
        return len(self.sections)

    @property
    def article_count(self) -> int:
        return len({st.article_id for s in self.sections for q in s.quotes for st in q.statements})

    @property
    def is_empty(self) -> bool:
        return not self.sections

    def local_end(self) -> datetime:
        return datetime.fromisoformat(self.period_end).astimezone(ZoneInfo(self.timezone))


def build_digest(store: Store, topic: str | Topic, period_start: str | None, period_end: str,
                 timezone: str = "UTC",
                 synonyms: dict[str, tuple[str, ...]] | None = None) -> Digest:
    topic = parse_topic(topic) if isinstance(topic, str) else topic
    if topic.actor:
        actor, _ = resolve_actor(store, topic.actor)
        rows = store.statements_ingested_between(
            period_start, period_end, actor_ids=[actor.id] if actor else []
        )
    else:
        rows = store.statements_ingested_between(
            period_start, period_end, match=fts_query(topic, synonyms)
        )
    digest = Digest(topic=topic, period_start=period_start, period_end=period_end,
                    timezone=timezone)
    by_actor: dict[str, ActorSection] = {}
    for group in group_same_quotes([r for r in rows if r.speaker]):
        section = by_actor.setdefault(
            group.speaker, ActorSection(group.speaker, group.speaker_role, [])
        )
        section.quotes.append(group)
    # The most quoted actor leads; ties keep the order in which they first spoke.
    digest.sections = sorted(by_actor.values(), key=lambda s: -len(s.quotes))
    seen = []
    for row in rows:
        label = row.outlet or row.title or row.path
        if row.speaker and label not in seen:
            seen.append(label)
    digest.articles = seen
    return digest


def render_digest_text(digest: Digest) -> str:
    return render("digest.txt.j2", digest=digest)
