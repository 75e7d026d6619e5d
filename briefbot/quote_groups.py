"""Stored statements as readers meet them: one entry per quote, however many outlets
carried it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from briefbot.models import Reach, StatementRow, quote_key


@dataclass
class QuoteGroup:
    """One quote, with every statement (article) that carried it; the first is the newest.

    `statements` may be only the first few of many (a much-carried quote is not read in full);
    `reach`, when known, counts them all."""

    statements: list[StatementRow]
    reach: Reach | None = None

    @property
    def first(self) -> StatementRow:
        return self.statements[0]

    @property
    def wording(self) -> StatementRow:
        """The copy whose words are shown: the wording most copies share, the shortest of
        those (wire copy adds datelines and trims, it rarely shortens what was said)."""
        if len(self.statements) == 1:
            return self.first
        counts = Counter(quote_key(s.quote) for s in self.statements)
        return min(self.statements,
                   key=lambda s: (-counts[quote_key(s.quote)], len(s.quote)))

    @property
    def quote(self) -> str:
        return " ".join(self.wording.quote.split())

    @property
    def kind(self) -> str:
        return self.wording.kind

    @property
    def cue(self) -> str | None:
        """The words that report it ("said", "rejected", "according to"): shown with it always,
        since content under "rejected" is not the speaker's own words."""
        return self.wording.cue

    @property
    def confidence(self) -> float:
        return max(s.confidence for s in self.statements)

    @property
    def outlets(self) -> list[str]:
        """Every outlet that carried it (all of them when the reach is known)."""
        if self.reach is not None and self.reach.outlets:
            return list(self.reach.outlets)
        return list(dict.fromkeys(s.outlet for s in self.statements if s.outlet))

    @property
    def article_count(self) -> int:
        """In how many articles it was carried."""
        if self.reach is not None:
            return self.reach.articles
        return len({s.article_id for s in self.statements})

    @property
    def statement_id(self) -> int:
        return self.first.statement_id

    @property
    def speaker(self) -> str | None:
        return self.first.speaker

    @property
    def speaker_role(self) -> str | None:
        return self.first.speaker_role

    def as_dict(self) -> dict:
        """The quote for JSON output (`whosaid --json`, `digest --format json`)."""
        return {"quote": self.quote, "kind": self.kind, "speaker": self.speaker, "cue": self.cue,
                "confidence": round(self.confidence, 3), "outlets": self.outlets,
                "articles": self.article_count, "date": self.date, "title": self.first.title,
                "url": self.first.url, "file": self.first.path}

    @property
    def date(self) -> str | None:
        """The article's publication date; None when the article does not give one (the day
        briefbot read it is not the day it was said)."""
        return self.first.published


def group_same_quotes(rows: list[StatementRow]) -> list[QuoteGroup]:
    """Rows folded into one group per distinct statement (wire copy included), in the order
    each statement first appears."""
    groups: dict[int, QuoteGroup] = {}
    for row in rows:
        if row.statement_id in groups:
            groups[row.statement_id].statements.append(row)
        else:
            groups[row.statement_id] = QuoteGroup([row])
    return list(groups.values())
