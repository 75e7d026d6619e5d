"""Watches the inbox folder and ingests files as they arrive.

A file is read only once it is settled: unchanged (size and modification time) for
`settle_seconds`, and, where the watcher sees inotify's close-write (Linux), closed by its
writer since its last write. A writer that pauses longer than the settle time while keeping
the file open is waited for; a file written in several openings is read once the last of them
has been quiet for the settle time. (A writer that keeps a file open without writing for
`OPEN_GRACE_FACTOR` settle times is taken to be finished: some tools never close.)

A file whose contents change after it was stored is read again: a new version of the same
article (see `ingest`). Files that cannot be read as articles move to `inbox/.refused/` with a
`.reason` file beside them, whatever the cause, so no file is tried twice and none stops the
others. Nothing stops the watcher: an error is logged and the next change is handled as usual.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from briefbot.inbox import display_path, find_article_files
from briefbot.ingest import DEFAULT_LIMITS, IngestLimits, IngestReport, ingest_paths
from briefbot.workers import ExtractionPool

if TYPE_CHECKING:  # the store and the extractor are handed in; only their types are named
    from briefbot.extract import Extractor
    from briefbot.store import Store

log = logging.getLogger(__name__)
REFUSED_DIR = ".refused"
OPEN_GRACE_FACTOR = 30
WAKE_EVENTS = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_DELETED,
               EVENT_TYPE_CLOSED}


def move_refused(inbox: Path, path: Path, reason: str) -> Path:
    """Move a refused file out of the way, with its reason beside it; never overwrite."""
    target_dir = inbox / REFUSED_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    n = 1
    while target.exists():
        target = target_dir / f"{path.stem}.{n}{path.suffix}"
        n += 1
    shutil.move(path, target)
    target.with_name(target.name + ".reason").write_text(reason + "\n", encoding="utf-8")
    log.warning("refused %s: %s (moved to %s)", display_path(path), reason,
                display_path(target))
    return target


class _Events(FileSystemEventHandler):
    """Wakes the watcher, and keeps which files were written since their writer closed them."""

    def __init__(self, watcher: InboxWatcher):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in WAKE_EVENTS:
            return  # our own reads (opened, closed without writing) wake nothing
        if not event.is_directory:
            path = Path(event.src_path if isinstance(event.src_path, str)
                        else event.src_path.decode("utf-8", "surrogateescape"))
            with self.watcher._lock:
                if event.event_type == EVENT_TYPE_MODIFIED:
                    self.watcher._open_for_writing.add(path)
                elif event.event_type == EVENT_TYPE_CLOSED:
                    self.watcher._open_for_writing.discard(path)
        self.watcher._changed.set()


class InboxWatcher:
    def __init__(self, store: Store, extractor: Extractor, inbox: str | Path,
                 settle_seconds: float = 2.0, poll_seconds: float = 30.0,
                 limits: IngestLimits = DEFAULT_LIMITS, pool: ExtractionPool | None = None):
        self.store = store
        self.extractor = extractor
        self.pool = pool  # worker processes for a burst of files; the owner closes it
        self.inbox = Path(inbox)
        self.settle_seconds = settle_seconds
        self.poll_seconds = poll_seconds  # a rescan even without events (network folders)
        self.limits = limits
        self._seen: dict[Path, tuple[float, int]] = {}  # the stat of what was last read
        self._quiet_since: dict[Path, tuple[tuple[float, int], float]] = {}
        self._open_for_writing: set[Path] = set()  # a write seen, its close-write not yet
        self._lock = threading.Lock()
        self._next_look: float | None = None
        self._changed = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer = None

    def start(self) -> InboxWatcher:
        self.inbox.mkdir(parents=True, exist_ok=True)
        self._observer = Observer()
        self._observer.schedule(_Events(self), str(self.inbox), recursive=True)
        self._observer.start()
        self._thread = threading.Thread(target=self._loop, name="inbox-watcher", daemon=True)
        self._thread.start()
        self._changed.set()  # pick up whatever arrived while briefbot was not running
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop watching; the batch being ingested gets `timeout` seconds to finish (the thread
        is a daemon, and each article is its own transaction, so an unfinished one is simply
        absent and read again at the next start)."""
        self._stop.set()
        self._changed.set()
        if self._observer:
            self._observer.stop()
            self._observer.join(timeout=min(timeout, 5))
        if self._thread:
            self._thread.join(timeout=timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            wait = self.poll_seconds
            if self._next_look is not None:
                wait = max(0.05, min(wait, self._next_look - time.monotonic()))
            self._changed.wait(wait)
            self._changed.clear()
            if self._stop.is_set():
                break
            try:
                self.scan_once()
            except Exception:
                log.exception("inbox scan failed; will try again on the next change")

    def settled(self, paths: list[Path], now: float | None = None) -> list[Path]:
        """The files of `paths` that may be read now; the others are looked at again when
        they may have settled (`_next_look`)."""
        now = time.monotonic() if now is None else now
        ready, next_look = [], None
        for path in paths:
            stat = _stat(path)
            if stat is None:
                continue
            known = self._quiet_since.get(path)
            if known is None or known[0] != stat:  # new, or changed since we last looked
                self._quiet_since[path] = known = (stat, now)
            quiet = now - known[1]
            with self._lock:
                open_for_writing = path in self._open_for_writing
            needed = self.settle_seconds * (OPEN_GRACE_FACTOR if open_for_writing else 1)
            if quiet >= needed:
                ready.append(path)
            else:
                look = known[1] + needed
                next_look = look if next_look is None else min(next_look, look)
        self._next_look = next_look
        return ready

    def scan_once(self) -> IngestReport | None:
        candidates = [p for p in find_article_files([self.inbox]) if self._seen.get(p) != _stat(p)]
        ready = self.settled(candidates)
        if not ready:
            return None
        stats = {p: _stat(p) for p in ready}
        report = ingest_paths(
            self.store, self.extractor, ready, limits=self.limits,
            on_refused=lambda path, reason: move_refused(self.inbox, Path(path), reason),
            pool=self.pool,
        )
        failed = {p for p, _ in report.failed}
        for p in ready:
            self._quiet_since.pop(p, None)
            if not p.exists():  # refused and moved away, or deleted meanwhile
                with self._lock:
                    self._open_for_writing.discard(p)
            elif display_path(p) not in failed:
                self._seen[p] = stats[p]
        if report.added or report.refused or report.revised or report.failed:
            log.info("inbox: %d added, %d revised, %d skipped as duplicates, %d refused, "
                     "%d failed; %d statements", len(report.added), len(report.revised),
                     len(report.duplicates), len(report.refused), len(report.failed),
                     report.statements)
        return report


def _stat(path: Path) -> tuple[float, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime, st.st_size)
