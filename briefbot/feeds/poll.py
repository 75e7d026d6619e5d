"""Polling feeds into the store: fetch (conditional), parse, turn entries into articles, ingest.

Each feed is polled on its own and nothing it does reaches the others: a feed that is down,
slow, loops its redirects or serves garbage records its error (App Home and `feeds list` show
it) and is polled again later, `interval * 2^failures` minutes later, at most a day; the other
feeds go on. Feeds are fetched a few at a time (one request at a time per host, `fetch`), the
extraction of their entries one at a time (`ingest.ingest_articles`).

An entry is read once: its guid is recorded per feed (an entry whose page could not be fetched
is not recorded, so the next poll tries again), and the same content from another feed or the
inbox is a duplicate by content hash. Near-duplicates (wire copy) are stored and folded
(`briefbot.wire`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from briefbot.feeds.fetch import PAGE_ACCEPT, Fetcher, FetchError
from briefbot.feeds.parse import FeedEntry, FeedError, ParsedFeed, parse_feed
from briefbot.inbox import article_from_parsed
from briefbot.inbox.formats import ParsedFile, parse_html
from briefbot.inbox.metadata import Metadata, clean_outlet
from briefbot.ingest import ingest_articles
from briefbot.models import Article, FeedRow, Problem, RefusedArticle

log = logging.getLogger(__name__)

MAX_BACKOFF_MINUTES = 24 * 60
MAX_ENTRIES_PER_POLL = 50  # a feed that lists a thousand entries is read fifty at a time
FEEDS_AT_ONCE = 4
TICK_SECONDS = 30.0  # how often `briefbot run` looks for feeds that are due


@dataclass
class PollResult:
    feed: FeedRow
    status: str  # "new" | "not modified" | "failed"
    added: int = 0
    duplicates: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (entry, reason)
    error: str | None = None

    def line(self) -> str:
        """One line for `briefbot feeds poll` and the log (phrases.j2 `poll_result`)."""
        from briefbot.templating import phrase

        return phrase("poll_result", self)


class FeedPoller:
    """Polls the store's feeds. Thread-safe; `poll_all` never raises for a feed's fault."""

    def __init__(self, store, extractor, fetcher: Fetcher | None = None,
                 clock: Callable[[], datetime] | None = None, feeds_at_once: int = FEEDS_AT_ONCE):
        self.store = store
        self.extractor = extractor
        self.fetcher = fetcher or Fetcher()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.feeds_at_once = feeds_at_once

    def poll_all(self, only_due: bool = False) -> list[PollResult]:
        now = self._iso(self.clock())
        feeds = self.store.due_feeds(now) if only_due else self.store.feeds()
        if not feeds:
            return []
        with ThreadPoolExecutor(max_workers=min(self.feeds_at_once, len(feeds)),
                                thread_name_prefix="briefbot-feed") as pool:
            return list(pool.map(self.poll_one, feeds))

    def poll_one(self, feed: FeedRow) -> PollResult:
        try:
            return self._poll(feed)
        except Exception as error:  # a bug on one feed's data must not stop the others
            log.exception("feed %s: polling failed", feed.url)
            return self._failed(feed, str(Problem("unreadable", error=type(error).__name__,
                                                  detail=str(error))))

    def _poll(self, feed: FeedRow) -> PollResult:
        try:
            fetched = self.fetcher.get(feed.url, feed.etag, feed.last_modified)
        except FetchError as error:
            return self._failed(feed, error.reason)
        if fetched.not_modified:
            self._succeeded(feed, feed.title, fetched.etag or feed.etag,
                            fetched.last_modified or feed.last_modified)
            return PollResult(feed, "not modified")
        try:
            parsed = parse_feed(fetched.body, fetched.url, fetched.content_type)
        except FeedError as error:
            return self._failed(feed, error.reason)
        result = PollResult(replace(feed, title=parsed.title or feed.title), "new")
        taken: list[tuple[FeedEntry, Article]] = []
        for entry in parsed.entries[:MAX_ENTRIES_PER_POLL]:
            if self.store.feed_entry_seen(feed.id, entry.guid):
                continue
            try:
                taken.append((entry, self.article_for(feed, parsed, entry)))
            except FetchError as error:  # the page is not to be had now: try next poll
                result.skipped.append((entry.link or entry.guid, error.reason))
            except RefusedArticle as refusal:  # never an article: do not fetch it again
                result.skipped.append((entry.link or entry.guid, refusal.reason))
                self.store.record_feed_entry(feed.id, entry.guid, None)
        report = ingest_articles(self.store, self.extractor, [a for _, a in taken])
        for entry, article in taken:
            self.store.record_feed_entry(feed.id, entry.guid, report.ids.get(article.path))
        result.added, result.duplicates = len(report.added), len(report.duplicates)
        result.skipped += report.refused
        self._succeeded(feed, parsed.title, fetched.etag, fetched.last_modified)
        return result

    def article_for(self, feed: FeedRow, parsed: ParsedFeed, entry: FeedEntry) -> Article:
        """The entry as an article: its own text when the feed carries the whole of it, else
        the main text of its page (trafilatura)."""
        given = Metadata(title=entry.title, outlet=clean_outlet(feed.outlet or parsed.title),
                         authors=entry.authors, published=entry.published, url=entry.link)
        path = entry.link or f"feed:{feed.id}:{entry.guid}"
        if entry.is_full_text or not entry.link:
            text = ParsedFile(text=entry.text, source_format="feed")
        else:
            page = self.fetcher.get(entry.link, accept=PAGE_ACCEPT)
            text = parse_html(entry.link, page.body)
            text.source_format = "feed"
        return article_from_parsed(path, text, given)

    def _succeeded(self, feed: FeedRow, title: str | None, etag: str | None,
                   last_modified: str | None) -> None:
        now = self.clock()
        self.store.record_feed_poll(
            feed.id, polled_at=self._iso(now), error=None, title=title, etag=etag,
            last_modified=last_modified,
            next_poll_at=self._iso(now + timedelta(minutes=feed.interval_minutes)))

    def _failed(self, feed: FeedRow, reason: str) -> PollResult:
        now = self.clock()
        wait = min(feed.interval_minutes * 2 ** (feed.failures + 1), MAX_BACKOFF_MINUTES)
        log.warning("feed %s: %s (next try in %d minutes)", feed.url, reason, wait)
        self.store.record_feed_poll(feed.id, polled_at=self._iso(now), error=reason,
                                    next_poll_at=self._iso(now + timedelta(minutes=wait)))
        return PollResult(feed, "failed", error=reason)

    @staticmethod
    def _iso(moment: datetime) -> str:
        return moment.astimezone(UTC).isoformat(timespec="seconds")


class FeedScheduler:
    """`briefbot run`'s feed loop: every TICK_SECONDS, the feeds that are due, on a thread of
    its own so a slow feed never holds up a slash command or a digest."""

    def __init__(self, poller: FeedPoller, tick_seconds: float = TICK_SECONDS):
        self.poller = poller
        self.tick_seconds = tick_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> FeedScheduler:
        self._thread = threading.Thread(target=self._run, name="briefbot-feeds", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                for result in self.poller.poll_all(only_due=True):
                    log.info("feed poll: %s", result.line())
            except Exception:  # the store busy or gone for a moment: try at the next tick
                log.exception("feed poll failed")
            self._stop.wait(self.tick_seconds)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
