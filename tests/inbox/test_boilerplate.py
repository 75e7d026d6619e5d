"""Boilerplate blanking and plain-text metadata on invented articles in other outlets' styles."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.inbox import read_article
from briefbot.inbox.boilerplate import blank_spans, find_boilerplate
from briefbot.inbox.metadata import guess_title, normalise_date, split_authors

DATA = Path(__file__).parent.parent / "data" / "inbox"


def body_lines(article) -> list[str]:
    return [line.strip() for line in article.body.splitlines() if line.strip()]


def test_ap_style_byline_credits_and_copyright():
    article = read_article(DATA / "lisbon_ap_byline.txt")
    assert article.title == "Port workers end strike after pension deal"
    assert article.authors == ("Jane Doe", "Tom Lee")
    assert article.outlet == "The Associated Press"
    assert article.published == "2026-03-03"
    for junk in ("By Jane Doe", "Published:", "contributed to this report", "All rights"):
        assert junk not in article.body
    assert "LISBON, Portugal (AP) — Dock workers in Lisbon ended" in article.body
    assert "“This is a fair result for families who have waited too long,”" in article.body


def test_unn_style_page_furniture_and_tags():
    article = read_article(DATA / "lviv_unn_tags.md")
    assert article.title == "Mayor says city heating will hold through the cold snap"
    assert article.outlet == "Kyiv Daily"
    assert article.authors == ("Olena Marchenko",)
    assert article.published == "2026-01-20"
    lines = body_lines(article)
    for junk in ("Lviv • Kyiv Daily", "• 1.2K views", "Context", "Energy", "Winter", "Lviv"):
        assert junk not in lines
    assert "€12" not in article.body and "![" not in article.body
    assert "Olena Marchenko" not in article.body
    assert lines[-1].startswith("He added that residents should expect short")
    assert "Lviv Mayor Andriy Sadovyi said on Tuesday" in article.body


def test_donation_appeal_with_another_outlet_and_button():
    article = read_article(DATA / "riga_appeal.txt")
    assert article.outlet == "The Riga Herald"
    assert article.title.startswith("Latvia's foreign minister on Wednesday called")  # no RIGA —
    for junk in ("A Note from", "Dear readers", "monthly donation", "Maybe later"):
        assert junk not in article.body
    assert "the minister said at a press conference" in article.body


def test_newsmax_style_envelope_byline_and_bio(tmp_path):
    story = (
        "Senators on Tuesday approved a bill to fund new bridge inspections across the country.\n"
        '"Our bridges are older than most of the people who drive across them," Sen. Ann '
        "Walsh said on the Senate floor.\n"
        "The House is expected to take up the measure next month.\n"
        "Reuters contributed to this report.\n"
        "Peter Quill ✉\n"
        "Peter Quill is a reporter for Example Daily. He covers Congress and transport.\n"
        "© 2026 Example Daily Media, Inc. All rights reserved.\n"
    )
    path = tmp_path / "bridges.txt"
    path.write_text(story, encoding="utf-8")
    article = read_article(path)
    assert article.authors == ("Peter Quill",)
    assert article.outlet == "Example Daily Media"
    assert "Peter Quill" not in article.body and "Reuters" not in article.body
    assert body_lines(article)[-1] == "The House is expected to take up the measure next month."


def test_real_sentences_that_look_like_boilerplate_are_kept(tmp_path):
    story = (
        "Rutte said the alliance would meet again in June to review its air defence plans.\n"
        "Copyright disputes between the two broadcasters have dragged on for years, he noted.\n"
        "The minister, who is a former journalist, said the reporters deserved better access.\n"
        "NATO\n"
        "He said the summit would take place in The Hague, as planned by the members.\n"
    )
    path = tmp_path / "kept.txt"
    path.write_text(story, encoding="utf-8")
    article = read_article(path)
    assert "Copyright disputes between the two broadcasters" in article.body
    assert "who is a former journalist" in article.body
    assert "NATO\n" not in article.body  # a lone label between paragraphs goes
    assert article.authors == ()


def test_blank_spans_keeps_line_breaks_and_length():
    text = "ab\r\ncd\nef"
    assert blank_spans(text, [(0, 10)]) == "  \r\n  \n  "
    assert blank_spans(text, [(1, 5)]) == "a \r\n d\nef"


def test_inline_image_markdown_and_trailing_pipes():
    text = "Intro ![alt](http://x/y.png) text.\nA longer headline here |\n![]() |\nThe end.\n"
    found = find_boilerplate(text)
    body = blank_spans(text, found.spans)
    assert len(body) == len(text)
    assert "![" not in body and "|" not in body
    assert "Intro" in body and "text." in body and "A longer headline here" in body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-12", "2026-02-12"),
        ("2026-02-12T23:10:00+02:00", "2026-02-12"),
        ("Thu, 12 Feb 2026 10:00:00 +0000", "2026-02-12"),
        ("Thu, Feb 12, 2026 at 10:05 AM", "2026-02-12"),
        ("February 12th, 2026", "2026-02-12"),
        ("12 Sept 2026", "2026-09-12"),
        ("2026/13/45", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_split_authors():
    assert split_authors("By Jane Doe and Tom Lee") == ("Jane Doe", "Tom Lee")
    assert split_authors(["A. Writer", "A. Writer", 7]) == ("A. Writer",)
    assert split_authors("Koval; Martin") == ("Koval", "Martin")
    assert split_authors(None) == ()


def test_guess_title():
    assert guess_title("\n\nShort headline here\nBody text follows here.") == "Short headline here"
    long_first = (
        "U.S. officials said on Monday that the talks, which began in Geneva last week, would "
        "continue through the weekend and possibly into next month. More text follows."
    )
    title = guess_title(long_first)
    assert title.startswith("U.S. officials said on Monday") and title.endswith("…")
    assert len(title) <= 101
    assert guess_title("   \n ") is None
    assert guess_title("## Markdown headline\n\nText.") == "Markdown headline"
