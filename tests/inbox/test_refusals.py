"""Bad input is refused with RefusedArticle and a reason a user can act on, never a crash."""

from __future__ import annotations

import json

import pytest

from briefbot.inbox import read_article
from briefbot.models import RefusedArticle

ARTICLE = (
    "The city council voted on Tuesday to extend the tram line to the airport. "
    '"This is the project our residents asked for," the mayor said after the vote, '
    "adding that construction would begin next spring and take about three years.\n"
)


def refusal(tmp_path, name: str, content: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(RefusedArticle) as caught:
        read_article(path)
    assert caught.value.path == str(path)
    return caught.value.reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", " \n\t\r\n  \n", "whitespace"),
        ("nul.txt", b"Some text\x00\x01\x02\x00\xff\xfe\x00binary\x00junk" * 20, "binary"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("archive.md", b"PK\x03\x04\x14\x00\x00\x00" + b"x" * 40, "zip"),
        ("picture.jpg", b"\xff\xd8\xff\xe0", "unsupported file type '.jpg'"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
        ("README", ARTICLE, "without a suffix"),
        ("list.json", "[1, 2, 3]", "not an object"),
        ("notext.json", json.dumps({"title": "A headline", "body": ARTICLE}), "no 'text'"),
        ("numbertext.json", json.dumps({"text": 42}), "no 'text'"),
        ("broken.json", '{"text": "unterminated', "not valid JSON"),
        ("short.txt", "The minister said the talks went well.\n", "only 7 words"),
        ("nosentence.txt", " ".join(["Sanctions", "NATO", "Ukraine"] * 12), "no sentence"),
        ("nav.html", "<html><body><nav>Home</nav></body></html>", "not an article"),
        ("empty.htm", "<html><body></body></html>", "no article text"),
        ("nobody.eml", "Subject: hi\nContent-Type: image/png\n\nxxxx", "no text or HTML"),
    ],
)
def test_refusal_reasons(tmp_path, name, content, reason):
    assert reason in refusal(tmp_path, name, content)


def test_only_boilerplate_is_not_an_article(tmp_path):
    content = "By Jane Doe\n© 2026 Example News. All rights reserved.\n• 12 views\n"
    assert "not an article" in refusal(tmp_path, "furniture.txt", content)


def test_undecodable_bytes_are_refused(tmp_path, monkeypatch):
    import charset_normalizer

    class NoMatch:
        def best(self):
            return None

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda raw: NoMatch())
    assert "undecodable" in refusal(tmp_path, "mojibake.txt", b"\xc3\x28\x81" * 30)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(RefusedArticle, match="cannot read"):
        read_article(tmp_path / "gone.txt")


def test_folder_with_article_suffix_is_refused(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(RefusedArticle):
        read_article(tmp_path / "folder.txt")


def test_cp1251_cyrillic_is_not_read_as_cp1252(tmp_path):
    text = (
        "Президент України заявив у вівторок, що переговори з партнерами тривають. "
        "«Ми очікуємо рішення найближчим часом», — сказав він журналістам у Києві після "
        "зустрічі з міністрами закордонних справ країн Європейського Союзу та НАТО.\n"
    )
    path = tmp_path / "kyiv.txt"
    path.write_bytes(text.encode("cp1251"))
    assert read_article(path).text == text
