"""Pair quotation marks into quote spans.

Works on raw text, before and independently of spaCy, because the tokenizer splits marks
inconsistently (``''`` becomes one token, ``“`` sometimes glues to words). Pairing is done
per paragraph so an unbalanced mark can never swallow the rest of an article: a quote that is
still open at a paragraph break either continues (the next paragraph opens with a mark: the
multi-paragraph convention) or ends there.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Quote(NamedTuple):
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end when unclosed)
    closed: bool  # False when the mark was never closed and the quote was cut at a paragraph

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1 if self.closed else self.end


# Double-quote marks. ``''`` (NYT style) is used both to open and to close, like '"'; two
# typographic single marks (‘‘ ’’) stand for a double one in some wire copy.
_DOUBLE = re.compile(r"``|''|‘‘|’’|[\"“”„‟«»]")
_OPENERS = {"“", "„", "‟", "«", "``", "‘‘"}
_CLOSERS = {"”", "»", "’’"}
_TOGGLES = {'"', "''"}
# Single marks only count as quotes outside double quotes, and only when they look like quote
# marks rather than apostrophes (don't, Kyiv’s, leaders’): an opener follows a non-letter and
# precedes a non-space, a closer follows a non-space and precedes a non-letter.
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'‹](?=[^\s'‘’])")
_SINGLE_CLOSE = re.compile(r"(?<=[^\s])[’'›](?=$|[\s,.;:!?)\]—–-])")
_PARA = re.compile(r"\n\s*\n|\n")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARA.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _family(mark: str) -> str:
    """Straight, NYT-style and typographic marks never pair across paragraphs with each other."""
    if mark.startswith(("``", "''")):
        return "nyt"
    return "straight" if mark[:1] in "\"'" else "curly"


def _opens_with_mark(text: str, start: int, end: int, family: str | None = None) -> bool:
    head = text[start:end].lstrip()
    if not (head and (head[0] in "\"“„«‘'" or head.startswith("``"))):
        return False
    return family is None or _family(head[:2]) == family


def _is_opening_context(text: str, i: int, n: int) -> bool:
    """A straight mark opens when it follows a space/start and precedes a non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + n] if i + n < len(text) else " "
    if before.isspace() or before in "([{—–-:/":
        return not after.isspace()
    return False


def _double_quotes(text: str, pstart: int, pend: int) -> tuple[list[list], int | None]:
    """Quotes of one paragraph: list of [start, end_or_None], plus a dangling open offset."""
    found: list[list] = []
    open_at: int | None = None
    for m in _DOUBLE.finditer(text, pstart, pend):
        mark, i = m.group(), m.start()
        if open_at is None:
            if mark in _OPENERS or (mark in _TOGGLES and _is_opening_context(text, i, len(mark))):
                open_at = i
            elif mark in _TOGGLES and i == pstart:
                open_at = i
            # a stray closer with nothing open is ignored
        else:
            if mark in _CLOSERS or mark in _TOGGLES:
                found.append([open_at, m.end()])
                open_at = None
            # an opener inside an open quote is a nesting/typo: ignore it
    return found, open_at


def _single_quotes(text: str, pstart: int, pend: int, taken: list[list]) -> list[list]:
    def inside(i: int) -> bool:
        return any(q[0] <= i < q[1] for q in taken)

    out = []
    closers = [m.start() for m in _SINGLE_CLOSE.finditer(text, pstart, pend)
               if not inside(m.start())]
    for m in _SINGLE_OPEN.finditer(text, pstart, pend):
        i = m.start()
        if inside(i) or any(a <= i < b for a, b in out):
            continue
        nxt = next((c for c in closers if c > i + 1), None)
        # A short run up to the next closer; a long one is more likely an apostrophe.
        if nxt is not None and nxt - i < 600 and not inside(nxt):
            out.append([i, nxt + 1])
    return out


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotes in `text`, in order, as character spans including the marks."""
    quotes: list[Quote] = []
    carry: int | None = None  # start of a quote left open at the previous paragraph's end
    paras = _paragraphs(text)
    for k, (ps, pe) in enumerate(paras):
        found, dangling = _double_quotes(text, ps, pe)
        if carry is not None:
            if _opens_with_mark(text, ps, pe) and found and found[0][0] - ps <= 3:
                # Multi-paragraph quote: this paragraph's first quote continues the open one.
                found[0][0] = carry
            elif _opens_with_mark(text, ps, pe) and not found and dangling is not None:
                dangling = carry
            else:
                quotes.append(Quote(carry, paras[k - 1][1], False))
            carry = None
        if dangling is not None:
            nxt = paras[k + 1] if k + 1 < len(paras) else None
            family = _family(text[dangling:dangling + 2])
            if nxt is not None and _opens_with_mark(text, *nxt, family):
                carry = dangling
            else:
                found.append([dangling, pe, False])
        singles = _single_quotes(text, ps, pe, found)
        for q in sorted(found + singles):
            quotes.append(Quote(q[0], q[1], q[2] if len(q) > 2 else True))
    if carry is not None:
        quotes.append(Quote(carry, paras[-1][1], False))
    return sorted(quotes)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (non-empty lines), shared with the clause rules."""
    return _paragraphs(text)
