"""Feeds: RSS and Atom polled into the store as articles.

`fetch` speaks HTTP (conditional requests, retries with backoff, one request at a time per
host), `parse` turns a feed document into entries (feedparser), `entries` turns an entry into
an `Article` (fetching the page when the feed carries only a summary), `opml` reads and writes
subscription lists, and `poll` puts them together for every feed in the store.
"""
