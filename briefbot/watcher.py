"""Watches the inbox folder and ingests files as they arrive.

watchdog tells us when something changes; a worker thread then ingests every file that is new
or changed since it last looked, once its size has stopped changing (a file still being copied
is not read half-way). Files that cannot be read as articles move to `inbox/.refused/` with a
`.reason` file beside them. Nothing stops the watcher: an error is logged and the next change
is handled as usual.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from briefbot.extract import Extractor
from briefbot.inbox import find_article_files
from briefbot.ingest import IngestReport, ingest_paths
from briefbot.store import Store
from briefbot.workers import ExtractionPool

log = logging.getLogger(__name__)
REFUSED_DIR = ".refused"


def move_refused(inbox: Path, path: Path, reason: str) -> Path:
    """Move a refused file out of the way, with its reason beside it; never overwrite."""
    target_dir = inbox / REFUSED_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    n = 1
    while target.exists():
        target = target_dir / f"{path.stem}.{n}{path.suffix}"
        n += 1
    shutil.move(str(path), target)
    target.with_name(target.name + ".reason").write_text(reason + "\n", encoding="utf-8")
    log.warning("refused %s: %s (moved to %s)", path, reason, target)
    return target


class _Wake(FileSystemEventHandler):
    def __init__(self, event: threading.Event):
        self.event = event

    def on_any_event(self, event) -> None:
        self.event.set()


class InboxWatcher:
    def __init__(self, store: Store, extractor: Extractor, inbox: str | Path,
                 settle_seconds: float = 1.0, poll_seconds: float = 30.0,
                 pool: ExtractionPool | None = None):
        self.store = store
        self.extractor = extractor
        self.pool = pool  # worker processes for a burst of files; the owner closes it
        self.inbox = Path(inbox)
        self.settle_seconds = settle_seconds
        self.poll_seconds = poll_seconds  # a rescan even without events (network folders)
        self._seen: dict[Path, tuple[float, int]] = {}
        self._changed = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer = None

    def start(self) -> InboxWatcher:
        self.inbox.mkdir(parents=True, exist_ok=True)
        self._observer = Observer()
        self._observer.schedule(_Wake(self._changed), str(self.inbox), recursive=True)
        self._observer.start()
        self._thread = threading.Thread(target=self._loop, name="inbox-watcher", daemon=True)
        self._thread.start()
        self._changed.set()  # pick up whatever arrived while briefbot was not running
        return self

    def stop(self) -> None:
        self._stop.set()
        self._changed.set()
        if self._observer:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._thread:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._changed.wait(self.poll_seconds)
            self._changed.clear()
            if self._stop.is_set():
                break
            try:
                self.scan_once()
            except Exception:
                log.exception("inbox scan failed; will try again on the next change")

    def _settled(self, paths: list[Path]) -> list[Path]:
        """Files whose size and mtime did not move during the settle time."""
        before = {p: _stat(p) for p in paths}
        time.sleep(self.settle_seconds)
        ready = [p for p in paths if before[p] is not None and _stat(p) == before[p]]
        if len(ready) < len(paths):
            self._changed.set()  # look again soon for the ones still being written
        return ready

    def scan_once(self) -> IngestReport | None:
        candidates = [p for p in find_article_files([self.inbox]) if self._seen.get(p) != _stat(p)]
        if not candidates:
            return None
        ready = self._settled(candidates)
        if not ready:
            return None
        report = ingest_paths(
            self.store, self.extractor, ready,
            on_refused=lambda path, reason: move_refused(self.inbox, Path(path), reason),
            pool=self.pool,
        )
        for p in ready:
            if p.exists():
                self._seen[p] = _stat(p)
        if report.added or report.refused:
            log.info("inbox: %d added, %d skipped as duplicates, %d refused; %d statements",
                     len(report.added), len(report.duplicates), len(report.refused),
                     report.statements)
        return report


def _stat(path: Path) -> tuple[float, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime, st.st_size)
