"""Jinja2 environment over the repository's templates/ folder."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def human_date(value: str | None) -> str:
    """'2026-02-12' or an ISO datetime -> '12 Feb 2026'."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%-d %b %Y")
    except ValueError:
        return value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # plain text and mrkdwn; Slack escaping is done per field
    )
    env.filters["human_date"] = human_date
    return env


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context).rstrip() + "\n"
