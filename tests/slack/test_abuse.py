"""Issue 11, cases 7-12: HTTP mode against the open internet.

briefbot serves in a real child process on 127.0.0.1 (short read deadline and connection limit
so the slow-client tests take seconds); the attacks come over real sockets from this process,
and the fake Slack Web API records what briefbot did. The peak memory of the server process
is read from /proc."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.conftest import REPO
from tests.fakes.http_child import ServerProcess
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_env import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_requests import SlackSender, signature_headers

READ_SECONDS = 2
CONNECTION_LIMIT = 40


@pytest.fixture(scope="module")
def fake():
    with FakeSlackAPI() as api:
        yield api


@pytest.fixture(scope="module")
def server(tmp_path_factory, seeded_template, fake):
    folder = tmp_path_factory.mktemp("abuse")
    shutil.copy(seeded_template, folder / "briefbot.db")
    child = ServerProcess.start(folder, REPO, {
        "BRIEFBOT_DB": str(folder / "briefbot.db"), "BRIEFBOT_INBOX": str(folder / "inbox"),
        "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": fake.api_url, "BRIEFBOT_HTTP_READ_SECONDS": str(READ_SECONDS),
        "BRIEFBOT_HTTP_CONNECTION_LIMIT": str(CONNECTION_LIMIT),
    })
    yield child
    child.stop()


@pytest.fixture
def sender(server) -> SlackSender:
    return SlackSender(server.url + "/slack/events", SIGNING_SECRET)


def post_raw(server, body: bytes, headers: dict[str, str], timeout: float = 5.0
             ) -> tuple[int, str]:
    request = urllib.request.Request(server.url + "/slack/events", data=body, headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def half_open(port: int) -> socket.socket | None:
    """A connection that sent its headers and two bytes of a 1000-byte body."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: briefbot\r\nContent-Length: 1000\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n\r\nab")
        return s
    except OSError:
        return None


def test_half_open_connections_do_not_take_it_down(server, sender, fake):
    """Case 7: three times the connection limit in half-open connections, each sending a byte
    every half second (and replaced when closed), while /healthz and signed commands are
    answered; each is closed within the read deadline."""
    attackers = [s for s in (half_open(server.port) for _ in range(3 * CONNECTION_LIMIT)) if s]
    stop = threading.Event()
    opened = [len(attackers)]

    def trickle():
        while not stop.wait(0.5):
            for i, s in enumerate(attackers):
                try:
                    s.send(b"x")
                except OSError:
                    s.close()
                    attackers[i] = half_open(server.port) or s
                    opened[0] += 1

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        answered = []
        for n in range(8):
            started = time.monotonic()
            assert server.get("/healthz", timeout=3)[0] == 200
            if n % 2:
                answer = sender.command("/whosaid", "Rutte", fake.response_url(f"held-{n}"))
                assert answer.status == 200
            answered.append(time.monotonic() - started)
            time.sleep(0.5)
        assert max(answered) < 3
    finally:
        stop.set()
        thread.join()
    # The last ones opened are closed by the read deadline, without any help from this side:
    # each is closed (end of file) within READ_SECONDS + 2 s of the last byte it sent.
    closed_by = time.monotonic() + READ_SECONDS + 2
    still_open = 0
    for s in attackers:
        s.settimeout(max(closed_by - time.monotonic(), 0) + 0.2)
        try:
            still_open += s.recv(100) != b""
        except TimeoutError:
            still_open += 1
        except OSError:
            pass
        s.close()
    assert still_open == 0
    assert opened[0] > 3 * CONNECTION_LIMIT  # the server did close connections to make room
    print(f"half-open connections opened: {opened[0]}, requests held: {len(answered)} "
          f"(slowest {max(answered):.2f} s), peak RSS {server.memory_mb('VmHWM'):.0f} MB")


@pytest.mark.parametrize("chunked", [False, True])
def test_a_huge_body_is_refused_before_it_is_read(server, chunked):
    """Case 8: a 300 MB unsigned POST, streamed from here; the server answers 413 and its
    memory does not grow with the body."""
    before = server.memory_mb("VmRSS")
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    length = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: 300000000"
    s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: briefbot\r\n" + length +
              b"\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n")
    chunk = b"a" * 1_000_000
    sent = 0
    try:
        while sent < 300_000_000:
            s.sendall(b"f4240\r\n" + chunk + b"\r\n" if chunked else chunk)
            sent += len(chunk)
    except OSError:
        pass  # the server stopped reading and closed the connection
    try:
        answer = s.recv(200)
    except OSError:
        answer = b""
    s.close()
    assert sent < 50_000_000, f"the server took {sent:,} bytes"
    assert answer.startswith(b"HTTP/1.1 413") or answer == b""
    assert server.memory_mb("VmRSS") - before < 30
    print(f"{'chunked' if chunked else 'Content-Length'} 300 MB: refused after {sent:,} bytes "
          f"sent; peak RSS {server.memory_mb('VmHWM'):.0f} MB")


MALFORMED = {
    "payload=%7B unsigned": (b"payload=%7B", {"Content-Type": "application/x-www-form-urlencoded"}),
    "timestamp abc": (b"command=%2Fwhosaid&text=x", {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}),
    "JSON body": (b'{"type": "event_callback"', {"Content-Type": "application/json"}),
    "bytes that are not UTF-8": (b"\xff\xfe\x00payload", {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=\xe9"}),
}


def test_malformed_requests_get_400_or_401_without_a_traceback(server):
    """Case 9: malformed requests, unsigned and signed, answered at once and logged in one
    line each."""
    for name, (body, headers) in MALFORMED.items():
        status, text = post_raw(server, body, headers)
        assert status == 401, (name, status, text)
    body = b"payload=%7B"
    signed = {"Content-Type": "application/x-www-form-urlencoded",
              **signature_headers(SIGNING_SECRET, body.decode())}
    assert post_raw(server, body, signed)[0] == 400
    time.sleep(0.3)
    log = server.log()
    assert "Traceback" not in log
    assert log.count("refused a request to Slack's path") >= len(MALFORMED)


def test_a_replayed_request_is_refused(server, fake):
    """Case 10: the same signed request sent twice within the window runs once."""
    form = {"team_id": "T_TEST", "channel_id": "C0REPLAY", "user_id": "U_ANNA",
            "command": "/briefbot", "text": "digest ceasefire",
            "response_url": fake.response_url("replay")}
    body = urlencode(form)
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               **signature_headers(SIGNING_SECRET, body)}
    assert post_raw(server, body.encode(), headers)[0] == 200
    status, text = post_raw(server, body.encode(), headers)
    assert status == 401 and "replayed" in text
    fake.wait_for(lambda f: f.responses("replay"))
    time.sleep(1)
    posts = [c for c in fake.calls("chat.postMessage") if c.body.get("channel") == "C0REPLAY"]
    assert len(posts) == 1
    assert len(fake.responses("replay")) == 1


def test_a_workspace_briefbot_is_not_installed_in_is_refused(server, sender, fake):
    """Case 11: a signed command carrying another team_id is not served with this token."""
    answer = sender.command("/briefbot", "subscribe ceasefire", fake.response_url("other"),
                            team_id="T_OTHER", channel_id="C0OTHER")
    assert answer.status == 403
    answer = sender.command("/briefbot", "digest ceasefire", fake.response_url("other-digest"),
                            team_id="T_OTHER", channel_id="C0OTHER")
    assert answer.status == 403
    time.sleep(1)
    assert not [c for c in fake.requests if c.body.get("channel") == "C0OTHER"]
    assert fake.responses("other") == [] and fake.responses("other-digest") == []
    answer = sender.command("/whosaid", "Rutte", fake.response_url("own"))  # T_TEST: its own
    assert answer.status == 200
    assert fake.wait_for(lambda f: f.responses("own"))


def test_a_megabyte_of_command_text_is_answered_at_once(server, sender, fake):
    """Case 12: /whosaid with 900 KB of text is refused at once, not looked up word by word."""
    started = time.monotonic()
    answer = sender.command("/whosaid", "Mark Rutte ceasefire " * 43_000,
                            fake.response_url("huge"))
    assert time.monotonic() - started < 5
    assert answer.status == 200
    assert "too long" in json.loads(answer.body)["text"]
    assert server.get("/healthz")[0] == 200
