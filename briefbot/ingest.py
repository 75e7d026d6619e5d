"""Inbox files -> stored articles with their actors and statements.

The model runs over a batch of articles at once (nlp.pipe); each article is then written in its
own transaction, so a crash leaves every article either fully stored or not at all.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefbot.actors import ActorRegistry, KnownActor
from briefbot.extract import Extractor
from briefbot.inbox import find_article_files, read_article
from briefbot.models import Article, Extraction, RefusedArticle
from briefbot.store import Store
from briefbot.workers import ExtractionPool

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    statements: int = 0


def registry_from_store(store: Store) -> ActorRegistry:
    return ActorRegistry(
        KnownActor(id=i, name=n, kind=k, role=r, aliases=a)
        for i, n, k, r, a in store.known_actors()
    )


def read_articles(paths: Iterable[str | Path], report: IngestReport,
                  on_refused: Callable[[Path, str], None] | None = None) -> list[Article]:
    """Read every article file under `paths`; refusals go into the report (and `on_refused`)."""
    articles = []
    for path in find_article_files(paths):
        try:
            articles.append(read_article(path))
        except RefusedArticle as refusal:
            report.refused.append((str(path), refusal.reason))
            if on_refused:
                on_refused(path, refusal.reason)
    return articles


def extract_articles(extractor: Extractor, registry: ActorRegistry,
                     articles: list[Article]) -> list[Extraction]:
    """Extract every article (one nlp.pipe pass) and give its actors their store-wide names."""
    return [registry.resolve(extraction)
            for extraction in extractor.extract_many(a.body for a in articles)]


def _fresh_articles(store: Store, files: Iterable[Path], report: IngestReport,
                    on_refused: Callable[[Path, str], None] | None) -> Iterator[Article]:
    """The articles of `files` not stored yet, read one at a time as extraction asks for them;
    refusals and duplicates go into the report on the way."""
    seen_hashes: set[str] = set()
    for path in files:
        try:
            article = read_article(path)
        except RefusedArticle as refusal:
            report.refused.append((str(path), refusal.reason))
            if on_refused:
                on_refused(path, refusal.reason)
            continue
        if article.content_hash in seen_hashes or store.has_article(article.content_hash):
            report.duplicates.append(article.path)
            continue
        seen_hashes.add(article.content_hash)
        yield article


def ingest_paths(store: Store, extractor: Extractor, paths: Iterable[str | Path],
                 on_refused: Callable[[Path, str], None] | None = None,
                 batch_size: int = 16, pool: ExtractionPool | None = None) -> IngestReport:
    """Read, extract and store every article under `paths`, streaming: files are read as the
    extractor (or the worker `pool`) takes them, so memory does not grow with the inbox."""
    report = IngestReport()
    files = find_article_files(paths)
    registry = registry_from_store(store)
    waiting: deque[Article] = deque()  # read, sent to extraction, not stored yet

    def bodies() -> Iterator[str]:
        for article in _fresh_articles(store, files, report, on_refused):
            waiting.append(article)
            yield article.body

    extractions = (pool.extract_many(bodies(), expected=len(files)) if pool is not None
                   else extractor.extract_many(bodies(), batch_size=batch_size))
    for extraction in extractions:
        article = waiting.popleft()
        extraction = registry.resolve(extraction)
        if store.save_article(article, extraction) is None:
            report.duplicates.append(article.path)
        else:
            report.added.append(article.path)
            report.statements += len(extraction.statements)
            log.info("ingested %s: %d statements", article.path, len(extraction.statements))
    return report
