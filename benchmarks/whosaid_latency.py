"""How fast /whosaid and a digest answer from a store of many articles.

usage: python benchmarks/whosaid_latency.py [--articles 2000] [--queries 200]

Builds a store of N articles by ingesting the seeds once and copying their statements under
new content hashes (extraction speed is measured by benchmarks/attribution.py, not here), then
times who_said() for the seed actors and a ceasefire digest. Prints median and p95 in ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from briefbot.actors import ActorRegistry
from briefbot.digest import build_digest
from briefbot.extract import Extractor, load_nlp
from briefbot.inbox import find_article_files, read_article
from briefbot.store import Store
from briefbot.whosaid import who_said

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def build_store(path: Path, count: int) -> Store:
    store = Store(path)
    articles = [read_article(p) for p in find_article_files([SEEDS])]
    registry = ActorRegistry()
    extractions = [registry.resolve(e) for e in Extractor(load_nlp()).extract_many(
        a.body for a in articles)]
    for i in range(count):
        article = articles[i % len(articles)]
        copy = replace(article, content_hash=f"{article.content_hash}-{i}", path=f"copy-{i}.txt")
        store.save_article(copy, extractions[i % len(articles)])
    return store


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(label: str, ms: list[float]) -> None:
    p95 = sorted(ms)[int(len(ms) * 0.95) - 1]
    print(f"{label:<32} median {statistics.median(ms):7.2f} ms   p95 {p95:7.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=200)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = build_store(Path(tmp) / "bench.db", a.articles)
        print(f"store: {store.article_count()} articles, {store.statement_count()} statements "
              f"(built in {time.perf_counter() - started:.1f} s)")
        for name in ("Rutte", "zelensky", "Donald Trump", "Rute"):
            report(f"who_said({name!r})", timed(lambda n=name: who_said(store, n), a.queries))
        report("who_said('Trump', topic=ceasefire)",
               timed(lambda: who_said(store, "Trump", topic="ceasefire"), a.queries))
        report("digest ceasefire (all articles)",
               timed(lambda: build_digest(store, "ceasefire", None, "9999"),
                     max(a.queries // 10, 5)))


if __name__ == "__main__":
    main()
