"""Undo the shapes an inbox gives text (hard wraps, CRLF, e-mail quoting) and map offsets back.

Wire copy, newsletters and e-mail replies break every paragraph into lines of one width, end
lines with CRLF, and put "> " (or "> > ") before each line of a reply. spaCy and the extraction
rules read a line break as a paragraph end, so a statement is cut at every wrap. `normalise`
gives text with those lines joined back into paragraphs, quoting and CR removed, and blank lines
and real one-line paragraphs kept; `NormalisedText` maps every offset in it back to the text
it came from, so whatever is found in the normalised text still points into the original.

Rule: text is hard-wrapped when most of its lines (ignoring each paragraph's last) are close
to one width of at most MAX_WRAP_WIDTH columns and most of them stop mid-sentence; a line in
it is joined to the next when the next line's first word would have fitted on it (the test a
wrapping tool applies), so headline, byline and list lines that end short keep their break.
Price: in wrapped text without blank lines between paragraphs, a paragraph whose last line is
nearly full is joined to the next one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# "> ", ">>", "> > " before a line of a quoted e-mail (at most three spaces before it).
QUOTE_PREFIX = re.compile(r"[ \t]{0,3}>(?:[ \t]?>)*[ \t]?")
LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
HYPHEN_BREAK = re.compile(r"\w-$")  # "well-" + "known": a word broken at its hyphen

MIN_WRAPPED_LINES = 4  # fewer inner lines than this is no evidence of a wrap width
MIN_WRAP_WIDTH = 45  # narrower runs of lines are header blocks and lists, not wrapped prose
MAX_WRAP_WIDTH = 160  # nobody hard-wraps wider; one-line paragraphs are longer
WIDTH_QUANTILE = 0.9  # the wrap width, robust to a few unbreakable long lines (URLs)
NEAR_WIDTH = 16  # an inner line of wrapped text ends within a long word of the width
MIN_NEAR_SHARE = 0.6  # "most lines close to one width" (paragraph ends and furniture are the rest)
MAX_OVERLONG_SHARE = 0.1  # a wrapped text's breakable lines stay within the width (headers aside)
MAX_SENTENCE_END_SHARE = 0.5  # wrapped lines end mid-sentence; one-line paragraphs never do
SENTENCE_END = re.compile(r"[.!?…:][\"'”’)\]]*$")


@dataclass(frozen=True)
class _Line:
    start: int  # the content, after any quote prefix
    end: int  # before the line break, trailing spaces dropped
    break_start: int  # where the line break starts (== break_end at the end of the text)
    break_end: int
    depth: int  # quoting depth: 0 plain, 1 for "> ", 2 for "> > "

    @property
    def width(self) -> int:
        return self.end - self.start

    @property
    def is_blank(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True)
class NormalisedText:
    """`text` read from `original`; `origin[i]` is the original offset of `text[i]`."""

    original: str
    text: str
    origin: tuple[int, ...]

    def to_original(self, offset: int) -> int:
        """The original offset of a position between characters of `text` (a span start)."""
        if offset >= len(self.text):
            return len(self.original)
        return self.origin[offset]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of `text[start:end]`; an empty span stays empty."""
        if end <= start:
            at = self.to_original(start)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def to_normalised(self, offset: int) -> int:
        """The first position of `text` at or after the original `offset`."""
        return bisect_right(self.origin, offset - 1) if offset > 0 else 0

    def span_to_normalised(self, start: int, end: int) -> tuple[int, int]:
        return self.to_normalised(start), self.to_normalised(end)

    def apply(self, same_shape: str) -> str:
        """The same normalisation applied to a text of the original's length whose characters
        differ only where they were blanked (an article's body): blanking carries through."""
        if len(same_shape) != len(self.original):
            raise ValueError("apply() needs a text as long as the original")
        out = []
        for char, at in zip(self.text, self.origin, strict=True):
            out.append(same_shape[at] if self.original[at] == char else char)
        return "".join(out)


def one_line(text: str) -> str:
    """A span of normalised text as one line: paragraph breaks inside it, and the runs of
    spaces that blanked markup leaves, become one space."""
    return " ".join(text.split())


def normalise(text: str) -> NormalisedText:
    """Join hard-wrapped lines, drop e-mail quote marks and CRs; keep paragraphs."""
    lines = _split_lines(text)
    joins = _wrapped_breaks(text, lines)
    chars: list[str] = []
    origin: list[int] = []

    def emit(start: int, end: int) -> None:
        chars.extend(text[start:end])
        origin.extend(range(start, end))

    for index, line in enumerate(lines):
        start = _first_word(text, line) if index - 1 in joins else line.start
        if index in joins:
            emit(start, line.end)
            if not HYPHEN_BREAK.search(text[line.start : line.end]):
                chars.append(" ")  # the wrap's line break (and the next line's quote marks)
                origin.append(line.break_start)
            continue
        emit(start, line.break_start)
        if line.break_end > line.break_start:
            chars.append("\n")  # CRLF and CR as one newline
            origin.append(line.break_start)
    return NormalisedText(original=text, text="".join(chars), origin=tuple(origin))


def _first_word(text: str, line: _Line) -> int:
    position = line.start
    while position < line.end and text[position] in " \t":
        position += 1
    return position


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    for match in LINE.finditer(text):
        if match.start() == len(text) and lines:
            break  # the empty match after a final line break
        content_start, break_start = match.span(1)
        prefix = QUOTE_PREFIX.match(text, content_start, break_start)
        depth = 0
        if prefix:
            depth = prefix.group().count(">")
            content_start = prefix.end()
        end = break_start
        while end > content_start and text[end - 1] in " \t":
            end -= 1
        lines.append(_Line(content_start, end, break_start, match.end(2), depth))
        if match.end() == len(text):
            break
    return lines


def _wrapped_breaks(text: str, lines: list[_Line]) -> set[int]:
    """Indexes of the lines whose break is a wrap inside a paragraph (joined to the next)."""
    joins: set[int] = set()
    for depth in {line.depth for line in lines}:
        pairs = [
            i
            for i, (line, nxt) in enumerate(zip(lines, lines[1:], strict=False))
            if line.depth == depth and nxt.depth == depth and not line.is_blank
            and not nxt.is_blank
        ]
        width = _wrap_width([
            (lines[i].width, bool(SENTENCE_END.search(text, lines[i].start, lines[i].end)),
             " " in text[lines[i].start : lines[i].end])
            for i in pairs
        ])
        if width is None:
            joins.update(_broken_sentences(text, lines, pairs))
            continue
        for i in pairs:
            line, nxt = lines[i], lines[i + 1]
            first_word = text[nxt.start : nxt.end].split(maxsplit=1)[0]
            if line.width + 1 + len(first_word) > width:
                joins.add(i)
    return joins


def _broken_sentences(text: str, lines: list[_Line], pairs: list[int]) -> set[int]:
    """Outside wrapped text, a line that stops mid-sentence before a lower-case word is one
    sentence broken in two (a page's stray line break); a menu line is too short to count."""
    joins: set[int] = set()
    for i in pairs:
        line, nxt = lines[i], lines[i + 1]
        stops_mid_sentence = not SENTENCE_END.search(text, line.start, line.end)
        long_enough = i - 1 in joins or len(text[line.start : line.end].split()) >= 4
        if stops_mid_sentence and long_enough and text[nxt.start].islower():
            joins.add(i)
    return joins


def _wrap_width(inner: list[tuple[int, bool, bool]]) -> int | None:
    """The width the lines were wrapped at, or None when they do not look wrapped.

    `inner` holds each inner line's width, whether it ends a sentence and whether it could
    have been broken (has a space). One-line paragraphs all end sentences, while lines wrapped
    near the width mostly stop mid-sentence; and no breakable line runs past the width."""
    if len(inner) < MIN_WRAPPED_LINES:
        return None
    ordered = sorted(width for width, _, _ in inner)
    width = ordered[int(WIDTH_QUANTILE * (len(ordered) - 1))]
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return None
    overlong = sum(1 for w, _, breakable in inner if w > width + NEAR_WIDTH and breakable)
    if overlong / len(inner) > MAX_OVERLONG_SHARE:
        return None
    near = [ends for w, ends, _ in inner if w >= width - NEAR_WIDTH]
    if len(near) / len(inner) < MIN_NEAR_SHARE:
        return None
    return width if sum(near) / len(near) <= MAX_SENTENCE_END_SHARE else None
