"""Inbox files -> stored articles with their actors and statements.

The model runs over a batch of articles at once (nlp.pipe); each article is then written in its
own transaction, so a crash leaves every article either fully stored or not at all.

One bad file costs only itself: whatever goes wrong with it (its name, its size, its encoding,
a spaCy error, an extraction past its time limit, text the database cannot hold) refuses that
file with its reason, and the other files of the same batch are read, extracted and stored as
usual. Only a database that cannot be written (locked past the busy timeout, disk full) is not
the file's fault: the file is left where it is and counted as failed, to be read again.

A file whose path holds a stored article with other contents is a new version of that article
(`Store.save_article(replaces=...)`); the same contents under any name are a duplicate.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefbot.actors import ActorRegistry, KnownActor
from briefbot.inbox import (
    MAX_ARTICLE_CHARS,
    MAX_FILE_BYTES,
    display_path,
    find_article_files,
    read_article,
)
from briefbot.models import Article, Extraction, ExtractionFailure, Problem, RefusedArticle
from briefbot.workers import ExtractionPool

if TYPE_CHECKING:  # the store and the extractor are handed in; only their types are named
    # here (importing the extractor imports spaCy, a second of every command's start-up)
    from briefbot.extract import Extractor
    from briefbot.store import Store

log = logging.getLogger(__name__)

OnRefused = Callable[[Path, str], None]


@dataclass(frozen=True)
class IngestLimits:
    """What one file may cost ([inbox] in briefbot.toml)."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_article_chars: int = MAX_ARTICLE_CHARS
    extract_seconds: float = 120.0

    @classmethod
    def from_settings(cls, settings) -> IngestLimits:
        return cls(settings.inbox_max_file_bytes, settings.inbox_max_article_chars,
                   settings.inbox_extract_seconds)


DEFAULT_LIMITS = IngestLimits()


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)  # a stored file changed: new version
    duplicates: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # not the file's fault: retried
    ids: dict[str, int] = field(default_factory=dict)  # path -> stored article id
    statements: int = 0

    def refuse(self, path: str | Path, reason: str, on_refused: OnRefused | None) -> None:
        self.refused.append((display_path(path), reason))
        if on_refused:
            on_refused(Path(path), reason)


def registry_from_store(store: Store) -> ActorRegistry:
    return ActorRegistry(
        KnownActor(id=i, name=n, kind=k, role=r, aliases=a)
        for i, n, k, r, a in store.known_actors()
    )


def read_articles(paths: Iterable[str | Path], report: IngestReport,
                  on_refused: OnRefused | None = None,
                  limits: IngestLimits = DEFAULT_LIMITS) -> list[Article]:
    """Read every article file under `paths`; refusals go into the report (and `on_refused`)."""
    return [article for path in find_article_files(paths)
            if (article := _read(path, report, on_refused, limits)) is not None]


def _read(path: Path, report: IngestReport, on_refused: OnRefused | None,
          limits: IngestLimits) -> Article | None:
    try:
        return read_article(path, limits.max_file_bytes, limits.max_article_chars)
    except RefusedArticle as refusal:
        report.refuse(path, refusal.reason, on_refused)
        return None


def extract_articles(extractor: Extractor, registry: ActorRegistry, articles: list[Article],
                     time_limit: float | None = None) -> list[Extraction | str]:
    """Extract every article and give its actors their store-wide names; in place of an
    article that could not be extracted comes the reason, in words."""
    return [_resolved(registry, extraction, article)
            for article, extraction in zip(
                articles, extractor.extract_each((a.body for a in articles), time_limit),
                strict=True)]


def _resolved(registry: ActorRegistry, extraction: Extraction | ExtractionFailure,
              article: Article) -> Extraction | str:
    """The extraction with store-wide names; the article's outlet and bylines are never its
    actors."""
    if isinstance(extraction, ExtractionFailure):
        return extraction.reason
    try:
        return registry.resolve(extraction, not_actors=(article.outlet or "", *article.authors))
    except ImportError:
        raise  # the installation's fault, not the article's (see Extractor.extract_each)
    except Exception as error:
        return ExtractionFailure.of(error).reason


def _fresh_articles(store: Store, files: Iterable[Path], report: IngestReport,
                    on_refused: OnRefused | None, limits: IngestLimits
                    ) -> Iterator[tuple[Article, int | None]]:
    """The articles of `files` not stored yet, read one at a time as extraction asks for them,
    each with the id of the article its file held before (a new version) or None; refusals
    and duplicates go into the report on the way."""
    seen_hashes: set[str] = set()
    for path in files:
        article = _read(path, report, on_refused, limits)
        if article is None:
            continue
        if article.content_hash in seen_hashes or store.has_article(article.content_hash):
            report.duplicates.append(article.path)
            continue
        seen_hashes.add(article.content_hash)
        before = store.article_at_path(article.path)
        yield article, before[0] if before else None


def ingest_paths(store: Store, extractor: Extractor, paths: Iterable[str | Path],
                 on_refused: OnRefused | None = None, batch_size: int = 16,
                 pool: ExtractionPool | None = None,
                 limits: IngestLimits = DEFAULT_LIMITS) -> IngestReport:
    """Read, extract and store every article under `paths`, streaming: files are read as the
    extractor (or the worker `pool`) takes them, so memory does not grow with the inbox."""
    report = IngestReport()
    files = find_article_files(paths)
    registry = registry_from_store(store)
    waiting: deque[tuple[Article, int | None]] = deque()  # sent to extraction, not stored yet

    def bodies() -> Iterator[str]:
        for article, replaces in _fresh_articles(store, files, report, on_refused, limits):
            waiting.append((article, replaces))
            yield article.body

    extractions = (pool.extract_each(bodies(), expected=len(files),
                                     time_limit=limits.extract_seconds) if pool is not None
                   else extractor.extract_each(bodies(), limits.extract_seconds, batch_size))
    for extraction in extractions:
        article, replaces = waiting.popleft()
        outcome = _resolved(registry, extraction, article)
        if isinstance(outcome, str):
            report.refuse(article.path, outcome, on_refused)
        else:
            _store_one(store, article, outcome, replaces, report, on_refused)
    return report


def _store_one(store: Store, article: Article, extraction: Extraction, replaces: int | None,
               report: IngestReport, on_refused: OnRefused | None) -> None:
    try:
        article_id = store.save_article(article, extraction, replaces=replaces)
    except sqlite3.OperationalError as error:  # locked or full: the database's fault
        log.error("could not store %s, it will be read again: %s", article.path, error)
        report.failed.append((article.path, str(error)))
        return
    except Exception as error:  # something in this article the database will not take
        report.refuse(article.path, str(Problem("not_storable", error=type(error).__name__,
                                                detail=str(error))), on_refused)
        return
    if article_id is None:
        report.duplicates.append(article.path)
        return
    report.statements += len(extraction.statements)
    if article_id == replaces:
        report.revised.append(article.path)
        log.info("ingested a new version of %s: %d statements replace the old ones",
                 article.path, len(extraction.statements))
    else:
        report.added.append(article.path)
        log.info("ingested %s: %d statements", article.path, len(extraction.statements))


def ingest_articles(store: Store, extractor: Extractor, articles: Iterable[Article],
                    report: IngestReport | None = None) -> IngestReport:
    """Store articles read from elsewhere than files (feeds, the push endpoint); the same
    content twice is a duplicate. `report.ids` gives each added or duplicate article's id.
    One extraction at a time: the feed poller and the push endpoint run on threads of their
    own, and one spaCy pipeline is not documented to be thread-safe."""
    report = report if report is not None else IngestReport()
    fresh: list[Article] = []
    for article in articles:
        stored = store.article_id_by_hash(article.content_hash)
        if stored is not None or any(a.content_hash == article.content_hash for a in fresh):
            report.duplicates.append(article.path)
            if stored is not None:
                report.ids[article.path] = stored
            continue
        fresh.append(article)
    if not fresh:
        return report
    with _EXTRACTING:
        outcomes = extract_articles(extractor, registry_from_store(store), fresh)
    for article, outcome in zip(fresh, outcomes, strict=True):
        if isinstance(outcome, str):
            report.refuse(article.path, outcome, None)
            continue
        _store_one(store, article, outcome, None, report, None)
        stored = store.article_id_by_hash(article.content_hash)
        if stored is not None:
            report.ids[article.path] = stored
    return report


_EXTRACTING = threading.Lock()

