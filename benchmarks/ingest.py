"""How close the whole ingest comes to spaCy's own speed, and what it costs in memory.

usage: python benchmarks/ingest.py FOLDER [--workers N] [--generate N] [--no-spacy]

Two phases, each in a fresh process of its own, over the same article texts with the same
model:

1. spaCy alone: the article bodies through bare `nlp.pipe` (the parse briefbot needs).
2. briefbot's ingest into an empty store: read, clean, extract (rules and trained tagger),
   resolve actors, store, with `--workers` extraction processes (default one per core).

Model loading, imports (datasketch's, which the store makes on first use, too) and starting the
worker pool happen before the clock starts in both phases.
Words are whitespace-separated words of the bodies. Memory is the resident set of the ingest
process and its workers together, sampled four times a second; `rss_mb_by_articles` shows it
as the store fills, which is how to see that it stays flat.

`--generate N` ingests N articles made up from the paragraphs of FOLDER's .txt files instead
of FOLDER itself (use the bundled seeds: PolNeAR text must not leave its folder); `--no-spacy`
skips phase 1, for long memory runs.

The last line of output is one JSON object: ingest_words_per_s, spacy_words_per_s, ratio,
workers, peak_rss_mb, and the details behind them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from briefbot.config import DEFAULT_MODEL
from briefbot.inbox import find_article_files, read_article
from briefbot.ingest import IngestReport, ingest_paths, read_articles
from briefbot.models import RefusedArticle
from briefbot.store import Store
from briefbot.workers import ExtractionPool, LazyExtractor, available_cores

PAGE = os.sysconf("SC_PAGE_SIZE")


TICKS = os.sysconf("SC_CLK_TCK")


def _tree(root: int) -> set[int]:
    """`root` and all its descendants."""
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent_of[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parent_of.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def tree_cpu_s(root: int) -> float:
    """CPU seconds (user and system) that `root` and its live descendants have used."""
    total = 0
    for pid in _tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def _tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants, in MB."""
    total = 0
    for pid in _tree(root):
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except OSError:
            continue
    return total / 1e6


class MemorySampler(threading.Thread):
    """Samples this process tree's memory, and how many articles are stored, until stopped."""

    def __init__(self, store: Store | None = None, every: float = 0.25):
        super().__init__(daemon=True)
        self.store, self.every = store, every
        self.samples: list[tuple[int, float]] = []  # (articles stored, MB)
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.every):
            stored = self.store.article_count() if self.store else 0
            self.samples.append((stored, _tree_rss_mb(os.getpid())))

    def stop(self) -> MemorySampler:
        self._halt.set()
        self.join()
        return self

    @property
    def peak(self) -> float:
        return max((mb for _, mb in self.samples), default=_tree_rss_mb(os.getpid()))

    def by_articles(self, steps: int = 10) -> dict[int, float]:
        """The highest memory seen up to each tenth of the articles stored."""
        if not self.samples:
            return {}
        last = self.samples[-1][0] or 1
        out = {}
        for k in range(1, steps + 1):
            upto = [mb for n, mb in self.samples if n <= last * k / steps]
            if upto:
                out[round(last * k / steps)] = round(max(upto))
        return out


def words(articles) -> int:
    return sum(len(a.body.split()) for a in articles)


def folder_words(folder: Path) -> int:
    """Words of every readable article under `folder`, read one at a time."""
    total = 0
    for path in find_article_files([folder]):
        try:
            total += len(read_article(path).body.split())
        except RefusedArticle:
            pass
    return total


def phase_spacy(folder: Path, model: str) -> dict:
    from briefbot.extract import load_nlp

    articles = read_articles([folder], IngestReport())
    bodies = [a.body for a in articles]
    nlp = load_nlp(model)
    sampler = MemorySampler()
    sampler.start()
    started, cpu = time.perf_counter(), tree_cpu_s(os.getpid())
    for _ in nlp.pipe(bodies, batch_size=16):
        pass
    seconds = time.perf_counter() - started
    cpu = tree_cpu_s(os.getpid()) - cpu
    sampler.stop()
    return {"seconds": seconds, "cpu_s": cpu, "words": words(articles), "articles": len(articles),
            "peak_rss_mb": round(sampler.peak), **tagger_alone(nlp, bodies)}


def tagger_alone(nlp, bodies: list[str]) -> dict:
    """The trained attribution tagger alone over the same parsed texts, batch by batch as the
    ingest runs it: the second network an ingest needs, which bare `nlp.pipe` does not run."""
    from briefbot.extract.learned import LearnedAttributions

    tagger, cpu, seconds = LearnedAttributions.load(), 0.0, 0.0
    for i in range(0, len(bodies), 16):
        docs = list(nlp.pipe(bodies[i:i + 16], batch_size=16))
        started, before = time.perf_counter(), time.process_time()
        tagger.tag(docs)
        cpu += time.process_time() - before
        seconds += time.perf_counter() - started
    return {"tagger_seconds": seconds, "tagger_cpu_s": cpu}


def loaded_extractor(model: str):
    """The model loaded in this process (spaCy is imported here, not at the top: with workers,
    the ingest process never imports it, as in `briefbot ingest`)."""
    from briefbot.extract import Extractor, load_nlp

    return Extractor(load_nlp(model)).load_tagger()


def phase_ingest(folder: Path, model: str, workers: int) -> dict:
    total_words = folder_words(folder)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "ingest.db")
        # as `briefbot ingest` does: with workers, only they load the model
        extractor = (loaded_extractor(model) if workers <= 1
                     else LazyExtractor(lambda: loaded_extractor(model)))
        # The store imports datasketch (and with it scipy) for its first wire-copy signature:
        # about 0.5 CPU seconds once per process, a start-up cost like loading the model, and
        # outside the clock like every other import of the ingest's code.
        import datasketch  # noqa: F401

        with ExtractionPool(extractor, model, workers) as pool:
            started = time.perf_counter()
            pool.start()
            pool_start = time.perf_counter() - started
            sampler = MemorySampler(store)
            sampler.start()
            started, cpu = time.perf_counter(), tree_cpu_s(os.getpid())
            report = ingest_paths(store, extractor, [folder], pool=pool)
            seconds = time.perf_counter() - started
            cpu = tree_cpu_s(os.getpid()) - cpu
            sampler.stop()
        return {"seconds": seconds, "cpu_s": cpu, "words": total_words,
                "articles": len(report.added), **not_stored(report),
                "statements": report.statements, "pool_start_s": round(pool_start, 1),
                "peak_rss_mb": round(sampler.peak), "rss_mb_by_articles": sampler.by_articles()}


def not_stored(report: IngestReport) -> dict:
    """What the ingest did not store, and why: duplicates (the same content as an article
    stored before), refusals and failures counted by reason (a file's own name cut off)."""
    def reasons(items: list[tuple[str, str]]) -> dict[str, int]:
        return dict(Counter(reason for _, reason in items).most_common())
    return {"duplicates": len(report.duplicates), "refused": len(report.refused),
            "refused_reasons": reasons(report.refused), "failed": len(report.failed),
            "failed_reasons": reasons(report.failed)}


def generate(source: Path, count: int, out: Path, seed: int = 7) -> None:
    """`count` articles of 2 or 3 paragraphs drawn from the .txt articles in `source`, no two
    with the same paragraphs in the same order.

    The title line is read as a headline and left out of the body, so two articles drawing the
    same paragraphs would have the same content and the second would be skipped as a duplicate
    (with the seeds' 71 paragraphs, about 1,900 of 10,000 articles when draws could repeat)."""
    rng = random.Random(seed)
    paragraphs = list(dict.fromkeys(
        p.strip() for f in find_article_files([source]) if f.suffix == ".txt"
        for p in read_article(f).body.split("\n") if len(p.split()) >= 12))
    if len(paragraphs) < 3:
        sys.exit(f"fewer than 3 paragraphs of 12 words or more in the .txt files of {source}")
    possible = len(paragraphs) * (len(paragraphs) - 1) * (len(paragraphs) - 1)
    if count > possible // 2:
        sys.exit(f"{source} has {len(paragraphs)} paragraphs: too few for {count} different "
                 "articles")
    out.mkdir(parents=True, exist_ok=True)
    drawn: set[tuple[str, ...]] = set()
    for n in range(count):
        while (chosen := tuple(rng.sample(paragraphs, rng.randint(2, 3)))) in drawn:
            pass
        drawn.add(chosen)
        body = "\n\n".join(chosen)
        title = " ".join(rng.choice(paragraphs).split()[:8]).rstrip(".,;:")
        (out / f"gen-{n:06d}.txt").write_text(f"{title} ({n})\n\n{body}\n", encoding="utf-8")


def run_phase(phase: str, folder: Path, model: str, workers: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, str(folder), "--phase", phase, "--model", model,
         "--workers", str(workers)], check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--workers", type=int, default=available_cores())
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--generate", type=int, metavar="N")
    ap.add_argument("--no-spacy", action="store_true")
    ap.add_argument("--phase", choices=("spacy", "ingest"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.phase == "spacy":
        print(json.dumps(phase_spacy(a.folder, a.model)))
        return
    if a.phase == "ingest":
        print(json.dumps(phase_ingest(a.folder, a.model, a.workers)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = a.folder
        if a.generate:
            folder = Path(tmp) / "generated"
            generate(a.folder, a.generate, folder)
        load = os.getloadavg()[0]
        spacy = None if a.no_spacy else run_phase("spacy", folder, a.model, 1)
        if spacy:
            print(f"spaCy alone: {spacy['words']} words in {spacy['seconds']:.1f} s", flush=True)
        ingest = run_phase("ingest", folder, a.model, a.workers)
        print(f"ingest, {a.workers} worker(s): {ingest['articles']} articles, "
              f"{ingest['statements']} statements in {ingest['seconds']:.1f} s; not stored: "
              f"{ingest['duplicates']} duplicates, {ingest['refused']} refused, "
              f"{ingest['failed']} failed", flush=True)
        for reason, n in {**ingest["refused_reasons"], **ingest["failed_reasons"]}.items():
            print(f"  {n} x {reason}", flush=True)
    ingest_wps = ingest["words"] / ingest["seconds"]
    spacy_wps = spacy["words"] / spacy["seconds"] if spacy else None
    print(json.dumps({
        "ingest_words_per_s": round(ingest_wps),
        "spacy_words_per_s": round(spacy_wps) if spacy_wps else None,
        "ratio": round(ingest_wps / spacy_wps, 3) if spacy_wps else None,
        "workers": a.workers,
        # Per CPU second, the ratio does not depend on what else the machine is doing.
        "cpu_ratio": (round((ingest["words"] / ingest["cpu_s"]) / (spacy["words"] / spacy["cpu_s"]),
                            3) if spacy else None),
        # Against both networks an ingest runs (spaCy's and the attribution tagger): what
        # briefbot's own reading, rules, resolving and storing cost on top of them.
        "cpu_ratio_to_both_networks": (round(
            (ingest["words"] / ingest["cpu_s"])
            / (spacy["words"] / (spacy["cpu_s"] + spacy["tagger_cpu_s"])), 3) if spacy else None),
        "tagger_cpu_share_of_spacy": (round(spacy["tagger_cpu_s"] / spacy["cpu_s"], 3)
                                      if spacy else None),
        "peak_rss_mb": ingest["peak_rss_mb"],
        "articles": ingest["articles"], "words": ingest["words"],
        "duplicates": ingest["duplicates"], "refused": ingest["refused"],
        "refused_reasons": ingest["refused_reasons"], "failed": ingest["failed"],
        "pool_start_s": ingest["pool_start_s"],
        "spacy_peak_rss_mb": spacy["peak_rss_mb"] if spacy else None,
        "rss_mb_by_articles": ingest["rss_mb_by_articles"],
        "load": [round(load, 1), round(os.getloadavg()[0], 1)],
    }))


if __name__ == "__main__":
    main()
