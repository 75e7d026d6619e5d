"""Digest schedules as users type them: `daily 08:00`, `weekdays 07:30`, `weekly mon 09:00`."""

from __future__ import annotations

import re
from dataclasses import dataclass

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True)
class Schedule:
    every: str  # "daily" | "weekdays" | "weekly"
    hour: int
    minute: int
    day: str | None = None  # for weekly: mon..sun

    def __str__(self) -> str:
        at = f"{self.hour:02d}:{self.minute:02d}"
        return f"weekly {self.day} {at}" if self.every == "weekly" else f"{self.every} {at}"

    def cron_fields(self) -> dict[str, str | int]:
        """Keyword arguments for APScheduler's CronTrigger."""
        day_of_week = {"daily": "*", "weekdays": "mon-fri", "weekly": self.day}[self.every]
        return {"day_of_week": day_of_week, "hour": self.hour, "minute": self.minute}

    def describe(self) -> str:
        at = f"{self.hour:02d}:{self.minute:02d}"
        if self.every == "weekly":
            return f"every {self.day.capitalize()} at {at}"
        return f"{'every day' if self.every == 'daily' else 'on weekdays'} at {at}"


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_schedule(text: str, default_time: str = "08:00") -> Schedule:
    words = text.lower().split()
    if not words:
        words = ["daily", default_time]
    every = words[0]
    if every not in ("daily", "weekdays", "weekly"):
        raise ScheduleError(
            f"unknown schedule {text!r}: use daily HH:MM, weekdays HH:MM or weekly DAY HH:MM"
        )
    day = None
    rest = words[1:]
    if every == "weekly":
        if not rest or rest[0][:3] not in DAYS:
            raise ScheduleError("weekly needs a day: weekly mon 08:00")
        day, rest = rest[0][:3], rest[1:]
    at = rest[0] if rest else default_time
    m = _TIME.match(at)
    if not m or len(rest) > 1:
        raise ScheduleError(f"time must be HH:MM (24-hour), got {' '.join(rest)!r}")
    return Schedule(every=every, hour=int(m.group(1)), minute=int(m.group(2)), day=day)
