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
