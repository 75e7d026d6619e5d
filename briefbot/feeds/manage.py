"""Adding, listing and removing feeds: what `/briefbot feed ...`, `briefbot feeds ...` and the
config file's `[[feeds]]` all do, in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefbot.feeds.opml import OpmlFeed
from briefbot.models import FeedRow

DEFAULT_INTERVAL_MINUTES = 30
# Slack sends a URL typed in a slash command as <https://x.example/rss> or <https://...|label>.
_SLACK_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class FeedList:
    feeds: list[FeedRow]


@dataclass(frozen=True)
class FeedChange:
    """`change`: "added", "exists", "removed", "not_found", "bad_url", "usage" or "in_config"
    (a feed of the config file: removed there, not here)."""

    change: str
    feed: FeedRow | None = None
    typed: str = ""


def feed_url(typed: str) -> str | None:
    """The http(s) URL a person typed (Slack's <url|label> form too), or None."""
    text = typed.strip()
    link = _SLACK_LINK.match(text)
    url = (link.group(1) if link else text).replace("&amp;", "&")
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def add_feed(store, typed: str, outlet: str | None = None,
             interval_minutes: int = DEFAULT_INTERVAL_MINUTES, origin: str = "command",
             added_by: str | None = None) -> FeedChange:
    url = feed_url(typed)
    if url is None:
        return FeedChange("bad_url", typed=typed)
    feed, created = store.add_feed(url, outlet, interval_minutes, origin, added_by)
    return FeedChange("added" if created else "exists", feed, typed)


def remove_feed(store, typed: str) -> FeedChange:
    number = typed.strip().lstrip("#")
    if not number.isdigit():
        return FeedChange("usage", typed=typed)
    feed = store.feed(int(number))
    if feed is None:
        return FeedChange("not_found", typed=typed)
    if feed.origin == "config":
        return FeedChange("in_config", feed, typed)
    store.remove_feed(feed.id)
    return FeedChange("removed", feed, typed)


def sync_config_feeds(store, feeds) -> None:
    """The config file's `[[feeds]]` into the store (added, or their interval and outlet
    brought up to date); feeds added by command or OPML are left alone."""
    for feed in feeds:
        store.add_feed(feed.url, feed.outlet, feed.interval_minutes, origin="config")


def import_opml(store, feeds: list[OpmlFeed], added_by: str | None = None) -> list[FeedChange]:
    return [add_feed(store, f.url, None, origin="opml", added_by=added_by) for f in feeds]
