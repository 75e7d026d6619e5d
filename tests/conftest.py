"""Shared fixtures. The spaCy model loads once per test session; the seeds are ingested once
into a template database that each test copies, so tests get a real SQLite file of their own."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.store import Store

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"  # CI lays a copy of shared/ beside the clone
SEEDS_GOLD = SHARED / "acceptance" / "seeds-gold.json"


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline with briefbot's components, loaded once."""
    from briefbot.extract import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def extractor():
    from briefbot.extract import Extractor, load_nlp

    return Extractor(load_nlp())


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory, extractor) -> Path:
    from briefbot.ingest import ingest_paths

    path = tmp_path_factory.mktemp("seeded") / "template.db"
    # Ingested a minute ago: a digest asked for "now" in any test already covers the seeds.
    store = Store(path, clock=lambda: datetime.now(UTC) - timedelta(minutes=1))
    report = ingest_paths(store, extractor, [SEEDS])
    assert len(report.added) == 5, report
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture
def seeded_db(tmp_path, seeded_template) -> Path:
    """A fresh copy of the seeded database, for a test to change as it likes."""
    path = tmp_path / "briefbot.db"
    shutil.copy(seeded_template, path)
    return path


@pytest.fixture
def seeded_store(seeded_db) -> Store:
    store = Store(seeded_db)
    yield store
    store.close()


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "briefbot.db")
    yield s
    s.close()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(db_path=str(tmp_path / "briefbot.db"), inbox=str(tmp_path / "inbox"))
