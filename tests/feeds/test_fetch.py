"""The feed fetcher against a real HTTP server on 127.0.0.1: conditional requests, limits,
retries, politeness. Nothing here reaches the internet."""

from __future__ import annotations

import threading
import time

import pytest

from briefbot.feeds.fetch import USER_AGENT, Fetcher, FetchError
from tests.fakes.feed_server import LAST_MODIFIED, start_feed_site


@pytest.fixture(scope="module")
def site():
    site = start_feed_site()
    yield site
    site.stop()


def fetcher(**kw) -> Fetcher:
    return Fetcher(**{"timeout": 1.0, "attempts": 2, "backoff": 0.01, "host_delay": 0.0, **kw})


def test_a_feed_is_fetched_with_briefbots_user_agent_and_answers_304_when_unchanged(site):
    first = fetcher().get(site.url + "/rss.xml")
    assert first.status == 200 and b"<rss" in first.body
    assert first.etag == '"v1"' and first.last_modified == LAST_MODIFIED
    again = fetcher().get(site.url + "/rss.xml", etag=first.etag)
    assert again.not_modified and again.body == b""
    by_date = fetcher().get(site.url + "/rss.xml", last_modified=first.last_modified)
    assert by_date.not_modified
    seen = site.hits("/rss.xml")
    assert seen[-2].if_none_match == '"v1"' and seen[-1].if_modified_since == LAST_MODIFIED
    assert all(s.user_agent == USER_AGENT and "briefbot" in s.user_agent for s in seen)


def test_a_500_is_retried_then_fails_with_the_status(site):
    before = len(site.hits("/down.xml"))
    with pytest.raises(FetchError) as failure:
        fetcher(attempts=3).get(site.url + "/down.xml")
    assert failure.value.transient and "500" in failure.value.reason
    assert len(site.hits("/down.xml")) - before == 3  # tried, then retried with backoff


def test_a_redirect_loop_fails_at_once_and_says_so(site):
    before = len(site.requests)
    with pytest.raises(FetchError, match="redirects in a loop") as failure:
        fetcher(attempts=3).get(site.url + "/loop-a.xml")
    assert not failure.value.transient
    assert len(site.requests) - before <= 6  # bounded: max_redirects + 1, not retried


def test_a_slow_server_times_out(site):
    started = time.monotonic()
    with pytest.raises(FetchError, match="no answer within"):
        fetcher(timeout=0.3, attempts=1).get(site.url + "/slow.xml")
    assert time.monotonic() - started < site.slow_seconds


def test_a_missing_page_is_not_retried_and_a_huge_body_is_refused(site):
    before = len(site.hits("/nowhere"))
    with pytest.raises(FetchError, match="404"):
        fetcher(attempts=3).get(site.url + "/nowhere")
    assert len(site.hits("/nowhere")) - before == 1
    with pytest.raises(FetchError, match="larger than"):
        fetcher(max_bytes=100).get(site.url + "/garbage.xml")
    with pytest.raises(FetchError, match="not an http"):
        fetcher().get("file:///etc/passwd")
    with pytest.raises(FetchError, match="cannot connect"):
        fetcher(attempts=1).get("http://127.0.0.1:9/feed.xml")


def test_one_request_at_a_time_per_host(site):
    deadline = time.monotonic() + 5
    while site.in_flight and time.monotonic() < deadline:  # the slow test's request ends
        time.sleep(0.05)
    site.most_in_flight = 0
    polite = fetcher(host_delay=0.0)
    threads = [threading.Thread(target=polite.get, args=(site.url + "/atom.xml",))
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert site.most_in_flight == 1
