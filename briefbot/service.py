"""`briefbot run`: wires the parts together. The inbox watcher, the feed poller, the digest
scheduler and one face for people (the console, or Slack over Socket Mode or HTTP).

This is the one place that knows every part: it hands the scheduler its way of posting (a
`SenderFor` for Slack or the console) and the faces their "subscriptions changed" callback, so
the scheduler knows no face and the command handlers reach no global.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import TextIO

from briefbot.config import Settings
from briefbot.console import console_context, print_digest, run_console
from briefbot.delivery import Sender
from briefbot.feeds.manage import sync_config_feeds
from briefbot.feeds.poll import FeedPoller, FeedScheduler
from briefbot.ingest import IngestLimits
from briefbot.push import store_pushed
from briefbot.scheduler import DigestScheduler, SenderFor
from briefbot.watcher import InboxWatcher
from briefbot.workers import ExtractionPool

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


def run_service(settings: Settings, store, extractor, prompt: bool = True) -> None:
    # A burst of files is extracted on every core; a trickle in this process.
    pool = ExtractionPool(extractor, settings.model)
    watcher = InboxWatcher(store, extractor, settings.inbox, pool=pool,
                           settle_seconds=settings.inbox_settle_seconds,
                           limits=IngestLimits.from_settings(settings)).start()
    log.info("watching %s; mode %s", settings.inbox, settings.mode)
    sender_for = (console_sender_for(sys.stdout) if settings.mode == "console"
                  else slack_sender_for(settings))
    sync_config_feeds(store, settings.feeds)
    feeds = FeedScheduler(FeedPoller(store, extractor)).start()
    digests = DigestScheduler(store, sender_for, synonyms=settings.topic_synonyms,
                              misfire_grace_seconds=settings.digest_misfire_grace_seconds).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if settings.mode == "console":
            if prompt:
                run_console(console_context(store, settings, sys.stdout,
                                            on_subscriptions_changed=digests.subscriptions_changed))
            else:
                stop.wait()
        else:
            from briefbot.slack.server import serve

            serve(settings, store, stop, on_subscriptions_changed=digests.subscriptions_changed,
                  store_pushed=lambda article: store_pushed(store, extractor, article))
    except KeyboardInterrupt:
        pass
    finally:
        digests.stop()
        feeds.stop()
        watcher.stop()
        pool.close()
