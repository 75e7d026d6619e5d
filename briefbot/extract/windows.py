"""Long articles in paragraph windows, so extraction cost stays linear in the text.

spaCy and the rules cost a little more than linear in one Doc (100 KB took 10.7 s as one Doc,
400 KB 99 s at 2.35 GB), so a text longer than `WINDOW_CHARS` is cut at paragraph breaks (else
line breaks, else sentence ends, else spaces) into windows of at most that size, each extracted
on its own. The windows' actors are then joined by name, and the actor registry every article
passes through makes "Rutte" in the tenth window the "Mark Rutte" of the first.

The price: a statement whose quote runs across a window break is cut there, and a pronoun at
the top of a window cannot reach back to a name in the window before. With windows of 20,000
characters (ten typical news stories), that touches a few statements of a very long piece.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from briefbot.models import Actor, Extraction

WINDOW_CHARS = 20_000
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'”’)]*\s"),
           re.compile(r"\s"))


def paragraph_windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive windows covering `text`, each at most `size` characters,
    cut at the best break in the second half of each window."""
    windows, start, n = [], 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            end = _best_break(text, start + size // 2, end) or end
        windows.append((start, end))
        start = end
    return windows


def _best_break(text: str, lo: int, hi: int) -> int | None:
    for pattern in _BREAKS:
        cut = None
        for match in pattern.finditer(text, lo, hi):
            cut = match.end()
        if cut is not None:
            return cut
    return None


def shift(extraction: Extraction, offset: int) -> Extraction:
    """The same extraction with every character offset moved by `offset`."""
    def move(value: int | None) -> int | None:
        return None if value is None else value + offset

    statements = [replace(st, speaker_start=move(st.speaker_start),
                          speaker_end=move(st.speaker_end), cue_start=move(st.cue_start),
                          cue_end=move(st.cue_end), content_start=st.content_start + offset,
                          content_end=st.content_end + offset,
                          parts=tuple((a + offset, b + offset) for a, b in st.parts))
                  for st in extraction.statements]
    actors = [replace(a, mentions=tuple((s + offset, e + offset) for s, e in a.mentions))
              for a in extraction.actors]
    return Extraction(statements=statements, actors=actors)


def join_windows(parts: Iterable[Extraction]) -> Extraction:
    """One article's extraction from its windows' (already shifted) extractions.

    Actors of the same name are one; the rest of the identity work ("Rutte" in a later window
    is "Mark Rutte" of an earlier one) is the actor registry's, which every extraction passes
    through before it is stored. Full names come first so the registry meets them before a
    bare surname. (Resolving window by window here instead cost minutes: the registry's
    fuzzy look-ups grow with the square of the actors, and a long text has hundreds.)"""
    actors: dict[str, Actor] = {}
    statements = []
    for part in parts:
        for actor in part.actors:
            old = actors.get(actor.name)
            if old is not None:
                actor = replace(old, role=old.role or actor.role,
                                aliases=tuple(sorted(set(old.aliases) | set(actor.aliases))),
                                mentions=tuple(sorted(set(old.mentions) | set(actor.mentions))),
                                members=tuple(dict.fromkeys(old.members + actor.members)),
                                descriptions=tuple(sorted(set(old.descriptions)
                                                          | set(actor.descriptions))),
                                acted=old.acted or actor.acted)
            actors[actor.name] = actor
        statements += part.statements
    statements.sort(key=lambda st: (st.content_start, st.content_end))
    ordered = sorted(actors.values(), key=lambda a: -len(a.name.split()))
    return Extraction(statements=statements, actors=ordered)
