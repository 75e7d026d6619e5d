"""A feed document (RSS 0.9x-2.0, RSS 1.0, Atom) into entries, by feedparser.

feedparser is lenient: it reads broken feeds as well as it can and flags them (`bozo`). A
document is refused as "not a feed" only when feedparser found no feed in it at all, so one
stray ampersand does not cost a newsroom its feed.

An entry carries its full text when its content (or, in many RSS feeds, its description) holds
at least `FULL_TEXT_WORDS` words; otherwise it is a summary and the page at its link is fetched.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

import feedparser
import lxml.html

from briefbot.inbox.metadata import normalise_date
from briefbot.models import Problem

FULL_TEXT_WORDS = 150


class FeedError(Problem):
    """A document that is not a feed: `code` says what it looked like instead, `reason` that
    in words (templates/problems.j2)."""

    @property
    def reason(self) -> str:
        return str(self)


@dataclass(frozen=True)
class FeedEntry:
    guid: str  # the entry's id, else its link, else a hash of title and text
    link: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    authors: tuple[str, ...]
    text: str  # plain text of the entry's content or summary, paragraphs on their own lines

    @property
    def is_full_text(self) -> bool:
        return len(self.text.split()) >= FULL_TEXT_WORDS


@dataclass
class ParsedFeed:
    title: str | None
    link: str | None
    entries: list[FeedEntry] = field(default_factory=list)


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a fetched document; FeedError when it is not a feed."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # A stream, never a string: feedparser would fetch a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        raise _not_a_feed(body, parsed.get("bozo_exception"))
    feed = parsed.feed
    return ParsedFeed(
        title=(feed.get("title") or "").strip() or None,
        link=feed.get("link"),
        entries=[_entry(e) for e in parsed.entries],
    )


def _not_a_feed(body: bytes, error: object) -> FeedError:
    head = body[:512].lstrip().lower()
    if not head:
        return FeedError("feed_empty")
    if head.startswith((b"<!doctype html", b"<html")):
        return FeedError("feed_is_html")
    return FeedError("feed_not_rss", detail=str(error) if error else "")


def _entry(entry) -> FeedEntry:
    html = ""
    for content in entry.get("content") or []:
        if len(content.get("value", "")) > len(html):
            html = content["value"]
    summary = entry.get("summary") or ""
    if len(summary) > len(html):
        html = summary
    text = html_to_text(html)
    title = (entry.get("title") or "").strip() or None
    link = entry.get("link") or None
    guid = entry.get("id") or link or hashlib.sha256(
        f"{title}\n{text}".encode()).hexdigest()
    authors = tuple(a.get("name", "").strip() for a in entry.get("authors") or []
                    if a.get("name", "").strip())
    if not authors and entry.get("author"):
        authors = (entry["author"].strip(),)
    published = entry.get("published") or entry.get("updated")
    return FeedEntry(guid=guid, link=link, title=title, published=normalise_date(published),
                     authors=authors, text=text)


def html_to_text(html: str) -> str:
    """The text of an HTML fragment (feed content), one paragraph a line; plain text as is.
    (A fragment is not a page: lxml reads every text node, where trafilatura would look for
    a page's main part.)"""
    if "<" not in html:
        return "\n".join(line.strip() for line in html.splitlines() if line.strip())
    return _plain(html)


def _plain(html: str) -> str:
    """Every text node of the fragment; block elements end a line."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml refuses some broken fragments; their text is still wanted
        return " ".join(html.split())
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//h4|//blockquote"):
        block.tail = "\n" + (block.tail or "")
        if block.tag != "br":
            block.text = "\n" + (block.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
