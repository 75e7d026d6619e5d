"""Who owns each quote: the constructions that give a quote span to a statement.

Each quote of the article (paired by `quotes.py`) goes to the first of `QUOTE_OWNERS` that
takes it: the statement whose content it touches or whose cue stands in its sentence (`"...,"
Hegseth said`, `He added: "..."`), a signature after a dash, the statement it continues
(`"A," X said. "B."`), or, as a floating quote paragraph, the speaker of the statement just
before it. Quotes under `limits.SHORT_QUOTE_WORDS` words inside a paragraph are scare quotes
or phrases of a clause and belong to no one on their own.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from briefbot.extract import limits
from briefbot.extract.grammar import Attribution, Findings, ParsedArticle
from briefbot.extract.quotes import Quote


def _colon_before(art: ParsedArticle, t: Token, q: Quote) -> bool:
    between = art.text[t.idx:q.start]
    return 0 < len(between) < limits.COLON_BEFORE_QUOTE_CHARS and \
        between.rstrip().endswith(":")


def _right_after(art: ParsedArticle, t: Token, q: Quote) -> bool:
    # '"A." Hegseth said.' split into two sentences by the parser
    between = art.text[q.end:t.idx]
    return 0 <= len(between) < limits.CUE_AFTER_QUOTE_CHARS and t.idx >= q.end and \
        "\n" not in between and not any(ch in between for ch in ".!?\"“”")


def _next_sentence(art: ParsedArticle, t: Token, q: Quote) -> bool:
    """A quote that ends with a full stop ends its sentence: a cue after it starts the next
    one ('"... years." She declined to say when ...') unless it is only a short closing cue
    clause ('"... peace." Hegseth said.')."""
    if t.idx < q.end or not q.closed:
        return False
    inner = art.text[q.start:q.end].rstrip("\"'”’»` ")
    if not inner.endswith("."):
        return False
    rest = [x for x in art.doc[t.i + 1:t.sent.end] if not x.is_punct and not x.is_space]
    return len(rest) > limits.CUE_CLAUSE_TAIL


def _owner(art: ParsedArticle, q: Quote, found: Findings) -> Attribution | None:
    # 1. a statement whose content already overlaps the quote
    for a in found.all():
        if a.content[1] > q.start and a.content[0] < q.end:
            return a
    # 2. a cue in the sentences the quote touches (or the colon sentence before it)
    sents = {t.sent.start for t in art.tokens_between(q.start, q.end)}
    cands = []
    for i, a in found.by_cue.items():
        t = art.doc[i]
        in_sent = t.sent.start in sents or _colon_before(art, t, q) or _right_after(art, t, q)
        if in_sent and art.para_of(t.idx) == art.para_of(q.start) and \
                not _next_sentence(art, t, q):
            cands.append((min(abs(t.idx - q.start), abs(t.idx - q.end)), a))
    if not cands:
        return None
    return min(cands, key=lambda x: x[0])[1]


def owning_statement(art: ParsedArticle, q: Quote, found: Findings,
                     last: Attribution | None) -> Attribution | None:
    """The statement the quote belongs to grows to cover it; '"A," X said, "B."' is one."""
    best = _owner(art, q, found)
    if best is None:
        return None
    c0, c1 = best.content
    overlaps = c1 > q.start and c0 < q.end
    adjacent = (0 <= q.start - c1 < limits.QUOTE_ADJACENT_CHARS
                or 0 <= c0 - q.end < limits.QUOTE_ADJACENT_CHARS)
    if best.quotes and 0 <= q.start - best.quotes[-1].end < limits.SPLIT_QUOTE_GAP_CHARS and \
            "\n" not in art.text[best.quotes[-1].end:q.start]:
        adjacent = True  # '"A," X said, "B."' is one statement
    if c1 <= c0 or not (overlaps or adjacent):
        # the parse's content was elsewhere; a quote next to the cue wins
        best.content = (q.start, q.end)
        best.rule = best.rule or "quote"
        best.object_content = False  # the quote next to the cue is what the speaker said
    else:
        best.content = (min(best.content[0], q.start), max(best.content[1], q.end))
    best.quotes.append(q)
    return best


_PROSE_AFTER_DASH = frozenset({"and", "but", "or", "nor", "so", "yet", "while", "as", "which",
                               "who", "that", "not", "even", "if", "because"})


def dash_signature(art: ParsedArticle, q: Quote, found: Findings,
                   last: Attribution | None) -> Attribution | None:
    """A quote paragraph signed after a dash: '"...." ― Carlos Raúl'."""
    k = art.para_of(q.start)
    tail = art.text[q.end:art.paras[k][1]]
    stripped = tail.lstrip()
    if not stripped or stripped[0] not in "―—–-" or \
            len(stripped.split()) > limits.DASH_SIGNATURE_WORDS:
        return None
    name_at = q.end + len(tail) - len(stripped) + 1
    while name_at < len(art.text) and art.text[name_at] in " ―—–-":
        name_at += 1
    toks = [t for t in art.tokens_between(name_at, art.paras[k][1]) if not t.is_punct]
    if not toks:
        return None
    head = toks[0]
    while head.head.i != head.i and head.head.i in {t.i for t in toks}:
        head = head.head
    first_word = art.text[name_at:art.paras[k][1]].split()[0].lower()
    if first_word in _PROSE_AFTER_DASH or toks[0].pos_ in ("CCONJ", "SCONJ", "ADP"):
        return None  # '"..."—and someone he learned from': a dash inside prose, no signature
    end = toks[-1].idx + len(toks[-1])
    dash = Attribution(cue=(name_at - 1, name_at), speaker_tok=head, speaker=(name_at, end),
                       content=(q.start, q.end), quotes=[q], rule="dash")
    found.other.append(dash)
    return dash


def _trailing_cue_before(art: ParsedArticle, q: Quote, found: Findings) -> Attribution | None:
    """The statement whose cue clause closes the sentence right before the quote, after its
    content ('"We don't need those contractors" running it, she said. "B."')."""
    cands = [a for a in found.all() if a.has_content and a.cue is not None
             and a.content[1] - 3 <= a.cue[0] and a.cue[1] <= q.start
             and art.para_of(a.cue[0]) == art.para_of(q.start)]
    return max(cands, key=lambda a: a.cue[1]) if cands else None


def _continues(art: ParsedArticle, a: Attribution, q: Quote) -> bool:
    """Only the rest of the cue clause stands between the statement and the quote: short
    ("Trump told reporters on Wednesday."), or one sentence with no quote in it."""
    end = max(a.content[1], a.cue[1] if a.cue else 0)
    gap = art.text[end:q.start]
    if "\n" in gap or end > q.start:
        return False
    rest = gap.strip()
    if not (rest.endswith((".", ",", ";", ":")) or rest == ""):
        return False
    if len(gap) <= limits.SPLIT_QUOTE_GAP_CHARS:
        return True
    return len(gap) <= limits.CUE_SENTENCE_CHARS and \
        not any(ch in rest[:-1] for ch in ".!?;\"“”«»") and a.cue is not None and \
        a.cue[1] <= q.start


def continued_quote(art: ParsedArticle, q: Quote, found: Findings,
                    last: Attribution | None) -> Attribution | None:
    """'"A," X said. "B."': B continues the statement that ended with A and its cue clause;
    likewise after a trailing cue clause ('..., she said. "B."')."""
    ended_with_quote = last if last is not None and last.quotes and \
        last.quotes[-1].end >= last.content[1] - 1 else None
    for cand in (ended_with_quote, _trailing_cue_before(art, q, found)):
        if cand is not None and _continues(art, cand, q):
            cand.content = (cand.content[0], q.end)
            cand.quotes.append(q)
            return cand
    return None


def floating_quote(art: ParsedArticle, q: Quote, found: Findings,
                   last: Attribution | None) -> Attribution | None:
    """A quote paragraph with no cue inherits the speaker of the statement just before it,
    in this paragraph or the one before."""
    if not (art.starts_paragraph(q) and q.closed):
        return None
    cands = [a for a in found.other + list(found.by_cue.values())
             if a.has_content and a.content[1] <= q.start]
    if not cands:
        return None
    # the latest to end; of two ending together, the outer one (nested ones get dropped)
    prev = max(cands, key=lambda a: (a.content[1], -a.content[0]))
    if prev.speaker_tok is None or art.para_of(prev.content[0]) < art.para_of(q.start) - 1:
        return None
    fl = Attribution(cue=None, speaker_tok=prev.speaker_tok, speaker=prev.speaker,
                     content=(q.start, q.end), quotes=[q], rule="floating", inherited_from=prev)
    found.other.append(fl)
    return fl


def quote_after_portrait(art: ParsedArticle, q: Quote, found: Findings,
                         last: Attribution | None) -> Attribution | None:
    """A quote paragraph with no cue right after a paragraph about one person who speaks
    elsewhere in the article ("But for Kallio and her children the empty hives are a loss." then
    "“It's very hard. ...”") is that person's."""
    if not (art.starts_paragraph(q) and q.closed):
        return None
    k = art.para_of(q.start)
    if k == 0 or art.text[q.end:art.paras[k][1]].strip():
        return None
    a, b = art.paras[k - 1]
    if any(art.in_quote[t.i] for t in art.tokens_between(a, b)) or \
            any(a <= x.content[1] and x.content[0] < b for x in found.all() if x.has_content):
        return None  # a paragraph that reports someone's words has its own statement
    people = [e for e in art.doc.ents if e.label_ in ("PERSON", "ORG") and a <= e.start_char < b]
    if len({e[-1].lower_ for e in people}) != 1:
        return None
    name = people[-1][-1]
    spoke = [x for x in found.all() if x.speaker_tok is not None and x.has_content
             and x.speaker_tok.lower_ == name.lower_ and x.content[1] <= q.start]
    if not spoke:
        return None
    fl = Attribution(cue=None, speaker_tok=name, speaker=(people[-1].start_char,
                                                          people[-1].end_char),
                     content=(q.start, q.end), quotes=[q], rule="floating",
                     inherited_from=spoke[-1])
    found.other.append(fl)
    return fl


QuoteOwner = Callable[[ParsedArticle, Quote, Findings, "Attribution | None"],
                      "Attribution | None"]

# Tried in this order for every quote; the first that takes it owns it.
QUOTE_OWNERS: tuple[QuoteOwner, ...] = (
    owning_statement,
    dash_signature,
    continued_quote,
    floating_quote,
    quote_after_portrait,
)


def names_something(art: ParsedArticle, q: Quote) -> bool:
    """A short quote in title case that runs on into its sentence with no stop of its own
    names a show, a song, a nickname or a title ('“Harbour Nights” host Tomas Reuter said',
    "'Quillfeather' targeted 80 officials"), where '"No," he said' and '"Out!" the crowd
    yelled' end what was said, and '"We don't need them" running the libraries' is words.
    PolNeAR counts some such names as what was written; the app does not show them."""
    if len(art.text[q.start:q.end].split()) >= limits.SHORT_QUOTE_WORDS:
        return False
    words = art.text[q.start:q.end].strip("\"'“”‘’«»` ")
    after = art.text[q.end:q.end + 3].lstrip(" ")
    titled = all(w[:1].isupper() for w in words.split() if w[:1].isalpha())
    return bool(words) and titled and words[-1] not in ",.!?;:—–-" and after[:1].isalnum()


def attach_quotes(art: ParsedArticle, found: Findings) -> None:
    last: Attribution | None = None  # the statement that took the previous quote
    for q in art.quotes:
        inner = art.text[q.start:q.end]
        if len(inner.split()) < limits.SHORT_QUOTE_WORDS and not art.starts_paragraph(q):
            continue  # short scare quotes are part of whatever clause holds them
        for owner in QUOTE_OWNERS:
            taken = owner(art, q, found, last)
            if taken is not None:
                last = taken
                break


# -- the words said, without the cue clause that splits them ----------------------------------

_OPEN_MARKS = ("``", "“", "\"", "‘", "'", "«", "„")
_CLOSE_MARKS = ("''", "”", "\"", "’", "'", "»")


def _within(span: tuple[int, int] | None, gap: tuple[int, int]) -> bool:
    return span is not None and gap[0] <= span[0] and span[1] <= gap[1]


def quote_parts(text: str, att: Attribution) -> list[tuple[int, int]]:
    """The pieces of a statement's content that are what was said: a cue clause between two of
    its quotes ('"A," X said, "B."', '"A," the statement said. "B."') or set off by commas
    inside reported speech ("The new library, Ms. Sorel said, would ...") is left out."""
    a, b = att.content
    cut: list[tuple[int, int]] = []
    quotes = sorted(q for q in att.quotes if a <= q.start and q.end <= b)
    for qa, qb in zip(quotes, quotes[1:], strict=False):
        gap = (qa.end, qb.start)
        if gap[1] > gap[0] and (_within(att.cue, gap) or _within(att.speaker, gap)):
            cut.append(gap)
    if not cut and att.cue is not None and a < att.cue[0] and att.cue[1] < b and \
            not any(q.start <= att.cue[0] < q.end for q in att.quotes):
        clause = _comma_clause(text, att, a, b)
        if clause is not None:
            cut.append(clause)
    parts, start = [], a
    for g0, g1 in cut:
        parts.append((start, g0))
        start = g1
    parts.append((start, b))
    return [(p0, p1) for p0, p1 in parts if text[p0:p1].strip(" ,;—–-\n")]


def _comma_clause(text: str, att: Attribution, a: int, b: int) -> tuple[int, int] | None:
    """'A, Mr. Morgan said on Monday, B': the span from the comma before the cue clause to the
    comma after it, when the clause is short."""
    lo = min(att.cue[0], att.speaker[0]) if att.speaker else att.cue[0]
    hi = max(att.cue[1], att.speaker[1]) if att.speaker else att.cue[1]
    left = text.rfind(",", a, lo)
    right_comma = text.find(",", hi, b)
    if left < 0 or right_comma < 0:
        return None
    before = text[left + 1:lo].split()
    after = text[hi:right_comma].split()
    if len(before) > 2 or len(after) > limits.CUE_CLAUSE_TAIL or \
            any(ch in text[left:right_comma] for ch in ".;\n\"“”"):
        return None
    return left, right_comma + 1


def joined_quote(text: str, parts: list[tuple[int, int]]) -> str:
    """The parts as one quote: the closing mark of one part and the opening mark of the next
    go, and a comma that ended a sentence before the cue clause becomes a full stop."""
    out = ""
    for k, (p0, p1) in enumerate(parts):
        piece = text[p0:p1] if len(parts) == 1 else text[p0:p1].strip()
        if k > 0:
            prev_gap = text[parts[k - 1][1]:p0]
            out = out.rstrip()
            closed = next((m for m in _CLOSE_MARKS if out.endswith(m)), None)
            opens = next((m for m in _OPEN_MARKS if piece.startswith(m)), None)
            if closed and opens:
                out = out[:-len(closed)].rstrip()
                piece = piece[len(opens):].lstrip()
            if piece[:1].isupper() and prev_gap.rstrip().endswith((".", "!", "?")):
                out = out.rstrip(" ,;—–-")
                out += "" if out.endswith((".", "!", "?")) else "."
            out += " "
        out += piece
    return out
