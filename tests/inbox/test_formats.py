"""Each inbox format and text encoding reads into an Article whose offsets point into `text`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefbot.inbox import SUPPORTED_SUFFIXES, read_article

DATA = Path(__file__).parent.parent / "data" / "inbox"

STORY = (
    "Élysée officials said on Monday that Zelenskyy’s visit to Paris would go ahead.\r\n"
    "“We are ready to receive him,” a spokeswoman said, adding that the talks would cover "
    "air defence, reconstruction and the café-owners’ relief fund.\r\n"
    "The French president’s office gave no further details about the programme.\r\n"
)


def assert_offsets_valid(article, original: str) -> None:
    assert article.text == original
    assert len(article.body) == len(article.text)
    for i, (t, b) in enumerate(zip(article.text, article.body, strict=True)):
        assert b == t or (b == " " and t not in "\r\n"), i


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm", ".eml", ".json")


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_text_encodings_read_correctly(tmp_path, encoding):
    path = tmp_path / f"story-{encoding}.txt"
    path.write_bytes(STORY.encode(encoding))
    article = read_article(path)
    assert_offsets_valid(article, STORY)
    assert "Zelenskyy’s" in article.body and "Élysée" in article.body
    assert article.source_format == "txt"


def test_latin1_text_reads_correctly(tmp_path):
    story = STORY.replace("’", "'").replace("“", '"').replace("”", '"')  # Latin-1 has no curly
    path = tmp_path / "latin1.md"
    path.write_bytes(story.encode("latin-1"))
    article = read_article(path)
    assert_offsets_valid(article, story)
    assert "Élysée" in article.text and "café" in article.text
    assert article.source_format == "md"


def test_crlf_is_kept_in_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(STORY.encode("utf-8"))
    assert "\r\n" in read_article(path).text


def test_same_article_resaved_hashes_the_same(tmp_path):
    lf = tmp_path / "lf.txt"
    crlf = tmp_path / "crlf.txt"
    padded = tmp_path / "padded.md"
    unix = STORY.replace("\r\n", "\n")
    lf.write_text(unix, encoding="utf-8", newline="")
    crlf.write_bytes(STORY.encode("cp1252"))
    padded.write_text(unix.replace("\n", "   \n") + "\n\n\n", encoding="utf-16", newline="")
    hashes = {read_article(p).content_hash for p in (lf, crlf, padded)}
    assert len(hashes) == 1
    assert len(hashes.pop()) == 64


def test_hash_keeps_case_and_ignores_boilerplate(tmp_path):
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text(STORY, encoding="utf-8")
    b.write_text(STORY + "© 2026 Example News. All rights reserved.\n", encoding="utf-8")
    c.write_text(STORY.upper(), encoding="utf-8")
    assert read_article(a).content_hash == read_article(b).content_hash
    assert read_article(a).content_hash != read_article(c).content_hash


def test_html_goes_through_trafilatura():
    article = read_article(DATA / "harbour_ap.html")
    assert article.source_format == "html"
    assert article.title == "Harbour talks resume in Valletta"
    assert article.outlet == "Coastline News"
    assert article.authors == ("Maria Borg",)
    assert article.published == "2026-03-04"
    assert article.url == "https://coastline.example/world/harbour-talks"
    assert "“We are closer than we have been in months,” said Joseph Camilleri" in article.body
    for page_furniture in ("Most read", "Storm hits Gozo ferry", "<p>", "Home"):
        assert page_furniture not in article.text
    assert len(article.body) == len(article.text)


def test_htm_suffix_is_html(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes((DATA / "harbour_ap.html").read_bytes())
    assert read_article(path).source_format == "html"


def test_forwarded_email():
    article = read_article(DATA / "forwarded_article.eml")
    assert article.source_format == "eml"
    assert article.title == "Harbour talks resume in Valletta"  # forwarded Subject, no "Fwd:"
    assert article.published == "2026-03-04"  # the forwarded Date, not the forwarding one
    for header in ("Forwarded message", "From:", "Subject:", "Date:", "Thought the team"):
        assert header not in article.body
    assert "“We are closer than we have been in months,” said Joseph Camilleri" in article.body
    assert article.text.index("VALLETTA") == article.body.index("VALLETTA")


def test_forwarded_email_with_crlf_line_ends(tmp_path):
    path = tmp_path / "crlf.eml"
    path.write_bytes((DATA / "forwarded_article.eml").read_bytes().replace(b"\n", b"\r\n"))
    article = read_article(path)
    assert article.published == "2026-03-04" and "Forwarded message" not in article.body
    assert article.content_hash == read_article(DATA / "forwarded_article.eml").content_hash


def test_email_html_part_goes_through_trafilatura(tmp_path):
    html = (DATA / "harbour_ap.html").read_text(encoding="utf-8")
    path = tmp_path / "html-only.eml"
    path.write_text(
        "From: alerts@coastline.example\nSubject: FW: Harbour talks\n"
        "Date: Wed, 04 Mar 2026 09:30:00 +0000\nMIME-Version: 1.0\n"
        'Content-Type: text/html; charset="utf-8"\n\n' + html,
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.source_format == "eml"
    assert "said Joseph Camilleri" in article.body and "<p>" not in article.text
    assert article.published == "2026-03-04"


def test_plain_email_without_forward_uses_its_own_headers(tmp_path):
    path = tmp_path / "direct.eml"
    body = STORY.replace("\r\n", "\n")
    path.write_text(
        "From: desk@example.org\nSubject: Fwd: Fw: Paris visit confirmed\n"
        "Date: Mon, 02 Feb 2026 10:00:00 +0100\n"
        'Content-Type: text/plain; charset="utf-8"\n\n' + body,
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.title == "Paris visit confirmed"
    assert article.published == "2026-02-02"
    assert article.body.strip() == body.strip()


def test_json_article():
    article = read_article(DATA / "kyiv_summit.json")
    assert article.source_format == "json"
    assert article.title == "Zelenskyy’s envoy meets EU ministers in Brussels"
    assert article.outlet == "Example Wire"
    assert article.authors == ("Iryna Koval", "Pierre Martin")
    assert article.published == "2026-02-27"
    assert article.url == "https://example.net/world/envoy-brussels"
    data = json.loads((DATA / "kyiv_summit.json").read_text(encoding="utf-8"))
    assert_offsets_valid(article, data["text"])


def test_json_author_as_string(tmp_path):
    path = tmp_path / "one.json"
    text = STORY.replace("\r\n", "\n")
    path.write_text(json.dumps({"text": text, "author": "By Anne Roux", "published": "x"}))
    article = read_article(path)
    assert article.authors == ("Anne Roux",)
    assert article.published is None  # unparseable dates are dropped, not guessed
    assert article.title is None  # no "title" field and no headline line: no title


def test_path_is_kept_as_given(tmp_path):
    path = tmp_path / "given.txt"
    path.write_text(STORY, encoding="utf-8")
    assert read_article(str(path)).path == str(path)
