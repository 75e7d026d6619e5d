"""Find the parts of an article's text that are not the article, so they can be blanked.

News pages saved as text carry a lot around the story: bylines and author bios, copyright and
"X contributed to this report" lines, donation appeals, view counters, price tickers, dateline
and section labels, tag lists, image markdown. Each rule below is a pattern for one such kind,
written for the shapes outlets share rather than for one outlet's exact strings. Rules work on
lines; blanking keeps newlines so offsets into the text stay valid.

Some of these lines carry metadata (the copyright owner is the outlet, the byline is the
author, a "date 2026-02-12" line is the publication date), collected as `clues` on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefbot.inbox.metadata import Metadata, clean_outlet, normalise_date

Span = tuple[int, int]

UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄ"
NAME_WORD = rf"[{UPPER}][^\W\d_]*(?:[.'’-][^\W\d_]*)*"
NAME = rf"{NAME_WORD}(?:\s+(?:(?:de|da|di|van|von|der|den|la|le|al|bin)\s+)?{NAME_WORD}){{1,3}}"
NAME_LINE = re.compile(rf"^\s*{NAME}\s*$")
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*\s*$")

# "© 2025 X", "(c) X", "Copyright 2026 X" or "... All rights reserved." (not "Copyright disputes").
COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4})|\ball rights reserved\b", re.I
)
COPYRIGHT_OWNER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?P<owner>[^.,©\d][^.,©]*?)\s*(?=[.,]|\ball rights\b|$)",
    re.I,
)
CONTRIBUTED = re.compile(
    r"^\s*\(?.{1,120}?\b(?:contributed|contributing)\b.{0,40}?"
    r"\b(?:report|story|article|reporting)\b\W*$",
    re.I,
)
CREDITS = re.compile(
    r"^\s*\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|edited)\s+by\b", re.I
)
BYLINE = re.compile(
    rf"^\s*By\s+(?P<names>{NAME}(?:\s*(?:,|\band\b|&)\s*{NAME})*)(?:\s*[,|•—–-].{{0,60}})?\s*$"
)
NAME_WITH_ENVELOPE = re.compile(rf"^\s*(?P<name>{NAME})\s*[✉📧🖂]\ufe0f?\s*$")
AUTHOR_BIO = re.compile(
    rf"^\s*(?P<name>{NAME})\s+(?:is|was|has been)\s+(?:a|an|the)\b[^.]{{0,100}}?"
    r"\b(?:writer|reporter|editor|journalist|correspondent|columnist|contributor|producer"
    r"|author|anchor|host)s?\b",
)
VIEW_COUNTER = re.compile(
    r"^[\s•·|]*\d[\d.,\s]*[KkMm]?\s*(?:views?|reads?|comments?|shares?)\s*$", re.I
)
DATELINE = re.compile(
    rf"^\s*[{UPPER}][\w'’.-]*(?:\s+[{UPPER}][\w'’.-]*){{0,3}}\s*[•·|]\s*"
    r"(?P<outlet>[^\W\d_][\w'’.&-]*(?:\s+[\w'’.&-]+){0,3})\s*$"
)
URL_LINE = re.compile(r"^\s*<?(?P<url>https?://[^\s>]+)>?\s*$")
APPEAL_START = re.compile(
    r"^\s*(?:A (?:message|note|word|request) from (?P<outlet>.{2,60}?)\s*:?"
    r"|Dear (?:readers?|friends?|subscribers?)\s*,?)\s*$",
    re.I,
)
APPEAL_END = re.compile(r"^\s*(?:remind me later|maybe later|not now|no,? thanks)\.?\s*$", re.I)
META_WORDS = re.compile(
    r"^(?:date|dated|published|updated|posted|last|modified|on|at|am|pm|utc|gmt|jan|feb|mar"
    r"|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august"
    r"|september|october|november|december|views?)$",
    re.I,
)
INLINE_JUNK = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # image markdown ![alt](src)
    r"|\[\s*\]\([^)\n]*\)"  # an empty link left around an image
    r"|[ \t]*\|[ \t]*$",  # the trailing pipe of a flattened table cell
    re.M,
)
LABEL_MAX_WORDS = 3
TAG_MAX_WORDS = 6


@dataclass(frozen=True)
class Line:
    index: int
    start: int
    end: int  # before the line break
    visible: str  # the line with inline junk (image markdown, trailing pipes) blanked

    @property
    def words(self) -> list[str]:
        return self.visible.split()

    @property
    def is_empty(self) -> bool:
        return not any(ch.isalnum() for ch in self.visible)

    @property
    def is_prose(self) -> bool:
        return bool(SENTENCE_END.search(self.visible)) or len(self.words) >= 12


@dataclass
class Boilerplate:
    spans: list[Span] = field(default_factory=list)
    clues: Metadata = field(default_factory=Metadata)
    headline: str | None = None


def blank_spans(text: str, spans: list[Span]) -> str:
    """`text` with every character inside `spans` made a space, except line breaks."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def split_lines(text: str) -> tuple[list[Line], list[Span]]:
    """The lines of `text` (any line-break style) and the inline junk spans inside them."""
    lines: list[Line] = []
    inline: list[Span] = []
    for match in re.finditer(r"[^\r\n]*", text):
        start, end = match.span()
        if lines and start == lines[-1].end:
            continue  # the empty match right after a line's content
        junk = [(start + m.start(), start + m.end()) for m in INLINE_JUNK.finditer(match.group())]
        inline.extend(junk)
        visible = blank_spans(text, junk)[start:end] if junk else match.group()
        lines.append(Line(len(lines), start, end, visible))
    return lines, inline


def find_boilerplate(text: str) -> Boilerplate:
    """Spans of `text` that are not the article, and the metadata those spans gave away."""
    return _BoilerplateFinder(text).run()


class _BoilerplateFinder:
    def __init__(self, text: str):
        self.text = text
        self.lines, self.inline_spans = split_lines(text)
        self.blanked: set[int] = {line.index for line in self.lines if line.is_empty}
        self.outlets: dict[str, str] = {}  # by the kind of line it came from
        self.authors: list[str] = []
        self.published: str | None = None
        self.url: str | None = None
        self.headline: str | None = None

    def run(self) -> Boilerplate:
        for line in self.lines:
            if line.index not in self.blanked and self._is_single_boilerplate_line(line):
                self.blanked.add(line.index)
        self._blank_appeals()
        self._blank_repeated_headings()
        self._blank_section_labels()
        self._blank_trailing_tags()
        return self._result()

    # -- single lines ---------------------------------------------------------------------

    def _is_single_boilerplate_line(self, line: Line) -> bool:
        checks = (
            self._copyright,
            self._credits,
            self._byline,
            self._author_bio,
            self._view_counter,
            self._metadata_line,
            self._dateline,
            self._url_line,
            self._appeal_button,
        )
        return any(check(line) for check in checks)

    def _copyright(self, line: Line) -> bool:
        if not COPYRIGHT.search(line.visible) or len(line.visible) > 200:
            return False
        owner = COPYRIGHT_OWNER.search(line.visible)
        if owner and (outlet := clean_outlet(owner.group("owner"))):
            self.outlets.setdefault("copyright", outlet)
        return True

    def _credits(self, line: Line) -> bool:
        short = len(line.words) <= 30
        return short and bool(CONTRIBUTED.match(line.visible) or CREDITS.match(line.visible))

    def _byline(self, line: Line) -> bool:
        if match := BYLINE.match(line.visible):
            names = re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names"))
            self._add_authors(*names)
            return True
        if match := NAME_WITH_ENVELOPE.match(line.visible):
            self._add_authors(match.group("name"))
            return True
        return False

    def _author_bio(self, line: Line) -> bool:
        match = AUTHOR_BIO.match(line.visible)
        if not match:
            return False
        # "X is a reporter" is a bio where bios live (the end), or about a known byline author.
        near_end = line.start >= 0.7 * len(self.text)
        if not (near_end or match.group("name") in self.authors):
            return False
        self._add_authors(match.group("name"))
        return True

    def _view_counter(self, line: Line) -> bool:
        return bool(VIEW_COUNTER.match(line.visible))

    def _metadata_line(self, line: Line) -> bool:
        """A short line of numbers and date words: 'date 2026-02-12 $43.03', 'Updated: May 2'."""
        if line.is_prose or not any(ch.isdigit() for ch in line.visible):
            return False
        words = [w for w in re.findall(r"[^\W\d_]{2,}", line.visible) if not META_WORDS.match(w)]
        if len(words) > 2:
            return False
        if not self.published:
            self.published = normalise_date(line.visible)
        return True

    def _dateline(self, line: Line) -> bool:
        match = DATELINE.match(line.visible)
        if match:
            self.outlets.setdefault("dateline", match.group("outlet").strip())
        return bool(match)

    def _url_line(self, line: Line) -> bool:
        match = URL_LINE.match(line.visible)
        if match:
            self.url = self.url or match.group("url")
        return bool(match)

    def _appeal_button(self, line: Line) -> bool:
        return bool(APPEAL_END.match(line.visible))

    # -- blocks and context ---------------------------------------------------------------

    def _blank_appeals(self) -> None:
        """From 'A Message from X:' / 'Dear readers,' to its 'Remind me later.' (or the end)."""
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            match = APPEAL_START.match(line.visible)
            if not match:
                index += 1
                continue
            if match.group("outlet"):
                self.outlets.setdefault("appeal", clean_outlet(match.group("outlet")))
            end = self._appeal_end(index)
            self.blanked.update(range(index, end + 1))
            index = end + 1

    def _appeal_end(self, start: int) -> int:
        for line in self.lines[start + 1 :]:
            if APPEAL_END.match(line.visible):
                return line.index
        # Without a closing button, only an appeal in the second half runs to the end.
        in_second_half = self.lines[start].start >= len(self.text) / 2
        return len(self.lines) - 1 if in_second_half else start

    def _blank_repeated_headings(self) -> None:
        """Pages often print the headline twice; keep the first, remember it as the title."""
        seen: set[str] = set()
        for line in self._live_lines():
            key = " ".join(line.words)
            is_heading = not SENTENCE_END.search(key) and len(line.words) >= 3
            if is_heading and key in seen:
                self.blanked.add(line.index)
                self.headline = self.headline or key
            seen.add(key)

    def _blank_section_labels(self) -> None:
        """'Details', 'Recall', 'Read also:' standing between two paragraphs."""
        live = self._live_lines()
        for before, line, after in zip(live, live[1:], live[2:], strict=False):
            is_label = len(line.words) <= LABEL_MAX_WORDS and not line.is_prose
            if is_label and before.is_prose and after.is_prose:
                self.blanked.add(line.index)

    def _blank_trailing_tags(self) -> None:
        """The short lines after the last paragraph: tag lists, and the byline name above them."""
        block: list[Line] = []
        for line in reversed(self._live_lines()):
            if line.is_prose or len(line.words) > TAG_MAX_WORDS:
                break
            block.insert(0, line)
        if not block or len(block) == len(self._live_lines()):
            return
        self.blanked.update(line.index for line in block)
        first = " ".join(block[0].words)
        if NAME_LINE.match(first) and not self._is_mentioned_outside(first, block):
            self._add_authors(first)  # a name the story never mentions is its writer, not a tag

    def _is_mentioned_outside(self, name: str, block: list[Line]) -> bool:
        outside = self.text[: block[0].start]
        return any(
            re.search(rf"\b{re.escape(part)}\b", outside) for part in name.split() if len(part) > 2
        )

    # -- helpers --------------------------------------------------------------------------

    def _live_lines(self) -> list[Line]:
        return [line for line in self.lines if line.index not in self.blanked]

    def _add_authors(self, *names: str) -> None:
        for name in names:
            name = " ".join(name.split())
            if name and name not in self.authors:
                self.authors.append(name)

    def _result(self) -> Boilerplate:
        spans = [(self.lines[i].start, self.lines[i].end) for i in sorted(self.blanked)]
        outlet = next(
            (
                self.outlets[kind]
                for kind in ("copyright", "appeal", "dateline")
                if kind in self.outlets
            ),
            None,
        )
        clues = Metadata(
            outlet=outlet, authors=tuple(self.authors), published=self.published, url=self.url
        )
        return Boilerplate(spans=spans + self.inline_spans, clues=clues, headline=self.headline)
