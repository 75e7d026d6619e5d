"""`POST /articles`: newsroom tools and scripts push an article as JSON (HTTP mode).

    POST /articles
    Authorization: Bearer <BRIEFBOT_PUSH_TOKEN>
    Content-Type: application/json
    {"title": ..., "url": ..., "published": ..., "outlet": ..., "author": ..., "text": ...}

`text` (plain) or `html` (a page or fragment; its main text is extracted) is required, the rest
optional. Answers: 202 with the article id (extracted and stored before answering, so the id can
be used at once), 200 with the id when the same content was already stored, 400 with the reason
for a malformed body, 401 for a missing or wrong token, 413 for a body over `MAX_BODY_BYTES`,
405 for another method, 503 ("send it again later") when the database cannot store it just now
(locked past its timeout, disk full). Without a configured token the endpoint does not exist
(404): an open write endpoint is never the default.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefbot.inbox import article_from_parsed, content_hash
from briefbot.inbox.formats import ParsedFile, parse_html
from briefbot.inbox.metadata import Metadata, clean_outlet, normalise_date, split_authors
from briefbot.models import Article, Problem, RefusedArticle

log = logging.getLogger(__name__)

PUSH_PATH = "/articles"
MAX_BODY_BYTES = 1_000_000  # as the HTTP server's own limit (slack.max_body_bytes)
TEXT_FIELDS = ("title", "url", "published", "outlet", "text", "html")


class PushRejected(Problem):
    """A push that cannot be taken: the HTTP status, and `code` with its values; `reason` is
    that in words (templates/problems.j2), for the response body."""

    def __init__(self, status: int, code: str, **values: object):
        super().__init__(code, **values)
        self.status = status

    @property
    def reason(self) -> str:
        return str(self)


@dataclass(frozen=True)
class PushResult:
    article_id: int
    created: bool  # False: the same content was already stored
    statements: int = 0


def token_matches(authorization: str | None, token: str) -> bool:
    """`Authorization: Bearer <token>`, compared in constant time."""
    scheme, _, given = (authorization or "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode())


def article_from_push(raw: bytes) -> Article:
    """The JSON body of a push as an Article; PushRejected(400, reason) when it is not one."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise PushRejected(400, "push_not_utf8") from error
    except json.JSONDecodeError as error:
        raise PushRejected(400, "push_bad_json", detail=error.msg, line=error.lineno,
                           column=error.colno) from error
    if not isinstance(data, dict):
        raise PushRejected(400, "push_not_object")
    for key in TEXT_FIELDS:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise PushRejected(400, "push_not_string", key=key)
    author = data.get("author", data.get("authors"))
    if author is not None and not _is_names(author):
        raise PushRejected(400, "push_bad_author")
    text, html = data.get("text") or "", data.get("html") or ""
    if not text.strip() and not html.strip():
        raise PushRejected(400, "push_without_text")
    url = (data.get("url") or "").strip() or None
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise PushRejected(400, "push_bad_url")
    published = data.get("published")
    if published and normalise_date(published) is None:
        raise PushRejected(400, "push_bad_date", value=published)
    given = Metadata(title=(data.get("title") or "").strip() or None,
                     outlet=clean_outlet(data.get("outlet")), authors=split_authors(author),
                     published=normalise_date(published), url=url)
    label = "push:" + (url or given.title or content_hash(text or html)[:12])
    try:
        if text.strip():
            parsed = ParsedFile(text=text, source_format="push")
        else:
            parsed = parse_html(label, html.encode("utf-8"))
            parsed.source_format = "push"
        return article_from_parsed(label, parsed, given)
    except RefusedArticle as refusal:
        raise PushRejected(400, refusal.code, **refusal.values) from refusal


def _is_names(value: object) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value))


def push_app(token: str, ingest: Callable[[Article], PushResult]) -> Callable:
    """The WSGI application for PUSH_PATH. `ingest` stores an Article and says its id."""

    def application(environ: dict, start_response) -> Iterable[bytes]:
        try:
            status, body = _handle(environ, token, ingest)
        except PushRejected as rejected:
            status, body = rejected.status, {"ok": False, "error": rejected.reason}
        headers = [("Content-Type", "application/json")]
        if status == 401:
            headers.append(("WWW-Authenticate", 'Bearer realm="briefbot"'))
        if status == 405:
            headers.append(("Allow", "POST"))
        start_response(f"{status} {_REASONS[status]}", headers)
        return [json.dumps(body).encode()]

    return application


_REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized",
            405: "Method Not Allowed", 413: "Payload Too Large", 500: "Internal Server Error",
            503: "Service Unavailable"}


def _handle(environ: dict, token: str, ingest: Callable[[Article], PushResult]) -> tuple[int, dict]:
    if environ.get("REQUEST_METHOD") != "POST":
        raise PushRejected(405, "push_method")
    if not token_matches(environ.get("HTTP_AUTHORIZATION"), token):
        raise PushRejected(401, "push_unauthorised")
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError as error:
        raise PushRejected(400, "push_bad_length") from error
    if length > MAX_BODY_BYTES:
        raise PushRejected(413, "push_too_large", limit=MAX_BODY_BYTES)
    raw = environ["wsgi.input"].read(length) if length else b""
    if not raw:
        raise PushRejected(400, "push_empty")
    article = article_from_push(raw)
    try:
        result = ingest(article)
    except PushRejected:
        raise
    except Exception:
        log.exception("push: could not store %s", article.path)
        return 500, {"ok": False, "error": str(Problem("push_not_stored"))}
    if result.created:
        log.info("push: stored article %d (%s)", result.article_id, article.path)
        return 202, {"ok": True, "id": result.article_id, "statements": result.statements}
    return 200, {"ok": True, "id": result.article_id, "duplicate": True}


def store_pushed(store, extractor, article: Article) -> PushResult:
    """Extract and store one pushed article (or find it stored already)."""
    from briefbot.ingest import ingest_articles

    report = ingest_articles(store, extractor, [article])
    if report.refused:
        raise PushRejected(400, "refused_as", reason=report.refused[0][1])
    if report.failed:  # the database's fault (locked past its timeout, disk full), not the body's
        raise PushRejected(503, "push_try_again", reason=report.failed[0][1])
    article_id = report.ids[article.path]  # neither refused nor failed: stored, or found stored
    return PushResult(article_id, created=article.path in report.added,
                      statements=report.statements)

