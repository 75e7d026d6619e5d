"""Who is who inside one article: actors, their roles, and speaker-mention resolution.

Actors come from the named entities (PERSON, ORG); titles in front of a name become its role
("NATO Secretary-General Mark Rutte" -> role "NATO Secretary-General", name "Mark Rutte");
surname mentions join the full name that shares the surname ("Mrs. Hale" among two Hales: the
one the honorific fits). A speaker mention is resolved to an actor by name, by pronoun
(nearest preceding person subject outside quotes that the pronoun can mean: not one of the
other gender as far as the article shows it, `gender.py`, nor one its own clause names, "He
accused Hale"; "it": the organisation that was the nearest subject before it), by role noun
("the defense secretary": the person whose role shares the title words), by a noun the
article tied to a name ("The union, Riders United,"), or by a document noun ("the statement")
pointing back to who issued that document. An organisation is named by the whole proper name
the text writes, even where the model tagged only a piece of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from briefbot import actors as identity
from briefbot.extract.gender import agrees, article_genders, honorific_gender
from briefbot.models import Actor

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "rev", "mr.", "mrs.", "ms.",
    "dr.", "rev.",
}
TITLE_WORDS = {
    "president", "vice", "secretary", "general", "secretary-general", "admiral", "adm", "adm.",
    "gen", "gen.", "sen", "sen.", "senator", "rep", "rep.", "representative", "gov", "gov.",
    "governor", "minister", "prime", "premier", "chancellor", "ambassador", "envoy", "special",
    "spokesman", "spokeswoman", "spokesperson", "chief", "head", "leader", "mayor", "judge",
    "justice", "king", "queen", "prince", "princess", "pope", "commander", "colonel", "col.",
    "lt.", "lieutenant", "captain", "capt.", "sgt.", "sergeant", "director", "chairman",
    "chairwoman", "chair", "ceo", "adviser", "advisor", "officer", "official", "attorney",
    "speaker", "candidate", "nominee", "former", "foreign", "defense", "defence", "state",
    "deputy", "first", "lady", "sec.", "pres.", "senior", "top", "u.s.", "us", "negotiator",
    "lead", "son-in-law", "daughter", "son", "wife", "husband", "host", "commentator",
    "professor", "prof.", "analyst", "economist", "strategist", "reporter", "columnist",
    "editor", "founder", "executive", "manager", "coordinator", "aide", "counsel", "emeritus",
}
ROLE_HEADS = {
    "president", "secretary", "secretary-general", "general", "minister", "chancellor",
    "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "chief", "head",
    "leader", "mayor", "governor", "senator", "admiral", "commander", "director", "chairman",
    "chairwoman", "adviser", "advisor", "premier", "king", "queen", "pope", "negotiator",
    "candidate", "nominee", "congressman", "congresswoman", "lawmaker", "diplomat", "official",
    "prosecutor", "judge", "ceo", "founder", "host", "aide", "strategist", "economist",
}
# The nouns an appositive after a name may hold as that person's role ("Nora Vale, the U.S.
# attorney for the Eastern District of Ruritania, said"): role heads and a few posts
# that are no role head because a description of them names nobody ("defense attorneys said").
APPOSITIVE_ROLES = ROLE_HEADS | {"attorney", "commissioner", "ombudsman", "counsel",
                                 "representative", "officer", "executive", "administrator"}
_NAME_WORD = r"[A-Z][\w'’-]+"
# "Kit (Christopher Anselm) Varga": a nickname, the given names in brackets, the surname
_NICKNAME = re.compile(
    rf"\b({_NAME_WORD}) \(((?:{_NAME_WORD} ){{0,3}}{_NAME_WORD})\) ({_NAME_WORD})")
NATIONALITY = {
    "u.s.": "us", "us": "us", "american": "us", "united states": "us", "america": "us",
    "french": "fr", "france": "fr", "russian": "ru", "russia": "ru", "kremlin": "ru",
    "ukrainian": "ua", "ukraine": "ua", "kyiv": "ua", "british": "uk", "u.k.": "uk", "uk": "uk",
    "britain": "uk", "german": "de", "germany": "de", "chinese": "cn", "china": "cn",
    "nato": "nato", "alliance": "nato", "israeli": "il", "israel": "il", "polish": "pl",
    "italian": "it", "italy": "it", "spanish": "es", "spain": "es", "turkish": "tr",
}
SYNONYMS = {"alliance": "nato", "defence": "defense", "secretary-general": "secretary general",
            "u.s.": "us", "american": "us"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
# A speaker the article describes but never names ("consumer advocates said") is less sure than
# a named one: this much of the statement's confidence is kept.
DESCRIBED_SPEAKER_FACTOR = 0.8
# "the agency said": nouns that describe an organisation, and how far back (in tokens) the
# organisation it means may have been named.
ORG_NOUNS = {"agency", "group", "company", "commission", "department", "ministry", "office",
             "council", "organisation", "organization", "party", "union", "firm", "utility",
             "court", "government", "administration", "coalition", "league", "authority",
             "bureau", "committee", "board", "campaign", "network", "alliance", "club", "team"}
ORG_LOOKBACK_TOKENS = 400
# "Mrs. Hale" among two Hales: how many times the honorifics are matched to genders and the
# genders read again (each round may settle a person the last one moved mentions to).
HONORIFIC_ROUNDS = 3
# A name set in apposition after one of these is an organisation whatever the model tagged it
# ("the fact-checking website Clear Facts", "the social network Chirpr").
# Never a word that also describes a person ("businessman and publisher Ron Unz",
# "manufacturer Ron Johnson").
ORG_CLASS_NOUNS = {"website", "site", "company", "firm", "network", "platform", "charity",
                   "agency", "newspaper", "broadcaster", "startup", "start-up", "app", "bank",
                   "airline", "brand", "insurer", "nonprofit", "non-profit", "organisation",
                   "organization", "conglomerate"}
# What only an organisation has: a one-word name that modifies one of these ("the Chirpr
# account", "Chirpr users") names an organisation ("Smith's account" is a possessive).
# ("Trump headquarters" is his campaign's: not here.)
ORG_ONLY_NOUNS = {"account", "accounts", "user", "users", "app", "website",
                  "shares", "shareholders", "stock", "employees", "ceo", "subsidiary", "feed",
                  "algorithm", "servers", "subscribers", "customers"}
# Nouns for a country's own institutions: what the article names is seldom what they mean.
COUNTRY_NOUNS = {"government", "administration"}
# "according to a group of couriers. The group, Riders United, ...": how far ahead (in
# tokens) the naming of an indefinite description may come.
NAMED_AHEAD_TOKENS = 40
# Words that count or point, no part of what a description says ("many Tunisians").
QUANTIFIERS = {"a", "an", "the", "many", "some", "several", "multiple", "other", "few", "most",
               "all", "two", "three", "four", "five", "dozens", "hundreds", "thousands"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "it"}
# Who speak for the organisation their description names: it is the speaker.
SPOKES_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "official", "representative",
                "chairman", "chairwoman", "chair", "executive", "officer"}
# Evidence, not speakers: "court records show", "local news reports said" stay without speaker.
EVIDENCE_NOUNS = {"record", "document", "report", "resolution", "theory", "data", "figure",
                  "filing", "statistic", "paper", "poll", "survey", "study", "analysis", "file",
                  "image", "video", "footage", "photo", "photograph", "map", "chart", "estimate",
                  "story", "article", "rumor", "rumour"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
# Places the small model often tags PERSON ("Kyiv's position"); never person actors.
PLACES = {"kyiv", "kiev", "moscow", "washington", "brussels", "beijing", "london", "paris",
          "berlin", "kremlin", "white house", "pentagon", "ukraine", "russia", "nato", "europe",
          "gaza", "israel", "iran", "china", "tehran", "budapest", "warsaw", "minsk", "crimea",
          "donbas", "florida", "qatar", "geneva", "damascus", "capitol hill"}
# The staff of a public office speak for it ("prosecutors alleged"): the office they work for,
# by what it is, and the titles whose holders head such an office ("the U.S. attorney for
# the Southern District", "the Manhattan District Attorney's Office"), spelt as in the office's
# name. An attorney heads one only when the title says where it serves (`JURISDICTIONS`): an
# attorney general heads a ministry of justice, a defence attorney no office at all.
STAFF_OFFICES = {"prosecutor": "prosecution"}
OFFICE_HOLDERS = {"attorney": "Attorney", "prosecutor": "Prosecutor"}
JURISDICTIONS = {"u.s", "us", "united states", "district", "state", "state's", "county", "city"}
# Punctuation no name runs over.
NAME_BREAKS = {"-", "–", "—", "--", ",", ";", ":", "(", ")"}
DOC_NOUNS = {"statement", "communique", "communiqué", "declaration", "letter", "readout",
             "release", "report", "memo", "announcement", "post", "tweet", "message"}


def norm_words(text: str) -> list[str]:
    t = text.lower().replace("’", "'")
    for a, b in SYNONYMS.items():
        t = re.sub(rf"(?<![\w.]){re.escape(a)}(?![\w])", b, t)
    words = re.split(r"[\s\-]+", re.sub(r"'s\b", "", t))
    return [w for w in words if w and w not in ("the", "of", "a", "an", "'s")]


def _is_list_mark(tok: Token) -> bool:
    return tok.text in (",", ";", "&") or tok.lower_ == "and"


def name_parts(ent: Span) -> list[list[Token]]:
    """The names inside a PERSON entity, as token lists: each name of a list ("Steve Witkoff,
    Trump and Jared Kushner"), trimmed of what the model swept in with it: titles and
    honorifics in front (they are the role), quote marks, brackets, a possessive, and a gerund
    opening the sentence ("Hosting Cook at Dreamforce")."""
    parts: list[list[Token]] = [[]]
    for t in ent:
        if _is_list_mark(t):
            parts.append([])
        else:
            parts[-1].append(t)
    out = []
    for toks in parts:
        toks = [t for t in toks if not (t.is_punct and t.text not in (".", "-"))
                and t.text not in ("'s", "’s", "'", "’")]
        while len(toks) > 1 and (identity.is_title(toks[0].text) or toks[0].text.isupper()
                                 and len(toks[0].text) > 1 and toks[0].text.isalpha()):
            toks = toks[1:]
        if len(toks) > 1 and toks[0].is_sent_start and toks[0].lower_.endswith("ing") \
                and len(toks[0]) >= 6:
            toks = toks[1:]
        if toks:
            out.append(toks)
    return out


@dataclass
class _Actor:
    name: str
    kind: str
    role: str | None = None
    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    members: tuple[str, ...] = ()
    descriptions: set[str] = field(default_factory=set)
    entity: bool = False  # the model tagged it a person or organisation somewhere

    @property
    def named(self) -> bool:
        """Named by the model as a person or organisation, or a country: a proper noun that
        is neither (a headline's words, "Clean Air Act", a city) says too little alone."""
        return self.entity or identity.is_country(self.name)

    def to_actor(self) -> Actor:
        return Actor(name=self.name, kind=self.kind, role=self.role,
                     aliases=tuple(sorted(a for a in self.aliases if a != self.name)),
                     mentions=tuple(sorted(set(self.mentions))), members=self.members,
                     descriptions=tuple(sorted(self.descriptions)))


class ArticleActors:
    """Actors of one article and the mapping from mention tokens to them."""

    def __init__(self, doc: Doc, in_quote: list[bool]):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access: read it once
        self.in_quote = in_quote
        self._office_names: list[tuple[str, str, tuple[int, int]]] | None = None
        self.actors: dict[str, _Actor] = {}
        self.by_token: dict[int, _Actor] = {}  # token index -> actor, for every name mention
        self.subject_mentions: list[tuple[int, _Actor, bool]] = []  # (token i, actor, is_subj)
        # what `_is_label` blanks out of a line, read once: Doc.ents builds new Spans per call
        self.names = tuple(e.text for e in doc.ents if e.label_ in ("PERSON", "ORG"))
        self._build()
        # (token i, noun lemma, actor): where the article names what a noun means, by
        # apposition ("The group, Riders United,", "Ember Watch, a volunteer fire brigade")
        # or as a title before the name ("volunteer brigade Ember Watch")
        self.named_nouns: list[tuple[int, str, _Actor]] = self._named_nouns()
        # "he" or "she" for each person the article makes clear (gender.py), first from the
        # mentions that name one person only, then again once "Mrs. Hale" among two Hales
        # has gone to the woman
        shared = self._shared_surnames()
        settled: set[int] = set()
        for _ in range(HONORIFIC_ROUNDS):
            self.genders = article_genders(doc, in_quote, self.by_token,
                                           frozenset(set(shared) - settled))
            new = self._by_honorific(shared, settled)
            if not new:
                break
            settled |= new

    # -- building -------------------------------------------------------------------------
    def _role_before(self, ent: Span, first: int) -> str | None:
        doc = self.doc
        root = ent.root
        lo = first
        j = first - 1
        while j >= 0 and doc[j].i >= root.left_edge.i and (
                doc[j].dep_ in ("compound", "amod", "poss", "case", "punct", "nmod", "prep", "pobj")
                or doc[j].pos_ in ("PROPN", "NOUN", "ADJ")) and doc[j].text not in (",", "(", "—"):
            if doc[j].pos_ == "DET":
                break
            lo = j
            j -= 1
        lo = self._coordinated_titles(lo)
        role_toks = [t for t in doc[lo:first] if not (t.i == lo and t.dep_ == "case")]
        if not role_toks:
            for c in root.children:  # appositive: "Umerov, Ukraine's lead negotiator"
                if c.dep_ == "appos" and c.pos_ == "NOUN" and c.lower_ in APPOSITIVE_ROLES:
                    start = c.left_edge  # "the U.S. attorney for ...": the role, no article
                    if start.lower_ in ("the", "a", "an") and start.i < c.i:
                        start = doc[start.i + 1]
                    return self.text[start.idx:c.right_edge.idx + len(c.right_edge)]
            return None
        last = role_toks[-1]
        word = last.text
        if last.tag_ in ("NNS", "NNPS") and word.lower().startswith(last.lemma_.lower()):
            word = word[:len(last.lemma_)]  # "Foreign ministers A and B": each is a minister
        text = self.text[role_toks[0].idx:last.idx] + word
        words = norm_words(text)
        if not any(w in TITLE_WORDS or w in ROLE_HEADS for w in words):
            return None
        return text

    def _coordinated_titles(self, lo: int) -> int:
        """Where a role before a name starts when it joins two titles: "Quarkly founder and
        co-CEO Lena Osei" is one role (the parser makes "founder" and the name two
        conjuncts, leaving the role "CEO"), a hyphenated prefix ("co-", "vice-") with it, and
        the words before the first title that say of what ("Quarkly")."""
        doc = self.doc
        if lo >= 2 and doc[lo - 1].text == "-" and not doc[lo - 2].whitespace_ \
                and not doc[lo - 1].whitespace_ and doc[lo - 2].is_alpha:
            lo -= 2
        # "the mayor and Governor Jane Doe" are two people: a title with its own article is
        # someone else's
        if not (lo >= 2 and doc[lo - 1].lower_ == "and" and not doc[lo - 2].is_sent_end
                and doc[lo - 2].lower_ in TITLE_WORDS | ROLE_HEADS
                and not any(c.dep_ == "det" for c in doc[lo - 2].children)):
            return lo
        lo -= 2
        while lo > 0 and doc[lo - 1].pos_ in ("PROPN", "NOUN", "ADJ") \
                and doc[lo - 1].dep_ in ("compound", "amod", "nmod", "poss") \
                and not doc[lo - 1].is_sent_end:
            lo -= 1
        return lo

    def _build(self) -> None:
        doc = self.doc
        persons: list[tuple[Span, str, int]] = []
        places = {e.text.lower() for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
        self.lists: dict[int, list[Span]] = {}  # head token of a list of names -> its names
        person_lasts = {identity.fold(p[-1].text) for e in doc.ents if e.label_ == "PERSON"
                        for p in name_parts(e)}
        for ent in doc.ents:
            low = re.sub(r"['’]s$", "", ent.text.lower())
            if low in PLACES or low in places or _is_label(self.text, ent, self.names):
                continue
            if ent.label_ == "ORG" and (_person_tagged_org(ent, person_lasts)
                                        or _named_after_a_role(ent)):
                pass  # "Hori Parata" tagged ORG in an article that calls him "Parata"
            elif ent.label_ != "PERSON":
                continue
            names = []
            for toks in name_parts(ent):
                span = doc[toks[0].i:toks[-1].i + 1]
                name = identity.clean(" ".join(t.text for t in toks))
                if name.lower() in FIRST_PERSON or identity.junk_reason(name, "person"):
                    continue
                names.append((span, name, toks[0].i))
            persons.extend(names)
            if len(names) > 1:
                self.lists[ent.root.i] = [span for span, _, _ in names]
        persons += self._missed_full_names(persons)
        persons.sort(key=lambda p: p[2])  # document order: "the first one named" is the first
        # a nickname and the given names in brackets are the full name they stand for, which
        # takes the nickname as aliases, alone and with the surname
        nicknames = self._nicknames()
        persons = [(span, nicknames[identity.fold(name)][0], first)
                   if identity.fold(name) in nicknames else (span, name, first)
                   for span, name, first in persons]
        keys = self._person_keys([name for _, name, _ in persons], [s for s, _, _ in persons])
        shared: tuple[str, int] | None = None  # a plural title and where its list has got to
        # a name the article shows to be an organisation's, wherever the model saw a person;
        # never the surname of a person it names in full
        surnames_of_full = {identity.fold(k.split()[-1]) for k in keys if len(k.split()) > 1}
        orgs_named = {key for (ent, _, _), key in zip(persons, keys, strict=True)
                      if _set_after_org_noun(ent) or _owns_org_things(doc, key)
                      and identity.fold(key) not in surnames_of_full}
        for (ent, name, first), key in zip(persons, keys, strict=True):
            kind = "org" if identity.looks_like_org(key) or key in orgs_named else "person"
            a = self.actors.get(key) or self.actors.setdefault(key, _Actor(key, kind))
            a.entity = True
            a.aliases.add(name)
            a.mentions.append((ent.start_char, ent.end_char))
            role = self._role_before(ent, first)
            # "Foreign ministers Lina Varga and Tomas Keller": the title is each listed name's
            if role is None and shared is not None and first > shared[1] and all(
                    t.lower_ in ("and", ",") for t in doc[shared[1]:first]):
                role = shared[0]
            if role is not None and first and doc[first - 1].tag_ in ("NNS", "NNPS"):
                shared = (role, ent.end)
            elif shared is not None and role == shared[0]:
                shared = (role, ent.end)
            else:
                shared = None
            if role and not a.role:
                a.role = role
            for t in ent:
                self.by_token[t.i] = a
            self._note_mention(ent.root, a)
        for full, nick in dict.fromkeys(nicknames.values()):
            a = self.actors.get(full)
            if a is not None:
                a.aliases |= {nick, f"{nick} {full.split()[-1]}"}
        surnames = {}
        for a in self.actors.values():
            for alias in a.aliases | {a.name}:
                surnames.setdefault(alias.split()[-1].lower(), a)
                surnames.setdefault(alias.lower(), a)
        self.surnames = surnames
        orgs: list[tuple[Span, str]] = []
        for ent in doc.ents:
            if ent.label_ in ("ORG", "NORP", "GPE") and not any(t.i in self.by_token for t in ent) \
                    and not _is_label(self.text, ent, self.names):
                name = re.sub(r"^(the|The)\s+", "", ent.text)
                name = re.sub(r"['’]s$", "", name)
                if name.lower() in surnames:  # "Trump" mis-tagged ORG is still the person
                    a = surnames[name.lower()]
                    a.aliases.add(identity.clean(name))  # as a PERSON tag would have named him
                    a.mentions.append((ent.start_char, ent.end_char))
                    for t in ent:
                        self.by_token[t.i] = a
                    self._note_mention(ent.root, a)
                    continue
                if ent.label_ != "ORG" or ent.text in places:
                    continue  # places and nationalities become actors only when they speak
                full = _proper_name(ent)
                if full is not ent:  # "the Nordic Fisheries" and "Seafood Council" are one name
                    ent, name = full, re.sub(r"^(the|The)\s+", "", full.text)
                name = identity.clean(name)
                if not any(ch.isalnum() for ch in name):
                    continue  # 'the "' tagged ORG before a quoted name: no name at all
                orgs.append((ent, name))
        keys = _org_keys([name for _, name in orgs])
        for (ent, name), key in zip(orgs, keys, strict=True):
            a = self.actors.get(key) or self.actors.setdefault(key, _Actor(key, "org"))
            a.entity = True
            a.aliases.add(name)
            a.mentions.append((ent.start_char, ent.end_char))
            for t in ent:
                self.by_token[t.i] = a
            self._note_mention(ent.root, a)

    def _shared_surnames(self) -> dict[int, list[_Actor]]:
        """Token index of a bare surname mention ("Hale", "Mrs. Hale") -> the people of the
        article with that surname, where there are two or more (Tom Hale, Ann Hale)."""
        people: dict[str, list[_Actor]] = {}
        for a in {id(a): a for a in self.actors.values() if a.kind == "person"}.values():
            if len(a.name.split()) >= 2:
                people.setdefault(identity.fold(a.name.split()[-1]), []).append(a)
        out = {}
        for i, a in self.by_token.items():
            t = self.doc[i]
            same = people.get(identity.fold(t.text), [])
            if len(same) < 2 or not any(a is b for b in same):
                continue
            before = self.doc[i - 1] if i > 0 else None
            if before is not None and self.by_token.get(before.i) is a and \
                    honorific_gender(before.text) is None:
                continue  # "Ann Hale" names her alone
            out[i] = same
        return out

    def _by_honorific(self, shared: dict[int, list[_Actor]], settled: set[int]) -> set[int]:
        """"Mrs. Hale" where the article names Tom Hale and Ann Hale is the one of them the
        honorific fits: not one the same sentence names in full ("Mrs. Hale and her husband,
        Tom Hale,"), and of them the one alone of known gender (`self.genders`), or else the
        one alone not known to be of the other. The mentions settled now (moved or not)."""
        now = set()
        for i, same in shared.items():
            g = honorific_gender(self.doc[i - 1].text) if i > 0 else None
            if g is None or i in settled:
                continue
            sent = self.doc[i].sent
            beside = {id(self.by_token[k]) for k in range(sent.start, sent.end)
                      if k in self.by_token and k not in shared}
            same = [a for a in same if id(a) not in beside] or same
            known = [a for a in same if self.genders.get(id(a)) == g]
            possible = [a for a in same if agrees(self.genders.get(id(a)), g == "m" and "he"
                                                  or "she")]
            pick = known[0] if len(known) == 1 else possible[0] if len(possible) == 1 else None
            old = self.by_token[i]
            if pick is None:
                continue
            now.add(i)
            if pick is old:
                continue
            for j in (i - 1, i):
                if self.by_token.get(j) is old:
                    self.by_token[j] = pick
            self.subject_mentions = [(j, pick if j == i and a is old else a, s)
                                     for j, a, s in self.subject_mentions]
            span = (self.doc[i].idx, self.doc[i].idx + len(self.doc[i]))
            old.mentions = [m for m in old.mentions if not (m[0] <= span[0] < m[1])]
            pick.mentions.append(span)
        return now

    def _nicknames(self) -> dict[str, tuple[str, str]]:
        """Names written "Nick (Given Names) Surname" ("Kit (Christopher Anselm) Varga"): the
        article calls the person "Kit" from then on. Each folded nickname and given names ->
        (the full name, the nickname)."""
        out: dict[str, tuple[str, str]] = {}
        people = [(e.start_char, e.end_char) for e in self.doc.ents if e.label_ == "PERSON"]
        for m in _NICKNAME.finditer(self.text):
            nick, given, last = m.group(1), m.group(2), m.group(3)
            if identity.is_title(nick) or nick in given.split() or identity.is_title(last):
                continue
            # what is in brackets must be a person's names, not "(R-Iowa)" or "(AAPL)"
            if not any(s < m.end(2) and m.start(2) < e for s, e in people) \
                    or any(w.isupper() or "-" in w for w in given.split()):
                continue
            full = f"{given} {last}"
            for n in (nick, given, f"{nick} {last}", full):
                out.setdefault(identity.fold(n), (full, nick))
        return out

    def _missed_full_names(self, persons: list[tuple[Span, str, int]]
                           ) -> list[tuple[Span, str, int]]:
        """Full names the model did not tag, of people it tagged only by surname: "Zach
        Parise's two-goal performance" where only "Parise" is a PERSON elsewhere. A proper noun
        right before the surname, neither a title, nor opening the sentence, nor in another entity,
        is the first name."""
        names = {identity.fold(n) for _, n, _ in persons}
        lone = {identity.fold(n) for _, n, _ in persons if len(n.split()) == 1}
        lone = {n for n in lone if not any(m.endswith(" " + n) for m in names)}
        found: list[tuple[Span, str, int]] = []
        if not lone:
            return found
        for tok in self.doc[1:]:
            prev = self.doc[tok.i - 1]
            if identity.fold(tok.text) in lone and prev.pos_ == "PROPN" and prev.ent_type_ in (
                    "", "PERSON") and prev.text[:1].isupper() and prev.text.isalpha() \
                    and not identity.is_title(prev.text) and not prev.text.isupper() \
                    and not prev.is_sent_start:  # "Hosting Cook at Dreamforce, ..."
                span = self.doc[prev.i:tok.i + 1]
                found.append((span, f"{prev.text} {tok.text}", prev.i))
        return found

    def _person_keys(self, names: list[str], spans: list[Span]) -> list[str]:
        """Which person of the article each name mention is: the longest name that holds it
        ("Hawk Sawyer" is Kathleen Hawk Sawyer, "Te Kaurinui" is Te Kaurinui Robert Parata); a
        bare surname goes to the nearest full name before it that has that surname; a first
        name alone to the one full name with it whose surname another person shares; two names
        with the same surname and different first names stay two people (James Hall, Ellie
        Hall); transliterations with one first name are one (Zelensky, Zelenskyy)."""
        words = {n: identity.fold(n).split() for n in names}
        # document order among names of one length (a stable sort), so that a bare surname
        # named before any full name goes to the first one named, whatever the hash seed
        full = sorted(dict.fromkeys(n for n in names if len(words[n]) >= 2),
                      key=lambda n: -len(words[n]))
        keys = []
        for name, span in zip(names, spans, strict=True):
            w = words[name]
            if len(w) == 1:
                options = [f for f in full if words[f][-1] == w[0]]
                if not options:
                    # a first name alone, where the article has to tell apart two people of one
                    # surname ("Hemi Tane and his son, Aperahama Tane ... says Aperahama")
                    firsts = [f for f in full if words[f][0] == w[0]
                              and any(words[g][-1] == words[f][-1] and g != f for g in full)]
                    options = firsts if len(firsts) == 1 else []
            else:
                options = [f for f in full if len(words[f]) > len(w) and _contains(words[f], w)]
                if not options:  # one first name, two spellings: the same key for both
                    same = [f for f in full if len(words[f]) == len(w) and words[f][0] == w[0]
                            and identity.same_person(f, name)]
                    keys.append(max([name, *same], key=lambda n: (len(n), n)))
                    continue
            if not options:
                keys.append(name)
                continue
            longest = [f for f in options if len(words[f]) == max(len(words[o]) for o in options)]
            keys.append(longest[0] if len(set(longest)) == 1 and len(set(options)) == 1
                        else self._nearest_full(list(dict.fromkeys(options)), span.start))
        # a key held by a longer name follows it ("Eriksson Ek" -> "Joel Eriksson Ek")
        changed, rounds = True, 0
        while changed and rounds < 5:
            changed, rounds = False, rounds + 1
            for i, k in enumerate(keys):
                j = names.index(k) if k in names else -1
                if j >= 0 and keys[j] != k:
                    keys[i] = keys[j]
                    changed = True
        return keys

    def _nearest_named(self, low: str, at: int) -> _Actor:
        """The person a bare surname means: of the article's actors with that surname, the one
        named last before token `at` (the first one named when none was before)."""
        same = [a for a in self.actors.values()
                if any(alias.split()[-1].lower() == low for alias in a.aliases | {a.name})]
        if len(same) <= 1:
            return same[0] if same else self.surnames[low]
        before = {id(a): max((j for j, m, _ in self.subject_mentions if m is a and j < at),
                             default=-1) for a in same}
        return max(same, key=lambda a: before[id(a)])

    def _nearest_full(self, options: list[str], at: int) -> str:
        best, best_pos = options[0], -1
        for name in options:
            for ent in self.doc.ents:
                if ent.start < at and ent.text.endswith(name) and ent.start > best_pos:
                    best, best_pos = name, ent.start
        return best

    def _note_mention(self, tok: Token, a: _Actor) -> None:
        if self.in_quote[tok.i]:
            return
        self.subject_mentions.append((tok.i, a, tok.dep_ in ("nsubj", "nsubjpass")))
        self.subject_mentions.sort(key=lambda x: x[0])

    # -- resolution -----------------------------------------------------------------------
    def resolve(self, tok: Token | None) -> _Actor | None:
        if tok is None:
            return None
        if tok.i in self.by_token:
            return self.by_token[tok.i]
        if tok.ent_type_ in ("DATE", "TIME"):
            return None  # the parser took "Saturday" for who spoke: a day says nothing
        if tok.pos_ == "PROPN" and _is_label(self.text, self.doc[tok.i:tok.i + 1], self.names):
            if not tok.text.isupper():
                return None  # a kicker, section label or byline is nobody's statement
            # the parser took the dateline ("ZAGREB, Croatia — Chief James Hall said") for the
            # subject: the speaker is the first person the sentence names after it
            later = [self.by_token[t.i] for t in tok.sent if t.i > tok.i and t.i in self.by_token]
            people = [a for a in later if a.kind == "person"]
            return people[0] if people else None
        low = tok.lower_
        if low not in DOC_NOUNS and not (tok.pos_ == "PROPN" and low in ROLE_HEADS):
            a = self._name_in_np(tok)
            if a is not None:
                return a
        if tok.text[:1].isupper() and low in self.surnames and low not in PLACES:
            return self._nearest_named(low, tok.i)
        if low in FIRST_PERSON:
            return None
        if low == "it":
            a = self._org_antecedent(tok)
            if a is not None:
                self.by_token[tok.i] = a
            return a
        if low in PERSON_PRONOUNS or low in ("who",):
            a = self._antecedent(tok.i, low)
            if a is not None:
                self.by_token[tok.i] = a
            return a
        if tok.pos_ == "PROPN" and tok.lower_ in ROLE_HEADS | TITLE_WORDS:
            a = self._name_in_np(tok)  # "U.S. Ambassador to NATO Matthew Whitaker"
            if a is None or a.kind != "person":
                a = self._by_role(tok)  # "The Secretary General of the Alliance"
            if a is not None:
                self.by_token[tok.i] = a
                return a
        if _people_of(tok):
            return None  # "Many Tunisians", "Palestinians": described, no organisation
        if tok.pos_ == "PROPN":
            return self._own_name(tok)
        if low in DOC_NOUNS:
            a = self._issuer(tok)
            if a is not None:
                self.by_token[tok.i] = a
            return a
        if tok.pos_ == "NOUN":
            a = self._by_role(tok)
            if a is not None:
                description = self._description(tok)
                if description:
                    a.descriptions.add(description)  # "the Finance Minister" finds her later
                self.by_token[tok.i] = a
                self.subject_mentions.append((tok.i, a, tok.dep_ in ("nsubj", "nsubjpass")))
                self.subject_mentions.sort(key=lambda x: x[0])
            return a
        return None

    def describe(self, tok: Token) -> _Actor | None:
        """A speaker the article describes but does not name ("patient advocates said", "the
        24-year-old striker said", "a person familiar with the matter said"): an actor of
        kind "description" named by that description, so the statement keeps a speaker.
        Pronouns, "I"/"we" and document nouns ("the statement") are no description."""
        if tok.pos_ != "NOUN" and not _people_of(tok) or \
                tok.lemma_.lower() in DOC_NOUNS | EVIDENCE_NOUNS or tok.i in self.by_token:
            return None
        description = self._description(tok)
        if not description:
            return None
        named = self._described(tok) or self._office_of_staff(tok)
        if named is not None:
            named.descriptions.add(description)
            self.by_token[tok.i] = named
            return named
        key = identity.name_key(description)
        a = self.actors.get(key) or self._same_description(description) or \
            self.actors.setdefault(key, _Actor(description, "description"))
        a.mentions.append((tok.idx, tok.idx + len(tok)))
        self.by_token[tok.i] = a
        return a

    def _office_of_staff(self, tok: Token) -> _Actor | None:
        """"Prosecutors alleged ...", "federal prosecutors said ...": the staff of an office
        speak for it, so they are the one prosecution office the article names ("the U.S.
        Attorney's Office"), or the office of the one public attorney it names ("Nora Vale,
        the U.S. attorney for the Eastern District of Ruritania": the U.S. Attorney's Office
        for the Eastern District of Ruritania), the shorter names kept as its aliases. Only
        the plural: one prosecutor is a person. With no such office, or two, they stay
        described."""
        if tok.tag_ != "NNS" or tok.lemma_.lower() not in STAFF_OFFICES:
            return None
        offices = [o for o in self._offices() if o[1] == STAFF_OFFICES[tok.lemma_.lower()]]
        if not offices:
            return None
        offices.sort(key=lambda o: -len(o[0]))
        full = offices[0][0]
        if any(not identity.name_key(full).startswith(identity.name_key(o[0]))
               for o in offices[1:]):
            return None  # two offices: which one the staff belong to is not said
        a = self.actors.get(full) or self.actors.setdefault(full, _Actor(full, "org"))
        for name, _, span in offices:
            a.aliases.add(name)
            a.mentions.append(span)
        a.mentions.append((tok.idx, tok.idx + len(tok)))
        return a

    def _offices(self) -> list[tuple[str, str, tuple[int, int]]]:
        """The public offices the article names, read once: (name, what it is, where), for an
        office written out ("the Manhattan District Attorney's Office") and for the office
        of a public attorney it names ("the U.S. attorney for the Southern District")."""
        if self._office_names is not None:
            return self._office_names
        found = []
        for t in self.doc:
            holder = None
            if t.lower_ == "office":
                holder = next((c for c in t.children if c.dep_ == "poss"
                               and c.lemma_.lower() in OFFICE_HOLDERS), None)
                start = holder.left_edge if holder is not None else None
            elif t.lower_ == "attorney" and t.tag_ in ("NN", "NNP") and t.dep_ != "poss":
                where = [c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod")
                         and identity.fold(c.text).strip(".") in JURISDICTIONS]
                if where:
                    holder, start = t, where[0]
            if holder is None or start is None:
                continue
            while start.dep_ == "det" and start.i < holder.i:
                start = self.doc[start.i + 1]
            words = [self.text[start.idx:holder.idx].strip(),
                     OFFICE_HOLDERS[holder.lemma_.lower()] + "'s Office"]
            end = holder if t is holder else t
            tail = next((c for c in end.rights if c.dep_ == "prep" and c.lower_ in ("for", "in")
                         and any(x.pos_ == "PROPN" for x in c.subtree)), None)
            last = end
            if tail is not None:
                words.append(self.text[tail.idx:tail.right_edge.idx + len(tail.right_edge)])
                last = tail.right_edge
            name = identity.clean(" ".join(w for w in words if w))
            found.append((name, "prosecution", (start.idx, last.idx + len(last))))
        self._office_names = found
        return found

    def _same_description(self, description: str) -> _Actor | None:
        """The unnamed speaker described before in the same or fuller words: "prosecutors"
        are the "State prosecutors" of an earlier sentence, "multiple people familiar with
        the matter" the "person familiar with the matter", "Islanders" the "Many Islanders"."""
        core = _description_core(description)
        for a in self.actors.values():
            if a.kind == "description" or a.kind == "org" and \
                    identity.fold(a.name).split()[0] in QUANTIFIERS:
                other = _description_core(a.name)
                n = min(len(core), len(other))
                if n and core[-n:] == other[-n:] and (core == other[-n:] or other == core[-n:]):
                    return a
        return None

    def _described(self, tok: Token) -> _Actor | None:
        """Who a definite singular description means, where the article makes it clear: "the
        agency" or "the group" is the organisation named last before it (one whose name holds
        the noun first); "the 24-year-old striker" or "the bow-tied maverick" is the person
        a pronoun there would mean. "A person familiar with the matter" and plurals ("patient
        advocates") stay unnamed. A description that names an organisation is that
        organisation when it speaks for it ("a spokesperson for the Dutch Foreign Office"),
        else unnamed ("Kelvara's CEO")."""
        named = [self.by_token[t.i] for t in tok.subtree if t.i != tok.i and t.i in self.by_token]
        orgs = [a for a in named if a.kind == "org"]
        if orgs:  # "a spokesperson for the Dutch Foreign Office", "PG&E officials"
            return orgs[0] if tok.lemma_.lower() in SPOKES_NOUNS else None
        if named or any(t.pos_ == "PROPN" for t in tok.subtree if t.i != tok.i):
            return None  # "Salesforce's CEO" is not the person named last
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children) \
            or any(c.dep_ == "poss" for c in tok.children)
        if tok.tag_ not in ("NN", "NNP"):
            return None
        if not definite:  # "according to a group of couriers. The group, Riders
            return self._named_noun(tok, before=False)  # United, formed ..."
        named = self._named_noun(tok, before=True)
        if named is not None:
            return named
        if tok.lower_ in ORG_NOUNS:
            # an organisation whose name holds the noun ("the department": the Department of
            # Conservation) however far back; else the organisation named last, nearby
            # (a name that only qualifies a noun is not one: "NASA is building a lander for the
            # Kestrel rover. The agency is ...": NASA)
            before = [(j, a) for j, a, _ in self.subject_mentions if j < tok.i and a.kind == "org"
                      and not _qualifies_a_noun(self.doc[j])]
            holding = [(j, a) for j, a in before if tok.lower_ in identity.fold(a.name).split()]
            pick = holding or [(j, a) for j, a in before if j >= tok.i - ORG_LOOKBACK_TOKENS]
            return pick[-1][1] if pick else None
        return self._antecedent(tok.i)

    def _named_nouns(self) -> list[tuple[int, str, _Actor]]:
        found = []
        for t in self.doc:
            if t.pos_ != "NOUN" or self.in_quote[t.i]:
                continue
            actor = None
            if t.dep_ in ("appos", "compound") and t.head.i in self.by_token:
                actor = self.by_token[t.head.i]
            else:
                for c in t.children:
                    if c.dep_ == "appos":
                        names = [self.by_token[x.i] for x in c.subtree if x.i in self.by_token]
                        if names:
                            actor = names[0]
                            break
            if actor is not None and actor.kind in ("person", "org"):
                found.append((t.i, t.lemma_.lower(), actor))
        return found

    def _named_noun(self, tok: Token, before: bool) -> _Actor | None:
        """The actor the article named with this noun: the last naming before a definite
        "the group"; for an indefinite "a group of couriers", a naming that follows at once
        with the definite noun ("The group, Riders United,")."""
        lemma = tok.lemma_.lower()
        if before:
            refs = [(j, a) for j, lem, a in self.named_nouns
                    if lem == lemma and tok.i - ORG_LOOKBACK_TOKENS <= j < tok.i]
            return refs[-1][1] if refs else None
        for j, lem, a in self.named_nouns:
            if lem == lemma and tok.i < j <= tok.i + NAMED_AHEAD_TOKENS and any(
                    c.dep_ == "det" and c.lower_ == "the" for c in self.doc[j].children):
                return a
        return None

    def _org_antecedent(self, tok: Token) -> _Actor | None:
        """"it pointed out": the organisation that is the nearest subject before it, in its
        sentence or the one before (outside quotes); none when the nearest subject is no
        organisation ("the report ..., it found")."""
        sent = tok.sent
        start = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for t in reversed(self.doc[start:tok.i]):
            if t.dep_ not in ("nsubj", "nsubjpass") or self.in_quote[t.i] \
                    or t.lower_ in RELATIVE_PRONOUNS:
                continue
            a = self.by_token.get(t.i)
            return a if a is not None and a.kind == "org" else None
        return None

    def _description(self, tok: Token) -> str | None:
        """The noun phrase describing a speaker, with what qualifies it ("of the Conservative
        Party", "familiar with the matter"), without a leading article; None when it runs
        over a clause, a line or eight words."""
        doc = self.doc
        lo, hi = tok.left_edge.i, tok.i
        for r in tok.rights:
            if r.dep_ == "prep" and r.lower_ in ("of", "for", "at", "from", "in", "with", "on"):
                hi = r.right_edge.i
            elif r.dep_ == "amod" and r.i == hi + 1:  # "people familiar with the matter"
                hi = r.right_edge.i
            elif r.dep_ == "acl" and r.tag_ in ("VBG", "VBN") and r.i == hi + 1:
                hi = r.right_edge.i  # "a group representing small farms in Ruritania"
            elif r.dep_ == "cc" and r.lower_ == "and" and r.i == hi + 1:
                hi = r.i  # "Shopkeepers and tenants"
            elif r.dep_ == "conj" and r.pos_ == "NOUN" and doc[hi].dep_ == "cc" and r.i == hi + 1:
                hi = r.right_edge.i
            else:
                break
        if doc[hi].dep_ == "cc":
            hi -= 1
        toks = [t for t in doc[lo:hi + 1]]
        if any(t.is_punct and t.text not in ("-", "'s", "’s") for t in toks) or len(toks) > 8:
            return None
        text = identity.clean(self.text[doc[lo].idx:doc[hi].idx + len(doc[hi])])
        text = identity.without_mood(re.sub(r"^(?:a|an)\s+", "", text, flags=re.I))
        return text if text and "\n" not in text else None

    def _name_in_np(self, tok: Token) -> _Actor | None:
        """A name inside the mention NP: its appositive or compound ("U.S. Ambassador to NATO
        Matthew Whitaker", "a close Trump ally ..., Hegseth"), never a possessor ("Trump's
        son-in-law" is not Trump)."""
        skip: set[int] = set()
        for t in tok.subtree:
            if t.dep_ == "poss" or (t.dep_ == "compound" and t.head.i == tok.i and
                                    tok.pos_ == "NOUN" and tok.lower_ not in ROLE_HEADS):
                skip.update(x.i for x in t.subtree)
        order = [c for c in tok.children if c.dep_ in ("appos", "flat")]
        order += [c for c in tok.children if c.dep_ == "compound"]
        found = []
        for c in order:
            for t in c.subtree:
                if t.i in self.by_token and t.i not in skip:
                    found.append(self.by_token[t.i])
        persons = [a for a in found if a.kind == "person"]
        if persons:
            return persons[-1]
        if not found and tok.pos_ == "NOUN":
            return self._apposed_to_complement(tok)
        return found[-1] if found else None

    def _apposed_to_complement(self, tok: Token) -> _Actor | None:
        """"The chair of the Harbour Trust, Mariela Quintana, said": the parser hangs the name
        set off by commas after the noun phrase on its last noun ("Trust"); a person named
        there is who the role noun means."""
        for p in tok.rights:
            if p.dep_ != "prep" or p.lower_ not in ("of", "for", "at"):
                continue
            for obj in p.children:
                for c in obj.children:
                    if c.dep_ == "appos" and c.i > obj.i and \
                            self.doc[c.left_edge.i - 1].text == ",":
                        names = [self.by_token[t.i] for t in c.subtree if t.i in self.by_token]
                        if names and names[0].kind == "person":
                            return names[0]
        return None

    def _own_name(self, tok: Token) -> _Actor | None:
        """The name a proper noun the model did not tag heads, as written up to it."""
        # a name never runs over a dash or a comma: "The two states - Ruritania" is
        # Ruritania, set off after its description
        start = tok.left_edge
        for t in self.doc[tok.left_edge.i:tok.i]:
            if t.text in NAME_BREAKS and (t.text != "-" or t.whitespace_):  # not Holtz-Eakin
                start = self.doc[t.i + 1]
        name = self.text[start.idx:tok.idx + len(tok)]
        return self._adhoc(name, tok)

    def _subjects_listed(self, tok: Token) -> list[_Actor]:
        """"Ana Lind and Tomas Keller said ...": after a headline or a dateline the small
        model sometimes makes each name a subject of the verb instead of the first name's
        conjunct, and the nearest subject alone would get the statement. Subjects of one
        verb joined only by "and" and commas are one list; each must be a person or an
        organisation of the article, else the list is no speaker list (empty)."""
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ != "PROPN":
            return []
        subjects = [c for c in tok.head.children if c.dep_ == tok.dep_ and c.i <= tok.i]
        if len(subjects) < 2:
            return []
        doc = self.doc
        for left, right in pairwise(subjects):
            gap = [x.lower_ for x in doc[left.i + 1:right.left_edge.i]]
            if not gap or any(w not in ("and", ",") for w in gap):
                return []
        if not any(x.lower_ == "and" for x in doc[subjects[0].i:tok.i]):
            return []
        members: list[_Actor] = []
        for s in subjects:
            a = self.by_token.get(s.i)
            if a is None or a.kind not in ("person", "org"):
                return []
            if a not in members:
                members.append(a)
        return members

    def _listed_after(self, tok: Token) -> Token | None:
        """"Dockers United, the Harbour Pilots Guild and the Crane Operators Association said
        ...": the small model hangs the second name on the first as an apposition and the
        rest on the second; an apposition of names coordinated with "and" is the rest of a
        list, not another name of the first (which a role is: "Lena Marsh, trade envoy and
        former minister, said")."""
        if tok.pos_ != "PROPN":
            return None
        for ap in tok.children:
            if ap.dep_ != "appos" or ap.pos_ != "PROPN" or ap.i < tok.i:
                continue
            listed = [ap, *(c for c in ap.subtree if c.dep_ == "conj" and c.head.i in
                            {ap.i, *(x.i for x in ap.subtree if x.dep_ == "conj")})]
            named = [self.by_token.get(x.i) for x in listed]
            if len(listed) > 1 and any(c.dep_ == "cc" and c.lower_ == "and"
                                       for c in ap.children) \
                    and all(a is not None and a.kind in ("person", "org") for a in named):
                return ap
        return None

    def _adhoc_person(self, tok: Token) -> _Actor | None:
        toks = [c for c in tok.lefts if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"
                and c.lower_ not in TITLE_WORDS and c.lower_ not in NATIONALITY]
        if not toks or tok.lower_ in PLACES:
            return None  # a bare word is too weak a signal for a new person
        name = self.text[toks[0].idx:tok.idx + len(tok)]
        a = self.actors.setdefault(name, _Actor(name, "person"))
        a.aliases.add(name)
        a.mentions.append((toks[0].idx, tok.idx + len(tok)))
        self.by_token[tok.i] = a
        return a

    def _adhoc(self, name: str, tok: Token) -> _Actor | None:
        name = re.sub(r"^(the|The)\s+", "", name)
        if not any(ch.isalnum() for ch in name):
            return None  # the parser took a paragraph break for the subject: no one's name
        if name.lower() in PLACES:
            return None  # "Washington said": a capital for its government, no actor of its own
        parts = name.split()
        for a in self.actors.values():
            if a.kind == "person" and parts and a.name.split()[-1] == parts[-1]:
                return a
        a = self.actors.setdefault(name, _Actor(name, "org"))
        a.aliases.add(name)
        a.mentions.append((tok.idx, tok.idx + len(tok)))
        return a

    def _antecedent(self, i: int, pronoun: str = "") -> _Actor | None:
        """Nearest person before token i: a subject in the same sentence, else the first
        person subject of the closest earlier sentence, else any person mention; for "he" or
        "she", only a person the article does not show to be the other (`gender.py`)."""
        doc = self.doc
        sent = doc[i].sent
        others = self._not_the_pronoun(doc[i]) if pronoun else set()

        def fits(a: _Actor) -> bool:
            return a.kind == "person" and agrees(self.genders.get(id(a)), pronoun) \
                and id(a) not in others

        same = [(j, a, s) for j, a, s in self.subject_mentions
                if sent.start <= j < i and fits(a)]
        subj_same = [x for x in same if x[2]]
        if subj_same:
            return subj_same[-1][1]
        if same:
            return same[-1][1]
        k = sent.start - 1
        for _ in range(4):
            if k < 0:
                break
            prev = doc[k].sent
            ms = [(j, a, s) for j, a, s in self.subject_mentions
                  if prev.start <= j < prev.end and fits(a)]
            subj = [x for x in ms if x[2]]
            if subj:
                return subj[0][1]
            if ms:
                return ms[-1][1]
            k = prev.start - 1
        return None

    def _not_the_pronoun(self, tok: Token) -> set[int]:
        """The people a pronoun cannot mean: those its own clause names after it where it is
        the subject ("He accused Hale of ...", "He said Hale was wrong": not Hale), the
        subject of its verb where it is the object ("Hale thanked him"). Names in quotes are
        left out (a speaker's words may name anyone), and so are names before a subject
        pronoun (the parser hangs '"A," Hale said. B, he said' on the last cue) and
        possessors, which news copy writes of the pronoun's own person ("He notes that
        there was an issue with Hale's microphone")."""
        verb = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass"):
            named = [x for x in verb.subtree if x.i > tok.i]
        elif tok.dep_ in ("dobj", "dative", "pobj"):
            named = [c for c in (verb.head if tok.dep_ == "pobj" else verb).children
                     if c.dep_ in ("nsubj", "nsubjpass")]
            named = [x for c in named for x in c.subtree]
        else:
            return set()
        return {id(self.by_token[x.i]) for x in named if x.i in self.by_token
                and x.pos_ == "PROPN" and not self.in_quote[x.i]
                and x.dep_ != "poss" and not any(c.tag_ == "POS" for c in x.children)}

    def _by_role(self, tok: Token) -> _Actor | None:
        doc = self.doc
        lo = tok.left_edge.i
        hi = tok.i
        for r in tok.rights:
            if r.dep_ == "prep" and r.lower_ == "of":
                hi = r.right_edge.i
        np_words = norm_words(self.text[doc[lo].idx:doc[hi].idx + len(doc[hi])])
        if not any(w in ROLE_HEADS for w in np_words):
            return None
        head = tok.lower_
        np_nat = {NATIONALITY[w] for w in np_words if w in NATIONALITY}
        # "Salesforce's CEO": the organisation whose role it is; a person whose role does not
        # name it may be another organisation's CEO, and a wrong speaker is worse than none
        of_org = {w for t in doc[lo:tok.i] if t.dep_ == "poss" and self._is_org(t)
                  for w in norm_words(t.text)}
        best, best_score = None, 0.0
        for a in self.actors.values():
            if a.kind != "person" or not a.role:
                continue
            rw = norm_words(a.role)
            if head not in rw and not (head == "general" and "secretary" in rw):
                continue
            if not of_org <= set(rw):
                continue
            overlap = len(set(np_words) & set(rw))
            role_nat = {NATIONALITY[w] for w in rw if w in NATIONALITY}
            if np_nat and role_nat and not (np_nat & role_nat):
                continue
            score = overlap + (0.5 if np_nat & role_nat else 0)
            # recency tie-break: later mentions before tok win
            before = [m for m in a.mentions if m[0] < doc[tok.i].idx]
            score += 0.001 * (before[-1][0] / max(1, len(self.text)) if before else 0)
            if score > best_score:
                best, best_score = a, score
        return best

    def _is_org(self, tok: Token) -> bool:
        a = self.by_token.get(tok.i)
        return a.kind == "org" if a is not None else tok.ent_type_ == "ORG"

    def _issuer(self, tok: Token) -> _Actor | None:
        """"the statement said": who issued the last statement-noun named in the article."""
        doc = self.doc
        for t in reversed(doc[: tok.i + 1]):
            if t.lemma_.lower() != tok.lemma_.lower():
                continue
            for p in t.rights:
                if p.dep_ == "prep" and p.lower_ in ("from", "by", "of"):
                    actors = []
                    # the parser often cuts long name lists short; take every name up to the
                    # verb the document noun is the subject of
                    end = t.head.i if t.dep_ == "nsubj" and t.head.i > t.i else p.right_edge.i + 1
                    names = doc[p.i + 1:max(end, p.right_edge.i + 1)]
                    # "Trump's son-in-law Jared Kushner": the possessor only says whose
                    # son-in-law; the member is Kushner
                    possessors = [self.by_token.get(x.i) for x in names
                                  if x.i + 1 < len(doc) and doc[x.i + 1].tag_ == "POS"]
                    for x in names:
                        if x.i + 1 < len(doc) and doc[x.i + 1].tag_ == "POS":
                            continue
                        a = self.by_token.get(x.i)
                        if a is not None and any(a is o for o in possessors):
                            continue
                        if a is None and x.pos_ == "PROPN" and x.dep_ in ("pobj", "conj", "appos"):
                            a = self._adhoc_person(x)  # a name the NER missed in the list
                        if a is not None and a not in actors:
                            actors.append(a)
                    if len(actors) == 1:
                        return actors[0]
                    if len(actors) > 1:
                        return self._group(actors, t)
        return None

    def joint(self, tok: Token, actor: _Actor | None, verb: Token | None = None
              ) -> _Actor | None:
        """The speaker `tok` names with the names joined to it: "Ruritania and Freedonia
        condemned ...", "The two states - Ruritania and Freedonia - said ..." speak as a group
        of both (each member is an actor of the article; a statement's `speaker` is the
        first, its `group` the group, which the store files it under); a description set
        off with one name ("The state, Ruritania, said") is that name. `actor` is what
        `resolve` made of `tok`; `verb` the cue it is the subject of, whose list of names set
        off right before it names a plural description wherever the parser hung the names
        (`_set_off_names`)."""
        if self.in_quote[tok.i]:
            return actor
        if verb is not None and tok.pos_ == "NOUN" and (actor is None or actor.kind ==
                                                         "description"):
            members = self._set_off_names(tok, verb)
            if len(members) > 1:
                return self._group(members, tok)
        if actor is not None and actor.kind not in ("person", "org"):
            return actor
        together = self._subjects_listed(tok)
        if len(together) > 1:
            return self._group(together, tok)
        listed = self._listed_after(tok)
        if listed is not None:
            # the first name is its own, not the apposition's the lookup read into it
            heads = [(tok, self.by_token.get(tok.i) or self._own_name(tok))]
        elif actor is not None:
            heads = [(tok, actor)]
        elif tok.pos_ == "NOUN":
            heads = [(c, None) for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        else:
            heads = []
        members: list[_Actor] = []
        for head, known in heads[:1]:
            todo = [head]
            while todo:
                t = todo.pop(0)
                a = known if t is head and known is not None else self.by_token.get(t.i) or (
                    self.resolve(t) if t.pos_ == "PROPN" and t.ent_type_ == "GPE" else None)
                if a is not None and a.kind in ("person", "org") and a not in members:
                    members.append(a)
                todo += [c for c in t.children if c.dep_ == "conj"
                         or listed is not None and c.i == listed.i]
        if len(members) > 1:
            return self._group(members, tok)
        return members[0] if members else actor

    def _set_off_names(self, tok: Token, verb: Token) -> list[_Actor]:
        """"The only two harbour states to have signed the accord with Norway - Estonia and
        Latvia - also criticised ...": a list of names set off by dashes (or commas) right
        before the verb, after its plural subject noun, names that noun's members, however
        the parser hung the names (here under "Norway"). The list must be names joined by
        "and" and nothing else between the marks; anything else there ("with Norway, Estonia
        and Latvia, criticised" has no opening mark before the names) names no one."""
        doc = self.doc
        if tok.tag_ not in ("NNS", "NNPS") or tok.i >= verb.i:
            return []
        close = verb.i - 1
        while close > tok.i and doc[close].dep_ in ("advmod", "neg", "aux") \
                and doc[close].head.i == verb.i:
            close -= 1  # "- also sharply criticised"
        marks = ("-", "—", "–", "--") if doc[close].text in ("-", "—", "–", "--") else (",",)
        if doc[close].text not in marks:
            return []
        k = close - 1
        while k > tok.i and (doc[k].pos_ == "PROPN" or doc[k].lower_ == "and"
                             or doc[k].text == "," and marks != (",",)):
            k -= 1
        run = doc[k + 1:close]
        if k <= tok.i or doc[k].text not in marks or not any(x.lower_ == "and" for x in run) \
                or any(self.in_quote[x.i] for x in run):
            return []
        # the last word of each name; a country the model did not tag, or tagged a place,
        # counts (the list around it says what it is), but a date or a number does not
        lasts = [x for x in run if x.pos_ == "PROPN" and doc[x.i + 1].pos_ != "PROPN"]
        if any(x.i not in self.by_token and x.ent_type_ not in ("GPE", "LOC", "FAC", "")
               for x in lasts):
            return []
        members: list[_Actor] = []
        for x in lasts:
            a = self.by_token.get(x.i) or self.resolve(x)
            if a is None or a.kind not in ("person", "org"):
                return []  # a word of the list is no name: not a list of speakers
            if a not in members:
                members.append(a)
        return members

    def _group(self, members: list[_Actor], tok: Token) -> _Actor:
        names = tuple(m.name for m in members)
        key = " & ".join(names)
        g = self.actors.get(key)
        if g is None:
            g = self.actors.setdefault(key, _Actor(identity.group_name(names), "group",
                                                   members=names))
        g.mentions.append((tok.idx, tok.idx + len(tok)))
        return g

    def note_described_subjects(self) -> None:
        """"NASA announced ... The agency is working on ...": a definite class noun that is
        the subject of a sentence ("the agency", "the company") points back to an
        organisation by the rule that files a statement of it (`_described`), whether or not
        the sentence says anything; the description is kept with the organisation, so what
        the article called it finds it. Outside quotes only (a speaker's "the company" may
        be their own)."""
        for t in self.doc:
            if t.dep_ not in ("nsubj", "nsubjpass") or t.lower_ not in ORG_NOUNS \
                    or t.i in self.by_token or self.in_quote[t.i] \
                    or [c.lower_ for c in t.children] != ["the"]:
                continue
            a = self._described(t)
            if a is None or a.kind != "org" or t.lower_ in COUNTRY_NOUNS \
                    and t.lower_ not in identity.fold(a.name).split():
                continue  # "the government" is a country's more often than anyone named
            description = self._description(t)
            if description:
                a.descriptions.add(description)
                a.mentions.append((t.idx, t.idx + len(t)))
                self.by_token[t.i] = a

    def export(self) -> list[Actor]:
        seen, out = set(), []
        for a in self.actors.values():
            if id(a) in seen:
                continue
            seen.add(id(a))
            out.append(a.to_actor())
        return out


_CREDIT = re.compile(r"(?:^\s*by\b|photo(?:graph)?s?\s*(?:by)?\s*:|image\s*:|credit\s*:|"
                     r"illustration\s*:|©)[^.!?]*$", re.I)
_DATELINE_AFTER = re.compile(r"^\s*(?:,|\(|—|–|-{1,2}\s)")


def _is_label(text: str, ent: Span, names: Iterable[str]) -> bool:
    """Where a name is a label of the page, not an actor of the story: standing alone on its
    line (bylines, menus, section labels, outlet lines), after a byline or photo credit
    ("Photograph: Tobias Lund for the Observer"), or a dateline in capitals opening a line
    ("ZAGREB, Croatia —"). `names`: the article's PERSON and ORG entity texts, in order."""
    line_start = text.rfind("\n", 0, ent.start_char) + 1
    line_end = text.find("\n", ent.end_char)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    rest = line.replace(ent.text, "").strip()
    if rest in ("", "✉", "By", "by") or rest.startswith("✉"):
        return True
    if _CREDIT.search(text[line_start:ent.start_char]):
        return True
    if not text[line_start:ent.start_char].strip() and text[ent.end_char:ent.end_char + 1] == ":":
        return True  # a kicker or section label: "Riverwatch: the state of our streams"
    if not re.search(r"[.!?\"“”]\s*$", line) and all(w[:1].isupper() for w in re.sub(
            r"\b(?:and|by|By)\b|[,&|/\s]+", " ", _without_names(line, names)).split()):
        return True  # a byline or headline: "Mara Quell and Tomas Brand   EXAMPLE POST"
    return (ent.text.isupper() and not text[line_start:ent.start_char].strip()
            and bool(_DATELINE_AFTER.match(text[ent.end_char:ent.end_char + 3])))


_NAME_JOINERS = {"'s", "’s", "and", "&", "of", "for"}


def _qualifies_a_noun(t: Token) -> bool:
    """A name's head used as a modifier of a common noun ("the Kestrel rover", "LUNA
    firms"): it says what kind of thing, it is no one named."""
    return t.dep_ == "compound" and t.head.pos_ == "NOUN"


def _capitalised(t: Token) -> bool:
    return t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ not in ("PERSON", "DATE")


def _proper_name(ent: Span) -> Span:
    """The whole proper name an organisation entity is part of, as the text writes it: the model
    often tags only a piece ("Office of Flood Relief" of "The Ruritania Governor's Office of
    Flood Relief", "the Nordic Fisheries" and "Seafood Council" of "the Nordic Fisheries and
    Seafood Council", "African Union" of "The African Union High Representative for Water
    Security"). The name's head is the capitalised word the entity leans on to its right (not a
    title, unless a capitalised "for/of" phrase completes it into an office's name); the name
    runs over the head's capitalised modifiers and its capitalised "of/for" phrases. A place's
    possessive ("Tunisia's") and a person's name stay out."""
    doc = ent.doc
    outward = [t for t in ent if not (ent.start <= t.head.i < ent.end) and t.pos_ != "DET"]
    if not outward:
        return ent
    head = outward[-1]
    while head.dep_ in ("compound", "nmod", "conj", "poss") and head.head.i > head.i \
            and _capitalised(head.head) and all(
                _capitalised(x) or x.lower_ in _NAME_JOINERS
                for x in doc[head.i + 1:head.head.i]):
        nxt = head.head
        if identity.is_title(nxt.text) and not _office_of(nxt):
            break
        head = nxt
    lo = head.i
    while lo - 1 >= ent.sent.start:
        x = doc[lo - 1]
        if x.lower_ in ("'s", "’s") and lo - 2 >= 0 and _capitalised(doc[lo - 2]) \
                and doc[lo - 2].ent_type_ not in ("GPE", "NORP"):
            lo -= 2
        elif _capitalised(x) and x.dep_ in ("compound", "nmod", "amod", "conj") or \
                x.lower_ in ("and", "&") and lo - 2 >= 0 and _capitalised(doc[lo - 2]) \
                and doc[lo].dep_ in ("conj", "compound", "nmod"):
            lo -= 1
        else:
            break
        if not (head.left_edge.i <= lo):
            lo = head.left_edge.i
            break
    hi = head.i
    tail = head
    while True:
        prep = next((c for c in tail.rights if c.dep_ == "prep" and c.lower_ in ("of", "for")
                     and c.i == hi + 1), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if obj is None or not all(_capitalised(x) or x.lower_ in _NAME_JOINERS
                                  for x in doc[prep.i + 1:obj.right_edge.i + 1]):
            break
        hi, tail = obj.right_edge.i, obj
    lo = min(lo, ent.start) if doc[ent.start].pos_ != "DET" else min(lo, ent.start + 1)
    hi = max(hi, ent.end - 1)
    if (lo, hi + 1) == (ent.start, ent.end):
        return ent
    return doc[lo:hi + 1]


def _office_of(t: Token) -> bool:
    """A title completed by a capitalised "for/of" phrase: "High Representative for Water
    Security"."""
    return any(c.dep_ == "prep" and c.lower_ in ("of", "for") and any(
        p.dep_ == "pobj" and _capitalised(p) for p in c.children) for c in t.rights)


def _people_of(tok: Token) -> bool:
    """A nationality or group in the plural ("Tunisians", "many Palestinians"): people the
    article describes, never an organisation of that name."""
    return tok.ent_type_ == "NORP" and tok.tag_ in ("NNPS", "NNS")


def _description_core(text: str) -> tuple[str, ...]:
    """A description's words without what only counts or points ("many", "multiple", "the"),
    each in the singular: how two descriptions of one unnamed speaker are compared."""
    words = identity.fold(text).split()
    while words and words[0] in QUANTIFIERS:
        words = words[1:]
    return tuple(_SINGULAR.get(w, w[:-1] if len(w) > 3 and w.endswith("s")
                                    and not w.endswith("ss") else w) for w in words)


_SINGULAR = {"people": "person", "men": "man", "women": "woman"}


_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,7}$")
_MINOR = {"of", "the", "and", "for", "&", "on", "in"}


def _initials(words: list[str]) -> list[str]:
    return [w[0] for w in words if w and w[0].isalpha()]


def _acronym_of(acronym: str, name: str) -> bool:
    """"CPUC" is California Public Utilities Commission, "PUC" its last three words, "PG&E"
    Pacific Gas & Electric Co., "DOC" Department of Conservation."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    words = identity.fold(name).replace("&", " ").split()
    for ws in (words, [w for w in words if w not in _MINOR]):
        initials = _initials(ws)
        n = len(letters)
        if any(initials[i:i + n] == letters for i in range(len(initials) - n + 1)):
            return True
    return False


def _org_keys(names: list[str]) -> list[str]:
    """Which organisation of the article each name is: an acronym joins the one full name whose
    initials it spells, a name joins the one longer name that holds it ("Department of
    Forestry" is the Northland Department of Forestry)."""
    words = {n: identity.fold(n).split() for n in names}
    full = [n for n in dict.fromkeys(names) if not _ACRONYM.match(n)]
    keys = []
    for name in names:
        if _ACRONYM.match(name):
            options = [f for f in full if len(words[f]) >= 2 and _acronym_of(name, f)]
            # "AU" is the African Union, not its High Representative for Water Security
            options = [f for f in options if not any(
                o != f and _contains(words[f], words[o]) and _office_in(words[f], words[o])
                for o in options)]
        else:
            options = [f for f in full if len(words[f]) > len(words[name])
                       and _contains(words[f], words[name]) and not _office_in(words[f],
                                                                                words[name])]
        longest = sorted(dict.fromkeys(options), key=lambda f: -len(words[f]))
        keys.append(longest[0] if len(longest) == 1 or (
            longest and len(words[longest[0]]) > len(words[longest[1]])
            and all(_contains(words[longest[0]], words[o]) for o in longest[1:])) else name)
    return keys


def _office_in(longer: list[str], shorter: list[str]) -> bool:
    """The longer name is an office of the organisation the shorter one names ("African Union
    High Representative for Water Security" is not the African Union): a title after it."""
    n = len(shorter)
    at = next(i for i in range(len(longer) - n + 1) if longer[i:i + n] == shorter)
    return any(identity.is_title(w) for w in longer[at + n:])


def _without_names(line: str, names: Iterable[str]) -> str:
    for name in names:
        if name in line:
            line = line.replace(name, " ")
    return line


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _set_after_org_noun(ent: Span) -> bool:
    """"the fact-checking website Clear Facts", "the social network Chirpr": a name in
    apposition to a noun that names a kind of organisation (or that noun's compound head), not
    the subject of a clause about that noun ("the company Adam Neumann founded", which the small
    model also parses as an apposition)."""
    doc, root = ent.doc, ent.root
    nouns = [root.head] if root.dep_ == "appos" else []
    nouns += [c for c in root.children if c.dep_ == "compound" and c.i == ent.start - 1]
    nouns = [n for n in nouns if n.i < ent.start and n.pos_ == "NOUN"
             and n.lower_ in ORG_CLASS_NOUNS]
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is not None and nxt.pos_ in ("VERB", "AUX") and nxt.dep_ not in ("aux", "auxpass"):
        # the name may be the subject of a clause about the noun ("the organization Bill
        # Clinton used"); the price: "the website Honest Hound said" is not read here
        return False
    return bool(nouns)


def _owns_org_things(doc: Doc, name: str) -> bool:
    """A one-word name the article writes before what only an organisation has ("the Chirpr
    account", "Chirpr users"): a company or a platform, not a person."""
    if len(name.split()) != 1:
        return False
    return any(t.text == name and t.dep_ == "compound" and t.head.i == t.i + 1
               and t.head.lemma_.lower() in ORG_ONLY_NOUNS for t in doc)


def _named_after_a_role(ent: Span) -> bool:
    """"Ukrainian negotiators Rustem Umerov and Andriy Hnatov": the model tagged the first
    name an organisation; a name of two to four capitalised words, no organisation word, set
    in apposition after a noun for people in a role (negotiators, ministers, envoys) is a
    person's."""
    root = ent.root
    return (root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN"
            and root.head.lemma_.lower() in ROLE_HEADS and _shaped_like_a_persons_name(ent))


def _person_tagged_org(ent: Span, person_lasts: set[str]) -> bool:
    """An ORG entity that is a person's name, ending in a surname the article also tags as a
    person."""
    return _shaped_like_a_persons_name(ent) and identity.fold(
        re.sub(r"['’]s?$", "", ent.text.split()[-1])) in person_lasts


def _shaped_like_a_persons_name(ent: Span) -> bool:
    """Two to four capitalised words, no organisation word, no possessive before the last
    ("Okafor's Ngati" is Okafor's tribe)."""
    words = ent.text.split()
    return (2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
            and not any(re.search(r"['’]s?$", w) for w in words[:-1])
            and not identity.looks_like_org(ent.text))
