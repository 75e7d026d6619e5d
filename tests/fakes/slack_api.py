"""A fake Slack Web API: a threaded HTTP server on 127.0.0.1 that records every request.

It answers `auth.test`, `chat.postMessage`, `views.publish`, `conversations.info`,
`apps.connections.open` (with `socket_mode_url`) and any `/response/...` path as a
`response_url`. A test points briefbot at `fake.api_url`, makes it act, and asserts on
`fake.requests`. `fail_next("chat.postMessage", 429, retry_after=1)` makes the next call of a
method answer an error first; `slow_next("chat.postMessage", 3)` makes it do its work (the
message is in the channel's history) and answer only after 3 seconds, as Slack does when its
answer is lost; `hold(method, seconds)` makes every later call of a method wait before it is
answered, as a slow Slack would. Tokens in `refused_tokens` get `invalid_auth`.
`conversations.history` lists what was posted to a channel, with metadata;
`channels[id] = {"history_error": "missing_scope"}` makes reading it fail.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Recorded:
    method: str  # "chat.postMessage", or "response_url" for /response/... posts
    path: str
    headers: dict[str, str]
    body: dict  # JSON or form fields (blocks decoded from JSON when sent as a form field)
    raw: bytes
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    answer: dict | None = None  # what the fake answered (for Web API methods)
    answered: bool = False  # the answer was sent in full (a held answer may never be)

    @property
    def token(self) -> str | None:
        auth = self.headers.get("authorization", "")
        return auth.removeprefix("Bearer ") or self.body.get("token")


@dataclass
class Failure:
    status: int
    error: str | None = None
    retry_after: int | None = None


class FakeSlackAPI:
    def __init__(self, teams: dict[str, str] | None = None):
        """`teams` maps bot tokens to team ids for auth.test (any other token: T_TEST)."""
        self.teams = dict(teams or {})
        self.requests: list[Recorded] = []
        self.channels: dict[str, dict] = {}  # conversations.info answers by channel id
        self.refused_tokens: set[str] = set()
        self.socket_mode_url: str | None = None  # apps.connections.open hands this out
        self._holds: dict[str, float] = {}
        self._failures: dict[str, list[Failure | None]] = {}  # None: answer as usual
        self._delays: dict[str, list[float]] = {}
        self.posted: dict[str, list[dict]] = {}  # channel -> messages, for conversations.history
        self._ts = itertools.count(1)
        self._lock = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="fake-slack-api")

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeSlackAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlackAPI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    # --- programming and reading ----------------------------------------------------------------

    def fail_next(self, method: str, status: int = 429, error: str | None = "ratelimited",
                  retry_after: int | None = 1, times: int = 1, after: int = 0) -> None:
        """Answer the next `times` calls of `method` with an error, once `after` calls of it
        have gone through as usual."""
        with self._lock:
            self._failures.setdefault(method, []).extend(
                [None] * after + [Failure(status, error, retry_after) for _ in range(times)])

    def slow_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Do the next `times` calls of `method`, but answer each only after `seconds`."""
        with self._lock:
            self._delays.setdefault(method, []).extend([seconds] * times)

    def hold(self, method: str, seconds: float) -> None:
        """Answer every later call of `method` only after `seconds`."""
        with self._lock:
            self._holds[method] = seconds

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    def calls(self, method: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.method == method]

    def responses(self, name: str) -> list[Recorded]:
        """Posts to the response_url `name`."""
        with self._lock:
            return [r for r in self.requests
                    if r.method == "response_url" and r.path == f"/response/{name}"]

    def wait_for(self, predicate, timeout: float = 10.0):
        """Wait until `predicate(fake)` is truthy; returns its value or raises TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                value = predicate(self)
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"the fake Slack API did not see it; got "
                                       f"{[r.method for r in self.requests]}")
                self._lock.wait(left)

    # --- answering -------------------------------------------------------------------------------

    def _answer(self, method: str, body: dict, token: str | None) -> dict:
        if token in self.refused_tokens:
            return {"ok": False, "error": "invalid_auth"}
        if method == "apps.connections.open":
            if not self.socket_mode_url:
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"ok": True, "url": self.socket_mode_url}
        if method == "auth.test":
            team = self.teams.get(token or "", "T_TEST")
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake",
                    "user": "briefbot", "team_id": team, "user_id": "UBOT", "bot_id": "BBOT"}
        if method == "chat.postMessage":
            channel = body.get("channel")
            info = self.channels.get(channel)
            if info is not None and info.get("post_error"):
                return {"ok": False, "error": info["post_error"]}
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            with self._lock:
                self.posted.setdefault(channel, []).append(
                    {"ts": ts, "text": body.get("text"), "metadata": body.get("metadata")})
            return {"ok": True, "channel": channel, "ts": ts,
                    "message": {"text": body.get("text"), "ts": ts}}
        if method == "conversations.history":
            channel = body.get("channel")
            error = self.channels.get(channel, {}).get("history_error")
            if error:
                return {"ok": False, "error": error}
            oldest = float(body.get("oldest") or 0)
            with self._lock:
                messages = [dict(m) for m in self.posted.get(channel, [])
                            if float(m["ts"].split(".")[0]) >= int(oldest)]
            for m in messages:
                if not body.get("include_all_metadata") or not m["metadata"]:
                    m.pop("metadata")
            return {"ok": True, "messages": messages[::-1], "has_more": False}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1", **(body.get("view") or {})}}
        if method == "conversations.info":
            channel = body.get("channel")
            info = self.channels.get(channel, {"id": channel, "name": "general",
                                               "is_member": True, "is_private": False})
            if info.get("missing"):
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": info}
        return {"ok": False, "error": "unknown_method"}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                query = self.path.partition("?")[2]
                self._handle(query.encode(), "application/x-www-form-urlencoded")

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                self._handle(raw, self.headers.get("content-type", ""))

            def _handle(self, raw: bytes, content_type: str) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                body = _decode(raw, content_type)
                if self.path.startswith("/response/"):
                    method = "response_url"
                elif self.path.startswith("/api/"):
                    method = self.path[len("/api/"):].split("?")[0]
                else:
                    self._send(404, b"not found", "text/plain")
                    return
                record = Recorded(method, self.path.split("?")[0], headers, body, raw)
                with fake._lock:
                    pending = fake._failures.get(method)
                    failure = pending.pop(0) if pending else None
                if failure:
                    record.status = failure.status
                    extra = ({"Retry-After": str(failure.retry_after)}
                             if failure.retry_after is not None else {})
                    payload = json.dumps({"ok": False, "error": failure.error}).encode()
                    self._record(record)
                    self._send(failure.status, payload, "application/json", extra)
                    return
                self._record(record)
                with fake._lock:
                    held = fake._holds.get(method, 0)
                if held:
                    time.sleep(held)
                if method == "response_url":
                    self._send(200, b"ok", "text/plain")
                else:
                    record.answer = fake._answer(method, body, record.token)
                    with fake._lock:
                        delays = fake._delays.get(method)
                        delay = delays.pop(0) if delays else 0
                    if delay:
                        time.sleep(delay)  # the work is done; the answer comes too late
                    try:
                        self._send(200, json.dumps(record.answer).encode(), "application/json")
                    except OSError:
                        return  # the client gave up waiting
                record.answered = True

            def _record(self, record: Recorded) -> None:
                with fake._lock:
                    fake.requests.append(record)
                    fake._lock.notify_all()

            def _send(self, status: int, payload: bytes, content_type: str,
                      extra: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

        return Handler


def _decode(raw: bytes, content_type: str) -> dict:
    text = raw.decode("utf-8")
    if "json" in content_type:
        return json.loads(text or "{}")
    body = {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
    for key in ("blocks", "view", "attachments"):
        if isinstance(body.get(key), str):
            body[key] = json.loads(body[key])
    return body
