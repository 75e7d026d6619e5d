"""`briefbot run`: wires the parts together. The inbox watcher, the feed poller, the digest
scheduler and one face for people (the console, or Slack over Socket Mode or HTTP).

This is the one place that knows every part: it hands the scheduler its way of posting (a
`SenderFor` for Slack or the console) and the faces their "subscriptions changed" callback, so
the scheduler knows no face and the command handlers reach no global.

The main thread owns the lifecycle: it checks everything first (`briefbot.checks`, exit 2 on a
problem), starts the parts, talks (the console prompt, the HTTP server loop or the Socket Mode
wait), and on EOF, `quit`, SIGINT or SIGTERM stops them in reverse order within one shared
deadline (`briefbot.lifecycle`). Whatever is still running after the deadline is abandoned:
articles and digest runs are transactions, so it is absent, never half-stored.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import TextIO

from briefbot.checks import Stopped, startup_checks
from briefbot.config import Settings
from briefbot.console import console_context, print_digest, run_console
from briefbot.delivery import Sender
from briefbot.lifecycle import (
    Deadline,
    StopRequest,
    close_in_time,
    stdin_is_terminal,
    stdin_lines,
    watch_terminal_for_quit,
)
from briefbot.scheduler import DigestScheduler, SenderFor

log = logging.getLogger(__name__)


def console_sender_for(out: TextIO) -> SenderFor:
    """Console mode: digests are printed where the prompt is."""

    def sender_for(team_id: str, channel_id: str) -> Sender:
        return print_digest(out, channel_id)

    return sender_for


def slack_sender_for(settings: Settings) -> SenderFor:
    """Slack mode: chat.postMessage with the workspace's bot token (429s are waited out inside
    the client by slack_sdk's RateLimitErrorRetryHandler; anything else raises and the run is
    recorded as failed, to be retried on the next tick)."""
    from briefbot.slack.posting import client_for_team, post_digest

    def sender_for(team_id: str, channel_id: str) -> Sender:
        def send(digest, progress) -> str | None:
            return post_digest(client_for_team(settings, team_id), channel_id, digest, progress)

        return send

    return sender_for


def _warm_lookup(store) -> None:
    """The name lookup built before the first /whosaid needs it (`actors.warm`); a stop that
    closes the store first only costs the head start."""
    from briefbot import actors

    try:
        actors.warm(store)
    except Exception:  # noqa: BLE001 - a head start; the first lookup builds it anyway
        log.debug("name lookup not built ahead", exc_info=True)


def run_service(settings: Settings, store_factory: Callable, extractor, prompt: bool = True,
                stop: StopRequest | None = None) -> Deadline:
    """Run until asked to stop; returns the drain deadline, for what is left to finish
    (`briefbot.lifecycle.end_process`). `store_factory()` opens the database (after the checks,
    so a bad setting is reported before any file is made); `extractor` may load the model
    lazily. Raises StartupError for a problem found before anything started."""
    stop = stop or StopRequest().install()
    try:
        startup_checks(settings, stop.sleep)
    except Stopped:
        log.info("stopped (%s) while waiting for Slack", stop.why())
        return Deadline()
    if stop.poll():
        log.info("stopped (%s) before starting", stop.why())
        return Deadline()
    store = store_factory()
    threading.Thread(target=_warm_lookup, args=(store,), name="lookup-warm", daemon=True).start()

    from briefbot.feeds.manage import sync_config_feeds
    from briefbot.feeds.poll import FeedPoller, FeedScheduler
    from briefbot.ingest import IngestLimits
    from briefbot.push import store_pushed
    from briefbot.watcher import InboxWatcher
    from briefbot.workers import ExtractionPool

    deadline: list[Deadline] = []

    def drain() -> Deadline:
        """The one deadline every part shares, counted from the first part that drains."""
        if not deadline:
            deadline.append(Deadline())
            log.info("stopping (%s)", stop.why())
        return deadline[0]

    watcher = digests = pool = feeds = None
    try:
        # A burst of files is extracted on every core; a trickle in this process.
        pool = ExtractionPool(extractor, settings.model)
        watcher = InboxWatcher(store, extractor, settings.inbox, pool=pool,
                               settle_seconds=settings.inbox_settle_seconds,
                               limits=IngestLimits.from_settings(settings)).start()
        sender_for = (console_sender_for(sys.stdout) if settings.mode == "console"
                      else slack_sender_for(settings))
        sync_config_feeds(store, settings.feeds)
        feeds = FeedScheduler(FeedPoller(store, extractor)).start()
        digests = DigestScheduler(store, sender_for, synonyms=settings.topic_synonyms,
                                  misfire_grace_seconds=settings.digest_misfire_grace_seconds
                                  ).start()
        log.info("watching %s; mode %s", settings.inbox, settings.mode)
        if settings.mode == "console":
            if prompt:
                ctx = console_context(store, settings, sys.stdout,
                                      on_subscriptions_changed=digests.subscriptions_changed)
                stop.request(run_console(ctx, stdin_lines(stop),
                                         interactive=stdin_is_terminal()))
            else:
                watch_terminal_for_quit(stop)
                stop.wait()
        else:
            from briefbot.slack.server import serve

            watch_terminal_for_quit(stop)
            serve(settings, store, stop, drain,
                  on_subscriptions_changed=digests.subscriptions_changed,
                  store_pushed=lambda article: store_pushed(store, extractor, article))
    except Stopped:
        pass
    finally:
        stop.poll()
        limit = drain()
        if digests is not None:
            digests.stop(timeout=limit.left())
        if feeds is not None:
            close_in_time(feeds.stop, "feed polling", limit)
        if watcher is not None:
            watcher.stop(timeout=limit.left())
        if pool is not None:
            close_in_time(pool.close, "inbox extraction workers", limit)
        store.close()
        log.info("stopped")
    return limit
