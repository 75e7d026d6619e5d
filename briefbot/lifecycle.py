"""Stopping `briefbot run`: a signal or the end of input asks, the main thread notices, and every
part gets one shared deadline to finish what it is doing.

The rule: a signal handler only records which signal came (one attribute write). It never sets
a `threading.Event`, takes a lock or logs, because it runs on the main thread between two
bytecodes, possibly while that thread holds the very lock it would need. The main thread polls
`requested` (a few times a second) and sets `event` for the threads that wait on it. The price
is up to `POLL_SECONDS` of latency before a stop is noticed.

A second SIGINT or SIGTERM ends the process at once (`os._exit`, status 128 + the signal), for an
operator who does not want to wait for the drain.
"""

from __future__ import annotations

import codecs
import logging
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)

POLL_SECONDS = 0.1
# How long the parts get, together, to finish in-flight work once a stop is asked for.
DRAIN_SECONDS = 5.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopRequest:
    """Why and when `briefbot run` should stop. Quacks like a `threading.Event` for `is_set()`,
    so loops that poll an event (the HTTP server's) can poll this instead."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signum: int | None = None
        self.reason: str | None = None
        self._previous: dict[int, object] = {}
        self._second_words: dict[int, bytes] = {}

    # --- asking -------------------------------------------------------------------------------

    def install(self) -> StopRequest:
        """Handle SIGINT and SIGTERM from now on (main thread only)."""
        from briefbot.templating import phrase

        # worded now: a signal handler that ends the process at once renders no template
        self._second_words = {sig: (phrase("second_signal", signal.Signals(sig).name) + "\n")
                              .encode() for sig in STOP_SIGNALS}
        for sig in STOP_SIGNALS:
            self._previous[sig] = signal.signal(sig, self._on_signal)
        return self

    def restore(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()

    def _on_signal(self, signum: int, _frame) -> None:
        if self.signum is not None:
            os.write(2, self._second_words[signum])
            os._exit(128 + signum)
        self.signum = signum

    def request(self, reason: str) -> None:
        """Ask for a stop from any thread other than a signal handler (end of input, quit)."""
        if self.reason is None:
            self.reason = reason
        self.event.set()

    # --- noticing -----------------------------------------------------------------------------

    @property
    def requested(self) -> bool:
        return self.signum is not None or self.event.is_set()

    is_set = requested.fget  # the HTTP server polls `stop.is_set()`

    def why(self) -> str:
        if self.signum is not None:
            return signal.Signals(self.signum).name
        return self.reason or "asked"

    def poll(self) -> bool:
        """Main thread: turn a recorded signal into the event other threads wait on."""
        if self.signum is not None and not self.event.is_set():
            if self.reason is None:
                self.reason = signal.Signals(self.signum).name
            self.event.set()
        return self.requested

    def sleep(self, seconds: float) -> bool:
        """Sleep up to `seconds`, less if a stop is asked for; True if it was."""
        deadline = time.monotonic() + seconds
        while not self.poll():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(POLL_SECONDS, left))
        return True

    def wait(self, until: Callable[[], bool] = lambda: False) -> None:
        """Main thread: return once a stop is asked for or `until()` holds."""
        while not self.poll() and not until():
            time.sleep(POLL_SECONDS)


_early: list[StopRequest] = []


def hold_early_signals(stop: StopRequest) -> None:
    """Keep the StopRequest installed at process start for `briefbot run` to take over."""
    _early[:] = [stop]


def take_early_signals(for_run: bool) -> StopRequest | None:
    """`briefbot run` takes the early StopRequest (with any signal it already recorded). Any
    other command gets the default handlers back, and a signal that came during start-up is
    delivered again, so Ctrl-C still interrupts `briefbot ingest`."""
    early = _early.pop() if _early else None
    if early is None or for_run:
        return early
    early.restore()
    if early.signum is not None:
        os.kill(os.getpid(), early.signum)
    return None


def stdin_lines(stop: StopRequest, fd: int | None = None,
                poll: float = 0.2) -> Iterator[str]:
    """The lines typed on standard input, until end of input or a stop.

    Reads the raw file descriptor after select() says there is something, so nothing blocks
    longer than `poll` seconds and no thread is ever left inside Python's buffered stdin (which
    can abort the interpreter at exit). A closed or unusable stdin counts as end of input."""
    if fd is None:
        try:
            fd = sys.stdin.fileno()
        except (AttributeError, ValueError, OSError):
            return
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""
    while not stop.requested:
        try:
            ready, _, _ = select.select([fd], [], [], poll)
            chunk = os.read(fd, 65536) if ready else None
        except OSError:
            chunk = b""
        if chunk is None:
            continue
        if not chunk:
            pending += decoder.decode(b"", final=True)
            if pending:
                yield pending
            return
        pending += decoder.decode(chunk)
        while "\n" in pending:
            line, pending = pending.split("\n", 1)
            yield line + "\n"


def stdin_is_terminal() -> bool:
    try:
        return os.isatty(sys.stdin.fileno())
    except (AttributeError, ValueError, OSError):
        return False


QUIT_WORDS = ("quit", "exit", "q")


def watch_terminal_for_quit(stop: StopRequest) -> threading.Thread | None:
    """In Slack modes run from a terminal, `quit` or Ctrl-D stops briefbot as in the console.
    Not from a pipe or /dev/null: a service manager's closed stdin must not stop a server."""
    if not stdin_is_terminal():
        return None

    def watch() -> None:
        for line in stdin_lines(stop):
            if line.strip().lower() in QUIT_WORDS:
                stop.request("quit")
                return
        stop.request("end of input")

    thread = threading.Thread(target=watch, name="terminal-quit", daemon=True)
    thread.start()
    return thread


class Deadline:
    """One deadline shared by every part that drains."""

    def __init__(self, seconds: float = DRAIN_SECONDS):
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def passed(self) -> bool:
        return time.monotonic() >= self.at


def close_in_time(close: Callable[[], object], what: str, deadline: Deadline) -> bool:
    """Call a `close` that may block (it waits for its own workers) for no longer than the
    deadline allows; True if it returned in time."""
    closer = threading.Thread(target=close, name=f"closing {what}", daemon=True)
    closer.start()
    closer.join(deadline.left())
    if closer.is_alive():
        log.warning("%s still busy at stop; abandoned", what)
        return False
    return True


def unfinished_threads() -> list[threading.Thread]:
    """Threads that would keep the interpreter from exiting (not daemons, still running)."""
    return [t for t in threading.enumerate()
            if t is not threading.main_thread() and t.is_alive() and not t.daemon]


def end_process(status: int, deadline: Deadline | None = None) -> None:
    """End `briefbot run` with `status`, without the interpreter's own finalization.

    Everything was stopped and closed explicitly before this. What is left is CPython tearing
    down modules, and with spaCy, numpy and OpenBLAS loaded that was seen to spin for ever in
    the garbage collector (about one stop in ten under load, tests/test_service.py), which is
    a service that never exits. So: give non-daemon threads (a digest post, a Slack listener)
    what is left of the deadline, say which ones are abandoned, flush, and leave. Each article
    and each digest run is its own transaction, so what was cut off is absent, not half-written,
    and the scheduler retries it at the next start."""
    deadline = deadline or Deadline(0)
    for thread in unfinished_threads():
        thread.join(deadline.left())
    stuck = unfinished_threads()
    if stuck:
        log.warning("abandoning %d unfinished task(s) at stop: %s", len(stuck),
                    ", ".join(t.name for t in stuck))
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)
