"""`briefbot run` with Slack tokens: Socket Mode, or HTTP behind a production WSGI server.

HTTP mode serves `POST /slack/events` (signed requests), `GET /healthz`, and, when OAuth is
configured, `GET /slack/install` and `GET /slack/oauth_redirect`, with waitress on `PORT`.

On the open internet (with or without a proxy in front): a body larger than `max_body_bytes` is
refused with 413 from its Content-Length, before it is read; a request must arrive whole within
`read_seconds` of its first byte, and an idle connection is closed after as long, so clients
that send one byte every few seconds cannot hold connections; at the connection limit the
connections waiting longest for the rest of their request are closed to let new ones in, so
half-open connections never shut out `/healthz` or Slack. Bodies are checked by
`briefbot.slack.guard` before Bolt parses anything.

Stopping drains: HTTP mode closes its listening socket first (new connections are refused) and
keeps serving the requests it has until they are answered; Socket Mode disconnects (Slack sends
new events to another connection, or retries them) and lets the envelopes in hand finish. Then
the listeners Bolt runs after acknowledging (slash command answers) get the rest of the deadline.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from briefbot.checks import StartupError, Stopped, slack_error, with_retries
from briefbot.config import Settings
from briefbot.lifecycle import Deadline, close_in_time
from briefbot.push import PUSH_PATH, push_app
from briefbot.slack.app import build_app
from briefbot.slack.guard import MAX_BODY_BYTES, SignedRequests

if TYPE_CHECKING:  # the store is handed in; only its type is named here
    from briefbot.store import Store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
HTTP_THREADS = 8
POLL_SECONDS = 0.2
READ_SECONDS = 10.0  # a whole request, from its first byte; and the idle time of a connection
CONNECTION_LIMIT = 200
MAX_HEADER_BYTES = 16_384


def wsgi_app(app: App, store: Store | None = None, max_body_bytes: int = MAX_BODY_BYTES,
             push: Callable | None = None) -> Callable:
    """The WSGI application: Bolt's adapter for Slack's paths behind the signature check, a
    health check, and `POST /articles` when a push application is given (a push token is
    configured; `briefbot.push`)."""
    slack = SignedRequests(SlackRequestHandler(app, path=EVENTS_PATH), app._signing_secret,
                           EVENTS_PATH, max_body_bytes)

    def application(environ: dict, start_response) -> Iterable[bytes]:
        if push is not None and environ.get("PATH_INFO") == PUSH_PATH:
            return push(environ, start_response)
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") == "GET":
            body = {"ok": True}
            if store is not None:
                body["articles"] = store.article_count()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(body).encode()]
        return slack(environ, start_response)

    return application


class _Channel(HTTPChannel):
    """A connection that knows when the request it is receiving began."""

    request_began: float | None = None

    def received(self, data):
        if self.request is None and data:
            self.request_began = time.monotonic()
        taken = super().received(data)
        if self.request is None:  # complete (or nothing pending): no request being received
            self.request_began = None
        return taken


class _GuardedServer(TcpWSGIServer):
    """waitress with a deadline for each request and room made at the connection limit."""

    channel_class = _Channel
    read_seconds = READ_SECONDS

    def maintenance(self, now):
        super().maintenance(now)  # closes connections idle for channel_timeout
        late = time.monotonic() - self.read_seconds
        for channel in list(self.active_channels.values()):
            if not channel.requests and channel.request_began is not None \
                    and channel.request_began < late:
                channel.will_close = True

    def readable(self):
        if self.accepting and len(self._map) >= self.adj.connection_limit:
            self._make_room()
        return super().readable()

    def _make_room(self) -> None:
        """Close the connections that have waited longest for the rest of their request (or
        for a first byte): a tenth of the limit, so a flood does not make this run each loop."""
        closing = sum(1 for c in self.active_channels.values() if c.will_close)
        wanted = max(1, self.adj.connection_limit // 10) - closing
        if wanted <= 0:
            return
        waiting = sorted(
            (c for c in self.active_channels.values() if not c.requests and not c.will_close),
            key=lambda c: c.request_began or c.last_activity)
        for channel in waiting[:wanted]:
            channel.will_close = True
        log.warning("HTTP connection limit (%d) reached: closed the %d connections waiting "
                    "longest for their request", self.adj.connection_limit,
                    min(wanted, len(waiting)))


class HttpServer:
    """waitress serving one WSGI application until a stop event is set.

    Port 0 picks a free port (`.port` tells which), which is how the tests run the real server."""

    def __init__(self, application: Callable, host: str = "0.0.0.0", port: int = 3000,
                 threads: int = HTTP_THREADS, read_seconds: float = READ_SECONDS,
                 connection_limit: int = CONNECTION_LIMIT,
                 max_body_bytes: int = MAX_BODY_BYTES):
        adj = Adjustments(host=host, port=port, threads=threads, ident="briefbot",
                          max_request_body_size=max_body_bytes,
                          max_request_header_size=MAX_HEADER_BYTES,
                          channel_timeout=max(1, int(read_seconds)),
                          cleanup_interval=max(1, int(read_seconds / 4)),
                          connection_limit=connection_limit,
                          backlog=max(1024, connection_limit))
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(threads)
        self._server = _GuardedServer(application, map={}, dispatcher=dispatcher, adj=adj,
                                      sockinfo=adj.listen[0])
        self._server.read_seconds = read_seconds
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def serve(self, stop: threading.Event, drain: Callable[[], Deadline] = Deadline) -> None:
        """Serve on this thread until `stop` is set, then drain: refuse new connections, answer
        the requests in hand until `drain()`'s deadline, and close every connection."""
        try:
            while not stop.is_set():
                wasyncore.loop(timeout=POLL_SECONDS, map=self._server._map, count=1)
            deadline = drain()
            self._stop_accepting()
            while self._busy() and not deadline.passed():
                wasyncore.loop(timeout=POLL_SECONDS / 4, map=self._server._map, count=1)
            if self._busy():
                log.warning("HTTP requests still unanswered at stop; their connections close")
        finally:
            self._server.task_dispatcher.shutdown(timeout=1)
            wasyncore.close_all(self._server._map)

    def _stop_accepting(self) -> None:
        server = self._server
        server.accepting = False
        server.del_channel()
        server.socket.close()

    def _busy(self) -> bool:
        """A request is read, queued, being answered, or its answer not yet sent."""
        dispatcher = self._server.task_dispatcher
        if dispatcher.queue or dispatcher.active_count:
            return True
        return any(getattr(ch, "requests", None) or getattr(ch, "total_outbufs_len", 0)
                   for ch in list(self._server._map.values()))

    def start(self) -> HttpServer:
        """Serve in a background thread (tests)."""
        self._thread = threading.Thread(target=self.serve, args=(self._stop,),
                                        name="briefbot-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)


class ListenerExecutor(ThreadPoolExecutor):
    """Bolt runs listeners here after acknowledging; `drain` waits for those in hand."""

    def __init__(self, workers: int = HTTP_THREADS):
        super().__init__(max_workers=workers, thread_name_prefix="slack-listener")
        self._pending: set[Future] = set()
        self._lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def drain(self, timeout: float) -> bool:
        with self._lock:
            pending = set(self._pending)
        self.shutdown(wait=False, cancel_futures=False)
        _, unfinished = wait(pending, timeout=timeout)
        if unfinished:
            log.warning("%d Slack answer(s) still running at stop", len(unfinished))
        return not unfinished


class _QuietWhileConnecting(logging.Filter):
    """Drops slack_sdk's own records while `briefbot run` makes its first Socket Mode
    connection: each failed attempt is one warning of ours (`with_retries`), where slack_sdk
    would add two ERROR lines of its own. With -v they pass, for whoever needs the detail."""

    def __init__(self):
        super().__init__()
        self.connecting = True

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.connecting or logging.getLogger().isEnabledFor(logging.INFO)


def connect_socket_mode(app: App, settings: Settings, stop) -> SocketModeHandler:
    """Open the Socket Mode connection, retrying while Slack is unreachable (one warning per
    attempt, see `briefbot.checks.with_retries`). An app token Slack refuses is a StartupError
    naming SLACK_APP_TOKEN; a stop while waiting raises Stopped.

    slack_sdk's client does not raise when the WebSocket cannot be opened: it logs, and its
    monitor thread reconnects on its own. So each attempt asks for a new WebSocket URL, connects,
    and checks that it is connected (raising the error slack_sdk reported); slack_sdk's own
    reconnecting is off until the first connection stands, and its records are quiet meanwhile."""
    sdk_log = logging.getLogger("briefbot.slack.socket_mode")
    quiet = _QuietWhileConnecting()
    sdk_log.addFilter(quiet)
    handler = SocketModeHandler(app, settings.slack_app_token, logger=sdk_log,
                                auto_reconnect_enabled=False)
    client = handler.client
    errors: list[Exception] = []
    client.on_error_listeners.append(errors.append)

    def attempt() -> None:
        errors.clear()
        client.connect_to_new_endpoint(force=True)
        if not client.is_connected():
            raise errors[-1] if errors else ConnectionError("the WebSocket was not opened")

    try:
        with_retries("Socket Mode", attempt, settings, stop.sleep)
    except (Stopped, StartupError):
        handler.close()
        raise
    except Exception as e:
        handler.close()
        error = slack_error(e)
        if error is None:
            raise
        raise StartupError("token_refused", source=settings.source_of("slack_app_token"),
                           method="apps.connections.open", error=error) from e
    finally:
        client.on_error_listeners.remove(errors.append)
        quiet.connecting = False
        sdk_log.removeFilter(quiet)
    # Connected: from now on slack_sdk reconnects by itself when Slack drops the connection.
    client.default_auto_reconnect_enabled = client.auto_reconnect_enabled = True
    return handler


def serve(settings: Settings, store: Store, stop, drain: Callable[[], Deadline] = Deadline,
          on_subscriptions_changed: Callable[[], None] | None = None,
          store_pushed: Callable | None = None) -> None:
    """Talk to Slack until `stop.is_set()`: Socket Mode with an app token, else HTTP (with
    `POST /articles` when a push token is set; `store_pushed` stores what arrives there). Then
    drain within `drain()`'s deadline. `stop` is polled, never waited on (it may be a
    StopRequest that a signal handler fills in)."""
    listeners = ListenerExecutor()
    app = build_app(settings, store, on_subscriptions_changed=on_subscriptions_changed,
                    listener_executor=listeners)
    try:
        if settings.mode == "socket":
            handler = connect_socket_mode(app, settings, stop)
            log.info("connected to Slack in Socket Mode")
            try:
                while not stop.is_set():
                    time.sleep(POLL_SECONDS)
            finally:
                # Disconnects, and lets the envelopes being handled finish.
                close_in_time(handler.close, "Socket Mode requests", drain())
            return
        push = (push_app(settings.push_token, store_pushed)
                if settings.push_token and store_pushed is not None else None)
        server = HttpServer(wsgi_app(app, store, settings.http_max_body_bytes, push),
                            host="0.0.0.0", port=settings.port,
                            read_seconds=settings.http_read_seconds,
                            connection_limit=settings.http_connection_limit,
                            max_body_bytes=settings.http_max_body_bytes)
        paths = [EVENTS_PATH, HEALTH_PATH] + ([PUSH_PATH] if push is not None else [])
        if app.oauth_flow is not None:
            paths += [app.oauth_flow.install_path, app.oauth_flow.redirect_uri_path]
        log.info("serving Slack over HTTP on port %d: %s", server.port, ", ".join(paths))
        server.serve(stop, drain)
    finally:
        listeners.drain(drain().left())
