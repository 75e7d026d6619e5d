"""Which of "he" and "she" an article uses for each person it names, from the article alone.

A pronoun is resolved to the nearest person before it (`speakers.ArticleActors`); "she said"
after a sentence naming two men and a woman must not go to the nearer man. The evidence, all
of it the article's own: an honorific before the name ("Mrs. Vale", "Mr. Osei"), a gendered
role ("spokeswoman", "the congressman", "his wife"), and the pronouns in the clause of a
sentence that names that one person and no other outside quotes, as its subject ("Vale said
she ...", "Osei defended his record"; not "Osei's office fired the clerk, who said he ...").
Each honorific or role counts `STRONG_VOTES`; a sentence's first such pronoun one. A person is
"m" or "f" only when one side has at least `MIN_VOTES` and `DOMINANCE` times the other's;
else unknown, and unknown agrees with both pronouns.

The price: a name the article gives no honorific, role or pronoun sentence stays unknown (no
first-name list is consulted: what a first name says is a guess, and the lists that exist are
not under a licence this project can take); a person first mentioned in a sentence about
someone else may collect that other person's pronouns, which the dominance rule outvotes
wherever the article says more about them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from spacy.tokens import Doc

from briefbot.actors import fold

HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
                    "miss": "f", "sir": "m", "dame": "f", "lord": "m", "lady": "f",
                    "madam": "f", "madame": "f"}
ROLE_GENDER = {
    "spokeswoman": "f", "congresswoman": "f", "chairwoman": "f", "businesswoman": "f",
    "councilwoman": "f", "assemblywoman": "f", "wife": "f", "mother": "f", "daughter": "f",
    "sister": "f", "widow": "f", "actress": "f", "queen": "f", "princess": "f",
    "grandmother": "f", "aunt": "f", "niece": "f", "girlfriend": "f", "duchess": "f",
    "spokesman": "m", "congressman": "m", "businessman": "m", "councilman": "m",
    "assemblyman": "m", "husband": "m", "father": "m", "son": "m", "brother": "m",
    "widower": "m", "king": "m", "prince": "m", "grandfather": "m", "uncle": "m",
    "nephew": "m", "boyfriend": "m", "duke": "m",
}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}
STRONG_VOTES = 3
MIN_VOTES = 2
DOMINANCE = 3


class _Person(Protocol):
    name: str
    kind: str
    role: str | None
    descriptions: set[str]


def _role_gender(texts: Iterable[str]) -> str | None:
    found = {ROLE_GENDER[w] for t in texts for w in t.lower().replace("-", " ").split()
             if w in ROLE_GENDER}
    return found.pop() if len(found) == 1 else None


def article_genders(doc: Doc, in_quote: list[bool], by_token: dict[int, _Person],
                    unsure: frozenset[int] = frozenset()) -> dict[int, str]:
    """id(person) -> "m" or "f", for the people the article makes clear; `by_token` maps each
    token of a name mention to its actor; the mentions at token indexes `unsure` (a surname
    two people share) are no evidence."""
    votes: dict[int, dict[str, int]] = {}

    def vote(a: _Person, g: str, n: int = 1) -> None:
        votes.setdefault(id(a), {"m": 0, "f": 0})[g] += n

    people = {id(a): a for a in by_token.values() if a.kind == "person"}
    for a in people.values():
        g = _role_gender([a.role or "", *a.descriptions])
        if g:
            vote(a, g, STRONG_VOTES)
    for t in doc:
        if t.i + 1 < len(doc) and t.lower_ in HONORIFIC_GENDER:
            a = by_token.get(t.i + 1)
            if a is not None and a.kind == "person" and t.i + 1 not in unsure:
                vote(a, HONORIFIC_GENDER[t.lower_], STRONG_VOTES)
    surnames = {fold(w) for a in people.values() for w in a.name.split()[-1:]}
    for sent in doc.sents:
        named = [(t.i, by_token[t.i]) for t in sent if t.i in by_token and not in_quote[t.i]
                 and t.pos_ == "PROPN" and by_token[t.i].kind in ("person", "org")]
        if len({id(a) for _, a in named}) != 1 or named[0][1].kind != "person" \
                or any(i in unsure for i, _ in named):
            continue
        if any(t.i not in by_token and not in_quote[t.i] and (
                t.ent_type_ == "PERSON" or t.pos_ == "PROPN" and fold(t.text) in surnames)
               for t in sent):
            continue  # "Vale told Osei, after he ...": Osei is there, whatever the model says
        a = named[0][1]
        said = next((g for i, _ in named if doc[i].dep_ in ("nsubj", "nsubjpass")
                     for g in _own_pronouns(doc[i], in_quote)), None)
        if said is not None:
            vote(a, said)
    out = {}
    for key, v in votes.items():
        for g, other in (("m", "f"), ("f", "m")):
            if v[g] >= MIN_VOTES and v[g] >= DOMINANCE * v[other]:
                out[key] = g
    return out


def honorific_gender(word: str) -> str | None:
    return HONORIFIC_GENDER.get(word.lower())


def _own_pronouns(subject, in_quote: list[bool]):
    """The genders of the pronouns in a subject's own clause after it that are most likely
    the subject again: a subject ("Vale said she ..."), a possessive ("defended his
    record"), a reflexive; never an object ("Vale thanked him" is someone else)."""
    for t in subject.head.subtree:
        if t.i <= subject.i or in_quote[t.i] or t.lower_ not in PRONOUN_GENDER:
            continue
        if t.dep_ in ("nsubj", "nsubjpass") or t.tag_ == "PRP$" or t.lower_.endswith("self"):
            yield PRONOUN_GENDER[t.lower_]


def agrees(gender: str | None, pronoun: str) -> bool:
    """Whether a person of `gender` (None: unknown) can be what `pronoun` means."""
    wanted = PRONOUN_GENDER.get(pronoun.lower())
    return gender is None or wanted is None or gender == wanted
