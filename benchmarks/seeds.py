"""Run the extractor over the seed articles and print statements as JSON Lines.

usage: python benchmarks/seeds.py [SEED_DIR] > statements.jsonl
"""

from __future__ import annotations

import glob
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from briefbot.actors import ActorRegistry  # noqa: E402
from briefbot.extract import Extractor, load_nlp  # noqa: E402
from briefbot.inbox import read_article  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ("speaker", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
        "content_start", "content_end", "quote", "kind", "confidence")


def read_body(path: str) -> str:
    """The text the extractor reads: the inbox's cleaned body of the file."""
    return read_article(path).body


def run(seed_dir: str, pattern: str = "*.txt") -> list[dict]:
    paths = sorted(glob.glob(os.path.join(seed_dir, pattern)))
    extractor = Extractor(load_nlp())
    registry = ActorRegistry()
    rows = []
    for path, ex in zip(paths, extractor.extract_many(read_body(p) for p in paths), strict=True):
        ex = registry.resolve(ex)
        for s in ex.statements:
            row = {"file": os.path.basename(path)}
            row.update({k: getattr(s, k) for k in KEYS})
            rows.append(row)
    return rows


def main() -> None:
    seed_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "seeds")
    for row in run(seed_dir):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
