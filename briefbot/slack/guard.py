"""What stands between the open internet and Bolt in HTTP mode.

`SignedRequests` (WSGI) takes every POST to Slack's path before Bolt sees it: the body is read
only when its declared length is within `max_body_bytes` (waitress already refuses larger ones
with 413 before reading them), its signature is checked on those raw bytes (HMAC-SHA256 of
`v0:{timestamp}:{body}`, timestamp within five minutes), and a request whose signature was
already seen inside that window is a replay and refused. Anything unsigned, stale, replayed or
malformed gets a short 400/401 and one log line, never a traceback and never a parse: Bolt's
own parsing of a malformed body raised and answered 500 with a 2.7 KB traceback per request.

The price of replay protection is memory for the signatures of the last five minutes (a few
hundred bytes each; only requests signed with our secret are remembered), and it is per
process: two briefbot processes behind one address would each accept a replay once.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

SIGNATURE_WINDOW_SECONDS = 5 * 60  # Slack's own rule for a fresh request
MAX_BODY_BYTES = 1_000_000  # Slack's payloads are a few KB; a block action with its message
#                             stays well under this


class ReplayGuard:
    """Signatures seen within the window: a second request with one of them is a replay."""

    def __init__(self, window: float = SIGNATURE_WINDOW_SECONDS):
        self.window = window
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, signature: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        with self._lock:
            while self._seen and next(iter(self._seen.values())) < now - 2 * self.window:
                self._seen.popitem(last=False)
            if signature in self._seen:
                return False
            self._seen[signature] = now
            return True


def signature_problem(secret: str, body: bytes, timestamp: str | None, signature: str | None,
                      now: float | None = None) -> str | None:
    """Why this request is not a fresh one signed with `secret`, or None when it is."""
    if not timestamp or not signature:
        return "unsigned"
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return "malformed timestamp"
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > SIGNATURE_WINDOW_SECONDS:
        return "stale timestamp"
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body,
                                hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return "bad signature"
    return None


def _answer(start_response, status: str, message: str) -> list[bytes]:
    body = json.dumps({"ok": False, "error": message}).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))])
    return [body]


class SignedRequests:
    """WSGI middleware: POSTs to `path` reach `inner` only when signed, fresh and new."""

    def __init__(self, inner: Callable, secret: str, path: str,
                 max_body_bytes: int = MAX_BODY_BYTES):
        self.inner = inner
        self.secret = secret
        self.path = path
        self.max_body_bytes = max_body_bytes
        self.replays = ReplayGuard()

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != self.path or environ.get("REQUEST_METHOD") != "POST":
            return self.inner(environ, start_response)
        peer = environ.get("REMOTE_ADDR", "?")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._refuse(start_response, "400 Bad Request", "malformed length", peer)
        if length > self.max_body_bytes:
            return self._refuse(start_response, "413 Content Too Large", "body too large", peer)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        problem = signature_problem(self.secret, body,
                                    environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                                    environ.get("HTTP_X_SLACK_SIGNATURE"))
        if problem is None and not self.replays.first_time(environ["HTTP_X_SLACK_SIGNATURE"]):
            problem = "replayed"
        if problem is not None:
            return self._refuse(start_response, "401 Unauthorized", problem, peer)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        try:
            return self.inner(environ, start_response)
        except Exception as error:  # signed by Slack, yet not a payload Bolt can read
            log.warning("refused a signed request from %s that could not be read: %s",
                        peer, type(error).__name__)
            return _answer(start_response, "400 Bad Request", "malformed request")

    @staticmethod
    def _refuse(start_response, status: str, reason: str, peer: str) -> list[bytes]:
        log.warning("refused a request to Slack's path from %s: %s", peer, reason)
        return _answer(start_response, status, reason)
