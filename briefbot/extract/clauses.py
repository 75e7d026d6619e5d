"""The constructions that attribute words to a speaker, one function each, run in order.

A cue verb's content is the first of `VERB_CONSTRUCTIONS` that finds one (reported clause,
passive agent, colon, stance object, phrasal particle, "as X pointed out", whatever the verb
governs to its right, a trailing or parenthetical cue clause). Then `ARTICLE_CONSTRUCTIONS`
run over the whole article in order (according to, noun cues, transcript colons, title-case
headlines, and last the quotes, which join the statement that owns them or float after it).
Statements nested in another's content are dropped: PolNeAR's gold marks the outer one.

The order follows what moved a rule extractor's score on PolNeAR: clausal complements and
quotes first, `according to`, colons, then object content of stance verbs, then one statement
per `"A," X said. "B."` run, then dropping nested statements. Every distance and count the
rules use is named in `limits.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from briefbot.extract import cues, limits
from briefbot.extract.grammar import (
    CIRCUMSTANCE_MARKS,
    CIRCUMSTANCE_PREPS,
    DEMONSTRATIVES,
    PERSON_NOUNS,
    RELATIVES,
    Attribution,
    Findings,
    ParsedArticle,
    cue_lemma,
    noun_infinitive,
    other_sense,
    predicate_of,
    span_excluding,
    speaker_span,
    trim,
)
from briefbot.extract.quote_owners import attach_quotes

# "Label: text" lines that are not someone speaking.
COLON_LABELS = {"photo", "source", "sources", "update", "note", "editor's note", "related",
                "read more", "watch", "video", "details", "recall", "see also", "tags", "share",
                "published", "updated", "posted", "by", "credit", "image", "advertisement",
                "full text", "abstract", "correction", "q", "a"}


# Entities that can speak: people, organisations, groups ("Democrats:").
SPEAKER_ENTITIES = ("PERSON", "ORG", "NORP")

TokenSpan = tuple[int, int]  # first and last token index, inclusive
Content = tuple[TokenSpan, str]  # the span and the name of the construction that found it


# -- what a cue verb reports: one function per construction ----------------------------------

def reported_clause(art: ParsedArticle, t: Token) -> Content | None:
    """"Rutte stressed that the alliance remains united": the clausal complement (and a
    conjoined clause with its own subject, "X said A, but B")."""
    doc = art.doc
    # participle cues ("..., adding that", "insisting that") start a statement of their
    # own; a clause cue with its own subject ("he does not believe") stays inside.
    exclude = {i for i in art.cue_tokens - {t.i} if art.own_participle(i)}
    comps = [c for c in t.children if c.dep_ in ("ccomp", "csubj") and c.i != t.i
             and noun_infinitive(c, t) is None]
    spans = [s for s in (span_excluding(doc, c, exclude) for c in comps) if s]
    if not spans:
        return None
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    lo = _parenthetical_left(art, t, lo, comps)
    own = art.subject(t)
    if lo < t.i < hi and art.after_quote(t):
        # '"A," he said he told them': the parse hung the quote on the clause after the cue;
        # the words said are the quote before the cue clause
        first = min(t.i, own.left_edge.i) if own is not None else t.i
        hi = first - 1
    for c in t.children:
        # a passive with no agent ("but knowledge is being dismissed") reports no one: it is
        # part of what was said, not a cue of its own
        agentless = any(k.dep_ == "nsubjpass" for k in c.children) and \
            not any(k.dep_ == "agent" for k in c.children)
        if not (lo > t.i and c.dep_ == "conj" and c.i > hi
                and c.pos_ in ("VERB", "AUX") and (c.i not in art.cue_tokens or agentless)):
            continue
        if any(k.dep_ in ("nsubj", "nsubjpass") and (own is None or k.i != own.i)
               for k in c.children):
            hi = max(hi, c.right_edge.i)
    return (lo, hi), "ccomp"


def _parenthetical_left(art: ParsedArticle, t: Token, lo: int, comps: list[Token]) -> int:
    """"Even if A, Mr. Morgan said, B": the content starts before the cue clause."""
    doc = art.doc
    subj = next((c for c in t.children if c.dep_ == "nsubj" and c.i < t.i), None)
    if subj is None or lo <= t.i:
        return lo
    start = subj.left_edge.i
    sent = t.sent
    if start - sent.start < limits.PARENTHETICAL_MIN_LEFT or \
            doc[start - 1].text not in (",", "--", "—"):
        return lo
    if any(sent.start <= i < start for i in art.cue_tokens):
        return lo
    if doc[t.right_edge.i].i < lo - 1 and doc[lo - 1].text != ",":
        return lo
    # only when the words before the cue belong to the reported clause ("The new library,
    # Ms. Sorel said, would ..."), not a clause of the writer's ("Though he has ..., experts
    # say ...")
    inside = {x.i for c in comps for x in c.subtree}
    left = [x.i for x in doc[sent.start:start] if not x.is_punct]
    if not left or sum(i in inside for i in left) * 2 < len(left):
        return lo
    return sent.start


def passive_this(art: ParsedArticle, t: Token) -> Content | None:
    """"This was reported by Mark Rutte": the sentence before is the content, when a speech
    verb reports it ("This was discussed by the government" does not) and that sentence is no
    attribution of its own: a quote with its cue stays its speaker's."""
    if not any(k.dep_ == "agent" for k in t.children) or \
            cues.cue_class(cue_lemma(t)) != "speech":
        return None
    subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
    if subj is None or subj.lower_ not in DEMONSTRATIVES or t.sent.start == 0:
        return None
    prev = art.doc[t.sent.start - 1].sent
    if any(prev.start <= i < prev.end and cues.cue_class(cue_lemma(art.doc[i])) == "speech"
           for i in art.cue_tokens) or any(art.in_quote[i] for i in range(prev.start, prev.end)):
        return None
    return (prev.start, prev.end - 1), "passive"


def passive_subject(art: ParsedArticle, t: Token) -> Content | None:
    """"His views were echoed by tax experts": the passive subject is the content; "The
    bridge collapses have been described as shameful by the agency": with what was said
    of it."""
    if not any(k.dep_ == "agent" for k in t.children):
        return None
    for c in t.children:
        if c.dep_ == "nsubjpass" and c.lower_ not in DEMONSTRATIVES | RELATIVES \
                and not art.in_quote[c.i]:
            said = predicate_of(t) if cue_lemma(t) in cues.PREDICATING_VERBS else None
            return (c.left_edge.i, said.right_edge.i if said is not None else c.right_edge.i), \
                "passive-subject"
    return None


def colon_after_cue(art: ParsedArticle, t: Token) -> Content | None:
    """"He added: the US will ..." (a quote after the colon is attached with the quotes), and
    "Limbaugh added:" closing a paragraph, whose next paragraph is what he said."""
    colon = next((c for c in t.rights if c.text == ":"), None)
    if colon is None:
        return None
    # the words after the colon in its sentence; the line break that ends a paragraph is none
    rest = [x.i for x in art.doc[colon.i + 1:t.sent.end] if not x.is_space]
    if rest and not art.in_quote[rest[0]]:
        return (rest[0], rest[-1]), "colon"
    if art.text[colon.idx + 1:].lstrip(" \t").startswith("\n"):
        k = art.para_of(colon.idx)
        if k + 1 < len(art.paras):
            a, b = art.paras[k + 1]
            toks = [x.i for x in art.tokens_between(a, b) if not x.is_space]
            if toks and not art.in_quote[toks[0]]:
                return (toks[0], toks[-1]), "colon"
    return None


def stance_object(art: ParsedArticle, t: Token) -> Content | None:
    """"denied the report", "urged Kyiv to negotiate", "called for a ceasefire": the object,
    infinitive or prepositional complement of a stance verb."""
    lemma = cue_lemma(t)
    parts = []
    for c in t.children:
        if c.dep_ not in ("dobj", "xcomp", "oprd") or c.i <= t.i:
            continue
        if c.dep_ == "dobj" and not cues.takes_object_content(lemma):
            continue
        if c.dep_ == "xcomp" and c.pos_ not in ("VERB", "AUX") and lemma != "call":
            continue
        parts.append(c)
    for p in t.children:
        if p.dep_ != "prep" or p.i <= t.i:
            continue
        if (lemma, p.lower_) in cues.PHRASAL or p.lower_ in cues.CONTENT_PREPS and (
                parts or lemma in cues.PREP_CONTENT_VERBS):
            parts.append(p)
    if not parts:
        return None
    lo = min(x.left_edge.i for x in parts)
    hi = max(x.right_edge.i for x in parts)
    if lo <= t.i:
        return None
    if all(x.dep_ == "prep" for x in parts) and (lemma, parts[0].lower_) in cues.PHRASAL:
        lo = parts[0].i + 1
    return (lo, hi), "object"


def phrasal_particle(art: ParsedArticle, t: Token) -> Content | None:
    """"pointed out that ...", "spelled out the plan"."""
    lemma = cue_lemma(t)
    for c in t.children:
        if c.dep_ == "prt" and (lemma, c.lower_) in cues.PHRASAL:
            for d in t.children:
                if d.dep_ in ("ccomp", "dobj"):
                    return (d.left_edge.i, d.right_edge.i), \
                        "object" if d.dep_ == "dobj" else "phrasal-clause"
    return None


def as_clause(art: ParsedArticle, t: Token) -> Content | None:
    """"The harbour, as one of the mayor's aides pointed out, rarely freezes twice"."""
    if t.dep_ != "advcl" or not any(m.dep_ == "mark" and m.lower_ == "as" for m in t.children) \
            or art.in_quote[t.head.i]:
        return None
    own = {x.i for x in t.subtree}
    rest = [x.i for x in t.head.subtree if x.i not in own and not art.doc[x.i].is_punct]
    if len(rest) < limits.MIN_CONTENT_WORDS:
        return None
    return (rest[0], rest[-1]), "parenthetical"


def right_of_cue(art: ParsedArticle, t: Token) -> Content | None:
    """Whatever the cue governs to its right, when the parser found no complement
    ("Varga said after the hearing she would not ..." parses the clause under
    "hearing"). Time and place adverbials and addressees are not content."""
    doc = art.doc
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
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i in art.cue_tokens:
            break
        kids.append(c)
    if not kids or art.in_quote[kids[0].i]:
        return None
    lo, hi = kids[0].left_edge.i, max(k.right_edge.i for k in kids)
    words = [x for x in doc[lo:hi + 1] if not x.is_punct]
    if len(words) < limits.MIN_CONTENT_WORDS or lo <= t.i:
        return None
    return (lo, hi), "fallback"


def cue_clause(art: ParsedArticle, t: Token) -> Content | None:
    """A short cue clause set off by commas, whatever the parser attached it to: "X is Y,
    sources said." (trailing) or "A, Mr. Morgan said, B." (parenthetical): the rest of the
    sentence is the content."""
    doc = art.doc
    subj = art.subject(t)
    if subj is None:
        return None
    sent = t.sent
    if subj.i > t.i:  # inverted: '"...," said Mr. Burman, a tax expert.'
        if subj.i - t.i > limits.CUE_CLAUSE_INVERTED_GAP or \
                subj.right_edge.i - t.i > limits.CUE_CLAUSE_INVERTED_REACH:
            return None
        lo, hi = t.i, subj.right_edge.i
        while lo > sent.start and doc[lo - 1].dep_ in ("advmod", "aux") and \
                doc[lo - 1].head.i == t.i:
            lo -= 1
    elif t.i - subj.left_edge.i > limits.CUE_CLAUSE_SUBJECT_REACH:
        return None
    else:
        lo, hi = subj.left_edge.i, t.i
    # the clause runs on through adverbs, particles and short adverbials, to a comma
    while hi + 1 < sent.end and not doc[hi + 1].is_punct and \
            hi - t.i < limits.CUE_CLAUSE_TAIL and \
            doc[hi + 1].dep_ not in ("ccomp", "mark", "nsubj") and \
            doc[hi + 1].head.i != doc[hi + 1].i:
        hi += 1
    nxt = doc[hi + 1] if hi + 1 < sent.end else None
    if nxt is not None and not nxt.is_punct:
        return None
    if any(sent.start <= i < lo for i in art.cue_tokens):
        return None
    left = [x.i for x in doc[sent.start:lo] if not x.is_space]
    if len(left) < limits.CUE_CLAUSE_MIN_LEFT or \
            doc[left[-1]].text not in (",", "--", "—", "''", "”", '"'):
        return None
    right = [x.i for x in doc[hi + 1:sent.end] if not x.is_space]
    right_words = [i for i in right if not doc[i].is_punct]
    if right_words and nxt is not None and nxt.text in (",", "--", "—"):
        return (left[0], right[-1]), "parenthetical"
    if not right_words:
        return (left[0], left[-1]), "trailing"
    return None


VerbConstruction = Callable[[ParsedArticle, Token], "Content | None"]

# Tried in this order for every cue verb; the first that finds content wins.
VERB_CONSTRUCTIONS: tuple[VerbConstruction, ...] = (
    reported_clause,
    passive_this,
    passive_subject,
    colon_after_cue,
    stance_object,
    phrasal_particle,
    as_clause,
    right_of_cue,
    cue_clause,
)


def verb_content(art: ParsedArticle, t: Token) -> tuple[TokenSpan | None, str]:
    """The content a cue verb reports and the construction that found it; a comma-led
    participle cue inside it ("..., saying ...") starts its own statement, so the span stops
    there (a reported clause already leaves such cues out)."""
    for construction in VERB_CONSTRUCTIONS:
        found = construction(art, t)
        if found is None:
            continue
        span, rule = found
        if rule != "ccomp":
            span = art.cut_participles(span, t.i)
        return span, rule
    return None, ""


def _with_writers_doubt(doc: Doc, t: Token, cue_span: tuple[int, int]) -> tuple[int, int]:
    """The cue with the writer's word that the claim is false or unsupported next to it:
    "falsely claimed", "claimed, without evidence,", "said without offering proof". A face
    shows the cue, so the reader sees the doubt the article put there."""
    start, end = cue_span
    j = t.i - 1
    while j >= 0 and doc[j].head.i == t.i and doc[j].dep_ == "advmod":
        if doc[j].lower_ in cues.FALSITY_ADVERBS:
            start = doc[j].idx
        j -= 1
    for p in t.rights:
        between = doc[t.i + 1:p.i]
        if p.dep_ != "prep" or p.lower_ != "without" or \
                any(not (x.is_punct or x.dep_ == "prt") for x in between):
            continue
        if any(x.lemma_.lower() in cues.UNSUPPORTED_NOUNS for x in p.subtree):
            end = max(end, p.right_edge.idx + len(p.right_edge))
        break
    return start, end


def verb_statements(art: ParsedArticle) -> dict[int, Attribution]:
    """One attribution per cue verb. A verb without content stays (content (0, 0)): a quote
    next to it may still be what it reports."""
    doc = art.doc
    by_cue: dict[int, Attribution] = {}
    for i in sorted(art.cue_tokens):
        t = doc[i]
        span, rule = verb_content(art, t)
        subj = art.subject(t)
        cue_span = (t.idx, t.idx + len(t))
        for c in t.children:
            if c.dep_ == "prt":
                cue_span = (cue_span[0], c.idx + len(c))
        cue_span = _with_writers_doubt(doc, t, cue_span)
        negated = art.negated(t)
        if negated:  # "would not reveal": the cue says so
            lead = [c.left_edge for c in t.lefts if c.dep_ in ("aux", "neg", "auxpass") or (
                c.dep_ == "advmod" and any(g.dep_ == "neg" for g in c.children))]  # no longer
            if lead and all(doc[j].dep_ in ("aux", "neg", "auxpass", "advmod")
                            for j in range(lead[0].i, t.i)):
                cue_span = (lead[0].idx, cue_span[1])
        mention = subj
        # "Dragone, ..., who said": PolNeAR marks the relative pronoun "who"/"which" itself
        # as the mention, the actor is Dragone; for "that" ("rules that promise") the noun.
        rel = next((c for c in t.children if c.dep_ == "nsubj"
                    and c.lower_ in ("who", "whom", "which")), None)
        if rel is not None and subj is not None and subj.i != rel.i:
            mention = rel
        att = Attribution(cue=cue_span, speaker_tok=subj,
                          speaker=speaker_span(mention) if mention is not None else None,
                          content=(0, 0), rule=rule, cue_class=cues.cue_class(cue_lemma(t)))
        if rule == "object" and not any(c.dep_ == "dobj" for c in t.children):
            att.rule = "object-prep"
        if rule in ("object", "fallback", "passive-subject") and other_sense(t):
            # "added smaller landers to the contract": PolNeAR counts such acts, a reader
            # does not take them for words; kept, below the app's threshold
            att.rule = "thing"
        # an object, a passive subject, a denial or a negated cue: what the speaker acted on
        att.framing_cue = negated or cue_lemma(t) in cues.FRAMING_VERBS
        att.negated = negated
        att.hearer = art.hearer_subject(t)
        att.object_content = rule in ("object", "passive-subject")
        if span is not None:
            att.content = trim(doc, *span)
            if not att.has_content:
                continue
        by_cue[i] = att
    return by_cue


# -- constructions over the whole article ----------------------------------------------------

def according_to(art: ParsedArticle, found: Findings) -> None:
    """"According to the Fiscal Council, the richest tenth would pay ..."."""
    doc, by_cue = art.doc, found.by_cue
    for t in doc:
        if t.lower_ != "according" or art.in_quote[t.i] or t.i + 1 >= len(doc):
            continue
        to = doc[t.i + 1]
        if to.lower_ != "to":
            continue
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        head = t.head
        # "X said ..., according to the Times": the cue's own speaker wins; skip. But in
        # "the richest tenth would pay ..., according to the Fiscal Council" the source
        # is the one "according to" names, not the subject of a non-speech verb.
        if head.i in by_cue and by_cue[head.i].has_content:
            if by_cue[head.i].cue_class == "speech":
                continue
            del by_cue[head.i]
        excl = {x.i for x in t.subtree} | {x.i for x in to.subtree}
        toks = [x.i for x in head.subtree if x.i not in excl] if head.i != t.i else []
        if not toks:
            toks = [x.i for x in t.sent if x.i not in excl]
        if not toks:
            continue
        # content is the contiguous side of the clause that the phrase does not cover: the
        # side of the verb it hangs from ("it began with a jump in callouts, according to
        # Ember Watch, with 60 hectares burning": the "with" adjunct is not the claim), else
        # the longer one
        before = [x for x in toks if x < t.i]
        after = [x for x in toks if x > to.right_edge.i]
        side = after if len(after) >= len(before) else before
        if before and after and head.i != t.i and head.pos_ in ("VERB", "AUX"):
            side = before if head.i < t.i else after
        if not side:
            continue
        found.other.append(Attribution(cue=(t.idx, to.idx + len(to)), speaker_tok=pobj,
                                       speaker=speaker_span(pobj),
                                       content=trim(doc, side[0], side[-1]), rule="according"))


def noun_cue(art: ParsedArticle, found: Findings) -> None:
    """"his criticism of X", "claims that X", "expressed concern that X"."""
    doc = art.doc
    for t in doc:
        if t.pos_ != "NOUN" or art.in_quote[t.i] or not cues.is_cue_noun(t.lemma_):
            continue
        content = None
        for c in t.children:
            if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children):
                content = (c.left_edge.i, c.right_edge.i)
                break
        of_object = content is None  # "his criticism of X": X is what he criticised
        if content is None:
            for c in t.rights:
                if c.dep_ == "prep" and c.lower_ in ("of", "about", "on", "over", "against",
                                                     "for", "that"):
                    if any(x.dep_ in ("pobj", "pcomp") for x in c.children):
                        content = (c.i + 1, c.right_edge.i)
                        break
        if content is not None:
            content = art.cut_participles(content, t.i)
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
        found.other.append(Attribution(cue=(t.idx, t.idx + len(t)), speaker_tok=speaker,
                                       speaker=speaker_span(speaker),
                                       content=trim(doc, *content), rule="noun",
                                       cue_class="noun", object_content=of_object))


def transcript_colon(art: ParsedArticle, found: Findings) -> None:
    """Transcripts and headlines: "PENCE: Well, ...", "Sanders: Clinton needs ..."."""
    text = art.text
    for ps, pe in art.paras:
        line = text[ps:pe]
        colon = line.find(":")
        if not 1 < colon < limits.COLON_LABEL_MAX_CHARS:
            continue
        label = line[:colon].strip()
        words = label.split()
        if not 1 <= len(words) <= limits.COLON_LABEL_MAX_WORDS or \
                not all(w[0].isupper() for w in words):
            continue
        if label.lower() in COLON_LABELS or \
                len(line[colon + 1:].split()) < limits.COLON_LINE_MIN_WORDS:
            continue
        near = art.tokens_between(ps + colon - len(words[-1]) - 1, ps + colon)
        head = next((t for t in near if not t.is_punct), None)
        if head is None or head.pos_ not in ("PROPN", "NOUN") or \
                not _names_a_speaker(art, label, head):
            continue
        c0 = ps + colon + 1
        while c0 < pe and text[c0].isspace():
            c0 += 1
        found.other.append(Attribution(cue=(ps + colon, ps + colon + 1), speaker_tok=head,
                                       speaker=(ps + line.index(words[0]), ps + colon),
                                       content=(c0, pe), rule="colon"))


def _names_a_speaker(art: ParsedArticle, label: str, head: Token) -> bool:
    """Whether a "Label:" opening a line names someone: a transcript's capitals ("PENCE:"), a
    person or organisation the parser recognises, a role ("Spokesman:"), or a name the
    article uses elsewhere. A kicker or section label ("Riverwatch: the state of our streams",
    "Analysis: why ...") names no one."""
    if label.isupper() and len(label) > 1:
        return True
    if head.ent_type_ in SPEAKER_ENTITIES or head.lower_ in PERSON_NOUNS:
        return True
    return any(t.lower_ == head.lower_ and t.i != head.i and t.ent_type_ in SPEAKER_ENTITIES
               for t in art.doc)


def headline(art: ParsedArticle, found: Findings) -> None:
    """Title-case headlines the parser tags as proper nouns: "Ryan Finally Endorses Trump",
    "Sanders Slams Donald Trump On Abortion"."""
    text = art.text
    low_words, high_words = limits.HEADLINE_WORDS
    for ps, pe in art.paras:
        words = text[ps:pe].split()
        if not low_words <= len(words) <= high_words:
            continue
        caps = sum(w[:1].isupper() for w in words if w[:1].isalpha())
        if caps < limits.HEADLINE_CAPITALISED * sum(1 for w in words if w[:1].isalpha()):
            continue
        toks = [t for t in art.tokens_between(ps, pe) if not t.is_space]
        for k, t in enumerate(toks):
            if k == 0 or t.i in found.by_cue or art.in_quote[t.i] or not t.text[:1].isupper():
                continue
            low = t.lower_
            stems = {low, low[:-1], low[:-2], low[:-1] + "e"} if low.endswith("s") else {low}
            if not any(cues.is_cue_verb(x) and x not in cues.COGNITION_VERBS
                       and len(x) > 2 for x in stems):
                continue
            before = [x for x in toks[:k] if x.lower_ not in ("finally", "just", "now",
                                                               "also", "again")]
            after = [x for x in toks[k + 1:] if not x.is_punct]
            if not 1 <= len(before) <= limits.HEADLINE_MAX_SUBJECT_WORDS or \
                    len(after) < limits.HEADLINE_MIN_CONTENT_WORDS or before[-1].is_punct:
                continue
            head = before[-1]
            found.other.append(Attribution(
                cue=(t.idx, t.idx + len(t)), speaker_tok=head,
                speaker=(before[0].idx, head.idx + len(head)),
                content=(toks[k + 1].idx, toks[-1].idx + len(toks[-1])), rule="headline"))
            break


ArticleConstruction = Callable[[ParsedArticle, Findings], None]


# Run in this order after the cue verbs; quotes come last, to join what the others found.
ARTICLE_CONSTRUCTIONS: tuple[ArticleConstruction, ...] = (
    according_to,
    noun_cue,
    transcript_colon,
    headline,
    attach_quotes,
)


def find_attributions(doc: Doc | ParsedArticle) -> list[Attribution]:
    """Every attribution in one parsed article, in text order, nested ones dropped."""
    art = doc if isinstance(doc, ParsedArticle) else ParsedArticle(doc)
    found = Findings(by_cue=verb_statements(art))
    for construction in ARTICLE_CONSTRUCTIONS:
        construction(art, found)
    atts = found.other + [a for a in found.by_cue.values() if a.has_content]
    atts.sort(key=lambda a: a.content)
    return drop_nested(atts)


def drop_nested(atts: list[Attribution]) -> list[Attribution]:
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
