"""Run the extractor over a PolNeAR-style folder and print the shared scorer's summary.

usage: python benchmarks/attribution.py FOLDER [--out statements.jsonl] [--per-file]
                                         [--min-confidence X]

PolNeAR annotates broadly ("wants to ...", noun cues), so statements are kept whatever their
confidence (0.0) unless --min-confidence says otherwise (0.5 is what the app keeps).

FOLDER holds text/*.txt (and attributions/*.ann for the scorer). The scorer module is imported
from ../shared/acceptance relative to the repository root.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from benchmarks.scorers import load_scorer  # noqa: E402
from briefbot.extract import Extractor, load_nlp  # noqa: E402


def extract_folder(folder: str, out, min_confidence: float = 0.0) -> tuple[int, float]:
    paths = sorted(glob.glob(os.path.join(folder, "text", "*.txt")))
    texts = []
    for p in paths:
        with open(p, encoding="utf-8", newline="") as f:
            texts.append(f.read())
    extractor = Extractor(load_nlp(), min_confidence=min_confidence)
    t0 = time.perf_counter()
    for path, ex in zip(paths, extractor.extract_many(texts, batch_size=16), strict=True):
        for s in ex.statements:
            row = {"file": os.path.basename(path), "speaker": s.speaker,
                   "speaker_start": s.speaker_start, "speaker_end": s.speaker_end,
                   "cue": s.cue, "cue_start": s.cue_start, "cue_end": s.cue_end,
                   "content_start": s.content_start, "content_end": s.content_end,
                   "quote": s.quote, "kind": s.kind, "confidence": s.confidence}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(paths), time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--out", help="keep the statements here (JSON Lines)")
    ap.add_argument("--per-file", action="store_true")
    ap.add_argument("--min-confidence", type=float, default=0.0)
    a = ap.parse_args()
    out_path = a.out or tempfile.mkstemp(suffix=".jsonl")[1]
    with open(out_path, "w", encoding="utf-8") as out:
        n, seconds = extract_folder(a.folder, out, a.min_confidence)
    scorer = load_scorer()
    summary, per_file = scorer.score(scorer.read_gold(a.folder), scorer.read_system(out_path))
    summary["seconds"] = round(seconds, 1)
    summary["articles_per_second"] = round(n / seconds, 2) if seconds else None
    if a.per_file:
        summary["per_file"] = per_file
    print(json.dumps(summary, indent=1))
    if not a.out:
        os.unlink(out_path)


if __name__ == "__main__":
    main()
