"""Inbox files -> stored articles with their actors and statements.

The model runs over a batch of articles at once (nlp.pipe); each article is then written in its
own transaction, so a crash leaves every article either fully stored or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefbot.actors import ActorRegistry, KnownActor
from briefbot.extract import Extractor
from briefbot.inbox import find_article_files, read_article
from briefbot.models import Article, Extraction, RefusedArticle
from briefbot.store import Store

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


def ingest_paths(store: Store, extractor: Extractor, paths: Iterable[str | Path],
                 on_refused: Callable[[Path, str], None] | None = None,
                 batch_size: int = 16) -> IngestReport:
    report = IngestReport()
    fresh: list[Article] = []
    seen_hashes: set[str] = set()
    for article in read_articles(paths, report, on_refused):
        if article.content_hash in seen_hashes or store.has_article(article.content_hash):
            report.duplicates.append(article.path)
            continue
        seen_hashes.add(article.content_hash)
        fresh.append(article)
    registry = registry_from_store(store)
    for start in range(0, len(fresh), batch_size):
        batch = fresh[start : start + batch_size]
        for article, extraction in zip(batch, extract_articles(extractor, registry, batch),
                                       strict=True):
            if store.save_article(article, extraction) is None:
                report.duplicates.append(article.path)
            else:
                report.added.append(article.path)
                report.statements += len(extraction.statements)
                log.info("ingested %s: %d statements", article.path, len(extraction.statements))
    return report
