"""Who said what: resolve a name to one actor and page through their statements.

The CLI, the console and the Slack command all call `who_said`; only the rendering differs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from briefbot.actors import Found, find
from briefbot.models import ActorRow
from briefbot.quote_groups import QuoteGroup
from briefbot.topics import fts_query

if TYPE_CHECKING:  # the store is handed in; only its type is named here
    from briefbot.store import Store


@dataclass
class WhoSaidAnswer:
    query: str
    actor: ActorRow | None
    quotes: list[QuoteGroup] = field(default_factory=list)
    total: int = 0  # statements matching, before grouping and paging
    offset: int = 0
    limit: int = 5
    topic: str | None = None
    since: str | None = None
    suggestions: list[ActorRow] = field(default_factory=list)
    ambiguous: bool = False  # the name fits several actors: the suggestions are the candidates
    # With `since`: quotes left out because their articles give no date (read since then, so
    # they may or may not be from the period).
    undated: int = 0
    # An actor never quoted: how many articles name it ("Kelvara pledged to ..." below the
    # threshold, a member of a group that spoke), so the answer says it is known, not absent.
    named_in: int = 0

    @property
    def past_the_end(self) -> bool:
        """A page asked for after the last statement (`--offset 100` of 13)."""
        return self.total > 0 and self.offset >= self.total

    @property
    def last_page_offset(self) -> int:
        return max(0, (self.total - 1) // self.limit * self.limit)

    @property
    def has_more(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit

    def as_dict(self) -> dict:
        return {
            "query": self.query,
            "actor": asdict(self.actor) if self.actor else None,
            "total": self.total,
            "statements": [q.as_dict() for q in self.quotes],
            "suggestions": [s.name for s in self.suggestions],
            "ambiguous": self.ambiguous,
            "undated_not_shown": self.undated,
            "named_in_articles": self.named_in,
        }


def resolve_actor(store: Store, name: str) -> Found:
    """The actor `name` means, and the candidates or suggestions when none: the rule is
    `briefbot.actors.find`, the same for the CLI, the console, Slack and actor digests."""
    return find(store, name)


def who_said(store: Store, name: str, topic: str | None = None, since: str | None = None,
             limit: int = 5, offset: int = 0,
             synonyms: dict[str, tuple[str, ...]] | None = None) -> WhoSaidAnswer:
    actor, suggestions, ambiguous = resolve_actor(store, name)
    answer = WhoSaidAnswer(query=name, actor=actor, offset=offset, limit=limit, topic=topic,
                           since=since, suggestions=suggestions, ambiguous=ambiguous)
    if actor is None:
        return answer
    answer.actor = actor = store.with_groups_counted(actor)
    if actor.statement_count == 0:
        answer.named_in = store.articles_naming(actor.id)
    match = fts_query(topic, synonyms) if topic else None
    pages, answer.total = store.quotes_by_actor([actor.id], match=match, since=since,
                                                limit=limit, offset=offset)
    if since:
        answer.undated = store.undated_quotes([actor.id], since, match=match)
    reach = store.statement_reach(statements[0].statement_id for statements in pages)
    answer.quotes = [QuoteGroup(statements, reach.get(statements[0].statement_id))
                     for statements in pages]
    return answer
