"""Every figure of the README's "How good is the extraction" table, from one run.

usage: python benchmarks/extraction_figures.py [--shared ../shared]

Scores, with `shared/acceptance/score_seeds.py`, what `briefbot extract --jsonl` gives for the
five seeds as written, the seeds in the inbox shapes the suite checks (hard-wrapped at 72,
wrapped at 64 with CRLF, a quoted e-mail reply; generated the way tests/extract/test_seeds.py
generates them), and the realworld set, each at the app's threshold and with every statement
kept (confidence 0). Prints one markdown row per set and a JSON object on the last line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))
from extract.test_seeds import SHAPES, _paragraphs  # noqa: E402  (the suite's own shapes)

from briefbot.actors import ActorRegistry  # noqa: E402
from briefbot.extract import Extractor, load_nlp  # noqa: E402
from briefbot.ingest import IngestReport, extract_articles, read_articles  # noqa: E402

SEEDS = HERE.parent / "seeds"


def statements(extractor: Extractor, paths: list[Path]) -> list[dict]:
    """What `briefbot extract --jsonl PATHS` prints, as rows."""
    articles = read_articles([str(p) for p in paths], IngestReport())
    rows = []
    for article, extraction in zip(articles, extract_articles(extractor, ActorRegistry(),
                                                              articles), strict=True):
        if not isinstance(extraction, str):
            rows += [{"file": article.path, **asdict(st)} for st in extraction.statements]
    return rows


def score(rows: list[dict], scorer: Path, gold: Path | None, rename_to_txt: bool) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False,
                                     encoding="utf-8") as out:
        for row in rows:
            if rename_to_txt:  # the gold names the seeds' .txt files
                row = {**row, "file": Path(row["file"]).with_suffix(".txt").name}
            out.write(json.dumps(row) + "\n")
    command = [sys.executable, str(scorer), out.name]
    if gold is not None:
        command += ["--gold", str(gold)]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    os.unlink(out.name)
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    args = parser.parse_args()
    shared = Path(args.shared)
    scorer = shared / "acceptance" / "score_seeds.py"
    nlp = load_nlp()
    extractors = {"app": Extractor(nlp), "every": Extractor(nlp, min_confidence=0.0)}
    with tempfile.TemporaryDirectory() as tmp:
        sets: dict[str, tuple[list[Path], Path | None, bool]] = {
            "seeds": (sorted(SEEDS.glob("*.txt")), None, False)}
        for shape, make in SHAPES.items():
            folder = Path(tmp) / shape
            folder.mkdir()
            for seed in sorted(SEEDS.glob("*.txt")):
                suffix, data = make(_paragraphs(seed))
                (folder / f"{seed.stem}.{suffix}").write_bytes(data)
            sets[f"seeds {shape}"] = (sorted(folder.iterdir()), None, True)
        realworld = shared / "realworld"
        sets["realworld"] = (sorted((realworld / "articles").iterdir()),
                             realworld / "gold.json", False)
        figures: dict[str, dict] = {}
        for name, (paths, gold, rename) in sets.items():
            figures[name] = {which: score(statements(extractor, paths), scorer, gold, rename)
                             for which, extractor in extractors.items()}
    keys = ("required_found", "required", "recall", "precision",
            "found_with_wrong_speaker", "boilerplate_leaks")
    for name, by in figures.items():
        cells = [", ".join(str(by[w][k]) for k in keys) for w in ("app", "every")]
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    print(json.dumps({"measured": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
                      **{name: {w: {k: by[w][k] for k in keys} for w in by}
                         for name, by in figures.items()}}))


if __name__ == "__main__":
    main()
