"""HTTP for feeds and their pages: polite, bounded, retried with backoff.

- One request at a time per host (a lock per host name), with a User-Agent that names briefbot,
  so a newsroom's server never sees briefbot open parallel connections to it.
- Conditional requests: the ETag and Last-Modified of the last answer are sent back, and a 304
  costs the server nothing.
- Bounded: a connect/read timeout, at most `max_redirects` redirects (a loop is an error, not a
  hang), at most `max_bytes` of body.
- Transient failures (connection refused, timeout, 5xx, 429) are retried with exponential
  backoff by tenacity; the rest (404, a redirect loop, a body too large) fail at once. A feed
  that still fails is retried at its next poll, later each time (`poll` keeps that backoff).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from tenacity import (
    Retrying as _Retrying,
)
from tenacity import (
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from briefbot import __version__
from briefbot.models import Problem

USER_AGENT = f"briefbot/{__version__} (Slack news digest; feed reader)"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_BYTES = 10 * 1024 * 1024


class FetchError(Problem):
    """A fetch that failed: `code` and values, `reason` in words a user understands
    (templates/problems.j2); `transient` ones are retried."""

    def __init__(self, code: str, transient: bool = False, status: int | None = None,
                 **values: object):
        super().__init__(code, status=status, **values)
        self.transient = transient
        self.status = status

    @property
    def reason(self) -> str:
        return str(self)


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class HostGate:
    """One request at a time per host, and at least `delay` seconds between two of them."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()

    @contextmanager
    def host(self, url: str) -> Iterator[None]:
        name = (urlsplit(url).hostname or "").lower()
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            wait = self._last.get(name, 0.0) + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last[name] = time.monotonic()


class Fetcher:
    """GETs with politeness, conditional headers, limits and retries; thread-safe."""

    def __init__(self, timeout: float = 20.0, attempts: int = 3, backoff: float = 2.0,
                 backoff_max: float = 30.0, max_redirects: int = 5, max_bytes: int = MAX_BYTES,
                 host_delay: float = 1.0, user_agent: str = USER_AGENT):
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.gate = HostGate(host_delay)
        self._local = threading.local()

    @property
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.max_redirects = self.max_redirects
            session.headers["User-Agent"] = self.user_agent
            self._local.session = session
        return session

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            accept: str = FEED_ACCEPT) -> FetchResult:
        """GET `url`; FetchError when it cannot be had, after retrying transient failures."""
        _check_url(url)
        retrying = _Retrying(
            retry=retry_if_exception(lambda e: isinstance(e, FetchError) and e.transient),
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff, max=self.backoff_max),
            reraise=True,
        )
        return retrying(self._get_once, url, etag, last_modified, accept)

    def _get_once(self, url: str, etag: str | None, last_modified: str | None,
                  accept: str) -> FetchResult:
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self.gate.host(url):
            try:
                with self._session.get(url, headers=headers, timeout=self.timeout,
                                       stream=True) as response:
                    return self._result(response)
            except requests.TooManyRedirects as error:
                raise FetchError("redirect_loop", limit=self.max_redirects) from error
            except requests.Timeout as error:
                raise FetchError("no_answer", transient=True, seconds=self.timeout) from error
            except requests.ConnectionError as error:
                raise FetchError("cannot_connect", transient=True,
                                 detail=_root_cause(error)) from error
            except requests.RequestException as error:
                raise FetchError("request_failed", detail=_root_cause(error)) from error

    def _result(self, response: requests.Response) -> FetchResult:
        status = response.status_code
        if status == 304:
            return FetchResult(response.url, 304, b"", etag=response.headers.get("ETag"),
                               last_modified=response.headers.get("Last-Modified"))
        if status >= 400:
            raise FetchError("http_status", transient=status >= 500 or status == 429,
                             status=status, phrase=response.reason or "")
        body = bytearray()
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > self.max_bytes:
                raise FetchError("too_large_feed", megabytes=self.max_bytes // (1024 * 1024))
        return FetchResult(response.url, status, bytes(body),
                           content_type=response.headers.get("Content-Type"),
                           etag=response.headers.get("ETag"),
                           last_modified=response.headers.get("Last-Modified"))


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("not_http", url=url)


def _root_cause(error: BaseException) -> str:
    """The innermost reason of a requests error, short ("Connection refused")."""
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__
    text = str(error)
    return text.split("] ", 1)[-1] if "] " in text else text or type(error).__name__
