"""Dependency rules that find attributions in one parsed article.

Produces `Attribution`s: token/char spans for speaker, cue and content, before any speaker
resolution. Quote pairing comes from `quotes.py`; cue words from `cues.py`.

Order of the rules follows what moved a rule extractor's score on PolNeAR: clausal complements
and quotes first, `according to`, colons, then object content of stance verbs, then one
statement per `"A," X said. "B."` run, then dropping statements nested in another's content.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from briefbot.extract import cues
from briefbot.extract.quotes import Quote, find_quotes, paragraphs

SUBJ = {"nsubj", "nsubjpass", "csubj", "expl"}
DEMONSTRATIVES = {"this", "that", "it", "these", "those"}
RELATIVES = {"who", "which", "that", "whom"}
# "Label: text" lines that are not someone speaking.
COLON_LABELS = {"photo", "source", "sources", "update", "note", "editor's note", "related",
                "read more", "watch", "video", "details", "recall", "see also", "tags", "share",
                "published", "updated", "posted", "by", "credit", "image", "advertisement",
                "full text", "abstract", "correction", "q", "a"}


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

    @property
    def start(self) -> int:
        return self.content[0]


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


def _person_like(t: Token) -> bool:
    return (t.ent_type_ in ("PERSON", "ORG", "NORP") or t.lower_ in ("he", "she", "they", "we")
            or t.lower_ in PERSON_NOUNS)


# The small model's lemmatizer gets a few cue verbs wrong ("hoped" -> "hop", "rated" -> "rat").
_LEMMA_FIXES = {"hoped": "hope", "hoping": "hope", "hopes": "hope", "rated": "rate",
                "rates": "rate", "rating": "rate", "vying": "vie", "lied": "lie"}


def cue_lemma(t: Token) -> str:
    return _LEMMA_FIXES.get(t.lower_, t.lemma_.lower())


def doc_adv(t: Token) -> bool:
    return t.pos_ in ("ADV", "AUX", "PART") or t.dep_ in ("advmod", "neg", "aux")


def _trim(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Char span of tokens a..b (inclusive), without edge punctuation except quote marks."""
    while a < b and (doc[a].is_punct and doc[a].text not in "\"“‘'``«" and doc[a].text != "``"
                     or doc[a].dep_ in ("cc", "mark") and doc[a].lower_ in ("and", "but")):
        a += 1
    while b > a and doc[b].is_punct and doc[b].text not in "\"”’'»" and doc[b].text != "''":
        b -= 1
    return doc[a].idx, doc[b].idx + len(doc[b])


def _span_excluding(doc: Doc, root: Token, exclude: set[int]) -> tuple[int, int] | None:
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


def _speaker_span(tok: Token) -> tuple[int, int]:
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


class _Finder:
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
        self.cue_tokens = {t.i for t in doc if self._is_cue(t)}

    # -- cue detection -------------------------------------------------------------------
    def _is_cue(self, t: Token) -> bool:
        if self.in_quote[t.i] or t.pos_ not in ("VERB", "AUX"):
            return False
        if t.dep_ in ("amod", "compound", "acomp") or t.tag_ == "JJ":
            return False
        lemma = cue_lemma(t)
        if lemma == "call" and not any(c.dep_ in ("ccomp", "oprd", "prep", "xcomp", "dobj")
                                       for c in t.children):
            return False
        if self._after_quote(t):
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
        if lemma in cues.NOT_CUES or cues.verb_rate(lemma) < cues.PERSON_VERB_THRESHOLD:
            return False
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        return subj is not None and _person_like(subj) and any(
            c.dep_ in ("dobj", "prep", "xcomp") and c.i > t.i for c in t.children)

    def _after_quote(self, t: Token) -> bool:
        """The verb of a short '"...," he said' clause right after a closing quote mark."""
        doc = self.doc
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is None or abs(subj.i - t.i) > 4:
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
            c = self._past_dateline(c, t)
            if c.lower_ in RELATIVES and t.dep_ == "relcl":
                return t.head
            return c
        for c in t.children:  # passive: "was reported by X"
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        if depth == 0 and t.dep_ in ("ROOT", "ccomp", "conj", "parataxis") and t.tag_ != "VBG":
            # a finite verb whose subject the parser misattached ("... the Washington Post
            # Trump said that"): the name or pronoun right before it
            j = t.i - 1
            while j >= 0 and doc_adv(t.doc[j]):
                j -= 1
            if j >= 0 and t.doc[j].pos_ in ("PROPN", "PRON") and not self.in_quote[j] \
                    and t.doc[j].lower_ not in RELATIVES | {"it", "this", "that"}:
                return t.doc[j]
        if depth > 3 or t.head.i == t.i:
            return None
        if t.dep_ == "relcl" and t.head.pos_ in ("PROPN", "NOUN"):
            return t.head
        # A participle ("..., adding that", "insisting that") speaks for the nearest cue verb
        # above it, not for the clause it happens to hang from.
        anc = t.head
        first = None
        for _ in range(6):
            if anc.i in self.cue_tokens:
                # a speech verb above wins over an intention or belief verb in between ("He
                # said he does not believe Russia intends ..., describing ...": He, not Russia)
                if cues.cue_class(cue_lemma(anc)) == "speech":
                    return self.subject(anc, depth + 1)
                first = first if first is not None else anc
            if anc.head.i == anc.i:
                break
            anc = anc.head
        if first is not None:
            return self.subject(first, depth + 1)
        if t.dep_ == "xcomp":
            # object control: "led some to speculate", "urged Kyiv to negotiate"
            obj = next((c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i), None)
            if obj is not None and obj.pos_ in ("PROPN", "PRON", "NOUN"):
                return obj
        if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return t.head  # "a group backing Bush", "articles alleging that ..."
        if t.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            # "held a briefing to brag", "was the first Democrat to endorse": the noun's verb
            return self.subject(t.head.head, depth + 1) if t.head.head.i != t.head.i else None
        if t.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl"):
            return self.subject(t.head, depth + 1)
        if t.dep_ == "pobj" or (t.dep_ == "prep" and t.head.pos_ in ("VERB", "AUX")):
            # "started off by emphasizing", "despite admitting that"
            return self.subject(t.head, depth + 1)
        if t.pos_ == "ADP" and t.dep_ in ("prep", "agent"):
            return self.subject(t.head, depth + 1)
        return None

    def _cue_clause_split(self, t: Token):
        """The sentence around a short "Mr. Morgan said" clause set off by commas."""
        doc = self.doc
        subj = self.subject(t)
        if subj is None:
            return None
        sent = t.sent
        if subj.i > t.i:  # inverted: '"...," said Mr. Burman, a tax expert.'
            if subj.i - t.i > 3 or subj.right_edge.i - t.i > 25:
                return None
            lo, hi = t.i, subj.right_edge.i
            while lo > sent.start and doc[lo - 1].dep_ in ("advmod", "aux") and \
                    doc[lo - 1].head.i == t.i:
                lo -= 1
        elif t.i - subj.left_edge.i > 8:
            return None
        else:
            lo, hi = subj.left_edge.i, t.i
        # the clause runs on through adverbs, particles and short adverbials, to a comma
        while hi + 1 < sent.end and not doc[hi + 1].is_punct and hi - t.i < 6 and \
                doc[hi + 1].dep_ not in ("ccomp", "mark", "nsubj") and doc[hi + 1].head.i != \
                doc[hi + 1].i:
            hi += 1
        nxt = doc[hi + 1] if hi + 1 < sent.end else None
        if nxt is not None and not nxt.is_punct:
            return None
        if any(sent.start <= i < lo for i in self.cue_tokens):
            return None
        left = [x.i for x in doc[sent.start:lo] if not x.is_space]
        if len(left) < 3 or doc[left[-1]].text not in (",", "--", "—", "''", "”", '"'):
            return None
        right = [x.i for x in doc[hi + 1:sent.end] if not x.is_space]
        right_words = [i for i in right if not doc[i].is_punct]
        if right_words and nxt is not None and nxt.text in (",", "--", "—"):
            return (left[0], right[-1]), "parenthetical"
        if not right_words:
            return (left[0], left[-1]), "trailing"
        return None

    def _fallback_right(self, t: Token) -> tuple[int, int] | None:
        """Whatever the cue governs to its right, when the parser found no complement
        ("Trump said after the convention he would not ..." parses the clause under
        "convention"). Time and place adverbials and addressees are not content."""
        doc = self.doc
        lemma = cue_lemma(t)
        kids = []
        for c in t.rights:
            if c.is_punct or c.dep_ in ("npadvmod", "advmod", "cc", "conj", "punct", "prt",
                                        "agent", "dative", "mark", "relcl", "acl"):
                continue
            if c.dep_ == "dobj" and lemma in cues.ADDRESSEE_VERBS:
                continue
            if c.dep_ == "prep" and (c.lower_ in CIRCUMSTANCE_PREPS or all(
                    x.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") or x.is_punct
                    or x.pos_ in ("DET", "ADP") for x in c.subtree)):
                continue
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CIRCUMSTANCE_MARKS
                                         for m in c.children):
                continue  # "said when she resigned": when, not what
            if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i in self.cue_tokens:
                break
            kids.append(c)
        if not kids or self.in_quote[kids[0].i]:
            return None
        lo, hi = kids[0].left_edge.i, max(k.right_edge.i for k in kids)
        words = [x for x in doc[lo:hi + 1] if not x.is_punct]
        if len(words) < 3 or lo <= t.i:
            return None
        return lo, hi

    def _parenthetical_left(self, t: Token, lo: int, comps: list[Token]) -> int:
        """"Even if A, Mr. Morgan said, B": the content starts before the cue clause."""
        doc = self.doc
        subj = next((c for c in t.children if c.dep_ == "nsubj" and c.i < t.i), None)
        if subj is None or lo <= t.i:
            return lo
        start = subj.left_edge.i
        sent = t.sent
        if start - sent.start < 3 or doc[start - 1].text not in (",", "--", "—"):
            return lo
        if any(sent.start <= i < start for i in self.cue_tokens):
            return lo
        if doc[t.right_edge.i].i < lo - 1 and doc[lo - 1].text != ",":
            return lo
        # only when the words before the cue belong to the reported clause ("The museum,
        # Mr. Obama said, would ..."), not a clause of the writer's ("Though he has ..., experts
        # say ...")
        inside = {x.i for c in comps for x in c.subtree}
        left = [x.i for x in doc[sent.start:start] if not x.is_punct]
        if not left or sum(i in inside for i in left) * 2 < len(left):
            return lo
        return sent.start

    def _past_dateline(self, subj: Token, verb: Token) -> Token:
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

    # -- content ---------------------------------------------------------------------------
    def content(self, t: Token) -> tuple[tuple[int, int] | None, str]:
        span, rule = self._content(t)
        if span is None or rule == "ccomp":
            return span, rule
        return self._cut_participles(span, t.i), rule

    def _cut_participles(self, span: tuple[int, int], own: int) -> tuple[int, int] | None:
        """A comma-led participle cue ("..., saying ...") starts its own statement."""
        lo, hi = span
        for i in sorted(self.cue_tokens):
            if lo < i <= hi and i != own and self.doc[i].tag_ == "VBG" and \
                    self.doc[i].dep_ == "advcl" and self.doc[i - 1].text in (",", "--", "—"):
                hi = min(hi, self.doc[i].left_edge.i - 1)
                break
        return (lo, hi) if hi >= lo else None

    def _content(self, t: Token) -> tuple[tuple[int, int] | None, str]:
        doc = self.doc
        # participle cues ("..., adding that", "insisting that") start a statement of their
        # own; a clause cue with its own subject ("he does not believe") stays inside.
        exclude = {i for i in self.cue_tokens - {t.i}
                   if doc[i].dep_ == "advcl" and doc[i].tag_ == "VBG" and i > 0
                   and doc[i - 1].text in (",", "--", "—")}
        lemma = cue_lemma(t)
        comps = [c for c in t.children if c.dep_ in ("ccomp", "csubj") and c.i != t.i]
        if comps:
            spans = [_span_excluding(doc, c, exclude) for c in comps]
            spans = [s for s in spans if s]
            if spans:
                lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
                lo = self._parenthetical_left(t, lo, comps)
                # "X said A, but B": B is still X's when it has its own subject
                own = self.subject(t)
                for c in t.children:
                    if not (lo > t.i and c.dep_ == "conj" and c.i > hi
                            and c.pos_ in ("VERB", "AUX") and c.i not in self.cue_tokens):
                        continue
                    if any(k.dep_ in ("nsubj", "nsubjpass") and (own is None or k.i != own.i)
                           for k in c.children):
                        hi = max(hi, c.right_edge.i)
                return (lo, hi), "ccomp"
        # passive with a demonstrative subject: "This was reported by X" -> previous sentence
        for c in t.children:
            if c.dep_ == "nsubjpass" and c.lower_ in DEMONSTRATIVES and any(
                    k.dep_ == "agent" for k in t.children):
                sent = t.sent
                if sent.start > 0:
                    prev = doc[sent.start - 1].sent
                    return (prev.start, prev.end - 1), "passive"
            if c.dep_ == "nsubjpass" and c.lower_ not in DEMONSTRATIVES | RELATIVES and any(
                    k.dep_ == "agent" for k in t.children) and not self.in_quote[c.i]:
                # "His views were echoed by tax experts": the passive subject is the content
                return (c.left_edge.i, c.right_edge.i), "passive"
        # "He added: the US will ..." (a quote after the colon is attached later)
        colon = next((c for c in t.rights if c.text == ":"), None)
        if colon is not None and colon.i + 1 < t.sent.end and not self.in_quote[colon.i + 1]:
            return (colon.i + 1, t.sent.end - 1), "colon"
        if colon is not None and self.text[colon.idx + 1:].lstrip(" \t").startswith("\n"):
            # "Limbaugh added:" closing a paragraph: the next paragraph is what he said
            k = self.para_of(colon.idx)
            if k + 1 < len(self.paras):
                a, b = self.paras[k + 1]
                toks = [x.i for x in self.tokens_between(a, b) if not x.is_space]
                if toks and not self.in_quote[toks[0]]:
                    return (toks[0], toks[-1]), "colon"
        objs = [c for c in t.children if c.dep_ in ("dobj", "xcomp", "oprd") and c.i > t.i]
        preps = [c for c in t.children if c.dep_ == "prep" and c.i > t.i]
        parts = []
        for c in objs:
            if c.dep_ == "dobj" and not cues.takes_object_content(lemma):
                continue
            if c.dep_ == "xcomp" and c.pos_ not in ("VERB", "AUX") and lemma != "call":
                continue
            parts.append(c)
        for p in preps:
            if (lemma, p.lower_) in cues.PHRASAL or p.lower_ in cues.CONTENT_PREPS and (
                    parts or lemma in cues.PREP_CONTENT_VERBS):
                parts.append(p)
        if parts:
            lo = min(x.left_edge.i for x in parts)
            hi = max(x.right_edge.i for x in parts)
            if lo > t.i:
                only_preps = all(x.dep_ == "prep" for x in parts)
                if only_preps and (lemma, parts[0].lower_) in cues.PHRASAL:
                    lo = parts[0].i + 1
                return (lo, hi), "object"
        for c in t.children:  # "pointed out that"
            if c.dep_ == "prt" and (lemma, c.lower_) in cues.PHRASAL:
                for d in t.children:
                    if d.dep_ in ("ccomp", "dobj"):
                        return (d.left_edge.i, d.right_edge.i), "object"
        # "Hawaii, as one of Mr. Obama's advisers pointed out, rarely gets two hurricanes"
        if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in t.children) \
                and not self.in_quote[t.head.i]:
            own = {x.i for x in t.subtree}
            rest = [x.i for x in t.head.subtree if x.i not in own and not doc[x.i].is_punct]
            if len(rest) >= 3:
                return (rest[0], rest[-1]), "parenthetical"
        fallback = self._fallback_right(t)
        if fallback is not None:
            return fallback, "fallback"
        # Trailing or parenthetical cue, whatever the parser attached it to:
        # "X is Y, sources said." / "A, Mr. Morgan said, B." -> the rest of the sentence.
        span = self._cue_clause_split(t)
        if span is not None:
            return span
        return None, ""

    # -- main ------------------------------------------------------------------------------
    def run(self) -> list[Attribution]:
        doc = self.doc
        found: list[Attribution] = []
        by_cue: dict[int, Attribution] = {}
        for i in sorted(self.cue_tokens):
            t = doc[i]
            span, rule = self.content(t)
            subj = self.subject(t)
            cue_span = (t.idx, t.idx + len(t))
            for c in t.children:
                if c.dep_ == "prt":
                    cue_span = (cue_span[0], c.idx + len(c))
            mention = subj
            # "Dragone, ..., who said": PolNeAR marks the relative pronoun itself
            # ... "who"/"which" itself, but the noun for "that" ("rules that promise")
            rel = next((c for c in t.children if c.dep_ == "nsubj"
                        and c.lower_ in ("who", "whom", "which")), None)
            if rel is not None and subj is not None and subj.i != rel.i:
                mention = rel  # "Dragone, ..., who said": the mention is "who", the actor Dragone
            att = Attribution(cue=cue_span, speaker_tok=subj,
                              speaker=_speaker_span(mention) if mention is not None else None,
                              content=(0, 0), rule=rule, cue_class=cues.cue_class(cue_lemma(t)))
            if rule == "object" and not any(c.dep_ == "dobj" for c in t.children):
                att.rule = "object-prep"
            if span is not None:
                att.content = _trim(doc, *span)
                if att.content[1] <= att.content[0]:
                    continue
            by_cue[i] = att
        self._according(found, by_cue)
        self._noun_cues(found)
        self._colon_lines(found)
        self._headlines(found, by_cue)
        self._attach_quotes(by_cue, found)
        found.extend(a for a in by_cue.values() if a.content[1] > a.content[0])
        found.sort(key=lambda a: a.content)
        return _drop_nested(found)

    def _according(self, found: list[Attribution], by_cue: dict[int, Attribution]) -> None:
        doc = self.doc
        for t in doc:
            if t.lower_ != "according" or self.in_quote[t.i] or t.i + 1 >= len(doc):
                continue
            to = doc[t.i + 1]
            if to.lower_ != "to":
                continue
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            head = t.head
            # "X said ..., according to the Times": the cue's own speaker wins; skip. But in
            # "the top 1 percent would see ..., according to the Tax Foundation" the source
            # is the one "according to" names, not the subject of a non-speech verb.
            if head.i in by_cue and by_cue[head.i].content[1] > by_cue[head.i].content[0]:
                if by_cue[head.i].cue_class == "speech":
                    continue
                del by_cue[head.i]
            excl = {x.i for x in t.subtree} | {x.i for x in to.subtree}
            toks = [x.i for x in head.subtree if x.i not in excl] if head.i != t.i else []
            if not toks:
                sent = t.sent
                toks = [x.i for x in sent if x.i not in excl]
            if not toks:
                continue
            # content is the contiguous side of the clause that the phrase does not cover
            before = [x for x in toks if x < t.i]
            after = [x for x in toks if x > to.right_edge.i]
            side = after if len(after) >= len(before) else before
            if not side:
                continue
            content = _trim(doc, side[0], side[-1])
            found.append(Attribution(cue=(t.idx, to.idx + len(to)), speaker_tok=pobj,
                                     speaker=_speaker_span(pobj), content=content,
                                     rule="according"))

    def _noun_cues(self, found: list[Attribution]) -> None:
        """"his criticism of X", "claims that X", "expressed concern that X"."""
        doc = self.doc
        for t in doc:
            if t.pos_ != "NOUN" or self.in_quote[t.i] or not cues.is_cue_noun(t.lemma_):
                continue
            content = None
            for c in t.children:
                if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children):
                    content = (c.left_edge.i, c.right_edge.i)
                    break
            if content is None:
                for c in t.rights:
                    if c.dep_ == "prep" and c.lower_ in ("of", "about", "on", "over", "against",
                                                         "for", "that"):
                        if any(x.dep_ in ("pobj", "pcomp") for x in c.children):
                            content = (c.i + 1, c.right_edge.i)
                            break
            if content is not None:
                content = self._cut_participles(content, t.i)
            if content is None:
                continue
            speaker = None
            for c in t.children:
                if c.dep_ == "poss" and c.lower_ not in ("its", "their"):
                    speaker = c
                elif c.dep_ == "prep" and c.lower_ in ("from", "by"):
                    speaker = next((x for x in c.children if x.dep_ == "pobj"), None)
            if speaker is None and t.dep_ in ("dobj", "attr"):
                speaker = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            if speaker is None or speaker.pos_ not in ("PROPN", "NOUN", "PRON"):
                continue
            found.append(Attribution(cue=(t.idx, t.idx + len(t)), speaker_tok=speaker,
                                     speaker=_speaker_span(speaker),
                                     content=_trim(doc, *content), rule="noun",
                                     cue_class="noun"))

    def _colon_lines(self, found: list[Attribution]) -> None:
        """Transcripts and headlines: "PENCE: Well, ...", "Sanders: Clinton needs ..."."""
        text = self.text
        for ps, pe in self.paras:
            line = text[ps:pe]
            colon = line.find(":")
            if not 1 < colon < 40:
                continue
            label = line[:colon].strip()
            words = label.split()
            if not 1 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
                continue
            if label.lower() in COLON_LABELS or len(line[colon + 1:].split()) < 3:
                continue
            near = self.tokens_between(ps + colon - len(words[-1]) - 1, ps + colon)
            head = next((t for t in near if not t.is_punct), None)
            if head is None or head.pos_ not in ("PROPN", "NOUN"):
                continue
            c0 = ps + colon + 1
            while c0 < pe and text[c0].isspace():
                c0 += 1
            found.append(Attribution(cue=(ps + colon, ps + colon + 1), speaker_tok=head,
                                     speaker=(ps + line.index(words[0]), ps + colon),
                                     content=(c0, pe), rule="colon"))

    def _headlines(self, found: list[Attribution], by_cue: dict[int, Attribution]) -> None:
        """Title-case headlines the parser tags as proper nouns: "Ryan Finally Endorses Trump",
        "Sanders Slams Donald Trump On Abortion"."""
        text = self.text
        for ps, pe in self.paras:
            words = text[ps:pe].split()
            if not 3 <= len(words) <= 25:
                continue
            caps = sum(w[:1].isupper() for w in words if w[:1].isalpha())
            if caps < 0.7 * sum(1 for w in words if w[:1].isalpha()):
                continue
            toks = [t for t in self.tokens_between(ps, pe) if not t.is_space]
            for k, t in enumerate(toks):
                if k == 0 or t.i in by_cue or self.in_quote[t.i] or not t.text[:1].isupper():
                    continue
                low = t.lower_
                stems = {low, low[:-1], low[:-2], low[:-1] + "e"} if low.endswith("s") else {low}
                if not any(cues.is_cue_verb(x) and x not in cues.COGNITION_VERBS
                           and len(x) > 2 for x in stems):
                    continue
                before = [x for x in toks[:k] if x.lower_ not in ("finally", "just", "now",
                                                                   "also", "again")]
                after = [x for x in toks[k + 1:] if not x.is_punct]
                if not 1 <= len(before) <= 6 or len(after) < 2 or before[-1].is_punct:
                    continue
                head = before[-1]
                found.append(Attribution(
                    cue=(t.idx, t.idx + len(t)), speaker_tok=head,
                    speaker=(before[0].idx, head.idx + len(head)),
                    content=(toks[k + 1].idx, toks[-1].idx + len(toks[-1])), rule="headline"))
                break

    def _dash_attribution(self, q: Quote) -> Attribution | None:
        """A quote paragraph signed after a dash: '"...." ― Carlos Raúl'."""
        k = self.para_of(q.start)
        tail = self.text[q.end:self.paras[k][1]]
        stripped = tail.lstrip()
        if not stripped or stripped[0] not in "―—–-" or len(stripped.split()) > 8:
            return None
        name_at = q.end + len(tail) - len(stripped) + 1
        while name_at < len(self.text) and self.text[name_at] in " ―—–-":
            name_at += 1
        toks = [t for t in self.tokens_between(name_at, self.paras[k][1]) if not t.is_punct]
        if not toks:
            return None
        head = toks[0]
        while head.head.i != head.i and head.head.i in {t.i for t in toks}:
            head = head.head
        end = toks[-1].idx + len(toks[-1])
        return Attribution(cue=(name_at - 1, name_at), speaker_tok=head, speaker=(name_at, end),
                           content=(q.start, q.end), quotes=[q], rule="dash")

    def _attach_quotes(self, by_cue: dict[int, Attribution], found: list[Attribution]) -> None:
        doc, text = self.doc, self.text
        atts = sorted(by_cue.items())
        last: Attribution | None = None
        for q in self.quotes:
            inner = text[q.start:q.end]
            if len(inner.split()) < 6 and not self._starts_paragraph(q):
                # short scare quotes are part of whatever clause holds them
                continue
            best = None
            # 1. a statement whose content already overlaps the quote
            for a in [a for _, a in atts] + found:
                if a.content[1] > q.start and a.content[0] < q.end:
                    best = a
                    break
            # 2. a cue in the sentences the quote touches (or the colon sentence before it)
            if best is None:
                sents = {t.sent.start for t in self.tokens_between(q.start, q.end)}
                cands = []
                for i, a in atts:
                    t = doc[i]
                    in_sent = (t.sent.start in sents or self._colon_before(t, q)
                               or self._right_after(t, q))
                    if in_sent and self.para_of(t.idx) == self.para_of(q.start):
                        dist = min(abs(t.idx - q.start), abs(t.idx - q.end))
                        cands.append((dist, i, a))
                if cands:
                    cands.sort(key=lambda x: x[0])
                    best = cands[0][2]
            if best is not None:
                c0, c1 = best.content
                overlaps = c1 > q.start and c0 < q.end
                adjacent = (0 <= q.start - c1 < 4 or 0 <= c0 - q.end < 4)
                if best.quotes and 0 <= q.start - best.quotes[-1].end < 80 and \
                        "\n" not in self.text[best.quotes[-1].end:q.start]:
                    adjacent = True  # '"A," X said, "B."' is one statement
                if c1 <= c0 or not (overlaps or adjacent):
                    # the parse's content was elsewhere; a quote next to the cue wins
                    best.content = (q.start, q.end)
                    best.rule = best.rule or "quote"
                else:
                    best.content = (min(best.content[0], q.start), max(best.content[1], q.end))
                best.quotes.append(q)
                last = best
                continue
            dash = self._dash_attribution(q)
            if dash is not None:
                found.append(dash)
                last = dash
                continue
            # 3. "A," X said. "B." -> B continues the same statement
            if last is not None and self._continues(last, q) and last.quotes and \
                    last.quotes[-1].end >= last.content[1] - 1:
                last.content = (last.content[0], q.end)
                last.quotes.append(q)
                continue
            # 4. floating quote paragraph: inherits the previous statement's speaker
            prev = self._previous(found, by_cue, q.start)
            if self._starts_paragraph(q) and q.closed and prev is not None \
                    and prev.speaker_tok is not None \
                    and self.para_of(prev.content[0]) >= self.para_of(q.start) - 1:
                fl = Attribution(cue=None, speaker_tok=prev.speaker_tok, speaker=prev.speaker,
                                 content=(q.start, q.end), quotes=[q], rule="floating",
                                 inherited_from=prev)
                found.append(fl)
                last = fl

    def _previous(self, found, by_cue, pos):
        cands = [a for a in list(found) + list(by_cue.values())
                 if a.content[1] > a.content[0] and a.content[1] <= pos]
        # the latest to end; of two ending together, the outer one (nested ones get dropped)
        return max(cands, key=lambda a: (a.content[1], -a.content[0])) if cands else None

    def _starts_paragraph(self, q: Quote) -> bool:
        k = self.para_of(q.start)
        return self.text[self.paras[k][0]:q.start].strip() == ""

    def _colon_before(self, t: Token, q: Quote) -> bool:
        between = self.text[t.idx:q.start]
        return 0 < len(between) < 120 and between.rstrip().endswith(":")

    def _right_after(self, t: Token, q: Quote) -> bool:
        # '"A." Hegseth said.' split into two sentences by the parser
        between = self.text[q.end:t.idx]
        return 0 <= len(between) < 40 and t.idx >= q.end and "\n" not in between and \
            not any(ch in between for ch in ".!?\"“”")

    def _continues(self, last: Attribution, q: Quote) -> bool:
        end = max(last.content[1], last.cue[1] if last.cue else 0)
        gap = self.text[end:q.start]
        if "\n" in gap or len(gap) > 80:
            return False
        # only the rest of the cue clause ("Trump told reporters on Wednesday.") in between
        return gap.strip().endswith((".", ",", ";", ":")) or gap.strip() == ""


def _drop_nested(atts: list[Attribution]) -> list[Attribution]:
    """Gold marks the outer statement; an attribution inside another's content is dropped."""
    keep = []
    for k, a in enumerate(atts):
        # Of two with the very same content, the earlier in the list stays: list order, not
        # memory addresses, so the same article always gives the same statements.
        inside = any(
            j != k and b.content[0] <= a.content[0] and a.content[1] <= b.content[1]
            and (b.content != a.content or j < k)
            and not (b.cue and a.cue and a.cue[0] <= b.cue[0] < a.cue[1])
            for j, b in enumerate(atts)
        )
        if not inside:
            keep.append(a)
    return keep


def find_attributions(doc: Doc) -> list[Attribution]:
    return _Finder(doc).run()
