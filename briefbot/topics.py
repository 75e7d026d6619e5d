"""What a topic means: words a reader types -> a full-text query over statements.

`ceasefire` also finds `ceasefires` (Porter stemming in the FTS index) and `cease-fire`
(the hyphenated and split spellings are added as phrases); `NATO membership` matches as a phrase;
`actor:Rutte` names an actor instead of words. Synonyms come from the config.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTOR_PREFIX = "actor:"


@dataclass(frozen=True)
class Topic:
    name: str  # as the user typed it, trimmed
    actor: str | None = None  # for "actor:Rutte" topics

    @property
    def title(self) -> str:
        return self.actor if self.actor else self.name[:1].upper() + self.name[1:]


def parse_topic(text: str) -> Topic:
    name = " ".join(text.split())
    if name.lower().startswith(ACTOR_PREFIX):
        return Topic(name=name, actor=name[len(ACTOR_PREFIX):].strip())
    return Topic(name=name)


def _phrase(words: list[str]) -> str:
    return '"' + " ".join(w.replace('"', "") for w in words) + '"'


def spelling_variants(term: str) -> set[str]:
    """`ceasefire` -> {ceasefire, cease fire}: compounds are written closed, hyphenated
    (tokenised as two words) or open, so a topic in any of the three finds the others."""
    words = re.findall(r"[\w']+", term.lower())
    variants = {" ".join(words)}
    if len(words) == 2 and "-" in term:
        variants.add("".join(words))
    if len(words) == 1:
        word = words[0]
        for cut in _compound_splits(word):
            variants.add(f"{word[:cut]} {word[cut:]}")
    return {v for v in variants if v}


# Compounds news writes both ways; splitting arbitrary words would match nonsense.
_COMPOUND_HEADS = ("cease", "peace", "war", "air", "counter", "cyber", "fire", "hand", "over",
                   "break", "crack", "stand", "shut", "check", "road", "land", "sea", "black")


def _compound_splits(word: str) -> list[int]:
    return [len(h) for h in _COMPOUND_HEADS if word.startswith(h) and len(word) - len(h) >= 3]


def fts_query(topic: Topic | str, synonyms: dict[str, tuple[str, ...]] | None = None) -> str:
    """An FTS5 MATCH expression for a word/phrase topic and its configured synonyms."""
    if isinstance(topic, str):
        topic = parse_topic(topic)
    terms = [topic.name, *(synonyms or {}).get(topic.name.lower(), ())]
    alternatives = set()
    for term in terms:
        for variant in spelling_variants(term):
            alternatives.add(_phrase(variant.split()))
    return " OR ".join(sorted(alternatives))
