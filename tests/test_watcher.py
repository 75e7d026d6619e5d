"""The inbox watcher on a real folder: files arrive, get ingested, bad ones move aside."""

import shutil
import time

from briefbot.store import Store
from briefbot.watcher import InboxWatcher

from .conftest import SEEDS


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_watcher_ingests_arrivals_and_refuses_junk(tmp_path, extractor):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEEDS / "000_5f57e6e110d2c8e2.txt", inbox)  # waiting before the start
    store = Store(tmp_path / "b.db")
    watcher = InboxWatcher(store, extractor, inbox, settle_seconds=0.2, poll_seconds=1).start()
    try:
        assert wait_for(lambda: store.article_count() == 1)
        shutil.copy(SEEDS / "001_6cd02a9f49007a16.txt", inbox / "new.txt")
        (inbox / "binary.txt").write_bytes(bytes(range(256)) * 4)
        (inbox / "empty.md").write_text("   \n")
        assert wait_for(lambda: store.article_count() == 2)
        assert wait_for(lambda: (inbox / ".refused" / "binary.txt.reason").exists())
        assert wait_for(lambda: (inbox / ".refused" / "empty.md.reason").exists())
        assert not (inbox / "binary.txt").exists()
        assert (inbox / ".refused" / "binary.txt").read_bytes() == bytes(range(256)) * 4
        assert (inbox / ".refused" / "empty.md.reason").read_text().strip()
        # The same article again under another name adds nothing and is not refused.
        shutil.copy(SEEDS / "000_5f57e6e110d2c8e2.txt", inbox / "again.txt")
        time.sleep(2.5)
        assert store.article_count() == 2
        assert (inbox / "again.txt").exists()
    finally:
        watcher.stop()


def test_a_refused_name_that_exists_is_not_overwritten(tmp_path):
    from briefbot.watcher import move_refused

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(2):
        bad = inbox / "bad.txt"
        bad.write_text(f"junk {n}")
        move_refused(inbox, bad, f"reason {n}")
    refused = sorted(p.name for p in (inbox / ".refused").iterdir())
    assert refused == ["bad.1.txt", "bad.1.txt.reason", "bad.txt", "bad.txt.reason"]


def test_a_bad_file_name_is_refused_once_and_the_neighbours_are_stored(tmp_path, extractor,
                                                                       caplog):
    """Issue 11, case 1, under the watcher: the file moves to .refused, the scan is not
    retried for ever, and the good files beside it are stored."""
    caplog.set_level("WARNING")
    import os
    from pathlib import Path

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt"))[:3]):
        shutil.copy(seed, inbox / f"good{i}.txt")
    bad = Path(os.fsdecode(os.fsencode(inbox) + b"/Li\xe8ge.txt"))
    shutil.copy(SEEDS / "004_48c2baae6a70484d.txt", bad)
    store = Store(tmp_path / "b.db")
    watcher = InboxWatcher(store, extractor, inbox, settle_seconds=0.2, poll_seconds=0.5).start()
    try:
        assert wait_for(lambda: store.article_count() == 3 and not bad.exists())
        refused = os.fsencode(inbox / ".refused")
        assert sorted(os.listdir(refused)) == [b"Li\xe8ge.txt", b"Li\xe8ge.txt.reason"]
        time.sleep(2)  # four polls: nothing is left to read, so nothing is read again
        assert "inbox scan failed" not in caplog.text
        assert caplog.text.count("refused ") == 1
    finally:
        watcher.stop()


def test_a_file_is_read_once_its_writer_has_closed_it(tmp_path, extractor):
    """Issue 11, case 3: a writer that pauses longer than the settle time while it keeps the
    file open, and one that reopens it for each chunk, each make one article of their file."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    store = Store(tmp_path / "b.db")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:2]]
    watcher = InboxWatcher(store, extractor, inbox, settle_seconds=0.4, poll_seconds=30).start()
    try:
        with open(inbox / "held-open.txt", "w", encoding="utf-8") as held:
            for k in range(4):
                held.write(texts[0][k * len(texts[0]) // 4:(k + 1) * len(texts[0]) // 4])
                held.flush()
                time.sleep(1.0)  # longer than the settle time
            assert store.article_count() == 0
        for k in range(4):
            with open(inbox / "reopened.txt", "a", encoding="utf-8") as chunk:
                chunk.write(texts[1][k * len(texts[1]) // 4:(k + 1) * len(texts[1]) // 4])
            time.sleep(0.1)  # shorter than the settle time
        assert wait_for(lambda: store.article_count() == 2)
        time.sleep(1.5)
        assert store.article_count() == 2
        reference = Store(tmp_path / "reference.db")
        from briefbot.ingest import ingest_paths

        ingest_paths(reference, extractor, [inbox])
        assert store.statement_count() == reference.statement_count() > 10

        # Editing a stored file makes a new version of its article, not a second article.
        with open(inbox / "reopened.txt", "a", encoding="utf-8") as more:
            more.write('\n"We are ready to talk," Mark Rutte told reporters on Friday.\n')
        [reopened] = [a for a in store.recent_articles() if a.path.endswith("reopened.txt")]
        assert wait_for(lambda: store.article_revisions(reopened.id))
        assert store.article_count() == 2
    finally:
        watcher.stop()
