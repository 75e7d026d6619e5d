"""Article metadata: the value type, normalising dates/outlets/authors, telling a headline."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from email.utils import parsedate_to_datetime


@dataclass
class Metadata:
    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    url: str | None = None


def merge_metadata(first: Metadata, *others: Metadata) -> Metadata:
    """Field by field, the first value found: what the format says beats what the text hints."""
    merged = Metadata()
    for field in fields(Metadata):
        for source in (first, *others):
            value = getattr(source, field.name)
            if value:
                setattr(merged, field.name, value)
                break
    return merged


# --- dates ---------------------------------------------------------------------------------

MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
MONTHS = {name: n for n, full in enumerate(MONTH_NAMES, 1) for name in (full, full[:3])}
MONTHS["sept"] = 9
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = [
    re.compile(r"(?P<year>\d{4})[-/.](?P<monthnum>\d{1,2})[-/.](?P<day>\d{1,2})"),
    re.compile(MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH + r",?\s+(?P<year>\d{4})", re.I),
]


def normalise_date(value: object) -> str | None:
    """'2026-02-12T10:00Z', 'Thu, 12 Feb 2026 10:00 +0000', 'Feb 12, 2026' -> '2026-02-12'."""
    if not value:
        return None
    text = str(value)
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if match and (found := _date_from_match(match)):
            return found
    try:  # RFC 2822 e-mail dates not caught above
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _date_from_match(match: re.Match) -> str | None:
    parts = match.groupdict()
    month = int(parts["monthnum"]) if parts.get("monthnum") else MONTHS[parts["month"].lower()]
    try:
        return date(int(parts["year"]), month, int(parts["day"])).isoformat()
    except ValueError:
        return None


# --- outlets and authors -------------------------------------------------------------------

CORPORATE_SUFFIX = re.compile(
    r"[,\s]+(?:Inc|LLC|Ltd|Limited|Corp|Corporation|Co|GmbH|plc)\.?$", re.IGNORECASE
)


def clean_outlet(name: str | None) -> str | None:
    """'Newsmax Media, Inc.' -> 'Newsmax Media'; empty -> None."""
    if not name:
        return None
    name = str(name).strip().strip(".,:;|•-– ").strip()
    previous = None
    while previous != name:
        previous, name = name, CORPORATE_SUFFIX.sub("", name).strip()
    return name or None


# Words of page furniture and site accounts that never make a writer's name ("Trending News",
# "Most Popular", a CMS's "Username").
NOT_NAME_WORDS = frozenset(
    "news trending popular latest related top stories story more read video videos photos "
    "photo gallery live updates comments share subscribe newsletter newsletters follow home "
    "sports sport opinion world politics business editor editors picks recommended advertisement "
    "sponsored content menu search privacy terms contact about topics tags username user admin "
    "administrator".split()
)


def could_be_a_writer(name: str) -> bool:
    words = name.split()
    return bool(words) and not {word.lower() for word in words} & NOT_NAME_WORDS


def split_authors(value: object) -> tuple[str, ...]:
    """'A; B', 'A and B', ['A', 'B'] -> ('A', 'B'), without 'By ' and duplicates."""
    if not value:
        return ()
    items = value if isinstance(value, list | tuple) else [value]
    names: list[str] = []
    for item in items:
        if not isinstance(item, str):
            continue
        for name in re.split(r"\s*(?:;|,|\band\b|&)\s*", item):
            name = re.sub(r"^by\s+", "", name.strip(), flags=re.IGNORECASE).strip()
            if could_be_a_writer(name) and name not in names:
                names.append(name)
    return tuple(names)


# --- headlines -----------------------------------------------------------------------------

HEADLINE_MAX_WORDS = 16
# A sentence ends at . ! ? before a capital or the end, but not after an initial ("U.S.") or a
# title ("Mr."), which are the usual false stops in news copy.
SENTENCE_STOP = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bGen)(?<!\bSen)(?<!\bRep)"
    r"[.!?][\"'”’)]*(?=\s+[\"“‘(]?[A-Z0-9]|\s*$)"
)


def first_sentence(text: str) -> str:
    stop = SENTENCE_STOP.search(text)
    return text[: stop.end()] if stop else text


def is_headline(line: str) -> bool:
    """Short, and at most one sentence (a final period is allowed: some sites end decks so)."""
    line = line.strip()
    return len(line.split()) <= HEADLINE_MAX_WORDS and first_sentence(line) == line
