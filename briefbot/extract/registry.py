"""Cross-article actor identity.

The store loads the actors it knows into an `ActorRegistry`; every new article's Extraction is
passed through `resolve()` so that "Zelensky" in one article and "Volodymyr Zelenskyy" in
another come out as one canonical name. Pure Python: no SQL, no spaCy.

Matching rules, in order: exact name or alias (case-insensitive); for people with a first and
last name, a fuzzy surname (transliterations: Zelensky/Zelenskyy/Zelenskiy) *and* a compatible
first name, so "Donald Trump" and "Ivanka Trump" stay apart; a bare surname joins the most
mentioned known person with that surname.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from rapidfuzz import fuzz

from briefbot.models import Actor, Extraction


class KnownActor(NamedTuple):
    id: int | None
    name: str
    kind: str
    role: str | None
    aliases: tuple[str, ...]


@dataclass
class _Entry:
    name: str
    kind: str
    role: str | None = None
    id: int | None = None
    aliases: set[str] = field(default_factory=set)
    count: int = 0

    def known(self) -> KnownActor:
        return KnownActor(self.id, self.name, self.kind, self.role,
                          tuple(sorted(a for a in self.aliases if a != self.name)))


def _key(name: str) -> str:
    name = name.replace("’", "'").replace("\u00a0", " ")
    name = re.sub(r"^(the|mr\.?|mrs\.?|ms\.?|dr\.?)\s+", "", name.strip(), flags=re.I)
    return re.sub(r"\s+", " ", name).lower()


def _first_compatible(a: str, b: str) -> bool:
    a, b = a.rstrip(".").lower(), b.rstrip(".").lower()
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return fuzz.ratio(a, b) >= 80


def _surname_close(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or (a[:3] == b[:3] and fuzz.ratio(a, b) >= 85)


class ActorRegistry:
    """Cross-article actor identity. Pure Python, no SQL: the store loads known actors into it."""

    def __init__(self, known=()):
        self._entries: list[_Entry] = []
        for k in known:
            self._entries.append(_Entry(k.name, k.kind, k.role, k.id, set(k.aliases) | {k.name}))

    # -- matching -------------------------------------------------------------------------
    def _match(self, name: str, kind: str = "person") -> _Entry | None:
        key = _key(name)
        if not key:
            return None
        exact = [e for e in self._entries if _key(e.name) == key]
        if exact:
            return max(exact, key=lambda e: e.count)
        by_alias = [e for e in self._entries if key in {_key(a) for a in e.aliases}]
        if by_alias:
            return max(by_alias, key=lambda e: (e.kind == kind, e.count))
        parts = key.split()
        people = [e for e in self._entries if e.kind == "person"]
        if kind == "person" and len(parts) >= 2:
            for e in people:
                ep = _key(e.name).split()
                if len(ep) >= 2 and _surname_close(ep[-1], parts[-1]) and \
                        _first_compatible(ep[0], parts[0]):
                    return e
            return None
        if kind == "person" and len(parts) == 1:
            same = [e for e in people if _surname_close(_key(e.name).split()[-1], parts[0])]
            if same:
                return max(same, key=lambda e: e.count)
            return None
        if kind != "person":
            for e in self._entries:
                if e.kind != "person" and fuzz.ratio(_key(e.name), key) >= 94:
                    return e
        return None

    def _absorb(self, actor: Actor) -> _Entry:
        e = self._match(actor.name, actor.kind)
        if e is None:
            for alias in actor.aliases:
                e = self._match(alias, actor.kind) if len(alias.split()) > 1 else None
                if e is not None:
                    break
        if e is None:
            e = _Entry(actor.name, actor.kind, actor.role)
            self._entries.append(e)
        elif e.kind == "person" and len(e.name.split()) == 1 and len(actor.name.split()) > 1:
            # a bare surname met its full name: the full name becomes canonical from now on
            e.aliases.add(e.name)
            e.name = actor.name
        e.aliases.add(actor.name)
        e.aliases.update(actor.aliases)
        if actor.role and not e.role:
            e.role = actor.role
        e.count += 1
        return e

    # -- API ------------------------------------------------------------------------------
    def resolve(self, extraction: Extraction) -> Extraction:
        """A new Extraction whose actor and speaker names are the registry's canonical ones."""
        mapping: dict[str, str] = {}
        entries: dict[str, _Entry] = {}
        for a in extraction.actors:
            if a.kind == "group":
                continue
            e = self._absorb(a)
            mapping[a.name] = e.name
            entries[a.name] = e
        merged: dict[str, Actor] = {}
        for a in extraction.actors:
            if a.kind == "group":
                members = tuple(mapping.get(m, m) for m in a.members)
                new = replace(a, members=members)
                merged[new.name] = new
                continue
            e = entries[a.name]
            aliases = tuple(sorted((e.aliases | set(a.aliases) | {a.name}) - {e.name}))
            new = Actor(name=e.name, kind=a.kind, role=a.role or e.role, aliases=aliases,
                        mentions=a.mentions, members=a.members)
            if e.name in merged:  # two article actors turned out to be one person
                old = merged[e.name]
                new = replace(old, aliases=tuple(sorted(set(old.aliases) | set(aliases))),
                              mentions=tuple(sorted(set(old.mentions) | set(a.mentions))),
                              role=old.role or new.role)
            merged[e.name] = new
        statements = []
        for s in extraction.statements:
            name = s.speaker
            if name is not None:
                if name in mapping:
                    name = mapping[name]
                else:
                    hit = self._match(name)
                    name = hit.name if hit else name
            statements.append(replace(s, speaker=name))
        return Extraction(statements=statements, actors=list(merged.values()))

    def lookup(self, name: str) -> list[KnownActor]:
        """Known actors by full name, alias or surname (case-insensitive), best first."""
        key = _key(name)
        scored = []
        for e in self._entries:
            names = {_key(e.name)}
            aliases = {_key(a) for a in e.aliases}
            surnames = set()
            if e.kind == "person":
                surnames = {n.split()[-1] for n in names | aliases if n}
            if key in names:
                rank = 0
            elif key in aliases:
                rank = 1
            elif key in surnames:
                rank = 2
            elif e.kind == "person" and len(key.split()) > 1 and self._match(name) is e:
                rank = 3
            else:
                continue
            scored.append((rank, -e.count, e.name, e))
        scored.sort(key=lambda x: x[:3])
        return [x[3].known() for x in scored]
