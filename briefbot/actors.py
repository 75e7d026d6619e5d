"""Actor identity: what a name is, when two names are one actor, and what a typed name finds.

Every part of briefbot that decides who an actor is goes through here: the article's speaker
resolution (`extract/speakers.py`) cleans and checks its names with `parse` and `junk_reason`,
ingest gives each article's actors their store-wide names with `ActorRegistry`, and `/whosaid`
(CLI, console, Slack) and actor digests turn what a user typed into an actor with `find`. The
store keeps ids and rows; it keys names with `name_key` from here.

The rules, and what they cost:

- A name is compared folded: case, accents (`Kolaric` is `Kolarić`), curly quotes, spacing,
  a possessive and a leading "the" do not count. Two people whose names differ only in accents
  are one person.
- Titles and honorifics in front of a person's name are a role, never part of the name
  ("Patrol Chief James Hall" is James Hall, role "Patrol Chief"). Titles are nameparser's list
  plus news roles; a first name that is also a title ("Prince Harry") is read as a title.
- What is not a name never becomes an actor (`junk_reason`): markup, line breaks and brackets
  inside, a list of names (a group of its members instead), words in capitals (datelines,
  headings), lowercase words (a headline or a phrase), outlets, wire services and photo credits.
- Two full names are one person when the surnames are close (transliterations: Zelensky,
  Zelenskyy, Zelenskiy) *and* the first names are compatible (equal, an initial, or close): Ellie
  Hall and James Hall stay two people. A bare surname joins a known person only when exactly one
  known person has it; with two it stays apart rather than guess.
- An organisation's name written another way is the same organisation (`org_forms`): without
  a corporate suffix, a party by its members ("Democrats"/"Democratic Party"), a country's
  possessive as its adjective ("Russia's"/"Russian foreign ministry"). A state's body keeps
  the other form as an alias (`country_aliases`, countries and demonyms from countryinfo), so
  either finds it and another article's other form joins it.
- An unnamed group is named without the mood it spoke in ("outraged local officials" are
  "local officials", `without_mood`; a lexicon, so "retired officers" stay retired).
- Lookup (`find`) answers when exactly one actor fits: by name or alias, by a role it was given,
  by surname; then by another form of an organisation's name (above; an initialism, "DOC",
  "Cal OES"; a description made of its words, "the utilities commission"; a country alone for
  its government body), or a person by the words of a role; then an unnamed speaker called so
  ("conservation department" finds the Department of Conservation before the description);
  then a typo of at most one edit (two for names of ten letters or more). What officials or
  a spokesperson speak for finds an organisation only ("Ruritanian officials" are not "Many
  Ruritanians"); a country's people are not its government; "Quarkly's CEO" needs a role
  that names Quarkly; "UN human rights office" is the UN High Commissioner for Human Rights
  (`described_by`: the initials of a run of words, a post's office). When several fit
  equally, it answers nothing and lists them; further off, it suggests the closest. The price:
  a one-letter difference between two real people's names ("Kim"/"Kin") is read as a typo when
  only one of them is known, and an initialism or description that happens to fit one
  organisation answers with it.
"""

from __future__ import annotations

import gc
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple
from weakref import WeakKeyDictionary

import numpy as np
from countryinfo import all_countries  # its data is read on first use (`_countries`), once
from nameparser import HumanName
from nameparser.config import CONSTANTS
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from briefbot.models import Actor, Extraction

if TYPE_CHECKING:  # the store imports this module for name_key; only typing goes the other way
    from briefbot.models import ActorRow
    from briefbot.store import Store

# --- thresholds: every matching decision about actors reads these --------------------------

FIRST_NAME_SCORE = 75  # "Volodymyr"/"Volodimir", "Marc"/"Mark": one first name, spelt two ways
SURNAME_SCORE = 85  # "Zelensky"/"Zelenskyy" (the first three letters must also agree)
# a bare surname from another article, with nothing but itself to go by: "Zelenskiy" joins
# "Zelenskyy" (89), "Willis" does not join "Williams" (86)
BARE_SURNAME_SCORE = 88
ORG_SCORE = 94  # organisations join only on near-identical names ("NATO"/"Nato")
SUGGEST_SCORE = 70  # a typed name this close to an actor's name is offered as a suggestion
MAX_SUGGESTIONS = 3


def typo_edits(length: int) -> int:
    """How many edits a typed name may be from a known one and still be answered."""
    if length < 4:
        return 0
    return 1 if length < 10 else 2


# --- vocabulary -------------------------------------------------------------------------------

HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "rev"}
TITLES = set(CONSTANTS.titles) | HONORIFICS | {
    "defenseman", "defender", "forward", "goaltender", "goalie", "striker", "midfielder",
    "negotiator", "spokesman", "spokeswoman", "spokesperson", "envoy", "adviser", "advisor",
    "aide", "official", "chair", "chairwoman", "chairperson", "premier", "lawmaker", "host",
    "founder", "co-founder", "executive", "analyst", "strategist", "economist", "coordinator",
    "emeritus", "former", "acting", "deputy", "vice", "interim", "lt", "col", "gen", "sgt",
    "capt", "adm", "cmdr", "sec", "pres", "gov", "sen", "rep", "prime", "minister",
    "secretary-general", "attorney", "prosecutor", "diplomat", "candidate", "nominee",
    "congressman", "congresswoman", "leader", "head", "manager", "director", "president",
}
# Name particles: lowercase parts of a real name ("Ursula von der Leyen", "Abu Bakr al-Baghdadi").
PARTICLES = {p.rstrip("-") for p in CONSTANTS.prefixes} | {"bin", "al", "el", "y"}
# News agencies, photo credits and wire labels: the source of an article, never one of its actors.
OUTLETS = {
    "associated press", "ap", "the associated press", "reuters", "afp", "agence france-presse",
    "agence france presse", "pti", "press trust of india", "ians", "upi", "xinhua", "tass",
    "ria novosti", "dpa", "efe", "ansa", "kyodo", "yonhap", "anadolu", "getty images", "getty",
    "istock", "shutterstock", "ap photo", "afp photo", "reuters photo", "epa", "al bawaba",
}
ORG_WORDS = {
    "agency", "association", "authority", "bank", "board", "bureau",
    "coalition", "co", "college", "commission", "committee", "company", "congress", "corp",
    "corporation", "council", "court", "department", "embassy", "federation", "foundation",
    "front", "fund", "government", "group", "inc", "institute", "league", "llc", "ltd",
    "ministry", "movement", "network", "office", "organisation", "organization", "parliament",
    "party", "police", "project", "school", "senate", "service", "services", "society",
    "systems", "team", "tribunal", "union", "university", "assembly", "administration",
    "army", "navy", "force", "forces", "club", "alliance", "initiative", "campaign", "program",
    "programme", "cabinet", "press", "news", "times", "post", "media",
}
# Quantifiers and articles in front of a collective speaker ("Many Tunisians", "the agency").
_LEADING = re.compile(r"^(?:the|a|an|many|some|several|most|other|multiple)\s+", re.I)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " ", "\u2032": "'", "`": "'"})


# --- normalising ------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)  # called for every token of an article (`_missed_full_names`)
def fold(text: str) -> str:
    """Case, accents, curly quotes and spacing folded away: how names are compared."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def clean(raw: str) -> str:
    """A name as it should be shown: no markup, brackets, stray quotes, line breaks, possessive
    or leading "the"; spacing collapsed. "\\" Patrol Chief James Hall's" -> "Patrol Chief James
    Hall"."""
    text = raw.translate(_QUOTES)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"[\[\]{}()<>*_#|=~^\\\"]", " ", text)
    text = " ".join(text.split())
    text = re.sub(r"(?<=\w)'s?$", "", text)  # Hernandez's, Jonas'
    text = text.strip(" '.,;:!?-\u2013\u2014/")
    if raw.rstrip().endswith(".") and re.search(r"\b(?:Co|Inc|Corp|Ltd|Jr|Sr|St)$", text):
        text += "."
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    return text


# A quantifier in front of a collective is no part of who it is: "Many Tunisians" are Tunisians.
_QUANTIFIER = re.compile(r"^(?:many|some|several|multiple)\s+(?=\S)", re.I)


# How a group felt when it spoke ("outraged local officials", "angry harbour workers") is no
# part of who they are: a description is named without it (a lexicon, so "retired officers"
# and "elected officials", which say who they are, keep theirs).
MOODS = {
    "angry", "outraged", "furious", "frustrated", "upset", "irate", "incensed", "enraged",
    "indignant", "exasperated", "annoyed", "irritated", "worried", "concerned", "anxious",
    "nervous", "fearful", "frightened", "scared", "alarmed", "shocked", "stunned", "dismayed",
    "disappointed", "disillusioned", "distraught", "devastated", "grieving", "heartbroken",
    "tearful", "emotional", "bewildered", "confused", "baffled", "puzzled", "relieved",
    "delighted", "pleased", "happy", "unhappy", "elated", "jubilant", "thrilled", "excited",
    "hopeful", "defiant", "bitter", "weary", "skeptical", "sceptical", "wary", "jittery",
}
_MOOD_INTENSIFIERS = {"very", "deeply", "visibly", "increasingly", "clearly", "obviously",
                      "understandably", "still", "so", "and"}


def without_mood(description: str) -> str:
    """A description without the mood words in front of it: "outraged local officials and
    customers" -> "local officials and customers"; "Many angry, frustrated parents" -> "Many
    parents". Left as it is when nothing but moods would remain."""
    words = description.split()
    start = 1 if words and _QUANTIFIER.match(words[0] + " x") else 0
    i = start
    while i < len(words) - 1 and (fold(words[i]).strip(",") in MOODS
                                  or fold(words[i]) in _MOOD_INTENSIFIERS):
        i += 1
    if not any(fold(w).strip(",") in MOODS for w in words[start:i]):
        return description
    return " ".join(words[:start] + words[i:])


@lru_cache(maxsize=1 << 16)
def group_name(members: Iterable[str]) -> str:
    """What a group of actors is called: its members' names in the order the article wrote
    them ("Ruritania and Freedonia", "Dockers United, Harbour Pilots Guild and ...")."""
    names = list(members)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def name_key(name: str) -> str:
    """The key a name is stored and looked up by: `clean`, then `fold`, without a leading
    quantifier ("Many Tunisians" and "Tunisians" are one collective)."""
    return _QUANTIFIER.sub("", fold(clean(name)))


def _bare(word: str) -> str:
    return fold(word).strip(".,")


def is_title(word: str) -> bool:
    return _bare(word) in TITLES


# --- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A person's name split into what it is: `text` without titles, the `role` they formed,
    and the folded first and last names for matching."""

    text: str
    role: str | None
    first: str
    last: str

    @property
    def parts(self) -> list[str]:
        return self.text.split()


def split_role(name: str) -> tuple[str | None, str]:
    """Leading titles, honorifics and role words of a person's name, and the name after them:
    "Town Hall Press Secretary Lidia Marsh" -> ("Town Hall Press Secretary",
    "Lidia Marsh"). The role ends at its last title word or lowercase word ("Wild coach
    Bruce Boudreau"); a name made only of titles keeps its last word ("President")."""
    words = name.split()
    cased = any(c.isupper() for c in name)  # typed all in lowercase, case tells nothing
    cut = -1
    for i, w in enumerate(words[:-1]):
        lower_word = cased and w[:1].islower() and _bare(w) not in PARTICLES
        if is_title(w) or lower_word or _bare(w) in ("of", "for", "to", "and", "the"):
            cut = i
    if cut < 0:
        return None, name
    role = " ".join(words[: cut + 1])
    rest = " ".join(words[cut + 1:])
    return role, rest


# Words nameparser reads as more than a given name or a surname (a title, a suffix, a particle,
# a conjunction), lowercased without periods: a name with none of them is a plain name.
_NAMEPARSER_WORDS = frozenset(
    str(w).lower().replace(".", "")
    for kind in ("titles", "first_name_titles", "suffix_acronyms", "suffix_acronyms_ambiguous",
                 "suffix_not_acronyms", "prefixes", "non_first_name_prefixes", "conjunctions",
                 "bound_first_names")
    for w in getattr(CONSTANTS, kind))
_PLAIN_WORD = re.compile(r"[A-Z][a-z]+\Z")


def first_and_last(text: str) -> tuple[str, str]:
    """nameparser's first and last name of `text`. A plain name (one to three capitalised words,
    none of them a word nameparser reads as a title, suffix, particle or conjunction) is split
    without it: a HumanName costs about a quarter of a millisecond, and the first lookup of a
    process parses every actor's names (10 s for 20,000 actors). The same answer as nameparser's
    on all of 46,428 names checked (the benchmark store's actors and their surnames, the gold
    files' names, capitalised runs of one to four words in 300 PolNeAR train texts)."""
    words = text.split()
    if 1 <= len(words) <= 3 and all(_PLAIN_WORD.match(w) and w.lower() not in _NAMEPARSER_WORDS
                                    for w in words):
        return words[0], (words[-1] if len(words) > 1 else "")
    human = HumanName(text)
    return human.first, human.last


@lru_cache(maxsize=1 << 16)
def parse(raw: str) -> Name:
    """A person's name: cleaned, titles split off into the role, first and last names folded
    (nameparser decides what the last name is, particles and all)."""
    text = clean(raw)
    role, text = split_role(text)
    human_first, human_last = first_and_last(text)
    last = fold(human_last or text.split()[-1] if text else "")
    first = fold(human_first) if human_last else ""
    return Name(text=text, role=role, first=first, last=last.split()[-1] if last else "")


def split_list(raw: str) -> list[str]:
    """The names in a list ("Steve Witkoff, Trump, Jared Kushner and Rustem Umerov"), or [] when
    `raw` is one name."""
    text = " ".join(raw.split())
    if not re.search(r",|\band\b|&", text):
        return []
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text) if p.strip()]
    if len(parts) < 2 or not all(_looks_like_name(p) for p in parts):
        return []
    return parts


def _name_word(word: str) -> bool:
    """A word a name can hold: capitalised, or a particle ("von", "al-Baghdadi")."""
    return word[:1].isupper() or _bare(word) in PARTICLES or \
        _bare(word.split("-")[0]) in PARTICLES


def _looks_like_name(text: str) -> bool:
    words = clean(text).split()
    return 0 < len(words) <= 5 and all(_name_word(w) for w in words)


def junk_reason(name: str, kind: str = "person") -> str | None:
    """Why `name` can never be an actor of this kind, or None when it can."""
    if "\n" in name or "\r" in name or "\t" in name:
        return "line break inside"
    if re.search(r"[<>{}\[\]|*#_=~\\]", name):
        return "markup or brackets inside"
    text = clean(name)
    if not re.search(r"[^\W\d_]", text):
        return "no letters"
    key = fold(text)
    if key in OUTLETS or fold(name) in OUTLETS:
        return "news outlet or credit"
    if kind == "group" or kind == "description":
        return None
    if kind == "person":
        if split_list(text):
            return "a list of names"
        words = text.split()
        parts = [p for w in words for p in w.split("-")]
        if any(len(p) >= 3 and p.isupper() and p.isalpha() for p in parts):
            return "capitals: a dateline or heading"
        if any(not _name_word(w) for w in words):
            return "lowercase words: a phrase, not a name"
        if all(is_title(w) for w in words):
            return "a title without a name"
        if any(w.rstrip(".").lower() in ORG_WORDS for w in words[1:]):
            return None  # an organisation the model tagged as a person: kept, not junk
    if kind == "org":
        if text.isupper() and len(text) > 6 and " " not in text:
            return "capitals: a dateline or heading"
    return None


def looks_like_org(name: str) -> bool:
    """A name whose words say organisation ("Masten Space Systems", "Project Jonah")."""
    words = [w.rstrip(".,").lower() for w in clean(name).split()]
    return any(w in ORG_WORDS for w in words)


# --- matching ---------------------------------------------------------------------------------


def _first_compatible(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return fuzz.ratio(a, b) >= FIRST_NAME_SCORE


def surname_close(a: str, b: str) -> bool:
    return a == b or (len(a) > 3 and a[:3] == b[:3] and fuzz.ratio(a, b) >= SURNAME_SCORE)


def same_person(a: str, b: str) -> bool:
    """Two full names of one person: close surnames and compatible first names."""
    pa, pb = parse(a), parse(b)
    if len(pa.parts) < 2 or len(pb.parts) < 2:
        return False
    return surname_close(pa.last, pb.last) and _first_compatible(pa.first, pb.first)


def surname(name: str) -> str:
    """The folded last name of a person's name ("" for a one-word name)."""
    p = parse(name)
    return p.last if len(p.parts) >= 2 else ""


# --- the forms an organisation goes by -----------------------------------------------------------

CORPORATE_SUFFIXES = {"co", "inc", "corp", "ltd", "llc", "plc", "company", "corporation",
                      "limited"}
# Words that name a government body: a country standing alone can mean one ("Russia said").
GOVERNMENT_WORDS = {"ministry", "government", "office", "embassy", "department", "cabinet",
                    "administration", "presidency", "mission", "foreign"}
# Demonyms that no suffix rule spells (the regular ones are generated: Russia -> Russian,
# Egypt -> Egyptian, Israel -> Israeli, Ukraine -> Ukrainian).
IRREGULAR_DEMONYMS = {
    "france": "french", "britain": "british", "uk": "british", "u.k.": "british",
    "england": "english", "scotland": "scottish", "wales": "welsh", "ireland": "irish",
    "china": "chinese", "japan": "japanese", "vietnam": "vietnamese", "lebanon": "lebanese",
    "sudan": "sudanese", "portugal": "portuguese", "netherlands": "dutch", "holland": "dutch",
    "spain": "spanish", "greece": "greek", "switzerland": "swiss", "turkey": "turkish",
    "poland": "polish", "sweden": "swedish", "denmark": "danish", "finland": "finnish",
    "norway": "norwegian", "thailand": "thai", "philippines": "filipino", "afghanistan": "afghan",
    "us": "american", "u.s.": "american", "usa": "american", "america": "american",
    "saudi arabia": "saudi", "iceland": "icelandic", "new zealand": "new zealand",
}
PUBLIC_BODY_WORDS = GOVERNMENT_WORDS - {"foreign"} | {
    "agency", "bureau", "commission", "committee", "council", "board", "service", "services"}
_FUNCTION_WORDS = {"of", "the", "and", "for", "&", "a", "an", "on", "in", "at", "to"}


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(folded country name -> its demonym as written, folded demonym -> the country's name as
    written), from countryinfo's table ("Russia"/"Russian", "Netherlands"/"Dutch",
    "United States"/"American"); a country's other English names ("Holland", "Great Britain")
    count too, codes and native spellings do not. The first country to claim a demonym keeps it."""
    demonym_of: dict[str, str] = {}
    country_of: dict[str, str] = {}
    for c in all_countries():
        demonym = (c.demonym() or "").split(",")[0].strip()
        if not demonym:
            continue
        name = c.name()
        for n in (name, *c.alt_spellings()):
            if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*", n) and len(n.split()) <= 3:
                demonym_of.setdefault(fold(n), demonym)
        country_of.setdefault(fold(demonym), name)
    return demonym_of, country_of


def is_country(name: str) -> bool:
    """A country's name ("Egypt", "the United States"; countryinfo's table)."""
    key = fold(clean(name))
    return key in _countries()[0] or key in IRREGULAR_DEMONYMS


def demonyms(place: str) -> set[str]:
    """The adjectives a (folded) place name may take: the country's own (countryinfo's table),
    the irregular one, and every regular suffix (a wrong guess is harmless: it only has to
    meet a real word to count)."""
    out = {place}
    if place in _countries()[0]:
        out.add(fold(_countries()[0][place]))
    if place in IRREGULAR_DEMONYMS:
        out.add(IRREGULAR_DEMONYMS[place])
    if len(place) >= 4 and place.isalpha():
        stem = place[:-1] if place[-1] in "aey" else place
        out |= {place + "n", place + "i", place + "ian", stem + "ian", stem + "an",
                stem + "ese", place + "ese"}
    return out


def _words(key: str) -> list[str]:
    """A folded name's words, possessives dropped ("russia's" -> "russia")."""
    return [re.sub(r"'s?$", "", w) for w in key.split()]


def _singular(word: str) -> str:
    if word == "people":
        return "person"
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _party_stem(word: str) -> str:
    """'democrats', 'democratic' -> 'democrat'; 'conservatives' -> 'conservative'."""
    word = _singular(word)
    return word[:-2] if word.endswith("ic") and len(word) > 5 else word


@lru_cache(maxsize=1 << 16)
def org_forms(name: str) -> frozenset[str]:
    """The keys under which an organisation's name is the same name written another way:
    without a corporate suffix ("Pacific Gas & Electric Co."), a party by its members
    ("Democrats" / "Democratic Party"), a country's possessive as its adjective ("Russia's
    foreign ministry" / "Russian foreign ministry"). Registry and lookup both compare these."""
    key = name_key(name)
    words = key.split()
    if not words:
        return frozenset()
    forms = {key}
    bare = list(words)
    while len(bare) > 1 and bare[-1].strip(".,") in CORPORATE_SUFFIXES:
        bare.pop()
    forms.add(" ".join(bare).rstrip(","))
    if len(words) == 1 and words[0].isalpha() and words[0].endswith("s"):  # its members
        forms.add("party:" + _party_stem(words[0]))
    elif len(words) == 2 and words[1] == "party":
        forms.add("party:" + _party_stem(words[0]))
    if len(words) > 1 and words[0].endswith("'s"):
        rest = " ".join(words[1:])
        forms |= {f"{d} {rest}" for d in demonyms(words[0][:-2])}
    # "Department of Justice" is the "Justice Department", "U.S. Department of State" the
    # "U.S. State Department": a public body's word with "of" after it, turned round (not a
    # bank's or a university's: "Bank of America" is no "America Bank")
    for i, w in enumerate(words[:-2]):
        if w in PUBLIC_BODY_WORDS and words[i + 1] == "of" and "of" not in words[i + 2:]:
            forms.add(" ".join(words[:i] + words[i + 2:] + [w]))
            break
    return frozenset(forms)


# What a country's own body is called by ("Russia's foreign ministry", "the Dutch embassy"):
# only these take the country's other form as an alias (the "American Civil Liberties Union"
# is no "United States' Civil Liberties Union").
STATE_BODY_WORDS = PUBLIC_BODY_WORDS | {"court", "parliament", "army", "navy", "military",
                                        "police", "senate", "assembly", "mission"}


def country_aliases(name: str) -> set[str]:
    """A country's body written the other way round, to keep as an alias so either form finds
    it: "Russia's foreign ministry" -> "Russian foreign ministry", "Egyptian Embassy" ->
    "Egypt's Embassy". The country and its demonym come from countryinfo; the body must be a
    state's (`STATE_BODY_WORDS`)."""
    words = clean(name).split()
    demonym_of, country_of = _countries()
    out = set()
    for n in range(min(3, len(words) - 1), 0, -1):
        head, rest = words[:n], " ".join(words[n:])
        if not STATE_BODY_WORDS & set(_plain_words(rest)):
            continue
        last = head[-1].translate(_QUOTES)
        if last.endswith(("'s", "s'")):
            place = fold(" ".join([*head[:-1], last[:-2] if last.endswith("'s") else last[:-1]]))
            if place in demonym_of:
                out.add(f"{demonym_of[place]} {rest}")
                break
        elif fold(" ".join(head)) in country_of:
            country = country_of[fold(" ".join(head))]
            out.add(f"{country}{chr(39) if country.endswith('s') else chr(39) + 's'} {rest}")
            break
    return out


def initialisms(name: str) -> set[str]:
    """The initialisms an organisation's name may be typed as, of the whole name and of each
    tail that starts at a capitalised word ("Northland Department of Forestry": NDOF,
    DOF, NDF...): with and without the small words' letters, three letters at least."""
    words = [re.sub(r"['’]s?$", "", w) for w in clean(name).replace("-", " ").split()]
    while len(words) > 1 and words[-1].strip(".,").lower() in CORPORATE_SUFFIXES:
        words.pop()
    out: set[str] = set()
    for i, w in enumerate(words):
        if not w[:1].isupper():
            continue
        tail = [x for x in words[i:] if x]
        content = [x for x in tail if x.lower() not in _FUNCTION_WORDS]
        if len(content) < 2:
            break
        for letters in ("".join(x[0] for x in content),
                        "".join(x[0] for x in tail if x.lower() not in ("the", "&"))):
            if len(letters) >= 3:
                out.add(fold(letters))
    return out


def spans_initialled(name: str) -> set[str]:
    """The name with a run of two to four of its capitalised words written as their initials,
    and at least one word left whole: "AU High Representative for Water Security" for the "African
    Union High Representative for Water Security", "US Embassy" for the "United States Embassy"."""
    words = clean(name).split()
    out = set()
    for i in range(len(words)):
        for j in range(i + 2, min(i + 4, len(words)) + 1):
            span = words[i:j]
            if j - i == len(words) or not all(w[:1].isupper() and w.isalpha() for w in span):
                continue
            out.add(fold(" ".join([*words[:i], "".join(w[0] for w in span), *words[j:]])))
    return out


# --- the cross-article registry ---------------------------------------------------------------


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

    def keys(self) -> set[str]:
        return {name_key(a) for a in self.aliases | {self.name}}

    def known(self) -> KnownActor:
        return KnownActor(self.id, self.name, self.kind, self.role,
                          tuple(sorted(a for a in self.aliases if a != self.name)))


class ActorRegistry:
    """Cross-article actor identity: the store loads the actors it knows into it, and every new
    article's Extraction passes through `resolve()` so that "Zelensky" in one article and
    "Volodymyr Zelenskyy" in another come out as one canonical name. No SQL, no spaCy."""

    def __init__(self, known: Iterable[KnownActor] = ()):
        self._entries: list[_Entry] = []
        # Indexes over the entries, so matching a name costs the same with 20 or 20,000 known
        # actors. Buckets map an entry's position to it (insertion order = entry order, which
        # decides ties); a renamed entry may linger in its old buckets, so every hit is checked
        # against the rule itself before it counts.
        self._by_name: dict[str, dict[int, _Entry]] = {}  # name_key of the canonical name
        self._by_key: dict[str, dict[int, _Entry]] = {}  # every key of name and aliases
        self._by_surname3: dict[str, dict[int, _Entry]] = {}  # people: surname's first 3
        self._by_form: dict[str, dict[int, _Entry]] = {}  # organisations: `org_forms`
        self._org_keys: list[str] = []  # organisations' name keys, in entry order
        self._orgs: list[_Entry] = []
        self._position: dict[int, int] = {}  # id(entry) -> position
        for k in known:
            self._add(_Entry(k.name, k.kind, k.role, k.id, set(k.aliases) | {k.name}))

    def _add(self, e: _Entry) -> _Entry:
        self._position[id(e)] = len(self._entries)
        self._entries.append(e)
        if e.kind != "person":
            self._org_keys.append(name_key(e.name))
            self._orgs.append(e)
        self._index(e)
        return e

    def _index(self, e: _Entry) -> None:
        """File `e` under its current name, keys and surname (idempotent)."""
        at = self._position[id(e)]
        self._by_name.setdefault(name_key(e.name), {})[at] = e
        for key in e.keys():
            self._by_key.setdefault(key, {})[at] = e
        if e.kind == "person":
            self._by_surname3.setdefault(self._surname_of(e)[:3], {})[at] = e
        else:
            for n in e.aliases | {e.name}:
                for form in org_forms(n):
                    self._by_form.setdefault(form, {})[at] = e

    @staticmethod
    def _surname_of(e: _Entry) -> str:
        return surname(e.name) or name_key(e.name)

    @staticmethod
    def _in_order(bucket: dict[int, _Entry] | None) -> list[_Entry]:
        return [bucket[at] for at in sorted(bucket)] if bucket else []

    def _match(self, name: str, kind: str = "person") -> _Entry | None:
        key = name_key(name)
        if not key:
            return None
        exact = [e for e in self._in_order(self._by_name.get(key)) if name_key(e.name) == key]
        if exact:
            return max(exact, key=lambda e: (e.kind == kind, e.count))
        by_alias = [e for e in self._in_order(self._by_key.get(key)) if key in e.keys()]
        if len({id(e) for e in by_alias}) == 1 or (by_alias and kind != "person"):
            return max(by_alias, key=lambda e: (e.kind == kind, e.count))
        if kind != "person":
            # the same name written another way (organisations are never renamed, so a
            # bucket holds only entries that have the form)
            same = {at: e for f in org_forms(name) for at, e in self._by_form.get(f, {}).items()
                    if e.kind != "person"}
            if same:
                return same[min(same)]
            close = process.extract(key, self._org_keys, scorer=fuzz.ratio,
                                    score_cutoff=ORG_SCORE, limit=None)
            return self._orgs[min(i for _, _, i in close)] if close else None
        parts = parse(name).parts
        if len(parts) >= 2:
            last = parse(name).last
            for e in self._in_order(self._by_surname3.get(last[:3])):
                if same_person(e.name, name):
                    return e
            return None
        # a bare surname joins a known person only when exactly one has it: the very surname
        # if anyone has it, else one spelt close (a transliteration, "Zelensky"/"Zelenskyy")
        last = fold(parts[0]) if parts else key
        bucket = self._in_order(self._by_surname3.get(last[:3]))
        same = {id(e): e for e in bucket if self._surname_of(e) == last}
        if not same:
            same = {id(e): e for e in bucket if surname_close(self._surname_of(e), last)
                    and fuzz.ratio(self._surname_of(e), last) >= BARE_SURNAME_SCORE}
        return next(iter(same.values())) if len(same) == 1 else None

    def _absorb(self, actor: Actor) -> _Entry:
        e = self._match(actor.name, actor.kind)
        if e is None:
            for alias in actor.aliases:
                e = self._match(alias, actor.kind) if len(alias.split()) > 1 else None
                if e is not None:
                    break
        if e is None:
            e = self._add(_Entry(actor.name, actor.kind, actor.role))
        elif e.kind == "person" and len(e.name.split()) == 1 and len(actor.name.split()) > 1:
            # a bare surname met its full name: the full name becomes canonical from now on
            e.aliases.add(e.name)
            e.name = actor.name
        e.aliases.add(actor.name)
        e.aliases.update(actor.aliases)
        if actor.role:
            e.role = actor.role
        e.count += 1
        self._index(e)
        return e

    def resolve(self, extraction: Extraction, not_actors: Iterable[str] = ()) -> Extraction:
        """A new Extraction whose actor and speaker names are the registry's canonical ones,
        without what is no actor (`worth_keeping`; `not_actors`: the article's outlet and
        bylines). A statement whose speaker is no actor keeps its words, without a speaker."""
        extraction = join_described_orgs(join_bare_surnames(extraction, not_actors), not_actors)
        extraction = with_country_aliases(worth_keeping(extraction, not_actors))
        mapping: dict[str, str] = {}
        entries: dict[str, _Entry] = {}
        for a in extraction.actors:
            if a.kind in ("group", "description"):
                continue
            e = self._absorb(a)
            mapping[a.name] = e.name
            entries[a.name] = e
        merged: dict[str, Actor] = {}
        groups: dict[str, str | None] = {}  # an article's group name -> its store-wide one
        for a in extraction.actors:
            if a.kind == "group":
                # named by its members' canonical names, so the same members are one group
                # in every article; members that turned out to be one actor are no group
                members = tuple(dict.fromkeys(mapping.get(m, m) for m in a.members))
                groups[a.name] = group_name(members) if len(members) > 1 else None
                if len(members) > 1:
                    merged[group_name(members)] = replace(a, name=group_name(members),
                                                          members=members)
                continue
            if a.kind == "description":
                merged[a.name] = a
                continue
            e = entries[a.name]
            aliases = tuple(sorted((set(a.aliases) | {a.name}) - {e.name}))
            new = replace(a, name=e.name, aliases=aliases)
            if e.name in merged:  # two article actors turned out to be one person
                old = merged[e.name]
                new = replace(old, aliases=tuple(sorted(set(old.aliases) | set(aliases))),
                              mentions=tuple(sorted(set(old.mentions) | set(a.mentions))),
                              role=old.role or new.role, acted=old.acted or a.acted,
                              descriptions=tuple(sorted(set(old.descriptions)
                                                        | set(a.descriptions))))
            merged[e.name] = new
        statements = []
        for s in extraction.statements:
            name = s.speaker
            if name is not None:
                if name in mapping:
                    name = mapping[name]
                elif name not in merged:
                    hit = self._match(name)
                    name = hit.name if hit else name
            statements.append(replace(s, speaker=name, group=groups.get(s.group)))
        return Extraction(statements=statements, actors=list(merged.values()))

    def lookup(self, name: str) -> list[KnownActor]:
        """Known actors that `name` finds, best first (the same rule as `/whosaid`)."""
        candidates = [Candidate(i, e.name, e.kind, tuple(e.aliases), (e.role,) if e.role else (),
                                e.count) for i, e in enumerate(self._entries)]
        found = resolve(name, candidates)
        ids = [found.actor] if found.actor is not None else found.suggestions
        return [self._entries[i].known() for i in ids]


def with_country_aliases(extraction: Extraction) -> Extraction:
    """Each organisation of a country with its other form as an alias (`country_aliases`):
    "Russia's foreign ministry" is also found and joined as the "Russian Foreign Ministry"."""
    return replace(extraction, actors=[
        replace(a, aliases=tuple(sorted(set(a.aliases) | country_aliases(a.name))))
        if a.kind == "org" and country_aliases(a.name) else a for a in extraction.actors])


def join_bare_surnames(extraction: Extraction, not_actors: Iterable[str] = ()) -> Extraction:
    """A one-word person of an article joins the one fuller name of that article ending with
    it, whatever kind the model gave the fuller name ("Pruitt" and "Dana Pruitt" tagged
    as an organisation): the article named him with it, before any other article is asked.
    A fuller name that is no actor (junk, a byline in `not_actors`) takes nobody."""
    blocked = {name_key(n) for n in not_actors if n}
    fuller: dict[str, set[str]] = {}
    for a in extraction.actors:
        if a.kind in ("person", "org") and len(a.name.split()) >= 2 \
                and _looks_like_name(a.name) and not looks_like_org(a.name) \
                and name_key(a.name) not in blocked and not junk_reason(a.name, "person"):
            fuller.setdefault(fold(a.name.split()[-1]), set()).add(a.name)
    joined = {a.name: next(iter(fuller[fold(a.name)])) for a in extraction.actors
              if a.kind == "person" and len(a.name.split()) == 1
              and len(fuller.get(fold(a.name), ())) == 1}
    return _merge_into(extraction, joined, lambda a, b: replace(
        a, kind="person", role=a.role or b.role,
        aliases=tuple(sorted(set(a.aliases) | set(b.aliases) | {b.name})),
        descriptions=tuple(sorted(set(a.descriptions) | set(b.descriptions)))))


def join_described_orgs(extraction: Extraction, not_actors: Iterable[str] = ()) -> Extraction:
    """An unnamed speaker described in an organisation's own words ("the forestry
    department" in an article that names the "Northland Department of Forestry") is that
    organisation when exactly one organisation of the article has all the words (one at least
    saying organisation, one at least saying which): its statements go to it and the
    description is kept as one of its roles. A description of other words ("the agency") is
    left to speaker resolution."""
    blocked = {name_key(n) for n in not_actors if n}
    words_of = {a.name: {w for n in (a.name, *a.aliases) for w in _plain_words(n)}
                for a in extraction.actors if a.kind == "org"
                and name_key(a.name) not in blocked and not junk_reason(a.name, "org")}
    joined = {}
    for d in extraction.actors:
        if d.kind != "description":
            continue
        words = set(_plain_words(_LEADING.sub("", clean(d.name))))
        if words & ORG_WORDS and words - ORG_WORDS:
            fits = [name for name, have in words_of.items() if words <= have]
            if len(fits) == 1:
                joined[d.name] = fits[0]
    return _merge_into(extraction, joined, lambda a, b: replace(
        a, descriptions=tuple(sorted(set(a.descriptions) | set(b.descriptions) | {b.name}))))


def _merge_into(extraction: Extraction, joined: dict[str, str],
                merge: Callable[[Actor, Actor], Actor]) -> Extraction:
    """The extraction with each actor named in `joined` merged into the actor it maps to
    (`merge(into, merged)`, mentions pooled), and its statements and group memberships moved."""
    if not joined:
        return extraction
    gone = {a.name: a for a in extraction.actors if a.name in joined}
    actors = []
    for a in extraction.actors:
        if a.name in joined:
            continue
        for b in (x for x in gone.values() if joined[x.name] == a.name):
            a = replace(merge(a, b), mentions=tuple(sorted(set(a.mentions) | set(b.mentions))),
                        acted=a.acted or b.acted)
        actors.append(replace(a, members=tuple(joined.get(m, m) for m in a.members)))
    return Extraction(statements=[replace(s, speaker=joined.get(s.speaker, s.speaker))
                                  for s in extraction.statements], actors=actors)


def worth_keeping(extraction: Extraction, not_actors: Iterable[str] = ()) -> Extraction:
    """The actors of one article that are actors: never junk (`junk_reason`) nor one of
    `not_actors`; a speaker or a group's member always; one only mentioned when the mention
    is strong evidence: a person with a full name or a role, an organisation whose name says
    so ("Electoral Commission", not "Seascape", "Dreamforce" or a dateline); one the article
    shows speaking or taking a stand only in statements below the threshold (`Actor.acted`:
    "Kelvara pledged to ...") is an actor as well."""
    blocked = {name_key(n) for n in not_actors if n}
    speakers = {s.speaker for s in extraction.statements if s.speaker}
    members = {m for a in extraction.actors for m in a.members}

    def no_actor(a: Actor) -> bool:
        return bool(junk_reason(a.name, a.kind)) or name_key(a.name) in blocked

    def keep(a: Actor) -> bool:
        if no_actor(a):
            return False
        if a.name in speakers or a.name in members or a.kind in ("group", "description") \
                or a.acted:
            return True
        if a.kind == "person":
            return len(a.name.split()) >= 2 or bool(a.role)
        return looks_like_org(a.name)

    dropped = {a.name for a in extraction.actors if no_actor(a)}
    dropped |= {s for s in speakers if junk_reason(s, "org") or name_key(s) in blocked}
    kept = [a for a in extraction.actors if keep(a)]
    groups = {a.name for a in kept if a.kind == "group"}
    return Extraction(
        statements=[replace(s, speaker=None if s.speaker in dropped else s.speaker,
                            group=s.group if s.group in groups else None)
                    for s in extraction.statements],
        actors=kept)


# --- lookup: what a typed name finds ----------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """What lookup knows of one actor: its names, the roles it was given, how often quoted."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    statements: int


@dataclass
class Resolution:
    actor: int | None  # the id answered, or None
    suggestions: list[int] = field(default_factory=list)  # ids offered instead
    ambiguous: bool = False  # several fit equally well: the suggestions are the candidates


_SPOKESPERSON = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:spokes(?:man|woman|person)|officials?|representatives?|"
    r"chairman|chairwoman|chair|leader|head|members?)\s+(?:for|of|at|from)\s+(.+)$", re.I)
_TRAILING_GROUP = re.compile(r"^(.+?)\s+(?:officials|spokes(?:man|woman|person)|representatives)$",
                             re.I)


def query_forms(query: str, person: bool = True, spoken_for: bool = True) -> list[str]:
    """The folded forms a typed name is tried as, most literal first: as typed; without a
    leading article or quantifier; the name after an apposition ("the chair of the Harbour
    Trust, Mariela Quintana"); the name without its titles ("Sen. Ben Sasse"; not with `person`
    False: the words after an organisation's "of" are no name of it); with `spoken_for`, the
    organisation a spokesperson or officials speak for ("PG&E officials": only an
    organisation may answer to this form, "Ruritanian officials" are not "Many Ruritanians")."""
    text = clean(query)
    forms = [text]
    bare = _LEADING.sub("", text)
    forms.append(bare)
    if "," in bare:
        forms.append(clean(bare.rsplit(",", 1)[1]))
    role, rest = split_role(bare)
    # the words after "of the" are what the role is of, not who holds it: "Court of Justice
    # of the European Union" is not the European Union
    if role and person and fold(role.split()[-1]) not in _FUNCTION_WORDS:
        forms.append(rest)
    for pattern in (_SPOKESPERSON, _TRAILING_GROUP) if spoken_for else ():
        m = pattern.match(bare)
        if m:
            forms.append(clean(m.group(1)))
    return list(dict.fromkeys(fold(f) for f in forms if f))


Counts = Callable[[Iterable[int]], dict[int, int]]


def _singular_key(key: str) -> str:
    """A description's key with every word in the singular: one description, one or many."""
    return " ".join(_singular(w) for w in key.split())


def _plain_words(text: str) -> list[str]:
    """A name's or role's words for matching them one by one: folded, no possessives, hyphens
    apart ("co-CEO"), plurals singular, small words dropped, a chief executive a CEO."""
    text = re.sub(r"\bchief executive(?: officer)?\b", "ceo", fold(clean(text)))
    words = _words(text.replace("-", " "))
    return [_singular(w.strip(".,")) for w in words if w not in _FUNCTION_WORDS and w.strip(".,")]


# Posts whose holder's staff is an organisation called after them: the "human rights office"
# is the High Commissioner for Human Rights (with staff), the "ombudsman's office" the Ombudsman.
OFFICEHOLDER_WORDS = {"commissioner", "ombudsman", "ombudsperson", "rapporteur", "envoy",
                      "representative", "secretary-general", "auditor-general", "registrar",
                      "inspector-general", "coordinator", "prosecutor", "advocate"}


def described_by(name: str) -> set[str]:
    """The words a description of an organisation may use for it (`_plain_words`), plus the
    initials of each run of its capitalised words ("un" for "United Nations") and, for a post
    with its staff ("High Commissioner for Human Rights"), "office"."""
    words = set(_plain_words(name))
    caps = [w for w in clean(name).split()]
    run: list[str] = []
    for w in [*caps, ""]:
        if w[:1].isupper() and w.isalpha() and w.lower() not in _FUNCTION_WORDS:
            run.append(w)
            continue
        if len(run) >= 2:
            for i in range(len(run) - 1):
                for j in range(i + 2, min(i + 4, len(run)) + 1):
                    words.add(fold("".join(x[0] for x in run[i:j])))
        run = []
    if OFFICEHOLDER_WORDS & words:
        words.add("office")
    return words


# Letters a name key is counted by in `NearNames`; anything else shares one bucket.
_BAG_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789 -'."


_BUCKET_OF_CODE = np.full(128, len(_BAG_LETTERS), dtype=np.intp)
_BUCKET_OF_CODE[[ord(ch) for ch in _BAG_LETTERS]] = np.arange(len(_BAG_LETTERS))


def _buckets(text: str) -> np.ndarray:
    """The letter bucket of each character of `text`."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return np.where(codes < 128, _BUCKET_OF_CODE[np.minimum(codes, 127)], len(_BAG_LETTERS))


class NearNames:
    """Every known name key with the actors it names, for "within two edits" and "similar
    enough to suggest", without comparing a typed name with all of them.

    Each key's length and letter counts sit in compact arrays (one row of counts per letter).
    Two strings share at most the letters they have in common (the minimum of their counts), so
    that is an upper bound on their longest common subsequence (what `fuzz.ratio` scores) and
    gives a lower bound on their edit distance; a few vectorised passes, one per letter of the
    typed name, keep only the keys the bound allows, and rapidfuzz scores those. Exact: no key
    that would pass is dropped. The price: about 90 bytes a key (four megabytes at 40,000)."""

    def __init__(self, keys: dict[str, set[int]] | None = None):
        self.keys: list[str] = []
        self.ids: list[set[int]] = []  # the actors each key names (empty once all are gone)
        self._at: dict[str, int] = {}
        self._unarrayed: list[str] = []  # keys added since the arrays were last extended
        self.lengths = np.zeros(0, dtype=np.int32)
        self.counts = np.zeros((len(_BAG_LETTERS) + 1, 0), dtype=np.uint16)
        for key, ids in (keys or {}).items():
            for actor_id in ids:
                self.add(key, actor_id)

    def add(self, key: str, actor_id: int) -> None:
        at = self._at.get(key)
        if at is None:
            at = self._at[key] = len(self.keys)
            self.keys.append(key)
            self.ids.append(set())
            self._unarrayed.append(key)
        self.ids[at].add(actor_id)

    def discard(self, key: str, actor_id: int) -> None:
        """The actor no longer has this key; the key stays in the arrays, naming no one."""
        at = self._at.get(key)
        if at is not None:
            self.ids[at].discard(actor_id)

    def _extend_arrays(self) -> None:
        new = self._unarrayed
        if not new:
            return
        lengths = np.array([len(k) for k in new], dtype=np.int32)
        # counts[letter, key]: one bincount over every character of every new key
        rows = np.repeat(np.arange(len(new)), lengths)
        flat = _buckets("".join(new)) * len(new) + rows
        counts = np.bincount(flat, minlength=(len(_BAG_LETTERS) + 1) * len(new))
        self.lengths = np.concatenate([self.lengths, lengths])
        self.counts = np.concatenate(
            [self.counts, counts.astype(np.uint16).reshape(len(_BAG_LETTERS) + 1, -1)], axis=1)
        self._unarrayed = []

    def _shared(self, form: str) -> np.ndarray:
        self._extend_arrays()
        shared = np.zeros(len(self.keys), dtype=np.int32)
        for letter, n in Counter(_buckets(form).tolist()).items():
            shared += np.minimum(self.counts[letter], n)
        return shared

    def _scored(self, form: str, keep: np.ndarray, scorer, cutoff) -> list[tuple[set[int], float]]:
        at = np.flatnonzero(keep)
        found = process.extract(form, [self.keys[i] for i in at], scorer=scorer,
                                score_cutoff=cutoff, limit=None)
        return [(self.ids[at[k]], score) for _key, score, k in found if self.ids[at[k]]]

    def within_edits(self, form: str, edits: int) -> list[tuple[set[int], int]]:
        """(actors, distance) of the keys at most `edits` edits (transpositions count one)
        from `form`."""
        shared = self._shared(form)
        longer = np.maximum(self.lengths, len(form))
        keep = (np.abs(self.lengths - len(form)) <= edits) & (longer - shared <= edits)
        return self._scored(form, keep, OSA.distance, edits)

    def similar(self, form: str, cutoff: float) -> list[tuple[set[int], float]]:
        """(actors, score) of the keys whose `fuzz.ratio` with `form` is at least `cutoff`."""
        shared = self._shared(form)
        keep = 200 * shared >= cutoff * (self.lengths + len(form))
        return self._scored(form, keep, fuzz.ratio, cutoff)


class Lookup:
    """The indexes a typed name is looked up in, built from the candidates and kept current.

    `find` keeps one per store and, when actors, aliases or roles change, re-indexes only the
    actors changed since it last looked (the store numbers every change), so neither `/whosaid`
    nor the first lookup after an article with a new name reads and indexes every actor.
    Statement counts, which change with every article, are not taken from the cache: the few
    actors an answer weighs (candidates, suggestions) have theirs read when it is given. The
    price: a name an actor no longer has stays in the typo arrays, naming no one, until the
    process restarts."""

    def __init__(self, candidates: Iterable[Candidate]):
        self.by_id: dict[int, Candidate] = {}
        self.names: dict[str, set[int]] = {}
        self.aliases: dict[str, set[int]] = {}
        self.roles: dict[str, set[int]] = {}
        self.surnames: dict[str, set[int]] = {}
        # people's names of two words or more by their surname's first three letters: the only
        # names `same_person` can find close to a typed full name
        self.people3: dict[str, list[tuple[int, str]]] = {}
        self.near = NearNames()  # names, aliases and surnames, for typos and suggestions
        # what a name written another way finds (`_other_forms`)
        self.forms: dict[str, set[int]] = {}  # organisations: `org_forms`
        self.initials: dict[str, set[int]] = {}  # organisations: `initialisms`
        self.org_words: dict[str, set[int]] = {}  # organisations: each word of their names
        self.government: dict[str, set[int]] = {}  # government bodies by their country word
        self.role_words: dict[str, set[int]] = {}  # people: each word of their roles
        self.first_word: dict[int, str] = {}
        self.descriptions: dict[str, set[int]] = {}  # unnamed speakers, in the singular
        self.description_tails: dict[str, set[int]] = {}  # their last two words or more
        self._entries: dict[int, list[tuple[dict, str]]] = {}  # where each actor was indexed
        self.update(candidates)

    def update(self, candidates: Iterable[Candidate], gone: Iterable[int] = ()) -> None:
        """Index these actors anew (new ones, or ones whose names, aliases or roles changed)
        and forget the `gone` ones."""
        for actor_id in gone:
            self._forget(actor_id)
        for c in candidates:
            self._forget(c.id)
            self._add(c)

    def _add(self, c: Candidate) -> None:
        self.by_id[c.id] = c
        entries = self._entries[c.id] = []
        near = (self.names, self.aliases, self.surnames)  # what typos and suggestions look in

        def enter(index: dict, key: str) -> None:
            index.setdefault(key, set()).add(c.id)
            entries.append((index, key))
            if key and any(index is n for n in near):
                self.near.add(key, c.id)

        enter(self.names, name_key(c.name))
        for a in (*c.aliases, _LEADING.sub("", clean(c.name))):
            enter(self.aliases, name_key(_LEADING.sub("", clean(a))))
            enter(self.aliases, name_key(a))
        for r in c.roles:
            enter(self.roles, name_key(_LEADING.sub("", clean(r))))
        if c.kind == "person":
            for n in (c.name, *c.aliases):
                last = surname(n)
                if last:
                    enter(self.surnames, last)
                    self.people3.setdefault(last[:3], []).append((c.id, n))
                    entries.append((self.people3, last[:3]))
        if c.kind == "description":
            for n in (c.name, *c.aliases):
                words = _singular_key(name_key(n)).split()
                enter(self.descriptions, " ".join(words))
                for i in range(1, len(words) - 1):
                    enter(self.description_tails, " ".join(words[i:]))
        if c.kind == "person":
            for r in c.roles:
                for w in _plain_words(r):
                    enter(self.role_words, w)
        if c.kind != "org":
            return
        self.first_word[c.id] = fold(clean(c.name)).split(" ")[0]
        for n in (c.name, *c.aliases):
            for f in org_forms(n) | spans_initialled(n):
                enter(self.forms, f)
            for f in initialisms(n):
                enter(self.initials, f)
            words = _plain_words(n)
            for w in described_by(n):
                enter(self.org_words, w)
            if len(words) > 1 and GOVERNMENT_WORDS & set(words) \
                    and words[0] not in ORG_WORDS | GOVERNMENT_WORDS:
                enter(self.government, words[0])

    def _forget(self, actor_id: int) -> None:
        self.by_id.pop(actor_id, None)
        self.first_word.pop(actor_id, None)
        for index, key in self._entries.pop(actor_id, []):
            if index is self.people3:
                kept = [e for e in self.people3.get(key, ()) if e[0] != actor_id]
                if kept:
                    self.people3[key] = kept
                else:
                    self.people3.pop(key, None)
                continue
            ids = index.get(key)
            if ids is not None:
                ids.discard(actor_id)
                if not ids:
                    del index[key]
            self.near.discard(key, actor_id)

    def counts_of_candidates(self, ids: Iterable[int]) -> dict[int, int]:
        return {i: self.by_id[i].statements for i in ids}

    def _pick(self, ids: set[int], counts: Counts) -> Resolution | None:
        if not ids:
            return None
        if len(ids) == 1:
            return Resolution(next(iter(ids)))
        n = counts(ids)
        ranked = sorted(ids, key=lambda i: (-n.get(i, 0), self.by_id[i].name))
        return Resolution(None, ranked, ambiguous=True)

    def resolve(self, query: str, counts: Counts | None = None) -> Resolution:
        """See `resolve`; `counts` gives actors' current statement counts (default: the
        candidates')."""
        counts = counts or self.counts_of_candidates
        forms = query_forms(query)
        if not forms:
            return Resolution(None)
        literal = query_forms(query, spoken_for=False)  # the others may find organisations only
        described: set[int] = set()  # unnamed speakers called so: asked after every name
        for form in forms:
            for index in (self.names, self.aliases, self.roles):
                ids = index.get(form, set())
                named = {i for i in ids if self.by_id[i].kind != "description"}
                if form not in literal:
                    named = {i for i in named if self.by_id[i].kind == "org"}
                    ids = named
                described = described or ids - named
                found = self._pick(named, counts)
                if found:
                    return found
            if form not in literal:
                continue
            if " " not in form:
                found = self._pick(self.surnames.get(form, set()), counts)
                if found:
                    return found
            people: set[int] = set()
            if " " in form and len(parse(form).parts) >= 2:
                people = {i for i, n in self.people3.get(parse(form).last[:3], ())
                          if self.by_id[i].kind == "person" and same_person(n, form)}
            found = self._pick(people, counts)
            if found:
                return found
        for form in query_forms(query, person=False):
            found = self._pick(self._other_forms(form), counts)
            if found:
                return found
        for index in (self.descriptions, self.description_tails):
            # "people familiar with the matter" is the "person familiar with the matter";
            # "local officials and customers" the "outraged local officials and customers"
            described = described or set().union(*(index.get(_singular_key(f), set())
                                                   for f in literal))
        return self._pick(described, counts) or self._near(literal, counts)

    def _other_forms(self, form: str) -> set[int]:
        """Actors a name written another way means, tried in this order: an organisation's
        other form (`org_forms`: "Democrats", "Pacific Gas & Electric"); its initialism ("DOC",
        "Cal OES": a shortened first word and the initialism of a later part); a description
        made of its words ("the utilities commission", "conservation department": the words
        with at least one that says organisation); a country for its government body ("Russia"
        for "Russia's foreign ministry"); a person by the words of a role ("Finance Minister"
        for "former Finance Minister")."""
        hits = set().union(*(self.forms.get(f, set()) for f in org_forms(form)))
        if hits:
            return hits
        tokens = form.split()
        if len(tokens) == 1 and 3 <= len(form) <= 8:
            hits = self.initials.get(form, set())
        elif len(tokens) == 2 and len(tokens[0]) >= 3:
            hits = {i for i in self.initials.get(tokens[1], set())
                    if self.first_word[i].startswith(tokens[0])}
        if hits:
            return hits
        words = _plain_words(form)
        if len(words) >= 2 and ORG_WORDS & set(words) and set(words) - ORG_WORDS:
            hits = set.intersection(*(self.org_words.get(w, set()) for w in words))
            if hits:
                return hits
        # a country or its adjective, never its people: "Ruritanians" are no ministry
        plural = _singular(_words(form)[0]) != _words(form)[0] if form else False
        if len(words) == 1 and (not plural or form in _countries()[0]):
            hits = set().union(*(self.government.get(d, set()) for d in demonyms(words[0])))
            if hits:
                return hits
        if len(words) >= 2 and any(is_title(w) for w in words):
            return set.intersection(*(self.role_words.get(w, set()) for w in words))
        return set()

    def _near(self, forms: list[str], counts: Counts) -> Resolution:
        """A typo within `typo_edits` of one name, alias or surname; else suggestions within
        SUGGEST_SCORE (`NearNames`)."""
        best_edits: dict[int, int] = {}
        best_score: dict[int, float] = {}
        for form in forms:
            allowed = typo_edits(len(form))
            if allowed:
                for ids, d in self.near.within_edits(form, allowed):
                    for i in ids:
                        best_edits[i] = min(best_edits.get(i, d), d)
            for ids, score in self.near.similar(form, SUGGEST_SCORE):
                for i in ids:
                    best_score[i] = max(best_score.get(i, 0), score)
        if best_edits:
            least = min(best_edits.values())
            closest = {i for i, d in best_edits.items() if d == least}
            return self._pick(closest, counts) or Resolution(None)
        n = counts(best_score)
        quoted = [i for i in best_score if n.get(i)]
        ranked = sorted(quoted, key=lambda i: (-best_score[i], -n[i], self.by_id[i].name))
        return Resolution(None, ranked[:MAX_SUGGESTIONS])


def resolve(query: str, candidates: Iterable[Candidate]) -> Resolution:
    """The one rule that decides between answering and suggesting, everywhere a name is typed.

    For each form of the query (`query_forms`), in order: an actor's name; its aliases (as the
    articles wrote them); a role it was given; a person's surname. The first step at which
    actors fit decides: one actor is the answer, several are listed as candidates. Then a typo
    within `typo_edits` of one actor's name, alias or surname is answered; anything else within
    SUGGEST_SCORE is suggested."""
    return Lookup(candidates).resolve(query)


_LOOKUPS: WeakKeyDictionary[Store, tuple[int, Lookup]] = WeakKeyDictionary()
_LOOKUP_LOCK = threading.Lock()  # Slack listeners look names up from several threads


def _candidates(rows: Iterable[ActorRow]) -> list[Candidate]:
    return [Candidate(r.id, r.name, r.kind, r.aliases, tuple(x.role for x in r.roles),
                      r.statement_count) for r in rows]


def _lookup_for(store: Store) -> Lookup:
    """The store's lookup, brought up to date: built once, then only the actors changed since
    (the store's numbered changes) are read and indexed again. Call with `_LOOKUP_LOCK` held."""
    version = store.actor_version()
    cached = _LOOKUPS.get(store)
    if cached is None:
        lookup = Lookup(_candidates(store.actors()))
        # The lookup lives as long as the process: some 400,000 objects for 20,000 actors.
        # Left to the collector, every full collection walks them again (a digest of a week
        # at ten million statements took 45 ms, or up to 380 whenever one ran); frozen, they
        # are left alone. The price: garbage already made that only a collection would find
        # stays, so it is collected first.
        gc.collect()
        gc.freeze()
    else:
        seen, lookup = cached
        if seen != version:
            changed = store.actors_changed_since(seen)
            rows = store.actors_by_id(changed)
            lookup.update(_candidates(rows), gone=set(changed) - {r.id for r in rows})
    _LOOKUPS[store] = (version, lookup)
    return lookup


class Found(NamedTuple):
    actor: ActorRow | None  # the actor answered, or None
    suggestions: list[ActorRow]  # offered instead: candidates when ambiguous, else near spellings
    ambiguous: bool = False  # several actors fit the name equally well ("Hall")


def warm(store: Store) -> None:
    """Build the store's lookup now, from a thread of its own when a service starts, so the
    first name someone types does not wait while every actor is read and indexed (2.9 s for
    20,000 actors). A lookup already built is only brought up to date."""
    with _LOOKUP_LOCK:
        _lookup_for(store)


def is_warm(store: Store) -> bool:
    return store in _LOOKUPS


def find(store: Store, query: str) -> Found:
    """The stored actor `query` means, or the candidates or suggestions: `/whosaid`, the
    console, Slack and actor digests all ask this."""
    query = " ".join(query.split())
    if not query:
        return Found(None, [])
    with _LOOKUP_LOCK:
        found = _lookup_for(store).resolve(query, store.statement_counts)
    ids = [found.actor] if found.actor is not None else found.suggestions
    rows = {r.id: r for r in store.actors_by_id(ids)}
    if found.actor is not None:
        return Found(rows[found.actor], [])
    return Found(None, [rows[i] for i in found.suggestions], found.ambiguous)
