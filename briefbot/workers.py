"""Extraction on every core: worker processes, each with its own copy of the spaCy model.

spaCy's parse holds the GIL, so threads would not help; processes do. Each worker loads the
model once (a few seconds and about 400 MB each, paid when the pool starts, not per article)
and extracts chunks of article bodies; the parent keeps everything that must happen in one
place and in order: reading files, resolving actors across articles, and writing the store
(SQLite has one writer). Results come back in the order the articles went in, so an ingest
with four workers stores exactly what an ingest with one would. At most two chunks per worker
are in flight, so memory stays flat however many articles are waiting.

Workers are started with "spawn", not "fork": the parent may be `briefbot run` with the Slack,
scheduler and watcher threads going, and a forked child would inherit their locks mid-use.
With one worker, or fewer articles than would pay for starting the pool, extraction runs in
the calling process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TYPE_CHECKING

from briefbot.models import Extraction, ExtractionFailure

if TYPE_CHECKING:  # spaCy is imported by the workers that load it, not by every importer
    from briefbot.extract import Extractor

log = logging.getLogger(__name__)

PARENT_CHECK_SECONDS = 1.0  # how often a worker looks whether its parent is still alive
CHUNK = 8  # articles per task: big enough to amortise pickling, small enough to balance
MIN_ARTICLES_PER_WORKER = 4  # fewer articles than this per worker: not worth a pool


def available_cores() -> int:
    """The cores this process may run on (the container's share, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class LazyExtractor:
    """Stands in for the Extractor until this process extracts an article itself.

    `briefbot run` starts (and stops) in about a second instead of waiting for spaCy; and when
    worker processes do the extracting, this process never imports spaCy nor loads the model
    (about 1 s and 120 MB more, for nothing: `briefbot ingest --workers 2` loaded three models).
    `options` are the keyword arguments `load` builds the Extractor with (none: its
    defaults), known without loading it, so the workers are built alike. Loaded once, by
    whichever thread asks first."""

    def __init__(self, load: Callable[[], Extractor], **options: object):
        self._load = load
        self._lock = threading.Lock()
        self.options = options

    def __getattr__(self, name: str):
        with self._lock:
            extractor = self._load()
        return getattr(extractor, name)


def extractor_options(extractor: Extractor | LazyExtractor) -> dict[str, object]:
    """The keyword arguments a worker builds its Extractor with, to extract as `extractor`
    does; a LazyExtractor's are read without loading it."""
    if isinstance(extractor, LazyExtractor):
        return extractor.options
    return {"min_confidence": extractor.min_confidence, "learned": extractor.learned}


_worker_extractor: Extractor | None = None


def _exit_with_parent(parent: int) -> None:
    """End this worker once its parent is gone.

    A parent killed with SIGKILL cannot shut its pool down, and a spawned worker holds both ends
    of its own queue pipe, so it would never see end-of-file: it would wait for work for ever,
    holding its copy of the model. Orphans are re-parented, so a changed parent pid means the
    parent died."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _start_worker(model: str, options: dict[str, object]) -> None:
    global _worker_extractor
    from briefbot.extract import Extractor, load_nlp

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True,
                     name="exit-with-parent").start()
    _worker_extractor = Extractor(load_nlp(model), **options).load_tagger()


def _extract_chunk(bodies: list[str]) -> list[Extraction]:
    assert _worker_extractor is not None, "worker started without its extractor"
    return list(_worker_extractor.extract_many(bodies))


def _extract_each_chunk(bodies: list[str], time_limit: float | None
                        ) -> list[Extraction | ExtractionFailure]:
    assert _worker_extractor is not None, "worker started without its extractor"
    return list(_worker_extractor.extract_each(bodies, time_limit))


def _ready() -> int:
    return os.getpid()


class ExtractionPool:
    """`extract_many` like an Extractor's, spread over `workers` processes.

    The pool starts on the first call that has enough articles for it, and lives until
    `close()`: the inbox watcher keeps one for as long as briefbot runs."""

    def __init__(self, extractor: Extractor | LazyExtractor, model: str,
                 workers: int | None = None):
        self.extractor = extractor
        self.model = model
        self.workers = workers or available_cores()
        self.min_articles_per_worker = MIN_ARTICLES_PER_WORKER
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> ExtractionPool:
        """Start the workers and wait until each has loaded its model."""
        if self._pool is None and self.workers > 1:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.model, extractor_options(self.extractor)),
            )
            pids = {f.result() for f in [self._pool.submit(_ready) for _ in range(self.workers)]}
            log.info("extraction pool: %d workers (%d started)", self.workers, len(pids))
        return self

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def extract_many(self, bodies: Iterable[str], expected: int | None = None
                     ) -> Iterator[Extraction]:
        """Extractions of `bodies`, in order. `expected` (how many bodies there will be) lets a
        short batch run in this process instead of starting the pool for it."""
        small = expected is not None and expected < self.workers * self.min_articles_per_worker
        if self.workers <= 1 or (small and self._pool is None):
            yield from self.extractor.extract_many(bodies)
            return
        yield from self._spread(bodies, _extract_chunk)

    def extract_each(self, bodies: Iterable[str], expected: int | None = None,
                     time_limit: float | None = None
                     ) -> Iterator[Extraction | ExtractionFailure]:
        """`Extractor.extract_each` (a failure costs only its own body) on the workers."""
        small = expected is not None and expected < self.workers * self.min_articles_per_worker
        if self.workers <= 1 or (small and self._pool is None):
            yield from self.extractor.extract_each(bodies, time_limit)
            return
        yield from self._spread(bodies, _extract_each_chunk, time_limit)

    def _spread(self, bodies: Iterable[str], task, *args) -> Iterator:
        pool = self.start()._pool
        assert pool is not None
        pending: deque[Future] = deque()
        remaining = iter(bodies)
        while chunk := list(islice(remaining, CHUNK)):
            pending.append(pool.submit(task, chunk, *args))
            while len(pending) >= 2 * self.workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
