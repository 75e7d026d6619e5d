"""Feed documents into entries (feedparser), and OPML in and out."""

from __future__ import annotations

import pytest

from briefbot.feeds.opml import OpmlError, read_opml, write_opml
from briefbot.feeds.parse import FeedError, html_to_text, parse_feed
from tests.fakes.feed_server import atom, page, rss, summary_feed

BASE = "http://127.0.0.1:1"


def test_rss_2_with_full_content():
    feed = parse_feed(rss(BASE).encode(), BASE + "/rss.xml")
    assert feed.title == "Example Wire" and len(feed.entries) == 2
    first = feed.entries[0]
    assert first.guid.endswith("seed-1") and first.link == BASE + "/full/1"
    assert first.published == "2026-02-12" and first.is_full_text
    assert "\n" in first.text and "<p>" not in first.text  # paragraphs, not markup


def test_atom_with_html_content():
    [entry] = parse_feed(atom(BASE).encode(), BASE + "/atom.xml").entries
    assert entry.guid == "urn:atom-times:3" and entry.authors == ("Ann Writer",)
    assert entry.is_full_text and entry.link == BASE + "/atom/3"


def test_a_summary_only_entry_is_not_full_text():
    entries = parse_feed(summary_feed(BASE).encode(), BASE + "/summary.xml").entries
    assert [e.is_full_text for e in entries] == [False, False]


@pytest.mark.parametrize("body, reason", [
    (bytes(range(256)) * 8, "no RSS or Atom"),
    (page(4).encode(), "serves a web page"),
    (b"", "the answer was empty"),
])
def test_what_is_not_a_feed_says_what_it_is(body, reason):
    with pytest.raises(FeedError, match=reason):
        parse_feed(body, BASE + "/x")


def test_html_fragments_become_lines_of_text():
    assert html_to_text("<p>One.</p><p>Two <b>bold</b>.</p>") == "One.\nTwo bold."
    assert html_to_text("plain\n\n text") == "plain\ntext"


def test_opml_round_trip_and_refusals():
    text = write_opml([("https://a.example/rss", "A & B"), ("https://b.example/atom", None)])
    assert read_opml(text) == [read_opml(text)[0], read_opml(text)[1]]
    feeds = read_opml(text.encode())
    assert [(f.url, f.title) for f in feeds] == [("https://a.example/rss", "A & B"),
                                                  ("https://b.example/atom",
                                                   "https://b.example/atom")]
    nested = ('<opml version="1.0"><body><outline text="News"><outline text="C" '
              'xmlUrl="https://c.example/feed"/><outline text="not a feed"/></outline>'
              '</body></opml>')
    assert [f.url for f in read_opml(nested)] == ["https://c.example/feed"]
    with pytest.raises(OpmlError, match="not an OPML file"):
        read_opml("<rss></rss>")
    with pytest.raises(OpmlError, match="not an OPML file"):
        read_opml("not xml at all")
