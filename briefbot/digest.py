"""A digest: the statements on one topic that arrived in a period, grouped by actor.

`build_digest` picks the statements; the faces render the `Digest` it returns (text through
templates/digest.txt.j2, Slack through `briefbot.slack.blocks`).

A period is one of ingest times, not of published dates: a digest brings what briefbot read
since the last one, so an undated article read today is in today's digest (and an article dated
last year but first read today too). `/whosaid ... since:` is the other question, about when
things were published, and leaves undated articles out.
"""

from __future__ import annotations

from collections.abc import Iterator
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


class ActorSection:
    """One actor's quotes in a digest, in the order it shows them.

    A section that `build_digest` made knows every quote's id but reads a quote's statements
    only when they are asked for (`head`, or `quotes` for all of them), through the digest's
    `_QuoteReader`: a digest shows a bounded number of quotes, and turning rows into objects
    was most of its cost (1,749 statements in a week of the commonest topic in a million)."""

    def __init__(self, name: str, role: str | None, quotes: list[QuoteGroup] | None = None,
                 pending: list[int] | None = None, reader: _QuoteReader | None = None):
        self.name = name
        self.role = role
        self._quotes = list(quotes or [])
        self._pending = list(pending or [])  # ids of the quotes after `_quotes`, not read yet
        self._reader = reader

    @property
    def quote_count(self) -> int:
        return len(self._quotes) + len(self._pending)

    @property
    def quotes(self) -> list[QuoteGroup]:
        return self.head(self.quote_count)

    def head(self, n: int) -> list[QuoteGroup]:
        """The first `n` quotes, read now if they were not yet."""
        if n > len(self._quotes) and self._pending:
            if self._reader is None:
                raise RuntimeError("a section with quotes to read has no reader")
            self._reader.read(self._pending[:n - len(self._quotes)])
            self._take_read()
        return self._quotes[:n]

    def _take_read(self) -> None:
        """Move the pending quotes the reader has read into `_quotes`, in order."""
        reader = self._reader
        taken = 0
        for quote_id in self._pending:
            if reader is None or quote_id not in reader.groups:
                break
            self._quotes.append(reader.groups[quote_id])
            taken += 1
        del self._pending[:taken]

    def __repr__(self) -> str:
        return f"ActorSection({self.name!r}, {self.role!r}, {self.quote_count} quotes)"


class _QuoteReader:
    """Reads the statements of a digest's quotes from the store, many quotes per query."""

    def __init__(self, store: Store, copies: dict[int, list[int]]):
        self.store = store
        self.copies = copies  # quote id -> ids of its copies in the period
        self.groups: dict[int, QuoteGroup] = {}

    def read(self, quote_ids: list[int]) -> None:
        wanted = [q for q in quote_ids if q not in self.groups]
        rows = self.store.statements_by_id(i for q in wanted for i in self.copies[q])
        for group in group_same_quotes(rows):
            self.groups[group.statement_id] = group


@dataclass
class Digest:
    topic: Topic
    period_start: str | None  # ISO UTC, exclusive
    period_end: str  # ISO UTC, inclusive
    timezone: str
    sections: list[ActorSection] = field(default_factory=list)
    articles: list[Source] = field(default_factory=list)  # in order of arrival
    rank: str = "quoted"
    # (statements, articles, stories) of the period when the store counted them; otherwise
    # they are counted from the sections' quotes.
    totals: tuple[int, int, int] | None = None

    @property
    def statement_count(self) -> int:
        if self.totals is not None:
            return self.totals[0]
        return sum(s.quote_count for s in self.sections)

    @property
    def actor_count(self) -> int:
        return len(self.sections)

    @property
    def article_count(self) -> int:
        if self.totals is not None:
            return self.totals[1]
        return len({st.article_id for s in self.sections for q in s.quotes for st in q.statements})

    @property
    def story_count(self) -> int:
        """Distinct stories among the articles: wire copy in many outlets is one story."""
        if self.totals is not None:
            return self.totals[2]
        return len({st.story_id or st.article_id
                    for s in self.sections for q in s.quotes for st in q.statements})

    @property
    def is_empty(self) -> bool:
        return not self.sections

    def read_ahead(self, n: int | None) -> None:
        """Read the statements of the first `n` quotes (all with None) in one go, so that
        showing them does not read section by section."""
        readers = {id(s._reader): s._reader for s in self.sections if s._reader is not None}
        wanted, room = [], n
        for section in self.sections:
            if room is not None and room <= 0:
                break
            take = section._pending if room is None else section._pending[
                :max(0, room - len(section._quotes))]
            wanted += take
            if room is not None:
                room -= section.quote_count
        for reader in readers.values():
            reader.read(wanted)
        for section in self.sections:
            section._take_read()

    def quotes_in_order(self, chunk: int = 50) -> Iterator[tuple[ActorSection, QuoteGroup]]:
        """Every quote with its section, in the order the digest shows them, read `chunk`
        quotes at a time as the caller goes on: a face that stops early reads no more."""
        shown = 0
        for section in self.sections:
            for i in range(section.quote_count):
                if i >= len(section._quotes):
                    self.read_ahead(shown + chunk)
                yield section, section.head(i + 1)[i]
                shown += 1

    def as_dict(self) -> dict:
        """The digest for JSON output: the same data the text and Block Kit render."""
        self.read_ahead(None)
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
    "reach" puts first the statements carried by the most articles (and their actors).

    The store groups the period's statements into quotes and counts them
    (`Store.period_quotes`); the order is decided on those few values per quote, and a quote's
    statements are read only when a face shows it (`ActorSection`)."""
    if rank not in RANKS:
        raise ValueError(f"rank must be one of {', '.join(RANKS)}, not {rank!r}")
    topic = parse_topic(topic) if isinstance(topic, str) else topic
    if topic.actor:
        actor = find(store, topic.actor).actor
        period = {"actor_ids": [actor.id] if actor else []}
    else:
        period = {"match": fts_query(topic, synonyms)}
    quotes, articles, outlets = store.period_quotes(period_start, period_end,
                                                    include_end=include_end, **period)
    reader = _QuoteReader(store, {q[0]: q[4] for q in quotes})
    # Sections in the order their actors first spoke, quotes in the order each first appeared.
    by_actor: dict[str, tuple[str | None, list[tuple[int, int]]]] = {}
    for quote_id, speaker, role, n_articles, _ in quotes:
        section = by_actor.get(speaker)
        if section is None:
            by_actor[speaker] = section = (role, [])
        section[1].append((quote_id, n_articles))
    planned = list(by_actor.items())
    if rank == "reach":
        # The most widely carried statement leads, and its actor with it (in how many of the
        # period's articles; ties keep the reading order).
        for _, (_, section_quotes) in planned:
            section_quotes.sort(key=lambda q: -q[1])
        planned.sort(key=lambda item: -item[1][1][0][1])
    else:
        # The most quoted actor leads; ties keep the order in which they first spoke.
        planned.sort(key=lambda item: -len(item[1][1]))
    digest = Digest(topic=topic, period_start=period_start, period_end=period_end,
                    timezone=timezone, rank=rank,
                    totals=(len(quotes), len(articles),
                            len({story or article for article, story in articles})))
    digest.sections = [ActorSection(name, role, pending=[q for q, _ in section_quotes],
                                    reader=reader)
                       for name, (role, section_quotes) in planned]
    # One entry per outlet: "Newsmax · UNN", not "Newsmax · Newsmax · UNN" (its last article).
    sources = [Source(a[2], a[3], a[4], a[5]) for a in outlets]
    digest.articles = list({(s.outlet or s): s for s in sources}.values())
    return digest


@dataclass
class LeftOut:
    """What a rendering had to leave out, said in so many words, never silently."""

    statements: int
    actors: list[str]


def limit_sections(digest: Digest,
                   max_quotes: int | None) -> tuple[list[ActorSection], LeftOut | None]:
    """The digest's sections cut to at most `max_quotes` quotes, and what was cut. Only the
    quotes kept are read."""
    if max_quotes is None or digest.statement_count <= max_quotes:
        digest.read_ahead(None)
        return digest.sections, None
    digest.read_ahead(max_quotes)
    kept, room, cut_actors, cut_count = [], max_quotes, [], 0
    for section in digest.sections:
        quotes = section.head(room) if room > 0 else []
        if quotes:
            kept.append(ActorSection(section.name, section.role, quotes))
        if len(quotes) < section.quote_count:
            cut_actors.append(section.name)
            cut_count += section.quote_count - len(quotes)
        room -= len(quotes)
    return kept, LeftOut(cut_count, cut_actors)
