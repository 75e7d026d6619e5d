"""The small value types that pass between briefbot's modules.

Everything here is plain data: no I/O, no SQL, no spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class RefusedArticle(Exception):
    """A file that cannot be read as an article; `reason` says why in words a user understands."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Article:
    """One article as read from the inbox.

    `text` is the file's text as read (decoded, newline=''); every offset briefbot stores points
    into it. `body` has exactly the same length: the parts that are not the article (bylines,
    copyright lines, donation appeals, view counters, tag lists, image markdown) are replaced by
    spaces, newlines kept, so extraction runs on `body` and its offsets still point at `text`.
    """

    path: str
    text: str
    body: str
    content_hash: str
    source_format: str
    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date or datetime as found, normalised to YYYY-MM-DD
    url: str | None = None


@dataclass(frozen=True)
class Statement:
    """One attribution: who (speaker) said what (content) through which cue."""

    speaker: str | None  # canonical actor name ("Mark Rutte"), None when unknown
    speaker_start: int | None  # the mention in the attributing sentence (may be a pronoun)
    speaker_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    content_start: int
    content_end: int
    quote: str  # text[content_start:content_end]
    kind: str  # "direct" | "indirect" | "mixed"
    confidence: float


@dataclass(frozen=True)
class Actor:
    """An actor named in one article (or, after registry resolution, across the store)."""

    name: str  # canonical full name: "Mark Rutte", "NATO"
    kind: str = "person"  # "person" | "org" | "group"
    role: str | None = None  # "NATO Secretary-General"; titles live here, never in `name`
    aliases: tuple[str, ...] = ()  # every other way the text names it: "Rutte", "Mr. Kushner"
    mentions: tuple[tuple[int, int], ...] = ()  # (start, end) offsets of its mentions in the text
    members: tuple[str, ...] = ()  # for a "group" speaker: the canonical names of its members


@dataclass
class Extraction:
    """What the extractor found in one article."""

    statements: list[Statement] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
