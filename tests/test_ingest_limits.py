"""Issue 11, cases 1-3: one bad file costs only itself, and a changed file is a new version.

Real files in a real folder, the real spaCy pipeline, a real SQLite file."""

import os
import re
from pathlib import Path

import pytest
from spacy.language import Language

from briefbot.ingest import IngestLimits, ingest_paths
from briefbot.store import Store

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def write_articles(folder: Path, count: int, first: int = 0) -> list[Path]:
    """`count` distinct articles made from the seeds, each a real file."""
    paths = []
    for i in range(first, first + count):
        text = SEED_FILES[i % 4].read_text(encoding="utf-8")  # seeds 000-003: under 4.2 KB
        path = folder / f"article_{i:03d}.txt"
        path.write_text(text + f"\nEditor's note {i}: this copy was filed as number {i}.\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def statements_by_path(store: Store) -> dict[str, int]:
    return {os.path.basename(a.path): a.statement_count
            for a in store.recent_articles(limit=1000)}


def test_a_file_name_that_is_not_utf8_is_refused_alone(store, extractor, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_articles(inbox, 4)
    bad = Path(os.fsdecode(os.fsencode(inbox) + b"/Li\xe8ge-report.txt"))
    bad.write_text(SEED_FILES[4].read_text(encoding="utf-8"), encoding="utf-8")
    report = ingest_paths(store, extractor, [inbox])
    assert len(report.added) == 4 and store.article_count() == 4
    [(path, reason)] = report.refused
    assert path.endswith("Li\ufffdge-report.txt")
    assert "file name is not valid UTF-8" in reason
    assert bad.exists()  # the CLI leaves refused files where they are


def test_size_time_and_spacy_failures_cost_only_their_own_file(store, extractor, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = write_articles(inbox, 4)
    article = SEED_FILES[0].read_text(encoding="utf-8")
    (inbox / "huge.txt").write_text(article * 30, encoding="utf-8")  # 74 KB
    # Seed 004 is longer than the pipeline's max_length below: spaCy refuses it (E088), in the
    # same nlp.pipe batch as its neighbours.
    (inbox / "spacy.txt").write_text(SEED_FILES[4].read_text(encoding="utf-8"), encoding="utf-8")
    limits = IngestLimits(max_file_bytes=50_000)
    max_length = extractor.nlp.max_length
    extractor.nlp.max_length = 5_000
    try:
        report = ingest_paths(store, extractor, [inbox], limits=limits)
    finally:
        extractor.nlp.max_length = max_length
    refused = {os.path.basename(p): reason for p, reason in report.refused}
    assert set(refused) == {"huge.txt", "spacy.txt"}
    assert "too large for an article: 74,070 bytes" in refused["huge.txt"]
    assert "E088" in refused["spacy.txt"]
    assert sorted(report.added) == sorted(map(str, good))
    assert all(n > 0 for n in statements_by_path(store).values())

    long = tmp_path / "long.txt"
    long.write_text(article * 12, encoding="utf-8")  # 30 KB: two windows
    limits = IngestLimits(max_article_chars=20_000)
    [(_, reason)] = ingest_paths(store, extractor, [long], limits=limits).refused
    assert "too long for an article: 29,592 characters" in reason
    limits = IngestLimits(extract_seconds=0.01)
    [(_, reason)] = ingest_paths(store, extractor, [long], limits=limits).refused
    assert "too slow to extract" in reason and "limit of 0.01 s" in reason
    assert store.article_count() == 4


@Language.component("needs_a_module_not_installed")
def _needs_a_module_not_installed(doc):
    import briefbot_module_that_is_not_installed  # noqa: F401 - a broken installation
    return doc


def test_a_module_that_cannot_be_imported_fails_the_ingest_and_refuses_nothing(
        store, extractor, tmp_path):
    """A dependency missing from the installation (imported when extraction first needs it)
    is not the articles' fault: turned into refusals it set every file aside, as a stale
    environment without countryinfo once did to all five seeds."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = write_articles(inbox, 2)
    extractor.nlp.add_pipe("needs_a_module_not_installed", last=True)
    try:
        with pytest.raises(ModuleNotFoundError, match="briefbot_module_that_is_not_installed"):
            ingest_paths(store, extractor, [inbox])
    finally:
        extractor.nlp.remove_pipe("needs_a_module_not_installed")
    assert store.article_count() == 0
    assert all(f.exists() for f in files)


def test_a_long_article_is_extracted_in_windows_that_point_into_its_text(
        store, extractor, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join(texts * 2), encoding="utf-8")  # 36 KB: two windows
    report = ingest_paths(store, extractor, [long])
    assert report.added == [str(long)]
    stored = store.db.conn.execute(
        "SELECT s.quote, s.content_start, s.content_end, a.text FROM statements s"
        " JOIN articles a ON a.id = s.article_id").fetchall()
    assert len(stored) >= 2 * 20
    # Each quote is the text at its offsets (on one line, a cue clause inside it left out).
    assert all(set(re.findall(r"\w+", quote)) <= set(re.findall(r"\w+", text[start:end]))
               for quote, start, end, text in stored)
    assert sum(" ".join(text[start:end].split()) == quote
               for quote, start, end, text in stored) > len(stored) * 0.8
    rutte = [a for a in store.actors() if "Rutte" in a.name]
    assert [a.name for a in rutte] == ["Mark Rutte"]


def test_a_changed_file_is_a_new_version_of_the_same_article(store, extractor, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    story = inbox / "story.txt"
    first = SEED_FILES[0].read_text(encoding="utf-8")
    story.write_text(first, encoding="utf-8")
    assert len(ingest_paths(store, extractor, [inbox]).added) == 1
    [before] = store.recent_articles()

    second = first + ('\n"We will not sign a deal that gives away our land," Volodymyr '
                      "Zelenskyy told reporters in Kyiv on Wednesday.\n")
    story.write_text(second, encoding="utf-8")
    report = ingest_paths(store, extractor, [inbox])
    assert report.revised == [str(story)] and report.added == []
    [after] = store.recent_articles()
    assert after.id == before.id and store.article_count() == 1
    assert after.statement_count == before.statement_count + 1
    assert store.statement_count() == after.statement_count  # replaced, not doubled
    [revision] = store.article_revisions(after.id)
    assert (revision["old_statements"], revision["new_statements"]) == \
        (before.statement_count, after.statement_count)

    story.write_text(first, encoding="utf-8")  # edited back
    assert ingest_paths(store, extractor, [inbox]).revised == [str(story)]
    assert store.statement_count() == before.statement_count
    assert len(store.article_revisions(after.id)) == 2
