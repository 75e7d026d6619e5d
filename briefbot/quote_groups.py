"""Stored statements as readers meet them: one entry per quote, however many outlets
carried it."""

from __future__ import annotations

from dataclasses import dataclass

from briefbot.models import StatementRow, quote_key


@dataclass
class QuoteGroup:
    """One quote, with every statement (article) that carried it; the first is the newest."""

    statements: list[StatementRow]

    @property
    def first(self) -> StatementRow:
        return self.statements[0]

    @property
    def quote(self) -> str:
        return " ".join(self.first.quote.split())

    @property
    def kind(self) -> str:
        return self.first.kind

    @property
    def cue(self) -> str | None:
        """The words that report it ("said", "rejected", "according to"): shown with it always,
        since content under "rejected" is not the speaker's own words."""
        return self.first.cue

    @property
    def confidence(self) -> float:
        return max(s.confidence for s in self.statements)

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(s.outlet for s in self.statements if s.outlet))

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
                "date": self.date, "title": self.first.title, "url": self.first.url,
                "file": self.first.path}

    @property
    def date(self) -> str | None:
        """The article's publication date; None when the article does not give one (the day
        briefbot read it is not the day it was said)."""
        return self.first.published


def group_same_quotes(rows: list[StatementRow]) -> list[QuoteGroup]:
    groups: dict[tuple, QuoteGroup] = {}
    for row in rows:
        key = (row.actor_id, quote_key(row.quote))
        if key in groups:
            groups[key].statements.append(row)
        else:
            groups[key] = QuoteGroup([row])
    return list(groups.values())
