"""How often a channel gets its digest, as users type it: `daily 08:00`, `weekdays 07:30`,
`weekly mon 09:00`. (The jobs that post on these schedules are `briefbot.scheduler`'s.)"""

from __future__ import annotations

import re
from dataclasses import dataclass

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY = ("daily", "weekdays", "weekly")


class ScheduleError(ValueError):
    """A schedule that cannot be read. `problem` says which rule it broke ("every": not daily,
    weekdays or weekly; "day": weekly without a day; "time": not HH:MM); the faces word it."""

    def __init__(self, problem: str, typed: str):
        super().__init__(problem, typed)
        self.problem = problem
        self.typed = typed


@dataclass(frozen=True)
class Schedule:
    every: str  # "daily" | "weekdays" | "weekly"
    hour: int
    minute: int
    day: str | None = None  # for weekly: mon..sun

    def __str__(self) -> str:
        """The stored form, read back by `parse_schedule`: "weekly mon 09:00"."""
        at = f"{self.hour:02d}:{self.minute:02d}"
        return f"weekly {self.day} {at}" if self.every == "weekly" else f"{self.every} {at}"

    @property
    def at(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def cron_fields(self) -> dict[str, str | int]:
        """Keyword arguments for APScheduler's CronTrigger."""
        day_of_week = {"daily": "*", "weekdays": "mon-fri", "weekly": self.day}[self.every]
        return {"day_of_week": day_of_week, "hour": self.hour, "minute": self.minute}


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_schedule(text: str, default_time: str = "08:00") -> Schedule:
    words = text.lower().split()
    if not words:
        words = ["daily", default_time]
    every = words[0]
    if every not in EVERY:
        raise ScheduleError("every", text)
    day = None
    rest = words[1:]
    if every == "weekly":
        if not rest or rest[0][:3] not in DAYS:
            raise ScheduleError("day", text)
        day, rest = rest[0][:3], rest[1:]
    at = rest[0] if rest else default_time
    m = _TIME.match(at)
    if not m or len(rest) > 1:
        raise ScheduleError("time", " ".join(rest))
    return Schedule(every=every, hour=int(m.group(1)), minute=int(m.group(2)), day=day)
