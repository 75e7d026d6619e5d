"""What the attribution rules see in one parsed article, and the grammar they share.

`ParsedArticle` holds the Doc with its quote spans and paragraphs, decides which tokens are cue
verbs, and finds the subject that speaks through a cue. The constructions in `clauses.py` and
`quote_owners.py` read it; none of them changes it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from briefbot.extract import cues, limits
from briefbot.extract.quotes import Quote, find_quotes, paragraphs


@dataclass
class Attribution:
    cue: tuple[int, int] | None  # char span
    speaker_tok: Token | None  # head token of the speaker mention
    speaker: tuple[int, int] | None  # char span of the speaker mention
    content: tuple[int, int]  # char span
    quotes: list[Quote] = field(default_factory=list)
    rule: str = "ccomp"
    cue_class: str = "speech"  # speech | cognition | intent | learned | noun | other
    inherited_from: Attribution | None = None  # floating quotes: the statement they continue
    framing_cue: bool = False  # a denial, a judgement or a negated cue (cues.FRAMING_VERBS)
    negated: bool = False  # "would not reveal", "declined to say": the content was not said
    hearer: bool = False  # "Varga was told that ...": the subject heard it, did not say it
    object_content: bool = False  # the content is the cue's object ("emphasized the role of")

    @property
    def framed(self) -> bool:
        """The content is what the speaker acted on, not their words; a quote the content
        opens with is their words, unless the cue denies or judges it."""
        opens_with_quote = bool(self.quotes) and min(q.start for q in self.quotes) <= \
            self.content[0]
        return self.framing_cue or self.object_content and not opens_with_quote

    @property
    def start(self) -> int:
        return self.content[0]

    @property
    def has_content(self) -> bool:
        return self.content[1] > self.content[0]


@dataclass
class Findings:
    """What the constructions have found so far in one article."""

    by_cue: dict[int, Attribution]  # a cue verb's statement, by the verb's token index
    other: list[Attribution] = field(default_factory=list)  # every other construction's

    def all(self) -> list[Attribution]:
        return list(self.by_cue.values()) + self.other


# What a speaker's words come in: "In a staff memo signed by X, nurses were told ...".
DOCUMENT_NOUNS = {"statement", "email", "e-mail", "letter", "memo", "message", "post", "tweet",
                  "release", "note", "filing", "interview", "speech", "video", "op-ed", "blog"}
DEMONSTRATIVES = {"this", "that", "it", "these", "those"}
RELATIVES = {"who", "which", "that", "whom"}

# Prepositions and subordinators that say when, where or why, never what.
CIRCUMSTANCE_PREPS = {"during", "after", "before", "since", "until", "at", "in", "from",
                      "through", "via", "amid", "despite", "throughout", "near", "outside",
                      "inside", "across", "behind", "under", "upon", "following", "ahead"}
CIRCUMSTANCE_MARKS = {"when", "after", "before", "while", "as", "because", "since", "if",
                      "although", "though", "until", "once", "whenever"}
PERSON_NOUNS = {"official", "officials", "spokesman", "spokeswoman", "spokesperson", "aide",
                "aides", "adviser", "advisers", "candidate", "nominee", "senator", "president",
                "governor", "leader", "leaders", "lawmaker", "lawmakers", "critic", "critics",
                "supporter", "supporters", "expert", "experts", "analyst", "analysts", "voter",
                "voters", "democrats", "republicans", "campaign", "administration", "secretary"}


def person_like(t: Token) -> bool:
    return (t.ent_type_ in ("PERSON", "ORG", "NORP") or t.lower_ in ("he", "she", "they", "we")
            or t.lower_ in PERSON_NOUNS)


# The small model's lemmatizer gets a few cue verbs wrong ("hoped" -> "hop", "rated" -> "rat").
_LEMMA_FIXES = {"hoped": "hope", "hoping": "hope", "hopes": "hope", "rated": "rate",
                "rates": "rate", "rating": "rate", "vying": "vie", "lied": "lie"}


def cue_lemma(t: Token) -> str:
    return _LEMMA_FIXES.get(t.lower_, t.lemma_.lower())


def other_sense(t: Token) -> bool:
    """A cue verb used in its sense that acts on a thing: "added smaller landers to the
    contract", "concluded its hearings", "recognising Jerusalem as the capital". Its direct
    object is no message ("a statement", "concern", a quote, a noun with a clause of its own)
    and no clause reports anything."""
    lemma = cue_lemma(t)
    if any(c.dep_ in ("ccomp", "csubj") for c in t.children):
        return False
    if lemma in cues.PREDICATING_VERBS:
        # "described the scene", "called a press conference", "was described by X"
        return any(c.dep_ in ("dobj", "nsubjpass") for c in t.children) and \
            predicate_of(t) is None
    obj = next((c for c in t.children if c.dep_ == "dobj"), None)
    return lemma in cues.OBJECT_OTHER_SENSE and obj is not None and not is_message(obj)


def predicate_of(t: Token) -> Token | None:
    """What a describing verb says of its object: "as heartbreaking", "a disaster" (an "as"
    the parser hung inside the object, "the likelihood of such an action as 'very low'",
    counts too)."""
    said = next((c for c in t.children if c.i > t.i and (
        c.dep_ in ("oprd", "xcomp") or c.dep_ == "prep" and c.lower_ == "as")), None)
    if said is not None:
        return said
    obj = next((c for c in t.children if c.dep_ == "dobj"), None)
    return next((x for x in obj.subtree if x.dep_ == "prep" and x.lower_ == "as"), None) \
        if obj is not None else None


def is_message(obj: Token) -> bool:
    """Whether a noun phrase is something said: a message noun, a quote, or a noun with a
    clause of its own ("a statement warning that ...", "word that ...")."""
    if obj.pos_ == "PRON":
        return False
    if cues.is_message_noun(obj.lemma_) or any(t.text in QUOTE_MARKS for t in obj.subtree):
        return True
    return any(c.dep_ in ("acl", "ccomp") and (
        c.tag_ == "VBG" and cue_lemma(c) in cues.SPEECH_VERBS
        or any(m.dep_ == "mark" and m.lower_ in ("that", "whether") for m in c.children))
        for c in obj.children)


QUOTE_MARKS = {'"', "“", "”", "``", "''", "«", "»"}


def doc_adv(t: Token) -> bool:
    return t.pos_ in ("ADV", "AUX", "PART") or t.dep_ in ("advmod", "neg", "aux")


def trim(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Char span of tokens a..b (inclusive), without edge punctuation except quote marks."""
    while a < b and (doc[a].is_punct and doc[a].text not in "\"“‘'``«" and doc[a].text != "``"
                     or doc[a].dep_ in ("cc", "mark") and doc[a].lower_ in ("and", "but")):
        a += 1
    while b > a and doc[b].is_punct and doc[b].text not in "\"”’'»" and doc[b].text != "''":
        b -= 1
    return doc[a].idx, doc[b].idx + len(doc[b])


def span_excluding(doc: Doc, root: Token, exclude: set[int]) -> tuple[int, int] | None:
    """Token range of root's subtree, cut before an excluded subtree that ends it."""
    toks = [t.i for t in root.subtree]
    lo, hi = toks[0], toks[-1]
    for t in root.subtree:
        if t.i in exclude and t.i != root.i and t.i > root.i:
            sub = [x.i for x in t.subtree]
            if sub[-1] >= hi:
                hi = min(hi, sub[0] - 1)
    if hi < lo:
        return None
    return lo, hi


def noun_infinitive(c: Token, verb: Token) -> Token | None:
    """"The only two harbour towns to have signed the accord - Ostrava and Brno - also
    criticised the plan": the small model makes the to-infinitive a clausal complement of the
    cue and leaves the cue without a subject. An infinitive clause before its cue whose own
    subject is a noun before it modifies that noun ("the towns to have signed"): it is never
    what the cue reports, and the noun is who acts. Returns that noun, or None when `c` is
    not such a clause of `verb`."""
    if c.head.i != verb.i or c.dep_ != "ccomp" or c.i > verb.i:
        return None
    if not any(a.dep_ == "aux" and a.lower_ == "to" and a.i < c.i for a in c.children):
        return None
    return next((s for s in c.children if s.dep_ == "nsubj" and s.i < c.i
                 and s.pos_ in ("NOUN", "PROPN")), None)


def speaker_span(tok: Token) -> tuple[int, int]:
    """The mention: the noun phrase up to its head, without appositives or relative clauses."""
    left = tok.left_edge.i
    right = tok.i
    for r in tok.rights:
        if r.dep_ in ("compound", "flat") or (r.dep_ == "prep" and r.lower_ in ("of", "from")
                                                and tok.pos_ == "NOUN"):
            right = max(right, r.right_edge.i)
    doc = tok.doc
    while left < tok.i and doc[left].is_punct:
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right])


class ParsedArticle:
    """One article as the rules read it: tokens, quote spans, paragraphs, cue verbs."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.quotes = find_quotes(self.text)
        self.paras = paragraphs(self.text)
        self.in_quote = [False] * len(doc)
        self.quote_of: list[int | None] = [None] * len(doc)
        qi = 0
        for t in doc:
            while qi < len(self.quotes) and self.quotes[qi].end <= t.idx:
                qi += 1
            if qi < len(self.quotes) and self.quotes[qi].start <= t.idx < self.quotes[qi].end:
                self.in_quote[t.i] = True
                self.quote_of[t.i] = qi
        self._para_starts = [a for a, _ in self.paras]
        self._tok_starts = [t.idx for t in doc]
        self.cue_tokens = {t.i for t in doc if self.is_cue(t)}

    # -- cue detection -------------------------------------------------------------------
    def is_cue(self, t: Token) -> bool:
        if self.in_quote[t.i] or t.pos_ not in ("VERB", "AUX"):
            return False
        if t.dep_ in ("amod", "compound", "acomp") or t.tag_ == "JJ":
            return False
        lemma = cue_lemma(t)
        if lemma == "call" and not any(c.dep_ in ("ccomp", "oprd", "prep", "xcomp", "dobj")
                                       for c in t.children):
            return False
        if self.after_quote(t):
            return True  # '"...," he continued' / '"...," Trump shot back': any verb there
        if lemma in ("continue", "go") and any(
                c.text == ":" or (c.dep_ == "prt" and c.lower_ == "on") for c in t.rights) and \
                t.i + 2 < len(t.doc) and (t.doc[t.i + 1].text == ":" or self.in_quote[t.i + 2]):
            return True  # 'She continued: "..."'
        if lemma in ("see", "view", "regard") and any(
                c.dep_ == "prep" and c.lower_ == "as" for c in t.children) and any(
                c.dep_ == "dobj" for c in t.children):
            return True  # "voters see him as a risk"
        if lemma in cues.CLAUSE_ONLY_VERBS:
            if any(c.dep_ == "ccomp" for c in t.children):
                return True
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            # "the poll shows Clinton leading", "a study found 31 incidents"
            return subj is not None and subj.lemma_.lower() in cues.EVIDENCE_NOUNS and (any(
                c.dep_ in ("dobj", "ccomp", "xcomp") for c in t.children)
                or (subj.left_edge.i > 0 and t.doc[subj.left_edge.i - 1].text == ","))
        # any verb with a finite "that/whether" clause reports a stance ("realized that ...")
        if lemma not in cues.NOT_CUES and any(
                c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if")
                                          for m in c.children) for c in t.children) and any(
                c.dep_ == "nsubj" and c.lower_ not in ("it", "this") for c in t.children):
            return True
        if cues.is_cue_verb(lemma):
            return True
        # A rarer stance verb ("attacked", "spoke of") counts when a person does it to
        # something: a named or pronoun subject and an object or prepositional complement.
        if lemma in cues.NOT_CUES or cues.verb_rate(lemma) < limits.PERSON_VERB_THRESHOLD:
            return False
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        return subj is not None and person_like(subj) and any(
            c.dep_ in ("dobj", "prep", "xcomp") and c.i > t.i for c in t.children)

    def after_quote(self, t: Token) -> bool:
        """The verb of a short '"...," he said' clause right after a closing quote mark."""
        doc = self.doc
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is None or abs(subj.i - t.i) > limits.AFTER_QUOTE_SUBJECT_GAP:
            return False
        start = min(subj.left_edge.i, t.i)
        if start < 1 or not self.in_quote[start - 1]:
            return False
        mark = doc[start - 1].text
        return mark in ('"', "”", "''", "’", "'") and start >= 2 and \
            doc[start - 2].text in (",", "?", "!", "—", "--")

    def para_of(self, pos: int) -> int:
        """Index of the paragraph holding `pos` (or the last one before it)."""
        k = bisect.bisect_right(self._para_starts, pos) - 1
        return max(0, min(k, len(self.paras) - 1))

    def tokens_between(self, a: int, b: int) -> list[Token]:
        """Tokens starting at a character offset in [a, b)."""
        lo = bisect.bisect_left(self._tok_starts, a)
        hi = bisect.bisect_left(self._tok_starts, b)
        return [self.doc[i] for i in range(lo, hi)]

    # -- subject ---------------------------------------------------------------------------
    def subject(self, t: Token, depth: int = 0) -> Token | None:
        # two subjects ("A close Trump ally ..., Hegseth echoed"): the one next to the verb
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            c = min(subjects, key=lambda x: abs(t.i - x.i))
            c = self.past_dateline(c, t)
            if c.lower_ in RELATIVES and t.dep_ == "relcl":
                return t.head
            return c
        for c in t.children:  # passive: "was reported by X"
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        sender = self.document_sender(t)
        if sender is not None:
            return sender
        for c in t.children:
            noun = noun_infinitive(c, t)
            if noun is not None:
                return noun
        if t.dep_ == "acl" and t.head.dep_ == "ROOT" and t.head.pos_ in ("NOUN", "PROPN") \
                and t.head.i < t.i:
            # "The union, Dockers United, formed ... and sent a letter": a sentence parsed
            # as a noun with a participle; the noun is who acts
            return t.head
        if depth == 0 and t.dep_ in ("ROOT", "ccomp", "conj", "parataxis") and t.tag_ != "VBG":
            # a finite verb whose subject the parser misattached ("... the Harbour Gazette
            # Varga said that"): the name or pronoun right before it
            j = t.i - 1
            while j >= 0 and doc_adv(t.doc[j]):
                j -= 1
            if j >= 0 and t.doc[j].pos_ in ("PROPN", "PRON") and not self.in_quote[j] \
                    and t.doc[j].lower_ not in RELATIVES | {"it", "this", "that"}:
                return t.doc[j]
        if depth > limits.SUBJECT_SEARCH_DEPTH or t.head.i == t.i:
            return None
        if t.dep_ == "relcl" and t.head.pos_ in ("PROPN", "NOUN"):
            return t.head
        # A participle ("..., adding that", "insisting that") speaks for the nearest cue verb
        # above it, not for the clause it happens to hang from.
        anc = t.head
        first = outermost = place = None
        # set off by a comma, it speaks for the outermost speech verb: "Okafor said that
        # the ministry had concluded X, saying he trusted the courts": Okafor
        comma_led = t.tag_ == "VBG" and t.i > 0 and t.doc[t.i - 1].text in (",", "--", "—")
        for _ in range(limits.SUBJECT_CUE_CLIMB):
            if anc.i in self.cue_tokens:
                # a speech verb above wins over an intention or belief verb in between ("She
                # said she doubts the port plans ..., calling ...": She, not the port)
                if cues.cue_class(cue_lemma(anc)) == "speech":
                    if comma_led:
                        outermost = anc
                    else:
                        subj = self.subject(anc, depth + 1)
                        if subj is None or subj.ent_type_ not in ("GPE", "LOC"):
                            return subj
                        # "Okafor said that Lagos had concluded ..., saying he trusted
                        # the courts": a place does not say; the speaker is the one above it
                        place = place if place is not None else subj
                first = first if first is not None else anc
            if anc.head.i == anc.i:
                break
            anc = anc.head
        if outermost is not None:
            return self.subject(outermost, depth + 1)
        if place is not None:
            return place
        if first is not None:
            return self.subject(first, depth + 1)
        if t.dep_ == "xcomp":
            # object control: "led some to speculate", "urged Kyiv to negotiate"
            obj = next((c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i), None)
            if obj is not None and obj.pos_ in ("PROPN", "PRON", "NOUN"):
                return obj
        if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            if t.head.lemma_.lower() in DOCUMENT_NOUNS and t.head.dep_ == "dobj":
                # "sent a letter stating that ...": who sent it
                return self.subject(t.head.head, depth + 1)
            return t.head  # "a group backing Bush", "articles alleging that ..."
        if t.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            # "held a briefing to brag", "was the first Democrat to endorse": the noun's verb
            return self.subject(t.head.head, depth + 1) if t.head.head.i != t.head.i else None
        if t.dep_ == "advcl" and t.tag_ == "VBG":
            # "The commission is frustrated with the companies, saying ...": the participle
            # speaks for the clause's subject, passive or not
            head_deps = {c.dep_ for c in t.head.children}
            passive = next((c for c in t.head.children if c.dep_ == "nsubjpass"), None)
            if passive is not None and not head_deps & {"nsubj", "agent"} \
                    and passive.lower_ not in DEMONSTRATIVES | RELATIVES:
                return passive
        if t.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl"):
            return self.subject(t.head, depth + 1)
        if t.dep_ == "pobj" or (t.dep_ == "prep" and t.head.pos_ in ("VERB", "AUX")):
            # "started off by emphasizing", "despite admitting that"
            return self.subject(t.head, depth + 1)
        if t.pos_ == "ADP" and t.dep_ in ("prep", "agent"):
            return self.subject(t.head, depth + 1)
        return None

    def document_sender(self, t: Token) -> Token | None:
        """"In a staff memo signed by director Ilse Brandvold, nurses were told that":
        an agentless passive cue speaks through the document its clause opens with, sent,
        written or issued by someone ("In a statement from X", "In a letter by X")."""
        if not any(c.dep_ == "nsubjpass" for c in t.children):
            return None
        for p in t.children:
            if p.dep_ != "prep" or p.lower_ != "in" or p.i > t.i:
                continue
            doc_noun = next((c for c in p.children if c.dep_ == "pobj"), None)
            if doc_noun is None or doc_noun.lemma_.lower() not in DOCUMENT_NOUNS:
                continue
            for c in doc_noun.children:
                by = c if c.dep_ == "prep" and c.lower_ in ("from", "by") else next(
                    (x for x in c.children if x.dep_ == "agent"), None) if c.dep_ == "acl" \
                    else None
                sender = next((x for x in by.children if x.dep_ == "pobj"), None) if by else None
                if sender is not None:
                    return sender
        return None

    def past_dateline(self, subj: Token, verb: Token) -> Token:
        """"WASHINGTON -- President Obama, ..., said": the dateline is not the speaker."""
        doc = self.doc
        if not (subj.text.isupper() and len(subj.text) > 2 and subj.i + 1 < len(doc)
                and doc[subj.i + 1].text in ("--", "—", "–", "-")):
            return subj
        for c in subj.children:
            if c.dep_ == "appos":
                return c
        for x in doc[subj.i + 2:verb.i]:
            last_of_name = x.i + 1 >= len(doc) or doc[x.i + 1].ent_type_ != "PERSON"
            if x.ent_type_ == "PERSON" and last_of_name:
                return x
        return subj

    def own_participle(self, i: int) -> bool:
        """A comma-led participle cue ("..., saying ...") that starts a statement of its own;
        not one set off inside a clause that goes on after it ("the talk from councillors,
        calling the board a circus, would stop soon": the councillors' words are part of
        what was said)."""
        doc = self.doc
        t = doc[i]
        if not (i > 0 and t.tag_ == "VBG" and t.dep_ == "advcl" and i in self.cue_tokens
                and doc[i - 1].text in (",", "--", "—")):
            return False
        # the clause goes on after the participle: a comma, then a verb with no subject of
        # its own ("..., didn't continue"), wherever the parser hung that verb
        for k in range(i + 1, min(t.right_edge.i + 2, len(doc) - 1)):
            if doc[k].text != "," or self.in_quote[k]:
                continue
            nxt = doc[k + 1]
            if nxt.tag_ in ("VBD", "VBZ", "VBP", "MD") and nxt.dep_ in ("aux", "ROOT", "ccomp",
                                                                       "conj") \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in nxt.head.children
                                if c.i > k):
                return False
        return True

    def cut_participles(self, span: tuple[int, int], own: int) -> tuple[int, int] | None:
        """A comma-led participle cue ("..., saying ...") starts its own statement."""
        lo, hi = span
        for i in sorted(self.cue_tokens):
            if lo < i <= hi and i != own and self.own_participle(i):
                hi = min(hi, self.doc[i].left_edge.i - 1)
                break
        return (lo, hi) if hi >= lo else None

    def negated(self, t: Token) -> bool:
        """A cue that says the words were not said: "would not reveal", "declined to say",
        "did not want to say", "no longer considers", "nobody said", "stopped claiming",
        "failed to mention", "stopped short of saying", "has yet to say", "her refusal to say",
        or that does not say they were: "whether Trump said", "if he claimed", "critics could
        argue". Its content must
        never be shown as the speaker's claim: "decided to no longer consider settlements
        illegal" does not say that anyone considers them illegal."""
        def has_neg(v: Token) -> bool:
            return any(v.i - 4 <= c.i < v.i and not self.in_quote[c.i] and (
                c.dep_ == "neg" or c.dep_ == "advmod" and any(  # "no longer", "not anymore"
                    g.dep_ == "neg" for g in c.children)) for c in v.children)

        def nobody(v: Token) -> bool:  # "nobody said", "no official claimed", "neither side"
            return any(c.dep_ in ("nsubj", "nsubjpass") and (
                c.lower_ in cues.NEGATIVE_SUBJECTS
                or any(d.dep_ in ("det", "preconj") and d.lower_ in ("no", "neither")
                       for d in c.children))
                for c in v.children)

        if has_neg(t) or nobody(t) or cue_lemma(t) in cues.REFUSAL_VERBS or self.unasserted(t):
            return True
        head = t.head
        if head.i == t.i:
            return False
        if t.dep_ == "acl" and head.pos_ == "NOUN":  # "her refusal to say whether"
            return head.lemma_.lower() in cues.REFUSAL_NOUNS
        if t.dep_ == "pcomp" and head.lower_ == "without":
            return True  # "fault a colleague without saying ...", "without knowing who"
        if t.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ in ("of", "from"):
            # "stopped short of saying", "refrained from claiming": the verb the "of" or
            # "from" hangs on says the cue was not done
            head = head.head
            short = any(c.dep_ == "advmod" and c.lower_ == "short" for c in head.children)
            return short or cue_lemma(head) in cues.OMISSION_VERBS | cues.CESSATION_VERBS
        if t.dep_ != "xcomp":
            return False
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            # "was unwilling to say", "was not willing to say who"
            be = head.head
            return head.lemma_.lower() in cues.REFUSAL_ADJECTIVES or nobody(be) or any(
                c.dep_ == "neg" and be.i - 4 <= c.i < head.i for c in be.children)
        # "has yet to say", "is yet to confirm": not said so far
        yet = cue_lemma(head) in ("have", "be") and any(
            c.dep_ == "advmod" and c.lower_ == "yet" for c in head.children)
        return yet or cue_lemma(head) in cues.REFUSAL_VERBS | cues.CESSATION_VERBS | \
            cues.OMISSION_VERBS or has_neg(head) or nobody(head)

    def unasserted(self, t: Token) -> bool:
        """A cue inside a clause the writer does not assert ("to establish whether Trump
        pressured Zelensky into announcing ...", "if he said so"), that names only a goal
        ("pressured Zelensky into announcing") or a possibility ("critics could argue that",
        "she may say"): nobody is reported to have said anything. "Would" and "will" are
        left alone: "he would later say" and "she will say on Monday" report speech."""
        v = t
        while True:
            # "critics could argue that", "residents may listen and decide that", "he could
            # settle it by telling the council that": a possibility or advice, not an act
            if any(c.dep_ == "aux" and c.lower_ in cues.HYPOTHETICAL_MODALS
                   for c in v.children) and not any(
                    c.dep_ == "advmod" and c.lower_ == "only" for c in v.children):
                return True  # "could only quip" says he did
            if v.head.i == v.i or not (v.dep_ in ("xcomp", "pcomp")
                                       or v.dep_ == "prep" and v.lower_ == "by"
                                       or v.dep_ == "conj" and v.tag_ == "VB"):
                break  # "could shift the race, with 47 percent saying ...": the poll's words
            v = v.head
        if t.dep_ == "acl" and t.head.lemma_.lower() in cues.PENDING_NOUNS and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return True  # "under pressure to say whether": wanted, not done
        v = t
        while True:
            if any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in v.children):
                return True
            if v.dep_ == "pcomp" and v.head.lower_ == "into":
                return True
            if v.head.i == v.i or v.dep_ in ("ccomp", "parataxis") and v.head.i in \
                    self.cue_tokens:
                return False  # what a cue above reports is that cue's business
            v = v.head

    def hearer_subject(self, t: Token) -> bool:
        """A passive cue of telling or asking with no agent: "Varga was told that ...",
        "Varga was asked whether ...", "Asked whether ..., Varga said", "Varga, asked if ...,
        said". The subject, or the name the participle hangs on, heard the words ("was
        convinced that" is the subject's own belief, and stays theirs); who said
        them the sentence does not say, unless the words came in a document it names."""
        if cue_lemma(t) not in cues.ADDRESSEE_VERBS - {"convince", "persuade"} or \
                any(c.dep_ == "agent" for c in t.children) or \
                self.document_sender(t) is not None:
            return False  # "by X", "in a memo from X, staff were told": X said it
        deps = {c.dep_ for c in t.children}
        if t.tag_ == "VBD" and t.dep_ == "ccomp" and t.i > 0 and \
                self.doc[t.i - 1].text == "," and t.head.i > t.i and \
                t.head.i in self.cue_tokens and "aux" not in deps:
            # "Varga, asked if the bridge would close, said no", parsed as "Varga asked"
            # reported by "said": the participle set off by commas after its subject
            return True
        if t.tag_ not in ("VBN", "VBD"):
            return False
        if deps & {"auxpass", "nsubjpass"}:
            return True
        # "Asked whether ...", "when asked if ...": with no subject of its own, even a verb
        # the small model tagged as a past tense is the participle
        if deps & {"aux", "nsubj"}:
            return False
        # a participle the parse left as the root ("When asked why, X responded ...")
        return t.dep_ in ("advcl", "acl", "relcl") or t.dep_ == "ROOT" and t.tag_ == "VBN"

    def free_relative(self, t: Token) -> bool:
        """A cue inside "what X said" ("Contrary to what Varga said, the bridge is safe"):
        what was said is the "what"; the sentence around it is the writer's, often the
        opposite."""
        return any(c.lower_ in ("what", "whatever") and c.i < t.i and
                   c.dep_ in ("dobj", "nsubj", "attr", "ccomp") for c in t.children)

    def starts_paragraph(self, q: Quote) -> bool:
        k = self.para_of(q.start)
        return self.text[self.paras[k][0]:q.start].strip() == ""
