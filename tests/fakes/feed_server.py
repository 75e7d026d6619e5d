"""A news site on 127.0.0.1 for the feed tests: RSS 2.0, Atom, a summary-only feed whose
entries link to HTML pages, and feeds that fail every way a real one does (500, a redirect
loop, garbage, slowness). It answers conditional requests with 304 and records every request
(path, User-Agent, conditional headers), so tests can assert what briefbot asked for."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
LAST_MODIFIED = formatdate(1_790_000_000, usegmt=True)


def seed_text(n: int) -> str:
    return sorted(SEEDS.glob("*.txt"))[n].read_text(encoding="utf-8")


def paragraphs_html(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())


@dataclass
class Seen:
    path: str
    user_agent: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int


@dataclass
class FeedSite:
    server: ThreadingHTTPServer
    requests: list[Seen] = field(default_factory=list)
    slow_seconds: float = 2.0
    in_flight: int = 0
    most_in_flight: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def rss(base: str) -> str:
    items = "".join(f"""
    <item><title>Seed {n}</title><link>{base}/full/{n}</link><guid>seed-{n}</guid>
      <pubDate>Thu, 12 Feb 2026 10:00:00 GMT</pubDate><author>desk@example.org (Desk)</author>
      <description>{escape(seed_text(n)[:120])}</description>
      <content:encoded>{escape(paragraphs_html(seed_text(n)))}</content:encoded></item>"""
                    for n in (1, 2))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>{base}/</link><description>news</description>
{items}
</channel></rss>"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Times</title><id>urn:atom-times</id>
<updated>2026-02-12T10:00:00Z</updated>
<entry><title>Seed 3</title><id>urn:atom-times:3</id><link href="{base}/atom/3"/>
<updated>2026-02-12T10:00:00Z</updated><author><name>Ann Writer</name></author>
<content type="html">{escape(paragraphs_html(seed_text(3)))}</content></entry>
</feed>"""


def summary_feed(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Summary Post</title><link>{base}/</link>
<item><title>Seed 4</title><link>{base}/pages/4.html</link><guid>page-4</guid>
<description>A short teaser. Read more on our site.</description></item>
<item><title>Gone</title><link>{base}/pages/missing.html</link><guid>page-missing</guid>
<description>Another teaser.</description></item>
</channel></rss>"""


def page(n: int) -> str:
    return f"""<!doctype html><html><head><title>Seed {n} | Summary Post</title>
<meta property="og:site_name" content="Summary Post"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Seed {n}</h1>{paragraphs_html(seed_text(n))}</article>
<aside>Most popular: Ten things you missed this week. Subscribe to our newsletter!</aside>
<footer>© 2026 Summary Post. All rights reserved. Privacy · Cookies · Terms</footer>
</body></html>"""


def start_feed_site() -> FeedSite:
    site: FeedSite

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):  # noqa: N802 (http.server's name)
            site.in_flight += 1
            site.most_in_flight = max(site.most_in_flight, site.in_flight)
            try:
                status, headers, body = self.answer()
            finally:
                site.in_flight -= 1
            site.requests.append(Seen(self.path, self.headers.get("User-Agent", ""),
                                      self.headers.get("If-None-Match"),
                                      self.headers.get("If-Modified-Since"), status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def answer(self) -> tuple[int, dict, bytes]:
            base, path = site.url, self.path
            if path == "/rss.xml":
                if (self.headers.get("If-None-Match") == '"v1"'
                        or self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                    return 304, {"ETag": '"v1"'}, b""
                return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"',
                             "Last-Modified": LAST_MODIFIED}, rss(base).encode()
            if path == "/rss-mirror.xml":  # the same stories under other guids
                body = rss(base).replace("<guid>seed-", "<guid>mirror-")
                return 200, {"Content-Type": "application/rss+xml"}, body.encode()
            if path == "/atom.xml":
                return 200, {"Content-Type": "application/atom+xml"}, atom(base).encode()
            if path == "/summary.xml":
                return 200, {"Content-Type": "application/rss+xml"}, summary_feed(base).encode()
            if path == "/pages/4.html":
                return 200, {"Content-Type": "text/html; charset=utf-8"}, page(4).encode()
            if path == "/down.xml":
                return 500, {"Content-Type": "text/plain"}, b"Internal Server Error"
            if path == "/loop-a.xml":
                return 302, {"Location": "/loop-b.xml"}, b""
            if path == "/loop-b.xml":
                return 302, {"Location": "/loop-a.xml"}, b""
            if path == "/garbage.xml":
                return 200, {"Content-Type": "application/rss+xml"}, bytes(range(256)) * 8
            if path == "/webpage.xml":
                return 200, {"Content-Type": "text/html"}, page(4).encode()
            if path == "/slow.xml":
                time.sleep(site.slow_seconds)
                return 200, {"Content-Type": "application/rss+xml"}, summary_feed(base).encode()
            return 404, {"Content-Type": "text/plain"}, b"not found"

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = FeedSite(server)
    threading.Thread(target=server.serve_forever, name="feed-site", daemon=True).start()
    return site
