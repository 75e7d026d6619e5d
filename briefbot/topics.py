"""What a topic means: words a reader types -> a full-text query over statements.

`ceasefire` also finds `ceasefires` (Porter stemming in the FTS index) and `cease-fire` /
`cease fire` (compounds are written closed, hyphenated or open; the variants are added as
phrases); `NATO membership` matches as a phrase, and Porter stemming lets `NATO memberships`
match it too; `actor:Rutte` names an actor instead of words. Synonyms come from the config
(`[topics.synonyms] ceasefire = ["truce"]`) and work both ways: `truce` finds `ceasefire`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ACTOR_PREFIX = "actor:"
# An FTS5 query that matches nothing (an empty phrase): a topic made only of punctuation must
# find nothing, not everything.
MATCH_NOTHING = '""'


@dataclass(frozen=True)
class Topic:
    name: str  # as the user typed it, trimmed
    actor: str | None = None  # for "actor:Rutte" topics


def parse_topic(text: str) -> Topic:
    name = " ".join(text.split())
    if name.lower().startswith(ACTOR_PREFIX):
        return Topic(name=name, actor=name[len(ACTOR_PREFIX):].strip())
    return Topic(name=name)


def _words(term: str) -> list[str]:
    return re.findall(r"\w+", term.lower())


def _phrase(words: Iterable[str]) -> str:
    return '"' + " ".join(words) + '"'


# Compounds news writes closed, hyphenated or open ("ceasefire", "cease-fire", "cease fire").
# Only a known head with a known tail is split, so "overall" never becomes "over all".
_COMPOUND_HEADS = ("cease", "peace", "war", "air", "counter", "cyber", "fire", "hand", "over",
                   "break", "crack", "stand", "shut", "check", "road", "land", "sea", "black",
                   "head", "stale", "gun", "drone", "life", "hard")
_COMPOUND_TAILS = ("fire", "fires", "keeper", "keepers", "keeping", "time", "head", "heads",
                   "line", "lines", "down", "downs", "off", "offs", "out", "outs", "over",
                   "point", "points", "map", "maps", "mine", "mines", "space", "strike",
                   "strikes", "craft", "field", "fields", "lord", "lords", "fare", "ship",
                   "ships", "shake", "shakes", "attack", "attacks", "offensive", "measure",
                   "measures", "mate", "liner", "liners", "boat", "boats", "quarters")


def _compound_split(word: str) -> str | None:
    for head in _COMPOUND_HEADS:
        tail = word[len(head):]
        if word.startswith(head) and tail in _COMPOUND_TAILS:
            return f"{head} {tail}"
    return None


def spelling_variants(term: str) -> set[str]:
    """The ways news writes `term`, as space-separated words: `ceasefire` -> {ceasefire,
    cease fire}; `cease-fire` and `cease fire` -> the same two. A hyphen tokenises as a space
    in the index, so the open variant also finds the hyphenated spelling."""
    words = _words(term)
    if not words:
        return set()
    variants = {" ".join(words)}
    if len(words) == 2 and _compound_split(words[0] + words[1]) == " ".join(words):
        variants.add(words[0] + words[1])
    if len(words) == 1 and (split := _compound_split(words[0])):
        variants.add(split)
    return variants


def _key(term: str) -> frozenset[str]:
    return frozenset(spelling_variants(term))


def topic_terms(topic: Topic | str,
                synonyms: Mapping[str, Iterable[str]] | None = None) -> list[str]:
    """The topic and its synonyms. A synonym list is a group of words meaning the same thing, so
    it works from either side and whichever spelling (`cease-fire`) the topic was typed in."""
    if isinstance(topic, str):
        topic = parse_topic(topic)
    terms = [topic.name]
    mine = _key(topic.name)
    for head, others in (synonyms or {}).items():
        group = [head, *others]
        if any(_key(term) & mine for term in group if _key(term)):
            terms += [t for t in group if t not in terms]
    return terms


def fts_query(topic: Topic | str,
              synonyms: Mapping[str, Iterable[str]] | None = None) -> str:
    """An FTS5 MATCH expression for a word/phrase topic and its configured synonyms: every
    spelling of every term as a phrase (so `NATO membership` stays a phrase), OR-ed together.
    Words are stemmed by the index's Porter tokenizer, so inflections match too."""
    alternatives = {
        _phrase(variant.split())
        for term in topic_terms(topic, synonyms)
        for variant in spelling_variants(term)
    }
    return " OR ".join(sorted(alternatives)) if alternatives else MATCH_NOTHING
