"""A trained source/cue/content tagger and the grouping of its tags into attributions.

The component is a spaCy `tagger` over its own tok2vec (initialised from the small English
model's and fine-tuned on the PolNeAR train split by scripts/train_attribution_tagger.py), mixed
with parse-free quotation features and followed by wider-window CNN layers
(briefbot.AttributionTok2Vec.v2), predicting per-token BIO labels for SRC / CUE / CON. Its
weights ship in briefbot/extract/data/attribution_tagger/; nothing is downloaded at run time.

    tagger = LearnedAttributions.load()          # once per process (cached)
    for att in tagger.predict(doc_or_text): ...  # LearnedAttribution, character offsets

`predict` never writes to the Doc it is given (the parse's own tags stay as they are).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy
import spacy
import srsly
from spacy.language import Language
from spacy.ml.models import MaxoutWindowEncoder, MultiHashEmbed, build_Tok2Vec_model
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, with_array

from briefbot.models import Statement

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "attribution_tagger")
COMPONENT = "attribution_tagger"
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
BASE_ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"]
BASE_ROWS = [5000, 1000, 2500, 2500, 50, 50]
_SENT_END = {".", "!", "?"}
_CLOSERS = {'"', "”", "’", "'", "''", ")", "»"}


@registry.architectures("briefbot.AttributionTok2Vec.v1")
def attribution_tok2vec(width: int = 96, base_depth: int = 4, extra_depth: int = 4,
                        extra_window: int = 2) -> Model:
    """The small model's Tok2Vec.v2 (same shape, so its weights can be copied in) followed by
    `extra_depth` residual maxout CNN layers of window `extra_window` for a wider context."""
    base = build_Tok2Vec_model(
        MultiHashEmbed(width=width, attrs=list(BASE_ATTRS), rows=list(BASE_ROWS),
                       include_static_vectors=False),
        MaxoutWindowEncoder(width=width, window_size=1, maxout_pieces=3, depth=base_depth),
    )
    if extra_depth <= 0:
        return base
    extra = with_array(MaxoutWindowEncoder(width=width, window_size=extra_window,
                                           maxout_pieces=3, depth=extra_depth))
    model = chain(base, extra)
    model.set_dim("nO", width)
    return model


_OPEN = {"“", "«", "``"}
_CLOSE = {"”", "»", "''"}
N_QUOTE_FEATURES = 4


def quote_features(doc: Doc) -> numpy.ndarray:
    """Per token: inside a quotation (double marks paired within the paragraph; single marks
    are too often apostrophes), is an opening mark, is a closing mark, the paragraph opens with
    a quote mark. Parse-free, so a plain tokenised Doc gets the same features as a parsed one."""
    out = numpy.zeros((len(doc), N_QUOTE_FEATURES), dtype="f")
    inside, para_quote, first = False, False, True
    for tok in doc:
        t = tok.text
        if first and not tok.is_space:
            para_quote = t in _OPEN or t == '"'
            first = False
        opening = t in _OPEN or (t == '"' and not inside)
        closing = t in _CLOSE or (t == '"' and inside)
        out[tok.i] = (float(inside or opening), float(opening), float(closing), float(para_quote))
        if opening:
            inside = True
        elif closing:
            inside = False
        if "\n" in t or "\n" in tok.whitespace_:
            inside, first = False, True
    return out


def _quote_forward(model: Model, docs: list[Doc], is_train: bool):
    return [model.ops.asarray2f(quote_features(doc)) for doc in docs], lambda d_out: []


@registry.layers("briefbot.QuoteFeatures.v1")
def quote_feature_layer() -> Model:
    return Model("quote_features", _quote_forward, dims={"nO": N_QUOTE_FEATURES})


@registry.architectures("briefbot.AttributionTok2Vec.v2")
def attribution_tok2vec_v2(width: int = 96, base_depth: int = 4, extra_depth: int = 4,
                           extra_window: int = 2) -> Model:
    """v1 with the quote features mixed into the base vectors before the extra CNN layers."""
    base = attribution_tok2vec(width, base_depth, 0, extra_window)
    mix = with_array(Maxout(nO=width, nI=width + N_QUOTE_FEATURES, nP=3, normalize=True))
    model = chain(concatenate(base, quote_feature_layer()), mix,
                  with_array(MaxoutWindowEncoder(width=width, window_size=extra_window,
                                                 maxout_pieces=3, depth=extra_depth)))
    model.set_ref("base", base)
    model.set_dim("nO", width)
    return model


@dataclass(frozen=True)
class LearnedAttribution:
    content_start: int
    content_end: int
    cue_start: int | None
    cue_end: int | None
    source_start: int | None
    source_end: int | None
    confidence: float  # mean tag probability over the content tokens
    cue_confidence: float = 0.0  # mean tag probability over the cue tokens (0 without a cue)
    source_confidence: float = 0.0  # the source's (0.5 when it comes from the parse alone)


@dataclass
class _Span:
    kind: str
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    prob: float


def _sentence_ids(doc: Doc) -> list[int]:
    """Cheap, parse-free sentence numbering: a break after . ! ? (and closing quotes) or a newline.

    The same numbering is used in training evaluation and at run time, whatever pipeline made
    the Doc."""
    ids, sid, pending = [], 0, False
    for tok in doc:
        if pending and not (tok.text in _CLOSERS or tok.is_space):
            sid += 1
            pending = False
        ids.append(sid)
        if "\n" in tok.text or "\n" in tok.whitespace_:
            sid += 1
            pending = False
        elif tok.text in _SENT_END:
            pending = True
    return ids


def _spans(doc: Doc, tags: Sequence[str], probs: Sequence[float]) -> list[_Span]:
    out: list[_Span] = []
    cur: _Span | None = None
    sums: list[float] = []
    for i, tag in enumerate(tags):
        if tag == "O" or doc[i].is_space and (cur is None or tag[2:] != cur.kind):
            cur = None
            continue
        bio, kind = tag[0], tag[2:]
        if cur is not None and cur.kind == kind and bio == "I" and cur.end == i:
            cur.end = i + 1
            sums[-1] += probs[i]
            continue
        cur = _Span(kind, i, i + 1, 0.0)
        out.append(cur)
        sums.append(probs[i])
    for span, total in zip(out, sums, strict=True):
        span.prob = total / (span.end - span.start)
    # a content span broken by one or two punctuation/space tokens tagged O is one span
    merged: list[_Span] = []
    for span in out:
        prev = merged[-1] if merged else None
        if (prev is not None and prev.kind == span.kind == "CON" and tags[span.start][0] == "I"
                and span.start - prev.end <= 2
                and all(doc[j].is_punct or doc[j].is_space for j in range(prev.end, span.start))):
            n1, n2 = prev.end - prev.start, span.end - span.start
            prev.prob = (prev.prob * n1 + span.prob * n2) / (n1 + n2)
            prev.end = span.end
            continue
        merged.append(span)
    return merged


def _chars(doc: Doc, span: _Span) -> tuple[int, int] | None:
    toks = [t for t in doc[span.start:span.end] if not t.is_space]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _dist(a: _Span, b: _Span) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _governors(doc: Doc, con: _Span) -> set[int]:
    """Token indices above the content's top tokens in the parse tree."""
    out: set[int] = set()
    for tok in doc[con.start:con.end]:
        if not con.start <= tok.head.i < con.end:
            out.update(a.i for a in tok.ancestors)
    return out


def group(doc: Doc, tags: Sequence[str], probs: Sequence[float]) -> list[LearnedAttribution]:
    """Group BIO tags into attributions: each content span goes to the nearest cue in its own
    sentences or the neighbouring ones; the cue's source is the nearest source span in the cue's
    sentence or the one before (outside the content). Content spans sharing a cue become one."""
    sid = _sentence_ids(doc)
    spans = _spans(doc, tags, probs)
    parsed = doc.has_annotation("DEP")
    quoted = quote_features(doc)[:, 0] if parsed else numpy.zeros(0)
    cues = [s for s in spans if s.kind == "CUE"]
    sources = [s for s in spans if s.kind == "SRC"]
    by_cue: dict[int, list[_Span]] = {}
    lonely: list[_Span] = []
    for con in (s for s in spans if s.kind == "CON"):
        lo, hi = sid[con.start] - 1, sid[con.end - 1] + 1
        near = [c for c in cues if lo <= sid[c.start] <= hi]
        if not near:
            lonely.append(con)
            continue
        own = sid[con.start], sid[con.end - 1]
        gov = _governors(doc, con) if parsed else set()
        cue = min(near, key=lambda c: (not gov.intersection(range(c.start, c.end)),
                                       not own[0] <= sid[c.start] <= own[1], _dist(c, con),
                                       c.start))
        by_cue.setdefault(id(cue), []).append(con)
    out: list[LearnedAttribution] = []
    for cue in cues:
        cons = by_cue.get(id(cue))
        if not cons:
            continue
        start, end = min(c.start for c in cons), max(c.end for c in cons)
        n = sum(c.end - c.start for c in cons)
        prob = sum(c.prob * (c.end - c.start) for c in cons) / n
        whole = _Span("CON", start, end, prob)
        inside = {i for c in cons for i in range(c.start, c.end)}
        cand = [s for s in sources if sid[cue.start] - 1 <= sid[s.start] <= sid[cue.start]
                and s.start not in inside]
        src = (min(cand, key=lambda s: (sid[cue.start] != sid[s.start], _dist(s, cue)))
               if cand else None)
        if parsed:
            src = _parse_source(doc, cue, inside, sources, quoted) or src
        out.append(_make(doc, whole, cue, src))
    for con in lonely:
        out.append(_make(doc, con, None, None))
    return sorted((a for a in out if a is not None), key=lambda a: a.content_start)


_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_CLIMB = {"xcomp", "aux", "auxpass", "prt", "acomp", "advcl", "conj", "pcomp", "prep", "dobj",
          "pobj", "neg"}


def _subject_of(tok, content: set[int]):
    for ch in tok.children:
        if ch.i in content:
            continue
        if ch.dep_ in _SUBJ:
            return ch
        if ch.dep_ == "agent":
            obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if ch.dep_ == "poss" and tok.pos_ in ("NOUN", "PROPN"):  # "Clinton's criticism of"
            return ch
        if tok.lower_ == "according" and ch.dep_ == "prep":
            obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _parse_source(doc: Doc, cue: _Span, content: set[int], sources: list[_Span],
                  quoted: numpy.ndarray) -> _Span | None:
    """With a dependency parse: the subject of the cue's verb (or the agent of a passive, the
    owner of a noun cue, the object of `according to`), climbing from a participle, xcomp or
    conjunct to its head; as the tagged source span that holds it, else its phrase."""
    subj = None
    for tok in doc[cue.start:cue.end]:
        cur = tok
        for _ in range(3):
            subj = _subject_of(cur, content)
            if subj is not None or cur.dep_ not in _CLIMB or cur.head is cur:
                break
            cur = cur.head
        if subj is not None:
            break
    if subj is None or subj.lower_ in ("it", "that", "which", "this"):
        return None
    if subj.pos_ not in ("NOUN", "PROPN", "PRON") or quoted[subj.i]:
        return None  # "I" inside a quotation, a stray determiner or a dateline
    for s in sources:
        if s.start <= subj.i < s.end:
            return s
    if subj.tag_ == "WP":  # "who said": the relative clause's noun
        subj = subj.head.head if subj.head.dep_ == "relcl" else subj
    lo = subj.left_edge.i
    lo = max(lo, subj.i - 8)
    return _Span("SRC", lo, subj.i + 1, 0.5)


def _make(doc: Doc, con: _Span, cue: _Span | None, src: _Span | None) -> LearnedAttribution | None:
    c = _chars(doc, con)
    if c is None:
        return None
    q = _chars(doc, cue) if cue is not None else None
    s = _chars(doc, src) if src is not None else None
    return LearnedAttribution(
        content_start=c[0], content_end=c[1],
        cue_start=q[0] if q else None, cue_end=q[1] if q else None,
        source_start=s[0] if s else None, source_end=s[1] if s else None,
        confidence=round(float(con.prob), 4),
        cue_confidence=round(float(cue.prob), 4) if q else 0.0,
        source_confidence=round(float(src.prob), 4) if s else 0.0,
    )


class LearnedAttributions:
    """Loads the shipped tagger once; `predict` / `predict_many` give attributions per Doc."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.tagger = nlp.get_pipe(COMPONENT)
        self.labels = list(self.tagger.labels)

    @classmethod
    def load(cls, path: str = DATA_DIR) -> LearnedAttributions:
        return _load(path)

    def tag(self, docs: Sequence[Doc]) -> list[tuple[list[str], list[float]]]:
        """Per-token labels and their probabilities; the Docs are not modified."""
        docs = [d for d in docs]
        if not docs:
            return []
        scores = self.tagger.model.predict(docs)
        out = []
        for doc, sc in zip(docs, scores, strict=True):
            sc = self.tagger.model.ops.to_numpy(sc)
            if len(doc):  # the tagger's outputs are not normalised at inference
                sc = numpy.exp(sc - sc.max(axis=1, keepdims=True))
                sc = sc / sc.sum(axis=1, keepdims=True)
            best = sc.argmax(axis=1) if len(doc) else numpy.zeros((0,), dtype="i")
            out.append(([self.labels[k] for k in best],
                        [float(sc[i, k]) for i, k in enumerate(best)]))
        return out

    def predict(self, doc: Doc | str) -> list[LearnedAttribution]:
        return self.predict_many([doc])[0]

    def predict_many(self, docs: Iterable[Doc | str],
                     batch_size: int = 16) -> list[list[LearnedAttribution]]:
        docs = [self.nlp.make_doc(d) if isinstance(d, str) else d for d in docs]
        out: list[list[LearnedAttribution]] = []
        for i in range(0, len(docs), batch_size):
            chunk = docs[i:i + batch_size]
            for doc, (tags, probs) in zip(chunk, self.tag(chunk), strict=True):
                out.append(group(doc, tags, probs) if len(doc) else [])
        return out


@lru_cache(maxsize=2)
def _load(path: str) -> LearnedAttributions:
    if not os.path.isdir(path):
        raise FileNotFoundError(f"no trained attribution tagger at {path}; "
                                "run scripts/train_attribution_tagger.py")
    nlp = spacy.load(path)
    # the weights ship as float16 (half the size); the CPU ops want float32
    for node in nlp.get_pipe(COMPONENT).model.walk():
        for name in node.param_names:
            if node.has_param(name) and node.get_param(name).dtype != numpy.float32:
                node.set_param(name, node.get_param(name).astype(numpy.float32))
    return LearnedAttributions(nlp)


def halve_weights(path: str = DATA_DIR) -> int:
    """Store the saved component's float32 weights as float16 (the loader casts them back)."""
    model_file = os.path.join(path, COMPONENT, "model")
    with open(model_file, "rb") as f:
        msg = srsly.msgpack_loads(f.read())
    for params in msg["params"]:
        for name, value in list(params.items()):
            if isinstance(value, numpy.ndarray) and value.dtype == numpy.float32:
                params[name] = value.astype(numpy.float16)
    with open(model_file, "wb") as f:
        f.write(srsly.msgpack_dumps(msg))
    return os.path.getsize(model_file)


def _kind_of(text: str, start: int, end: int) -> str:
    seg = text[start:end]
    if seg[:1] in "\"“‘'«`" and seg.rstrip(".,;")[-1:] in "\"”’'»":
        return "direct"
    return "mixed" if any(q in seg for q in "\"“”«»") else "indirect"


def to_statement(text: str, att: LearnedAttribution) -> Statement:
    """A LearnedAttribution as a Statement; the speaker name is the source mention's text (no
    resolution to a canonical actor: the caller's speaker resolution can replace it)."""
    src = (text[att.source_start:att.source_end]
           if att.source_start is not None and att.source_end is not None else None)
    return Statement(
        speaker=src, speaker_start=att.source_start, speaker_end=att.source_end,
        cue=text[att.cue_start:att.cue_end] if att.cue_start is not None else None,
        cue_start=att.cue_start, cue_end=att.cue_end,
        content_start=att.content_start, content_end=att.content_end,
        quote=text[att.content_start:att.content_end],
        kind=_kind_of(text, att.content_start, att.content_end),
        confidence=round(0.6 * att.confidence, 3),
    )


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


@dataclass(frozen=True)
class MergePolicy:
    """How learned attributions join the rule extractor's statements.

    add_min_confidence: a learned attribution is added only when its content confidence
    reaches this (None: never add); add_require_source: ...and only when it has a source span
    whose confidence and its cue's both reach add_min_source_confidence;
    add_max_overlap: an added content may overlap earlier statements' contents by at most this
    share of its length; borrow_speaker: an added attribution whose cue is a rule statement's
    cue takes that statement's speaker; fill_speaker: a rule statement without a speaker span
    takes the source of the learned attribution whose content overlaps it most."""

    add_min_confidence: float | None = 0.0
    add_require_source: bool = True
    add_min_source_confidence: float = 0.0
    add_max_overlap: float = 0.0
    borrow_speaker: bool = True
    fill_speaker: bool = True


# Chosen on the held-out tenth of train (scripts/train_attribution_tagger.py's seeded split) for
# the shipped epoch-10 tagger: who-said-what F1 there 0.713 at content conf >= 0.7, 0.712 at 0.6.
BEST_POLICY = MergePolicy(add_min_confidence=0.7, add_min_source_confidence=0.5)


def merge(text: str, rule_statements: Sequence[Statement], atts: Sequence[LearnedAttribution],
          policy: MergePolicy = BEST_POLICY) -> list[Statement]:
    """Rule statements stay; learned attributions whose content overlaps no rule statement's
    content (nor an already added one) are added, per `policy`. Sorted by content start."""
    out = list(rule_statements)
    if policy.fill_speaker:
        for k, st in enumerate(out):
            if st.speaker_start is not None:
                continue
            best = max(((_overlap(st.content_start, st.content_end,
                                  a.content_start, a.content_end), a)
                        for a in atts if a.source_start is not None),
                       key=lambda p: p[0], default=(0, None))
            if best[0] > 0:
                a = best[1]
                out[k] = replace(st, speaker=st.speaker or text[a.source_start:a.source_end],
                                 speaker_start=a.source_start, speaker_end=a.source_end)
    if policy.add_min_confidence is not None:
        rules = list(out)
        taken = [(s.content_start, s.content_end) for s in out]
        for a in atts:
            if a.confidence < policy.add_min_confidence:
                continue
            if policy.add_require_source and (
                    a.source_start is None
                    or min(a.cue_confidence, a.source_confidence)
                    < policy.add_min_source_confidence):
                continue
            n = a.content_end - a.content_start
            if any(_overlap(a.content_start, a.content_end, s0, s1) > policy.add_max_overlap * n
                   for s0, s1 in taken):
                continue
            st = to_statement(text, a)
            same_cue = next((r for r in rules if policy.borrow_speaker and a.cue_start is not None
                             and r.cue_start is not None and r.speaker_start is not None
                             and _overlap(a.cue_start, a.cue_end, r.cue_start, r.cue_end)), None)
            same_src = next((r for r in rules if a.source_start is not None
                             and r.speaker_start is not None
                             and _overlap(a.source_start, a.source_end,
                                          r.speaker_start, r.speaker_end)), None)
            if same_cue is not None:  # the rules attributed this cue: their speaker
                st = replace(st, speaker=same_cue.speaker, speaker_start=same_cue.speaker_start,
                             speaker_end=same_cue.speaker_end)
            elif same_src is not None and same_src.speaker:  # the rules' resolved name
                st = replace(st, speaker=same_src.speaker)
            out.append(st)
            taken.append((a.content_start, a.content_end))
    return sorted(out, key=lambda s: (s.content_start, s.content_end))


def add_learned(doc: Doc, statements: Sequence[Statement],
                policy: MergePolicy = BEST_POLICY) -> list[Statement]:
    """The one call the rule Extractor needs: its statements for `doc` (the parsed Doc they were
    found in) plus the learned attributions that `policy` admits. Loads the tagger once."""
    return merge(doc.text, statements, LearnedAttributions.load().predict(doc), policy)
