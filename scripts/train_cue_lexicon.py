"""Mine the cue lexicon from the PolNeAR train split.

usage: python scripts/train_cue_lexicon.py [TRAIN_FOLDER] [--out PATH]
(PATH defaults to briefbot/extract/data/cue_lexicon.json)

For every verb and noun lemma: how often a token with that lemma lies inside a gold Cue span,
over how often the lemma occurs at all. Only lemmas and rates are written (no corpus text), so
the result can ship with the package. Deterministic: same corpus and model, same file.
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from briefbot.extract.grammar import cue_lemma  # noqa: E402
from briefbot.extract.pipeline import load_nlp  # noqa: E402

DEFAULT_TRAIN = os.path.join(ROOT, "..", "shared", "polnear", "train")
DEFAULT_OUT = os.path.join(ROOT, "briefbot", "extract", "data", "cue_lexicon.json")


def cue_spans(ann_path: str) -> list[tuple[int, int]]:
    spans = []
    for line in open(ann_path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("T") and len(parts) > 2 and parts[1].startswith("Cue "):
            for rng in parts[1][4:].split(";"):
                a, b = rng.split()
                spans.append((int(a), int(b)))
    return spans


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=DEFAULT_TRAIN)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--min-count", type=int, default=4)
    a = ap.parse_args()
    texts, spans = [], []
    for txt in sorted(glob.glob(os.path.join(a.folder, "text", "*.txt"))):
        name = os.path.basename(txt)[:-4]
        anns = sorted(glob.glob(os.path.join(a.folder, "attributions", name + "_*.ann")))
        if not anns:
            continue
        with open(txt, encoding="utf-8", newline="") as f:
            texts.append(f.read())
        spans.append(cue_spans(anns[0]))
    nlp = load_nlp()
    total = {"VERB": collections.Counter(), "NOUN": collections.Counter()}
    as_cue = {"VERB": collections.Counter(), "NOUN": collections.Counter()}
    disable = [p for p in nlp.pipe_names if p in ("parser", "ner")]
    with nlp.select_pipes(disable=disable):
        for doc, cs in zip(nlp.pipe(texts, batch_size=32), spans, strict=True):
            for t in doc:
                if t.pos_ not in total:
                    continue
                lemma = cue_lemma(t)
                total[t.pos_][lemma] += 1
                if any(s <= t.idx < e for s, e in cs):
                    as_cue[t.pos_][lemma] += 1
    out = {"source": "PolNeAR v1.0.0 train split, first annotator; rate = cue / occurrences"}
    for pos, key in (("VERB", "verbs"), ("NOUN", "nouns")):
        out[key] = {
            lemma: round(as_cue[pos][lemma] / n, 3)
            for lemma, n in sorted(total[pos].items())
            if as_cue[pos][lemma] >= a.min_count
        }
        out[key + "_count"] = {lemma: as_cue[pos][lemma] for lemma in out[key]}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=0, sort_keys=True)
    print(f"{len(out['verbs'])} verbs, {len(out['nouns'])} nouns -> {a.out}")


if __name__ == "__main__":
    main()
