"""OPML, the file every feed reader imports and exports: a list of feed subscriptions.

Only `outline` elements with an `xmlUrl` are feeds; folders (outlines that hold outlines) are
walked through and their names dropped. Python's expat refuses entity expansion bombs, so a
hostile file costs an error message, not memory.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from briefbot.models import Problem


class OpmlError(Problem, ValueError):
    """A file that is not OPML, with the reason."""


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    title: str | None = None


def read_opml(data: bytes | str) -> list[OpmlFeed]:
    """The feeds listed in an OPML document, in order, each URL once."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise OpmlError("opml_unparsable", detail=str(error)) from error
    if root.tag.lower() != "opml":
        raise OpmlError("opml_root", tag=root.tag)
    feeds: dict[str, OpmlFeed] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url.startswith(("http://", "https://")):
            title = (outline.get("title") or outline.get("text") or "").strip() or None
            feeds.setdefault(url, OpmlFeed(url, title))
    return list(feeds.values())


def write_opml(feeds: list[tuple[str, str | None]], title: str = "briefbot feeds") -> str:
    """(url, title) pairs as an OPML 2.0 document."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_text(title)}</title></head>", "  <body>"]
    for url, name in feeds:
        label = quoteattr(name or url)
        lines.append(f'    <outline type="rss" text={label} title={label} '
                     f"xmlUrl={quoteattr(url)}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
