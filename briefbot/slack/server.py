"""`briefbot run` with Slack tokens: Socket Mode, or HTTP behind a production WSGI server.

HTTP mode serves `POST /slack/events` (signed requests), `GET /healthz`, and, when OAuth is
configured, `GET /slack/install` and `GET /slack/oauth_redirect`, with waitress on `PORT`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import wasyncore
from waitress.server import create_server

from briefbot.config import Settings
from briefbot.slack.app import build_app
from briefbot.store import Store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
HTTP_THREADS = 8
POLL_SECONDS = 0.2


def wsgi_app(app: App, store: Store | None = None) -> Callable:
    """The WSGI application: Bolt's adapter for Slack's paths, plus a health check."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict, start_response) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") == "GET":
            body = {"ok": True}
            if store is not None:
                body["articles"] = store.article_count()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(body).encode()]
        return slack(environ, start_response)

    return application


class HttpServer:
    """waitress serving one WSGI application until a stop event is set.

    Port 0 picks a free port (`.port` tells which), which is how the tests run the real server."""

    def __init__(self, application: Callable, host: str = "0.0.0.0", port: int = 3000,
                 threads: int = HTTP_THREADS):
        self._server = create_server(application, host=host, port=port, threads=threads,
                                     ident="briefbot")
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def serve(self, stop: threading.Event) -> None:
        """Serve on this thread until `stop` is set, then close every connection."""
        try:
            while not stop.is_set():
                wasyncore.loop(timeout=POLL_SECONDS, map=self._server._map, count=1)
        finally:
            self._server.task_dispatcher.shutdown()
            wasyncore.close_all(self._server._map)

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


def serve(settings: Settings, store: Store, stop_event: threading.Event,
          on_subscriptions_changed: Callable[[], None] | None = None) -> None:
    """Talk to Slack until `stop_event` is set: Socket Mode with an app token, else HTTP."""
    app = build_app(settings, store, on_subscriptions_changed=on_subscriptions_changed)
    if settings.mode == "socket":
        handler = SocketModeHandler(app, settings.slack_app_token)
        handler.connect()
        log.info("connected to Slack in Socket Mode")
        try:
            stop_event.wait()
        finally:
            handler.close()
        return
    server = HttpServer(wsgi_app(app, store), host="0.0.0.0", port=settings.port)
    paths = [EVENTS_PATH, HEALTH_PATH]
    if app.oauth_flow is not None:
        paths += [app.oauth_flow.install_path, app.oauth_flow.redirect_uri_path]
    log.info("serving Slack over HTTP on port %d: %s", server.port, ", ".join(paths))
    server.serve(stop_event)
