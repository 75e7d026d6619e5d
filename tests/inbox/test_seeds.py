"""The five seed articles: metadata as the gold expects, boilerplate gone, statements kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefbot.inbox import find_article_files, read_article
from tests.conftest import SEEDS_GOLD

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD_PATH = SEEDS_GOLD

pytestmark = pytest.mark.skipif(not GOLD_PATH.exists(), reason="seeds gold not available")


def norm(text: str) -> str:
    """As score_seeds.py: curly quotes straight, whitespace collapsed, case folded."""
    for curly, straight in (("\u201c", '"'), ("\u201d", '"'), ("\u2019", "'"), ("\u2018", "'")):
        text = text.replace(curly, straight)
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def seeds() -> dict:
    return {path.name: read_article(path) for path in find_article_files([SEEDS])}


EXPECTED = {
    # No headline in the file: no title (a first sentence would repeat the quote in answers).
    "000_5f57e6e110d2c8e2.txt": {
        "outlet": "Newsmax", "authors": ("Solange Reyner",), "title": None,
    },
    "001_6cd02a9f49007a16.txt": {
        "outlet": "UNN",
        "authors": ("Andrii Tymoshchenkov",),
        "published": "2026-02-12",
        "title": "The US will pressure Russia and play a key role in supporting Ukraine"
        " - NATO Secretary General Rutte",
    },
    "002_447384b096877ca4.txt": {
        "outlet": None,
        "authors": (),
        "title": "Trump questions Ukraine\u2019s NATO bid and opens the door for negotiations"
        " with Putin",
    },
    "003_4cf28d3b19182508.txt": {"outlet": "The Moscow Times", "authors": (), "title": None},
    "004_48c2baae6a70484d.txt": {"outlet": "Newsmax", "authors": (), "title": None},
}


def test_all_five_seeds_are_found(seeds):
    assert sorted(seeds) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_metadata(seeds, name):
    article = seeds[name]
    for field, value in EXPECTED[name].items():
        assert getattr(article, field) == value, field
    assert article.source_format == "txt"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_metadata_matches_gold(seeds, gold, name):
    article, wanted = seeds[name], gold[name]
    assert article.outlet == wanted["outlet"]
    assert article.authors == ((wanted["author"],) if wanted["author"] else ())
    if "date" in wanted:
        assert article.published == wanted["date"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_body_keeps_offsets(seeds, name):
    article = seeds[name]
    original = (SEEDS / name).read_bytes().decode("utf-8")
    assert article.text == original
    assert len(article.body) == len(article.text)
    assert [i for i, ch in enumerate(article.text) if ch == "\n"] == [
        i for i, ch in enumerate(article.body) if ch == "\n"
    ]
    assert all(b == " " or b == t for t, b in zip(article.text, article.body, strict=True))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_boilerplate_is_blanked(seeds, gold, name):
    body = norm(seeds[name].body)
    for junk in gold[name]["not_statements"]:
        assert norm(junk) not in body


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_statements_survive(seeds, gold, name):
    body = norm(seeds[name].body)
    for statement in gold[name]["statements"] + gold[name]["optional"]:
        assert norm(statement["contains"]) in body


def test_byline_authors_are_not_left_in_the_body(seeds):
    assert "Solange Reyner" not in seeds["000_5f57e6e110d2c8e2.txt"].body
    assert "Tymoshchenkov" not in seeds["001_6cd02a9f49007a16.txt"].body


def test_seed_001_page_furniture_is_blanked(seeds):
    body = seeds["001_6cd02a9f49007a16.txt"].body
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    for furniture in ("Details", "Recall", "Kyiv\xa0•\xa0UNN", "Sanctions", "War in Ukraine"):
        assert furniture not in lines
    assert "Mark Rutte" not in lines  # the tag, while the name in sentences stays
    assert "Mark Rutte summarized" in body
    headline = EXPECTED["001_6cd02a9f49007a16.txt"]["title"]
    assert body.count(headline) == 0  # the headline is the title, not article text


def test_seed_002_image_markdown_and_pipes_are_blanked(seeds):
    body = seeds["002_447384b096877ca4.txt"].body
    assert "![" not in body and "|" not in body
    assert "Suggests Ukraine Should Stay Out of NATO" not in body  # a table cell's heading
    assert "negotiations with Putin" not in body  # the headline, kept as the title


def test_seed_003_appeal_is_blanked_but_story_kept(seeds):
    body = seeds["003_4cf28d3b19182508.txt"].body
    assert "Dear readers" not in body and "Message from" not in body
    assert "His comments during the NATO defense ministerial" in body
