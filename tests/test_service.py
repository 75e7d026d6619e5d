"""`briefbot run` as a real child process, stopped every way a person or a service manager stops
it: end of input, `quit`, SIGTERM and SIGINT, at random moments from the moment it can handle a
signal (including the first second and the start-up digest tick), in console, HTTP and Socket
Mode. Every stop must end the process with status 0 within 10 s.

Slack is the fake Web API (and the fake Socket Mode endpoint) on 127.0.0.1. The children do not
load the spaCy model (it loads when the first article arrives), so each starts in about a second.
The random delays come from a seed printed with any failure, so a failure can be replayed with
BRIEFBOT_STOP_SEED.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefbot.store import Store
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackSender
from tests.fakes.socket_mode import FakeSocketMode

REPO = Path(__file__).resolve().parent.parent
STOP_WITHIN = 10.0
SEED = int(os.environ.get("BRIEFBOT_STOP_SEED") or time.time())
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"


class Child:
    """`python -m briefbot -v run` with its output collected line by line."""

    def __init__(self, tmp: Path, env: dict[str, str] | None = None, args: tuple = ()):
        tmp.mkdir(parents=True, exist_ok=True)
        full_env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("SLACK_", "BRIEFBOT_", "PORT"))}
        full_env.update({"BRIEFBOT_DB": str(tmp / "briefbot.db"),
                         "BRIEFBOT_INBOX": str(tmp / "inbox"), "PYTHONUNBUFFERED": "1",
                         **(env or {})})
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "briefbot", "-v", "run", *args], cwd=tmp, env=full_env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.stopped_at: float | None = None

    def _read(self) -> None:
        for raw in self.proc.stdout:
            with self._changed:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def output(self) -> str:
        with self._changed:
            return "\n".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = 15.0) -> re.Match:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    if m := re.search(pattern, line):
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and not self._reader.is_alive():
                    raise AssertionError(f"never printed {pattern!r}:\n{self.output}")
                self._changed.wait(min(left, 0.2))

    def handles_signals(self, timeout: float = 15.0) -> None:
        """Wait until the process has its SIGTERM handler (the earliest a clean stop can be
        asked for; before it, the interpreter itself is still starting)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
            caught = int(re.search(r"SigCgt:\s*([0-9a-f]+)", status).group(1), 16)
            if caught & (1 << (signal.SIGTERM - 1)):
                return
            time.sleep(0.005)

    def stop(self, how: str) -> None:
        self.stopped_at = time.monotonic()
        if how == "eof":
            self.proc.stdin.close()
        elif how == "quit":
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.flush()
        else:
            self.proc.send_signal(getattr(signal, how))

    def finish(self, timeout: float = STOP_WITHIN) -> tuple[int | None, float]:
        """(exit status, seconds from the stop to the exit); None if it did not exit."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None, timeout
        self._reader.join(timeout=5)
        return self.proc.returncode, time.monotonic() - (self.stopped_at or self.started)


def assert_clean_stop(child: Child, what: str) -> float:
    status, seconds = child.finish()
    assert status == 0 and seconds < STOP_WITHIN, (
        f"{what}: exit {status} after {seconds:.1f} s (seed {SEED})\n{child.output}")
    assert "Traceback" not in child.output, f"{what} (seed {SEED})\n{child.output}"
    return seconds


def due_subscription(db: Path, team: str = "T_TEST", channel: str = "C_DESK") -> None:
    """A daily digest made two days ago, so the start-up tick posts today's at once."""
    store = Store(db)
    sub, _ = store.subscribe(team, channel, "ceasefire", "daily 00:00", "UTC",
                             nothing_new_notes=True)  # posted even when the period is quiet
    made = (datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds")
    store.db.conn.execute("UPDATE subscriptions SET created_at = ? WHERE id = ?", [made, sub.id])
    store.db.conn.commit()
    store.close()


def digest_statuses(db: Path) -> list[str]:
    store = Store(db)
    try:
        return [run.status for run in store.digest_runs(limit=10)]
    finally:
        store.close()


# --- console mode --------------------------------------------------------------------------------

CONSOLE_STOPS = [(how, n) for n in range(3) for how in ("eof", "quit", "SIGTERM", "SIGINT")]


def test_console_stops_every_way_at_random_moments(tmp_path):
    """Twelve children, three per way of stopping, at 0 s (as soon as the handler is in) and
    at random moments in the first 2.5 s, one after the other (two at once on a busy 2-core
    machine measured the machine, not briefbot)."""
    rng = random.Random(SEED)
    delays = [0.0 if n == 0 else rng.uniform(0, 2.5) for _how, n in CONSOLE_STOPS]

    def one(i: int) -> tuple[str, float, float]:
        how, _n = CONSOLE_STOPS[i]
        child = Child(tmp_path / f"c{i}")
        child.handles_signals()
        time.sleep(delays[i])
        child.stop(how)
        return how, delays[i], assert_clean_stop(child, f"console {how} at {delays[i]:.2f} s")

    results = [one(i) for i in range(len(CONSOLE_STOPS))]
    assert len(results) == 12


def test_console_stop_during_the_startup_digest_tick(tmp_path, seeded_db):
    """The start-up tick used to deadlock with the stop (shutdown(wait=True) against
    get_jobs()); a stop as the tick runs must end it, and the digest is posted once."""
    home = tmp_path / "tick"
    home.mkdir()
    db = home / "briefbot.db"
    db.write_bytes(seeded_db.read_bytes())
    due_subscription(db, team="T_LOCAL", channel="console")
    child = Child(home)
    child.wait_for(r"Running job \"digest catch-up and retry")
    child.stop("SIGTERM")
    assert_clean_stop(child, "SIGTERM during the start-up tick")
    assert digest_statuses(db) in ([], ["posted"])  # finished or never started, never half


# --- HTTP mode -----------------------------------------------------------------------------------


@pytest.fixture
def fake():
    with FakeSlackAPI() as api:
        yield api


def slack_env(fake: FakeSlackAPI, **extra) -> dict[str, str]:
    return {"SLACK_API_URL": fake.api_url, "SLACK_BOT_TOKEN": BOT_TOKEN, **extra}


def http_child(tmp: Path, fake: FakeSlackAPI) -> Child:
    return Child(tmp, slack_env(fake, SLACK_SIGNING_SECRET=SIGNING_SECRET, PORT="0"))


def test_http_stop_during_the_startup_tick_finishes_the_post(tmp_path, seeded_db, fake):
    home = tmp_path / "http-tick"
    home.mkdir()
    db = home / "briefbot.db"
    db.write_bytes(seeded_db.read_bytes())
    due_subscription(db)
    fake.hold("chat.postMessage", 1.5)
    child = http_child(home, fake)
    fake.wait_for(lambda f: f.calls("chat.postMessage"), timeout=20)
    child.stop("SIGTERM")
    assert_clean_stop(child, "SIGTERM while the start-up digest is being posted")
    assert digest_statuses(db) == ["posted"]
    assert "auth.test" in [r.method for r in fake.requests]
    assert "will be unused" not in child.output  # Bolt's warning about the token, every start


def test_http_drains_the_request_in_flight(tmp_path, seeded_db, fake):
    home = tmp_path / "http-drain"
    home.mkdir()
    (home / "briefbot.db").write_bytes(seeded_db.read_bytes())
    child = http_child(home, fake)
    port = int(child.wait_for(r"serving Slack over HTTP on port (\d+)").group(1))
    fake.hold("response_url", 2.0)
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET)
    assert sender.command("/whosaid", "Rutte", fake.response_url("drain")).status == 200
    fake.wait_for(lambda f: f.responses("drain"))  # the answer is on its way, held by Slack
    child.stop("SIGINT")
    assert_clean_stop(child, "SIGINT with an answer in flight")
    [answer] = fake.responses("drain")
    assert answer.answered, "the answer in flight was cut off"
    assert "Mark Rutte" in str(answer.body)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_http_stops_at_a_random_moment(tmp_path, fake):
    delay = random.Random(SEED + 1).uniform(0, 1.5)
    child = http_child(tmp_path / "http-random", fake)
    child.handles_signals()
    time.sleep(delay)
    child.stop("SIGTERM")
    assert_clean_stop(child, f"HTTP SIGTERM at {delay:.2f} s")


# --- Socket Mode ---------------------------------------------------------------------------------


@pytest.fixture
def socket_fake(fake):
    with FakeSocketMode() as ws:
        fake.socket_mode_url = ws.url
        yield ws


def socket_child(tmp: Path, fake: FakeSlackAPI) -> Child:
    return Child(tmp, slack_env(fake, SLACK_APP_TOKEN=APP_TOKEN))


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_socket_mode_stops_at_a_random_moment(tmp_path, fake, socket_fake, how):
    delay = random.Random(SEED + 2).uniform(0, 2.0)
    child = socket_child(tmp_path / "socket", fake)
    child.handles_signals()
    time.sleep(delay)
    child.stop(how)
    assert_clean_stop(child, f"Socket Mode {how} at {delay:.2f} s")


def test_socket_mode_drains_the_envelope_in_flight(tmp_path, seeded_db, fake, socket_fake):
    home = tmp_path / "socket-drain"
    home.mkdir()
    (home / "briefbot.db").write_bytes(seeded_db.read_bytes())
    child = socket_child(home, fake)
    socket_fake.wait_connected(timeout=20)
    child.wait_for(r"connected to Slack in Socket Mode")
    fake.hold("response_url", 2.0)
    envelope = socket_fake.send_envelope({
        "command": "/whosaid", "text": "Rutte", "team_id": "T_TEST", "channel_id": "C_DESK",
        "user_id": "U_ANNA", "response_url": fake.response_url("sock"), "trigger_id": "1.2.3",
        "api_app_id": "A_BRIEFBOT"})
    socket_fake.wait_for_ack(envelope)
    fake.wait_for(lambda f: f.responses("sock"))
    child.stop("SIGTERM")
    assert_clean_stop(child, "Socket Mode SIGTERM with an answer in flight")
    [answer] = fake.responses("sock")
    assert answer.answered and "Mark Rutte" in str(answer.body)


# --- stopping harder -----------------------------------------------------------------------------


def test_a_stuck_post_is_abandoned_and_a_second_signal_exits_at_once(tmp_path, seeded_db, fake):
    """Slack never answering the start-up digest: the first SIGTERM waits for the drain deadline
    and exits 0; a second signal does not wait at all."""
    for name, second in (("abandon", False), ("twice", True)):
        home = tmp_path / name
        home.mkdir()
        db = home / "briefbot.db"
        db.write_bytes(seeded_db.read_bytes())
        due_subscription(db)
        fake.clear()
        fake.hold("chat.postMessage", 30)
        child = http_child(home, fake)
        fake.wait_for(lambda f: f.calls("chat.postMessage"), timeout=20)
        child.stop("SIGTERM")
        if second:
            time.sleep(0.3)
            child.proc.send_signal(signal.SIGTERM)
            status, seconds = child.finish()
            assert status == 128 + signal.SIGTERM and seconds < 2, child.output
            assert "second SIGTERM, stopping now" in child.output
        else:
            seconds = assert_clean_stop(child, "SIGTERM with Slack not answering")
            assert "abandoning" in child.output or "still running at stop" in child.output
