"""Figures for the README's reliability section (issue 11): what long articles cost, and
whether kill -9 during an ingest ever loses or doubles an article.

usage: python benchmarks/abuse.py extraction [--sizes 100000,200000,400000]
       python benchmarks/abuse.py kills [--articles 60] [--kills 10]

`extraction`: one article of each size (characters), made from the seeds' paragraphs, through
`Extractor.extract` (paragraph windows) in a fresh process per size; prints seconds, seconds
per 100 KB and the process's peak resident memory (model included).

`kills`: `briefbot ingest --workers 1` of N distinct articles into one database, killed with
SIGKILL K times, each 0-50 ms after the run stored a new article (in the middle of writing its
batch), then run to the end;
compares every article's statements with an uninterrupted ingest (each article exactly once,
each complete).

The last line of each is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS.glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return paragraphs


def article_of(size: int) -> str:
    paragraphs, out, n = seed_paragraphs(), [], 0
    while n < size:
        p = paragraphs[len(out) % len(paragraphs)]
        out.append(p)
        n += len(p) + 2
    return "\n\n".join(out)[:size]


def extraction_one(size: int) -> dict:
    from briefbot.extract import Extractor, load_nlp

    extractor = Extractor(load_nlp())
    extractor.extract(article_of(2000))  # the tagger loads on first use
    text = article_of(size)
    started = time.perf_counter()
    extraction = extractor.extract(text)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars": size, "seconds": round(seconds, 1),
            "seconds_per_100k": round(seconds / size * 100_000, 1),
            "statements": len(extraction.statements), "peak_rss_mb": round(peak)}


def extraction(sizes: list[int]) -> None:
    rows = []
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, "_extraction_one", str(size)],
                             capture_output=True, text=True, check=True, cwd=REPO)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{row['chars']:>8,} chars  {row['seconds']:6.1f} s  "
              f"({row['seconds_per_100k']:.1f} s per 100 KB)  {row['statements']:4d} statements"
              f"  peak RSS {row['peak_rss_mb']} MB", flush=True)
        rows.append(row)
    print(json.dumps({"extraction": rows}))


def statements_per_article(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute(
            "SELECT a.content_hash, count(s.id) FROM articles a"
            " LEFT JOIN statements s ON s.article_id = a.id GROUP BY a.id").fetchall())


def article_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def kills(articles: int, kill_count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="briefbot-kills-"))
    inbox = folder / "inbox"
    inbox.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(articles):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (inbox / f"article_{i:03d}.txt").write_text(
            text + f"\nEditor's note {i}: this copy was filed as number {i}.\n", encoding="utf-8")

    def ingest(db: Path) -> subprocess.Popen:
        env = dict(os.environ, BRIEFBOT_DB=str(db))
        return subprocess.Popen([sys.executable, "-m", "briefbot", "ingest", "--workers", "1",
                                 str(inbox)], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    reference = folder / "reference.db"
    ingest(reference).wait()
    expected = statements_per_article(reference)
    db, rng, done = folder / "killed.db", random.Random(11), 0
    while done < kill_count:
        before = article_count(db)
        child = ingest(db)
        while child.poll() is None and article_count(db) <= before:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.05))  # in the middle of writing a batch
        if child.poll() is not None:
            break  # it finished: nothing left to kill
        child.send_signal(signal.SIGKILL)
        child.wait()
        done += 1
        print(f"kill {done}: {article_count(db)} of {articles} articles stored", flush=True)
    ingest(db).wait()
    got = statements_per_article(db)
    exact = got == expected
    print(f"{done} kills; {len(got)} of {len(expected)} articles stored, each exactly once and "
          f"complete: {exact}")
    print(json.dumps({"kills": done, "articles": articles, "stored": len(got),
                      "identical_to_uninterrupted": exact}))


def main() -> None:
    if sys.argv[1:2] == ["_extraction_one"]:
        print(json.dumps(extraction_one(int(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    ex = sub.add_parser("extraction")
    ex.add_argument("--sizes", default="100000,200000,400000")
    kl = sub.add_parser("kills")
    kl.add_argument("--articles", type=int, default=60)
    kl.add_argument("--kills", type=int, default=10)
    args = parser.parse_args()
    if args.what == "extraction":
        extraction([int(s) for s in args.sizes.split(",")])
    else:
        kills(args.articles, args.kills)


if __name__ == "__main__":
    main()
