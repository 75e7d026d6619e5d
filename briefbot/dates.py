"""Dates people type: `since:2026-03-01` in Slack, `--since yesterday` on the command line.

One parser for every face, so what one accepts the others accept, and anything else is refused
with `BadDate` (whose faces say what is accepted) instead of being compared as text with the
dates in the database, which answered "nothing since 2026-13-45" and exited 0.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_BACK = re.compile(r"(\d{1,4})\s*(d|day|days|w|week|weeks)", re.I)


class BadDate(ValueError):
    """Text that is not a date briefbot understands; `typed` is what was given."""

    def __init__(self, typed: str):
        super().__init__(typed)
        self.typed = typed


def parse_day(text: str, today: date) -> date:
    """`2026-03-01`, `today`, `yesterday`, `7d`, `2w` (days or weeks back) -> a date."""
    typed = text.strip()
    lowered = typed.lower()
    if lowered == "today":
        return today
    if lowered == "yesterday":
        return today - timedelta(days=1)
    back = _BACK.fullmatch(lowered)
    if back:
        days = int(back.group(1)) * (7 if back.group(2).startswith("w") else 1)
        return today - timedelta(days=days)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed):
        try:
            return date.fromisoformat(typed)
        except ValueError:
            pass
    raise BadDate(typed)


def parse_since(text: str, now: datetime | None = None) -> str:
    """A `since` as the ISO date the store compares with (YYYY-MM-DD)."""
    return parse_day(text, (now or datetime.now(UTC)).date()).isoformat()


def parse_moment(text: str, now: datetime | None = None) -> str:
    """A period start: any `parse_day` form (midnight UTC), or an ISO date and time (UTC when
    no offset is given) -> ISO UTC time."""
    try:
        day = parse_day(text, (now or datetime.now(UTC)).date())
        return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat(timespec="seconds")
    except BadDate:
        pass
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as e:
        raise BadDate(text.strip()) from e
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")
