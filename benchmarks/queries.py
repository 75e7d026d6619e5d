"""How fast briefbot answers from a large store: /whosaid, digests and App Home.

usage: python benchmarks/queries.py [--statements 1000000] [--queries 50] [--db FILE] [--keep]

Builds a synthetic store with the shape of a year of news (generated, nothing is downloaded):
by default 1,000,000 statements in 100,000 articles ingested over the last 365 days, 20,000
actors whose statement counts follow Zipf's law (the most quoted holds about 10 % of all
statements, as the head of state does in a national news desk), quotes made of filler words
plus topic words drawn, again Zipf-like, from a vocabulary of 500, and about one statement in
eight repeating an earlier quote of the same actor (several outlets carrying the same words).

The store is written through its own schema (migrations, indexes) in bulk batches
(`Store.bulk_load`, which rebuilds the full-text index, the quotes and the counts the triggers
keep in one pass at the end), not article by article. Then it times, warm, in this
process:

- `/whosaid NAME`, first page and page 20, for the most quoted actors and some in the tail;
- `/whosaid NAME TOPIC` for the most quoted actors and common and rare topics;
- an unknown name (typos of known names, and names nobody has), with its suggestions;
- the daily and the weekly digest of a topic (picked and rendered as text);
- App Home.

Each figure is the p95 of the slowest query of its kind, in milliseconds. The last line of
output is one JSON object: statements, whosaid_p95_ms, whosaid_page20_p95_ms,
whosaid_topic_p95_ms, unknown_p95_ms, digest_p95_ms, home_p95_ms, db_mb.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

import numpy as np

from briefbot.digest import build_digest
from briefbot.slack.home import home_view
from briefbot.store import Store, name_key
from briefbot.templating import render_digest_text
from briefbot.whosaid import who_said

ARTICLES_PER_STATEMENT = 0.1
ACTORS = 20_000
TOPICS = 500
DAYS = 365
REPEAT_SHARE = 0.12  # statements that carry an earlier quote of the same actor
TOPIC_SHARE = 0.6  # statements that contain a topic word at all
TEAM = "T_BENCH"
SEED = 12
# The head of the distributions gets real names, so the queries read like the real thing.
FAMOUS = ["Donald Trump", "Mark Rutte", "Volodymyr Zelenskyy", "Emmanuel Macron",
          "Vladimir Putin", "Olaf Scholz", "Keir Starmer", "Ursula von der Leyen",
          "Pete Hegseth", "Marco Rubio"]
TOPIC_HEAD = ["ceasefire", "sanctions", "tariffs", "election", "inflation", "NATO membership",
              "migration", "budget", "drones", "energy prices"]
OUTLETS = ["Reuters", "AP", "BBC", "The Guardian", "Newsmax", "UNN", "Politico", "Kyiv Post",
           "The Moscow Times", "Le Monde", "Der Spiegel", "NRC", "Al Jazeera", "CNN", "Fox News"]
SYLLABLES = ["ka", "ro", "lin", "mer", "tos", "vel", "an", "dri", "be", "sko", "nu", "har",
             "pel", "gi", "wen", "do", "ust", "ler", "mi", "zak", "or", "tin", "sa", "bru",
             "fe", "lo", "cre", "vin", "ta", "hol", "es", "pri", "gor", "ne", "qua", "lis"]
FIRST = ["Anna", "Peter", "Maria", "Jan", "Olena", "Tom", "Sara", "Ivan", "Laura", "David",
         "Elena", "Mark", "Julia", "Paul", "Nina", "Oleg", "Lucas", "Emma", "Karl", "Sofia"]
CUES = ["said", "told reporters", "added", "warned", "wrote", "argued", "according to"]


def zipf_cumulative(n: int, s: float = 1.0) -> list[float]:
    return list(accumulate(1 / (rank ** s) for rank in range(1, n + 1)))


def pseudo_words(rng: random.Random, n: int, syllables: tuple[int, int]) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(*syllables))))
    return sorted(out)


def actor_names(rng: random.Random) -> list[str]:
    names = list(FAMOUS)
    seen = {name_key(n) for n in names} | {name_key(n.split()[-1]) for n in names}
    surnames = iter(pseudo_words(rng, ACTORS * 2, (2, 4)))
    while len(names) < ACTORS:
        surname = next(surnames).capitalize()
        name = f"{rng.choice(FIRST)} {surname}"
        if name_key(surname) not in seen:
            seen.add(name_key(surname))
            names.append(name)
    return names


def vocabulary(seed: int) -> tuple[list[str], list[str], list[str]]:
    """Actor names, filler words and topics: the same for the same seed."""
    rng = random.Random(seed)
    names = actor_names(rng)
    fillers = pseudo_words(rng, 3000, (1, 3))
    topics = TOPIC_HEAD + pseudo_words(rng, TOPICS - len(TOPIC_HEAD), (3, 4))
    return names, fillers, topics


STATEMENT_COLUMNS = ["id", "article_id", "actor_id", "speaker_text", "speaker_start",
                     "speaker_end", "cue", "cue_start", "cue_end", "content_start", "content_end",
                     "quote", "kind", "confidence", "quote_key", "same_as"]
ARTICLE_COLUMNS = ["id", "content_hash", "path", "source_format", "title", "url", "outlet",
                   "published", "ingested_at", "text", "story_id"]
BATCH_ARTICLES = 5000


def build_store(path: Path, statements: int, seed: int = SEED) -> tuple[Store, dict]:
    """A store of `statements` statements; returns it and what the queries need to know.

    The random draws of a batch of articles are made at once with numpy (actors, topics, word
    counts and words, cues), and rows go to the store as tuples: the loop left in Python only
    strings the words together and decides repeats, about a tenth of a row-by-row generator."""
    rng = random.Random(seed)
    draws = np.random.default_rng(seed)
    store = Store(path)
    now = datetime.now(UTC).replace(microsecond=0)
    names, fillers, topics = vocabulary(seed)
    actor_cum = np.array(zipf_cumulative(len(names)))
    topic_cum = np.array(zipf_cumulative(len(topics)))
    filler_words = np.array(fillers, dtype=object)
    created = now.isoformat()

    with store.bulk_load() as write:
        write("actors", [{"id": i + 1, "name": n, "name_key": name_key(n), "kind": "person",
                          "role": "Minister" if i % 3 == 0 else None, "created_at": created}
                         for i, n in enumerate(names)])
        write("aliases", [{"actor_id": i + 1, "alias": form, "alias_key": name_key(form)}
                          for i, n in enumerate(names) for form in (n, n.split()[-1])])

        n_articles = max(1, int(statements * ARTICLES_PER_STATEMENT))
        span = DAYS * 86400
        recent: dict[int, list[tuple[str, str, int]]] = {}
        statement_id = 0
        for first in range(1, n_articles + 1, BATCH_ARTICLES):
            ids = range(first, min(n_articles, first + BATCH_ARTICLES - 1) + 1)
            counts = [statements // n_articles + (a <= statements % n_articles) for a in ids]
            n = sum(counts)
            actors = (np.searchsorted(actor_cum, draws.random(n) * actor_cum[-1], side="right")
                      + 1).tolist()
            repeat = (draws.random(n) < REPEAT_SHARE).tolist()
            pick_old = draws.random(n).tolist()
            lengths = draws.integers(8, 23, n)
            with_topic = (draws.random(n) < TOPIC_SHARE).tolist()
            topic_of = np.searchsorted(topic_cum, draws.random(n) * topic_cum[-1],
                                       side="right").tolist()
            topic_at = (draws.random(n) * lengths).astype(int).tolist()
            ends = np.cumsum(lengths).tolist()
            words = filler_words[draws.integers(0, len(fillers), ends[-1])].tolist()
            cues = draws.integers(0, len(CUES), n).tolist()
            lengths = lengths.tolist()
            article_rows, statement_rows, mention_rows = [], [], []
            i = 0
            for article_id, count in zip(ids, counts, strict=True):
                # Articles arrive in time order; a few are published days before they are read.
                ingested = now - timedelta(seconds=span * (n_articles - article_id) // n_articles)
                published = None if rng.random() < 0.1 else (
                    ingested - timedelta(days=rng.choice((0, 0, 0, 0, 1, 2, 9)))
                ).date().isoformat()
                sentences, speakers = [], {}
                offset = 0
                for _ in range(count):
                    actor = actors[i]
                    speakers[actor] = None
                    statement_id += 1
                    mine = recent.setdefault(actor, [])
                    if mine and repeat[i]:
                        quote, key, same_as = mine[int(pick_old[i] * len(mine))]
                    else:
                        said = words[ends[i] - lengths[i]:ends[i]]
                        if with_topic[i]:
                            said.insert(topic_at[i], topics[topic_of[i]])
                        quote = " ".join(said)
                        # The words are plain letters: their quote_key is their casefold.
                        key, same_as = quote.casefold(), statement_id
                        mine.append((quote, key, same_as))
                        if len(mine) > 8:
                            mine.pop(0)
                    name = names[actor - 1]
                    cue = CUES[cues[i]]
                    cue_start = offset + len(name) + 1
                    content_start = cue_start + len(cue) + 1
                    statement_rows.append((
                        statement_id, article_id, actor, name, offset, offset + len(name),
                        cue, cue_start, cue_start + len(cue), content_start,
                        content_start + len(quote), quote, "indirect", 0.9, key, same_as))
                    sentence = f"{name} {cue} {quote}."
                    sentences.append(sentence)
                    offset += len(sentence) + 1
                    i += 1
                article_rows.append((
                    article_id, f"bench-{article_id}", f"inbox/bench-{article_id}.txt", "txt",
                    " ".join(rng.choices(fillers, k=6)).capitalize(),
                    f"https://news.example/{article_id}", rng.choice(OUTLETS), published,
                    ingested.isoformat(), " ".join(sentences), article_id))
                mention_rows.extend((article_id, a, 0, 1) for a in speakers)
            write("articles", article_rows, ARTICLE_COLUMNS)
            write("statements", statement_rows, STATEMENT_COLUMNS)
            write("mentions", mention_rows, ["article_id", "actor_id", "start", "end"])
            if statement_id % 1_000_000 < n:
                print(f"{statement_id} statements written", flush=True)
    for topic in topics[:5]:
        store.subscribe(TEAM, "C_BENCH", topic, "daily 08:00", "UTC")
    return store, {"names": names, "topics": topics, "now": now}


def timed(fn, repeat: int) -> float:
    """p95 in milliseconds of `repeat` calls, after one warm-up call."""
    fn()
    ms = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - start) * 1000)
    ms.sort()
    return ms[max(0, int(len(ms) * 0.95 + 0.5) - 1)]


def slowest(label: str, cases: dict[str, object], repeat: int) -> float:
    results = {name: timed(fn, repeat) for name, fn in cases.items()}
    for name, p95 in results.items():
        print(f"{label:<16} {name:<40} p95 {p95:8.2f} ms", flush=True)
    return round(max(results.values()), 2)


def typo(name: str) -> str:
    surname = name.split()[-1]
    return surname[:2] + surname[3:] if len(surname) > 4 else surname + "x"


def measure(store: Store, facts: dict, repeat: int) -> dict:
    names, topics, now = facts["names"], facts["topics"], facts["now"]
    heads = [names[0], names[1].split()[-1], names[2].split()[-1].lower()]
    tail = [names[99], names[1999].split()[-1]]
    out = {}
    out["whosaid_p95_ms"] = slowest("/whosaid", {
        n: (lambda n=n: who_said(store, n)) for n in heads + tail}, repeat)
    out["whosaid_page20_p95_ms"] = slowest("/whosaid page 20", {
        n: (lambda n=n: who_said(store, n, offset=95)) for n in heads + tail[:1]}, repeat)
    out["whosaid_topic_p95_ms"] = slowest("/whosaid topic", {
        f"{n} {t}": (lambda n=n, t=t: who_said(store, n, topic=t))
        for n in heads[:2] for t in (topics[0], topics[5], topics[120])}, repeat)
    out["unknown_p95_ms"] = slowest("/whosaid unknown", {
        n: (lambda n=n: who_said(store, n))
        for n in [typo(names[0]), typo(names[1]), typo(names[500]), "Quentin Nobodyknows"]},
        repeat)
    day, week = (now - timedelta(days=1)).isoformat(), (now - timedelta(days=7)).isoformat()
    out["digest_p95_ms"] = slowest("digest", {
        f"{label} {t}": (lambda s=s, t=t: render_digest_text(
            build_digest(store, t, s, now.isoformat()), max_quotes=40))
        for label, s in (("daily", day), ("weekly", week)) for t in (topics[0], topics[3])},
        max(5, repeat // 2))
    out["home_p95_ms"] = slowest("App Home", {
        TEAM: lambda: home_view(store, TEAM, now=now)}, max(5, repeat // 2))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--statements", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=50, help="timed calls per query")
    ap.add_argument("--db", help="build (or reuse, if it exists) the store in this file")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(a.db) if a.db else Path(tmp) / "bench.db"
        started = time.perf_counter()
        if a.db and path.exists():
            store = Store(path)
            names, _, topics = vocabulary(SEED)
            last = store.recent_articles(limit=1)[0].ingested_at
            facts = {"names": names, "topics": topics, "now": datetime.fromisoformat(last)}
            print(f"reusing {path}")
        else:
            store, facts = build_store(path, a.statements)
            print(f"built {path} in {time.perf_counter() - started:.0f} s", flush=True)
        statements = store.statement_count()
        print(f"{statements} statements, {store.article_count()} articles; "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
        result = {"statements": statements, **measure(store, facts, a.queries)}
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        result["db_mb"] = round(size / 1e6)
        print(f"load {os.getloadavg()[0]:.1f}")
        print(json.dumps(result))


if __name__ == "__main__":
    main()
