"""A digest: the statements on one topic that arrived in a period, grouped by actor.

`build_digest` picks the statements; the faces render the `Digest` it returns (text through
templates/digest.txt.j2, Slack through `briefbot.slack.blocks`).

A period is one of ingest times, not of published dates: a digest brings what briefbot read
since the last one, so an undated article read today is in today's digest (and an article dated
last year but first read today too). `/whosaid ... since:` is the other question, about when
things were published, and leaves undated articles out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from briefbot.actors import find
from briefbot.quote_groups import QuoteGroup, group_same_quotes
from briefbot.topics import Topic, fts_query, parse_topic

if TYPE_CHECKING:  # the store is handed in; only its type is named here
    from briefbot.store import Store

# Every line briefbot writes stays readable in a terminal, an e-mail or a Slack message, however
# many outlets carried a statement: sources are folded, long lines wrapped.
MAX_LINE = 400
SOURCES_LISTED = 3  # up to this many articles are each named in full; more are folded
TITLE_CHARS = 80
ARTICLES_LISTED = 6  # outlets named in a digest's "Articles:" line before "and N more"
RANKS = ("quoted", "reach")  # most quoted actor first; or most widely carried statement first


@dataclass(frozen=True)
class Source:
    """Where a quote was read: one article, linked when it has a url."""

    outlet: str | None
    title: str | None
    url: str | None
    date: str | None


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
    articles: list[Source] = field(default_factory=list)  # in order of arrival
    rank: str = "quoted"

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
    def story_count(self) -> int:
        """Distinct stories among the articles: wire copy in many outlets is one story."""
        return len({st.story_id or st.article_id
                    for s in self.sections for q in s.quotes for st in q.statements})

    @property
    def is_empty(self) -> bool:
        return not self.sections

    def as_dict(self) -> dict:
        """The digest for JSON output: the same data the text and Block Kit render."""
        return {
            "topic": self.topic.name, "period_start": self.period_start,
            "period_end": self.period_end, "statements": self.statement_count,
            "actors": self.actor_count, "articles": self.article_count,
            "stories": self.story_count, "rank": self.rank,
            "sections": [{"actor": s.name, "role": s.role,
                          "quotes": [q.as_dict() for q in s.quotes]} for s in self.sections],
        }

    def local_end(self) -> datetime:
        return datetime.fromisoformat(self.period_end).astimezone(ZoneInfo(self.timezone))

    def local_start(self) -> datetime | None:
        """Where the period starts, in the digest's time zone (None for a first digest)."""
        if not self.period_start:
            return None
        return datetime.fromisoformat(self.period_start).astimezone(ZoneInfo(self.timezone))


def quote_sources(group: QuoteGroup) -> list[Source]:
    """Each article that carried the quote, once, newest first."""
    seen: dict[int, Source] = {}
    for st in group.statements:
        seen.setdefault(st.article_id, Source(st.outlet, st.title, st.url, st.published))
    return list(seen.values())


def other_outlets(sources: list[Source]) -> list[str]:
    """The outlets of every source but the first, once each, without the first's outlet."""
    first = sources[0].outlet if sources else None
    return [o for o in dict.fromkeys(s.outlet for s in sources[1:] if s.outlet) if o != first]


def build_digest(store: Store, topic: str | Topic, period_start: str | None, period_end: str,
                 timezone: str = "UTC",
                 synonyms: dict[str, tuple[str, ...]] | None = None,
                 include_end: bool = True, rank: str = "quoted") -> Digest:
    """The statements on `topic` of the articles ingested in (period_start, period_end] (or
    [period_start, period_end) with `include_end=False`, as scheduled digests ask).

    `rank` "quoted" puts the most quoted actor first, their statements in reading order;
    "reach" puts first the statements carried by the most articles (and their actors)."""
    if rank not in RANKS:
        raise ValueError(f"rank must be one of {', '.join(RANKS)}, not {rank!r}")
    topic = parse_topic(topic) if isinstance(topic, str) else topic
    if topic.actor:
        actor = find(store, topic.actor).actor
        rows = store.statements_ingested_between(
            period_start, period_end, actor_ids=[actor.id] if actor else [],
            include_end=include_end,
        )
    else:
        rows = store.statements_ingested_between(
            period_start, period_end, match=fts_query(topic, synonyms), include_end=include_end
        )
    digest = Digest(topic=topic, period_start=period_start, period_end=period_end,
                    timezone=timezone)
    by_actor: dict[str, ActorSection] = {}
    for group in group_same_quotes([r for r in rows if r.speaker]):
        section = by_actor.setdefault(
            group.speaker, ActorSection(group.speaker, group.speaker_role, [])
        )
        section.quotes.append(group)
    if rank == "reach":
        # The most widely carried statement leads, and its actor with it.
        for section in by_actor.values():
            section.quotes.sort(key=lambda q: -len(quote_sources(q)))
        digest.sections = sorted(by_actor.values(),
                                 key=lambda s: -len(quote_sources(s.quotes[0])))
    else:
        # The most quoted actor leads; ties keep the order in which they first spoke.
        digest.sections = sorted(by_actor.values(), key=lambda s: -len(s.quotes))
    digest.rank = rank
    articles: dict[int, Source] = {}
    for row in rows:
        if row.speaker:
            articles.setdefault(row.article_id, Source(row.outlet, row.title, row.url,
                                                       row.published))
    # One entry per outlet: "Newsmax · UNN", not "Newsmax · Newsmax · UNN".
    digest.articles = list({(s.outlet or s): s for s in articles.values()}.values())
    return digest


@dataclass
class LeftOut:
    """What a rendering had to leave out, said in so many words, never silently."""

    statements: int
    actors: list[str]


def limit_sections(digest: Digest,
                   max_quotes: int | None) -> tuple[list[ActorSection], LeftOut | None]:
    """The digest's sections cut to at most `max_quotes` quotes, and what was cut."""
    if max_quotes is None or digest.statement_count <= max_quotes:
        return digest.sections, None
    kept, room, cut_actors, cut_count = [], max_quotes, [], 0
    for section in digest.sections:
        quotes = section.quotes[:room]
        if quotes:
            kept.append(ActorSection(section.name, section.role, quotes))
        if len(quotes) < len(section.quotes):
            cut_actors.append(section.name)
            cut_count += len(section.quotes) - len(quotes)
        room -= len(quotes)
    return kept, LeftOut(cut_count, cut_actors)
