"""`briefbot run`: the inbox watcher, the digest scheduler and one way of talking to people."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from briefbot.console import console_context, run_console
from briefbot.scheduler import DigestScheduler, console_sender_for, slack_sender_for
from briefbot.watcher import InboxWatcher

log = logging.getLogger(__name__)


def run_service(settings, store, extractor, prompt: bool = True) -> None:
    watcher = InboxWatcher(store, extractor, settings.inbox).start()
    log.info("watching %s; mode %s", settings.inbox, settings.mode)
    sender_for = (console_sender_for(sys.stdout) if settings.mode == "console"
                  else slack_sender_for(settings))
    digests = DigestScheduler(store, settings, sender_for).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if settings.mode == "console":
            if prompt:
                run_console(console_context(store, settings, sys.stdout))
            else:
                stop.wait()
        else:
            from briefbot.slack.server import serve

            serve(settings, store, stop)
    except KeyboardInterrupt:
        pass
    finally:
        digests.stop()
        watcher.stop()
