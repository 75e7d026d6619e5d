"""Polling feeds into a real store from a news site on 127.0.0.1: RSS 2.0, Atom, a summary-only
feed (page fetched, main text extracted), and feeds that are down, loop, serve garbage or are
slow, none of which stops the others. Nothing reaches the internet."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from briefbot.cli import cli
from briefbot.commands import CommandContext, handle_briefbot
from briefbot.feeds.fetch import Fetcher
from briefbot.feeds.manage import FeedChange, FeedList, feed_url
from briefbot.feeds.poll import FeedPoller, FeedScheduler
from briefbot.slack.blocks import validate_message
from briefbot.slack.home import home_view
from briefbot.store import Store
from briefbot.templating import render_reply
from briefbot.whosaid import who_said
from tests.fakes.feed_server import start_feed_site

GOOD = ["/rss.xml", "/atom.xml", "/summary.xml"]
BAD = {"/down.xml": "500", "/loop-a.xml": "redirects in a loop", "/garbage.xml": "not a feed",
       "/webpage.xml": "serves a web page", "/slow.xml": "no answer within"}


@pytest.fixture(scope="module")
def site():
    site = start_feed_site()
    site.slow_seconds = 1.5
    yield site
    site.stop()


def poller(store, extractor) -> FeedPoller:
    fast = Fetcher(timeout=0.5, attempts=2, backoff=0.01, host_delay=0.0)
    return FeedPoller(store, extractor, fetcher=fast)


def poll_every_feed(store, extractor, site):
    for path in GOOD + list(BAD):
        store.add_feed(site.url + path)
    return store, {r.feed.url.removeprefix(site.url): r
                   for r in poller(store, extractor).poll_all()}


@pytest.fixture(scope="module")
def polled_once(tmp_path_factory, extractor, site):
    """Every kind of feed polled once, into a store the tests that only read it share."""
    store = Store(tmp_path_factory.mktemp("polled") / "briefbot.db")
    yield poll_every_feed(store, extractor, site)
    store.close()


@pytest.fixture
def polled(store, extractor, site):
    """The same, in a store of the test's own (for a test that polls again)."""
    return poll_every_feed(store, extractor, site)


def test_every_kind_of_feed_is_read_and_every_failure_is_its_own(polled_once):
    store, results = polled_once
    assert [results[p].status for p in GOOD] == ["new", "new", "new"]
    assert results["/rss.xml"].added == 2 and results["/atom.xml"].added == 1
    assert results["/summary.xml"].added == 1
    assert "404" in results["/summary.xml"].skipped[0][1]  # a missing page, tried next time
    for path, reason in BAD.items():
        assert results[path].status == "failed" and reason in results[path].error, path
    assert store.article_count() == 4
    feeds = {f.url.rsplit("/", 1)[-1]: f for f in store.feeds()}
    down = feeds["down.xml"]
    assert down.failures == 1 and "500" in down.last_error and down.last_ok_at is None
    assert down.next_poll_at > down.last_polled_at  # backed off, not hammered
    assert feeds["rss.xml"].title == "Example Wire" and feeds["rss.xml"].etag == '"v1"'


def test_a_summary_only_entry_is_read_from_its_page_main_text_only(polled_once):
    store, _ = polled_once
    [row] = store._dicts("SELECT * FROM articles WHERE path LIKE '%/pages/4.html'")
    assert row["source_format"] == "feed" and row["title"] == "Seed 4"
    assert row["outlet"] == "Summary Post"
    assert "Most popular" not in row["text"] and "Cookies" not in row["text"]
    assert len(row["text"].split()) > 100


def test_feed_articles_answer_whosaid_with_the_feeds_outlet(polled_once):
    store, _ = polled_once
    answer = who_said(store, "Rutte")
    assert answer.actor is not None and answer.total >= 1
    assert any("Example Wire" in q.outlets for q in answer.quotes)


def test_the_next_poll_is_conditional_and_reads_nothing_twice(polled, extractor, site):
    store, _ = polled
    before = store.article_count()
    again = {r.feed.url.removeprefix(site.url): r for r in poller(store, extractor).poll_all()}
    assert again["/rss.xml"].status == "not modified"
    assert site.hits("/rss.xml")[-1].if_none_match == '"v1"'
    assert site.hits("/rss.xml")[-1].status == 304
    assert again["/atom.xml"].added == 0 and again["/atom.xml"].duplicates == 0  # guid seen
    assert store.article_count() == before
    assert {f.url.rsplit("/", 1)[-1]: f.failures for f in store.feeds()}["down.xml"] == 2
    # The same stories in another feed under other guids: duplicates by content.
    store.add_feed(site.url + "/rss-mirror.xml")
    [mirror] = [r for r in poller(store, extractor).poll_all() if "mirror" in r.feed.url]
    assert (mirror.added, mirror.duplicates) == (0, 2)


def test_app_home_shows_each_feed_with_its_last_error(polled_once):
    store, _ = polled_once
    view = home_view(store, "T1")
    assert validate_message(view, surface="home") == []
    text = json.dumps(view)
    assert "Feeds" in text and "failing" in text and "redirects in a loop" in text
    assert "Example Wire" in text


def test_feed_commands_add_list_and_remove(store):
    ctx = CommandContext(store=store, team_id="T1", channel_id="C1", user_id="U1")
    added = handle_briefbot(ctx, "feed add <https://news.example/rss|news.example/rss> Example")
    assert isinstance(added, FeedChange) and added.change == "added"
    assert added.feed.url == "https://news.example/rss" and added.feed.outlet == "Example"
    assert handle_briefbot(ctx, "feed add https://news.example/rss").change == "exists"
    assert handle_briefbot(ctx, "feed add news").change == "bad_url"
    listed = handle_briefbot(ctx, "feed list")
    assert isinstance(listed, FeedList) and len(listed.feeds) == 1
    assert "#1 *Example*" in render_reply(listed, mrkdwn=True)
    assert "not read yet" in render_reply(listed)
    assert handle_briefbot(ctx, "feed remove 7").change == "not_found"
    assert handle_briefbot(ctx, "feed remove #1").change == "removed"
    assert store.feeds() == []
    assert feed_url("<https://a.example/x?a=1&amp;b=2>") == "https://a.example/x?a=1&b=2"


def test_the_scheduler_polls_due_feeds_on_its_own_thread(store, extractor, site):
    store.add_feed(site.url + "/atom.xml")
    scheduler = FeedScheduler(poller(store, extractor), tick_seconds=0.1).start()
    try:
        deadline = time.monotonic() + 60
        while store.article_count() == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        scheduler.stop()
    assert store.article_count() == 1
    assert store.due_feeds("1970-01-01T00:00:00+00:00") == []  # next poll is scheduled


def test_cli_feeds_add_list_poll_import_export(tmp_path, site):
    env = {"BRIEFBOT_DB": str(tmp_path / "b.db")}
    runner = CliRunner()
    added = runner.invoke(cli, ["feeds", "add", site.url + "/atom.xml", "--interval", "5"],
                          env=env)
    assert added.exit_code == 0 and "Added feed #1" in added.output
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<opml version="2.0"><body><outline text="Wire" type="rss" '
                    f'xmlUrl="{site.url}/rss.xml"/><outline text="Atom" '
                    f'xmlUrl="{site.url}/atom.xml"/></body></opml>', encoding="utf-8")
    imported = runner.invoke(cli, ["feeds", "import", str(opml)], env=env)
    assert "1 feeds added, 1 already read" in imported.output
    exported = runner.invoke(cli, ["feeds", "export"], env=env)
    assert exported.output.count("<outline") == 2 and "/rss.xml" in exported.output
    polled = runner.invoke(cli, ["feeds", "poll"], env=env)
    assert polled.exit_code == 0, polled.output
    assert "#1 " in polled.output and "1 new" in polled.output and "2 new" in polled.output
    listed = runner.invoke(cli, ["feeds", "list"], env=env)
    assert "every 5 min" in listed.output and "read " in listed.output
    # A feed that fails at once (a server error would be retried with the default backoff,
    # 2 s then 4 s: the poller tests above cover retries with a fast fetcher).
    assert runner.invoke(cli, ["feeds", "add", site.url + "/garbage.xml"],
                         env=env).exit_code == 0
    failed = runner.invoke(cli, ["feeds", "poll"], env=env)
    assert failed.exit_code == 1 and "failed: not a feed" in failed.output
    assert runner.invoke(cli, ["feeds", "remove", "3"], env=env).exit_code == 0
