"""Wire copy: one story carried by many outlets, one statement carried by many articles.

A wire story runs in dozens of outlets, each with its own headline, byline, copyright line,
a paragraph trimmed here and curly quotes there. Two rules fold it back together:

- Two articles are one *story* when the Jaccard similarity of their word 5-shingles (text
  folded: case, quotation marks, dashes, whitespace) is at least `STORY_THRESHOLD`, estimated
  with MinHash signatures (`datasketch`) and found through LSH band keys the store indexes,
  so a new article is compared with a handful of candidates, never with every stored article.
  Price: a 512-byte
  signature and 25 band keys (21 bytes each, indexed) per article in the store; nothing per
  article is held in memory (an in-memory index cost about 10 KB per article).
- Two statements are one *statement* when they have the same speaker and the same words once
  folded (`models.quote_key`: case, marks and spacing gone), or, allowing small edits (a word
  changed, a clause trimmed), when their folded words are at least `SAME_STORY_SIMILARITY`
  alike inside one story (or found whole inside the other, keeping `CONTAINED_SHARE` of its
  words: a dateline added, a clause trimmed), or `ANY_STORY_SIMILARITY` alike across stories.
  An edit that changes a figure or a negation is never small. Price: a fuzzy comparison with
  the speaker's latest statements for each new one (rapidfuzz, a few milliseconds).

Nothing here touches SQL: the store keeps the signatures and the folding ids, and asks this
module which story and which statement a new one belongs to.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

if TYPE_CHECKING:  # datasketch is imported where a signature is made: it pulls in scipy (about
    # half a second), which every `briefbot` command would otherwise pay at start-up
    from datasketch import MinHash

NUM_PERM = 128
# Stored signatures must be compared with signatures of the same permutation scheme and seed;
# both are named, never left to the library's defaults, so an upgrade cannot silently change
# them (the seed is datasketch's default, which every stored signature was made with).
SCHEME = "affine32"
SEED = 1
SHINGLE_WORDS = 5
STORY_THRESHOLD = 0.5
# Statement folding by similarity of the folded words (rapidfuzz ratio, 0-100).
SAME_STORY_SIMILARITY = 88
ANY_STORY_SIMILARITY = 94
MIN_FUZZY_WORDS = 5  # shorter statements fold only when their words are identical
CONTAINED_SHARE = 0.6  # in one story, words found inside another statement's: at least this

_QUOTE_MARKS = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
})
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Text as compared for wire copy: Unicode-normalised, quotation marks and dashes made
    plain, case folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS).casefold()
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text).replace("'", ""))


# --- stories -------------------------------------------------------------------------------


def signature(text: str) -> MinHash:
    """The MinHash of the text's word 5-shingles (the words themselves for very short text)."""
    from datasketch import MinHash

    tokens = words(text)
    if len(tokens) >= SHINGLE_WORDS:
        shingles = {" ".join(tokens[i : i + SHINGLE_WORDS])
                    for i in range(len(tokens) - SHINGLE_WORDS + 1)}
    else:
        shingles = set(tokens)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return minhash


def signature_bytes(minhash: MinHash) -> bytes:
    """A signature as stored: NUM_PERM little-endian 32-bit values (MinHash values fit in 32)."""
    return minhash.hashvalues.astype("<u4").tobytes()


def signature_from_bytes(blob: bytes) -> MinHash:
    """A stored signature, read-only: datasketch's LeanMinHash keeps the values without the
    permutations (building those took about 0.4 ms per signature, and a new copy of a story
    carried by 200 outlets is compared with up to 200 stored ones)."""
    from datasketch import LeanMinHash

    values = np.frombuffer(blob, dtype="<u4").astype(np.uint64)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


# The LSH banding datasketch's MinHashLSH finds best for this threshold and signature size:
# two articles are candidates when one band of their signatures is the same, and only
# candidates are compared. Written out, not asked of the library at import: the stored band
# keys are made of it, so it must not move with a library upgrade (tests/test_wire.py checks
# that it is still the library's choice).
BANDS, BAND_ROWS = 25, 5


def band_keys(minhash: MinHash) -> list[bytes]:
    """The signature's LSH band keys (band number, then its values): what the store indexes so
    that a new article finds its candidate stories in SQLite instead of in memory."""
    values = minhash.hashvalues.astype("<u4")
    return [bytes([band]) + values[band * BAND_ROWS:(band + 1) * BAND_ROWS].tobytes()
            for band in range(BANDS)]


def story_for(minhash: MinHash, candidates: Iterable[tuple[int, int | None, bytes | None]],
              threshold: float = STORY_THRESHOLD) -> int | None:
    """The story of the most similar candidate (article id, story id, stored signature) at or
    above the threshold (the lowest article id among equals), or None."""
    best, best_similarity, best_story = None, threshold, None
    for article_id, story_id, blob in candidates:
        if not blob:
            continue
        similarity = minhash.jaccard(signature_from_bytes(blob))
        if similarity >= best_similarity and (
            best is None or similarity > best_similarity or article_id < best
        ):
            best, best_similarity, best_story = article_id, similarity, story_id or article_id
    return best_story


# --- statements ----------------------------------------------------------------------------


def same_statement(key: str, candidates: Iterable[tuple[int, str]],
                   same_story: bool) -> int | None:
    """The statement (id) among `candidates` ((id, statement key) pairs) that says the same as
    `key`, or None.

    Identical keys always match; otherwise the closest candidate within small edits, with a
    looser bar inside one story (a copy that trimmed a clause) than across stories. Keys of
    fewer than MIN_FUZZY_WORDS words match only when identical, and an edit that changes a
    figure or a negation is never small."""
    pairs = list(candidates)
    for candidate_id, candidate_key in pairs:
        if candidate_key == key:
            return candidate_id
    markers = _fuzzy_markers(key)
    if markers is None:
        return None
    pairs = [(i, k) for i, k in pairs if _fuzzy_markers(k) == markers]
    if not pairs:
        return None
    cutoff = SAME_STORY_SIMILARITY if same_story else ANY_STORY_SIMILARITY
    scorer = _same_story_score if same_story else fuzz.ratio
    match = process.extractOne(key, [k for _, k in pairs], scorer=scorer, score_cutoff=cutoff)
    return None if match is None else pairs[match[2]][0]


def _same_story_score(a: str, b: str, score_cutoff: float | None = None, **_) -> float:
    """Within one story a copy may add a dateline or drop a clause: one statement's words all
    found in the other, in order, counts as the same when it keeps most of them."""
    score = fuzz.ratio(a, b)
    short, long = sorted((a.split(), b.split()), key=len)
    if len(short) >= CONTAINED_SHARE * len(long):
        score = max(score, fuzz.partial_ratio(" ".join(short), " ".join(long)))
    return score


_NEGATIONS = frozenset("not no never nor none nobody nothing cannot cant wont dont n t".split())


@lru_cache(maxsize=16384)
def _fuzzy_markers(key: str) -> tuple[tuple[str, ...], int] | None:
    """`_meaning_markers` of a key long enough to match with small edits, else None. Cached:
    each new statement is compared with up to two thousand of its speaker's, mostly the same
    keys again."""
    return None if len(key.split()) < MIN_FUZZY_WORDS else _meaning_markers(key)


def _meaning_markers(key: str) -> tuple[tuple[str, ...], int]:
    """What a small edit must not change: the figures, and how often it says no ("send 100
    troops" is not "send 200 troops", "will" is not "will not", however alike the words)."""
    tokens = key.split()
    return (tuple(sorted(t for t in tokens if any(c.isdigit() for c in t))),
            sum(t in _NEGATIONS for t in tokens))
