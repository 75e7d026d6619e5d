"""find_article_files: folders walked, hidden and temporary files skipped, sorted."""

from __future__ import annotations

from pathlib import Path

from briefbot.inbox import find_article_files


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_walks_folders_sorted_and_skips_hidden_and_temp_files(tmp_path):
    touch(
        tmp_path,
        "b.txt",
        "a.html",
        "sub/deeper/c.json",
        "sub/d.eml",
        "photo.jpg",
        ".refused/old.txt",
        ".DS_Store",
        "sub/.hidden.md",
        "draft.txt~",
        "download.html.part",
        "upload.tmp",
        ".e.txt.swp",
        "f.md.swp",
        "~$report.txt",
    )
    found = find_article_files([tmp_path])
    names = [p.relative_to(tmp_path).as_posix() for p in found]
    # Unsupported suffixes are listed so that read_article can tell the user why it refuses.
    assert names == ["a.html", "b.txt", "photo.jpg", "sub/d.eml", "sub/deeper/c.json"]


def test_files_and_folders_mixed_without_duplicates(tmp_path):
    touch(tmp_path, "inbox/one.txt", "inbox/two.md", "loose.txt", "loose.txt~")
    found = find_article_files(
        [str(tmp_path / "loose.txt"), tmp_path / "inbox", tmp_path / "inbox" / "one.txt"]
    )
    assert found == sorted(
        [tmp_path / "inbox" / "one.txt", tmp_path / "inbox" / "two.md", tmp_path / "loose.txt"]
    )
    assert find_article_files([tmp_path / "loose.txt~"]) == []


def test_hidden_root_given_explicitly_is_still_walked(tmp_path):
    touch(tmp_path, ".inbox/a.txt")
    assert find_article_files([tmp_path / ".inbox"]) == [tmp_path / ".inbox" / "a.txt"]


def test_empty_input_and_missing_paths(tmp_path, caplog):
    touch(tmp_path, "here.txt")
    assert find_article_files([]) == []
    assert find_article_files([tmp_path / "gone.txt", tmp_path / "here.txt"]) == [
        tmp_path / "here.txt"
    ]
    assert "gone.txt" in caplog.text
