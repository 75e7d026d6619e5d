"""What `briefbot run` checks before it starts anything, and what `briefbot doctor` reports.

Each check answers with one line an operator can act on: the setting, where its value came from
(TOML file or environment variable), and what is wrong. `briefbot run` stops at the first
problem with exit status 2; `briefbot doctor` runs them all and prints one line each.

Slack is asked with `auth.test` (and, for Socket Mode, `apps.connections.open` when the
connection is made). Slack not answering is retried with backoff, one log line per attempt, for
`slack_connect_seconds`; a token Slack refuses is not retried.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from briefbot.config import ConfigError, Settings, check_slack_settings
from briefbot.models import Problem

log = logging.getLogger(__name__)

T = TypeVar("T")
FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 30.0
LOW_DISK_BYTES = 200 * 1024 * 1024


class StartupError(Problem):
    """A problem that keeps `briefbot run` from starting: a code and its values, worded in one
    line by templates/problems.j2."""


class Stopped(Exception):
    """A stop was asked for while waiting for Slack."""


@dataclass
class Fine:
    """What a check found when all is well, as data (a code and its values, like a Problem);
    worded by templates/doctor.txt.j2."""

    code: str
    values: dict

    @classmethod
    def of(cls, code: str, **values: object) -> Fine:
        return cls(code, values)


# --- the parts -----------------------------------------------------------------------------------


def model_installed(name: str) -> bool:
    """True if spaCy can load `name` without downloading: an installed package or a folder.
    Looked up, not imported: importing spaCy takes a second `briefbot run` need not wait."""
    if Path(name).is_dir():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def check_model(settings: Settings) -> None:
    if not model_installed(settings.model):
        from briefbot.extract.pipeline import model_missing_message

        raise StartupError("setting_says", source=settings.source_of("model"),
                           problem=model_missing_message(settings.model))


def _writable_dir(path: Path) -> tuple[str, str] | None:
    """None if briefbot can create files in `path` (made if missing), else why not: a code
    ("cannot_create", "not_a_folder", "not_writable") and the system's reason."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        return "cannot_create", str(e.strerror or e)
    if not path.is_dir():
        return "not_a_folder", ""
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".briefbot-check-"):
            pass
    except OSError as e:
        return "not_writable", str(e.strerror or e)
    return None


def check_inbox(settings: Settings) -> Fine:
    inbox = Path(settings.inbox)
    problem = _writable_dir(inbox)
    if problem:
        raise StartupError("folder", source=settings.source_of("inbox"), folder="inbox",
                           path=str(inbox), problem=problem[0], detail=problem[1])
    files = sum(1 for p in inbox.iterdir() if p.is_file() and not p.name.startswith("."))
    return Fine.of("inbox_ok", path=str(inbox.resolve()), files=files)


def check_database_folder(settings: Settings) -> None:
    folder = Path(settings.db_path).resolve().parent
    problem = _writable_dir(folder)
    if problem:
        raise StartupError("folder", source=settings.source_of("db_path"), folder="database",
                           path=str(folder), problem=problem[0], detail=problem[1])


def check_database(settings: Settings) -> Fine:
    """Open (and migrate) the database, check its integrity and the disk it lives on."""
    from briefbot.store import Store, migration_names

    check_database_folder(settings)
    path = Path(settings.db_path)
    try:
        store = Store(path)
        try:
            problems = store.integrity_problems()
            applied = store.applied_migrations()
            articles = store.article_count()
        finally:
            store.close()
    except sqlite3.DatabaseError as e:
        raise StartupError("database_unusable", source=settings.source_of("db_path"),
                           path=str(path), detail=str(e)) from e
    if problems:
        raise StartupError("integrity", path=str(path), first=problems[0],
                           others=len(problems) - 1)
    known = migration_names()
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise StartupError("newer_database", path=str(path), steps=unknown)
    free = shutil.disk_usage(path.resolve().parent).free
    found = Fine.of("database_ok", path=str(path), applied=len(applied), known=len(known),
                    articles=articles, gb_free=free / 1e9)
    if free < LOW_DISK_BYTES:
        raise StartupError("low_disk", **found.values, megabytes=LOW_DISK_BYTES // 2**20)
    return found


# --- Slack ---------------------------------------------------------------------------------------


def slack_error(e: Exception) -> str | None:
    """Slack's error code when Slack answered and refused; None when it could not be reached."""
    from slack_sdk.errors import SlackApiError

    if isinstance(e, SlackApiError) and e.response is not None:
        status = getattr(e.response, "status_code", 200)
        if status >= 500 or status == 429:
            return None  # Slack is there but not answering properly: try again
        return str(e.response.get("error") or f"HTTP {status}")
    return None


def with_retries(what: str, attempt: Callable[[], T], settings: Settings,
                 sleep: Callable[[float], bool]) -> T:
    """Call `attempt` until Slack answers, waiting 1, 2, 4 ... 30 s between tries, one warning
    per failed try; give up after `slack_connect_seconds` (StartupError). A refusal (a bad
    token) is not retried: `attempt` raises it and it passes through. `sleep(s)` returns True
    when a stop was asked for, which ends the waiting (Stopped)."""
    give_up_at = time.monotonic() + settings.slack_connect_seconds
    delay = FIRST_RETRY_SECONDS
    tries = 0
    while True:
        tries += 1
        try:
            return attempt()
        except Exception as e:
            if slack_error(e) is not None:
                raise
            reason = _reason(e)
            left = give_up_at - time.monotonic()
            if left <= 0:
                raise StartupError(
                    "slack_unreachable", url=settings.slack_api_url,
                    source=settings.source_of("slack_api_url"), what=what, tries=tries,
                    seconds=settings.slack_connect_seconds,
                    seconds_source=settings.source_of("slack_connect_seconds"),
                    reason=reason) from e
            wait = min(delay, left)
            log.warning("Slack unreachable (%s, attempt %d): %s; trying again in %.0f s",
                        what, tries, reason, wait)
            if sleep(wait):
                raise Stopped() from e
            delay = min(delay * 2, MAX_RETRY_SECONDS)


def _reason(e: Exception) -> str:
    """A one-line reason from a connection failure (urllib wraps the socket error)."""
    inner = getattr(e, "reason", None)
    text = str(inner if inner is not None else e) or type(e).__name__
    return " ".join(text.split())[:200]


def probe_client(settings: Settings, token: str):
    """A Web API client for start-up checks: no retries of its own (`with_retries` retries and
    says so once per attempt) and quiet (slack_sdk would log every refused connection as an
    ERROR, a second line for the same attempt)."""
    from slack_sdk import WebClient

    quiet = logging.getLogger("briefbot.checks.slack_sdk")
    quiet.propagate = False
    quiet.addHandler(logging.NullHandler())
    return WebClient(token=token, base_url=settings.slack_api_base, logger=quiet, retry_handlers=[],
                     timeout=10)


def check_slack_auth(settings: Settings, sleep: Callable[[float], bool] = lambda s: (
        time.sleep(s), False)[1]) -> Fine:
    """auth.test with the bot token (single workspace); with OAuth installs there is no token
    to test until a workspace installs the app."""
    if not settings.slack_bot_token:
        if settings.slack_client_id:
            return Fine.of("oauth_installs")
        raise StartupError("no_slack_tokens")
    client = probe_client(settings, settings.slack_bot_token)
    try:
        answer = with_retries("auth.test", client.auth_test, settings, sleep)
    except StartupError:
        raise
    except Stopped:
        raise
    except Exception as e:
        raise StartupError("token_refused", source=settings.source_of("slack_bot_token"),
                           method="auth.test", error=slack_error(e)) from e
    return Fine.of("auth_ok", user=answer.get("user"), team=answer.get("team"),
                   team_id=answer.get("team_id"))


def startup_checks(settings: Settings, sleep: Callable[[float], bool]) -> None:
    """Everything `briefbot run` needs, before anything starts; StartupError names the first
    problem. The model is only looked up, not loaded (it loads when the first article comes)."""
    try:
        check_slack_settings(settings)
    except ConfigError as e:
        raise StartupError(e.code, **e.values) from e
    check_model(settings)
    check_inbox(settings)
    check_database_folder(settings)
    if settings.mode != "console":
        check_slack_auth(settings, sleep)


# --- briefbot doctor -----------------------------------------------------------------------------


@dataclass
class Finding:
    """One part's result: `found` when it is fine (or skipped), `problem` when it is not."""

    name: str
    found: Fine | None = None
    problem: Problem | None = None
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


def _settings_found(settings: Settings) -> Fine:
    from briefbot.config import find_config_file

    path = find_config_file(None, dict(os.environ))
    envs = sorted({s.setting for s in settings.sources.values() if s.kind == "environment"})
    return Fine.of("settings_ok", path=str(path) if path else None, environment=envs,
                   mode=settings.mode, timezone=settings.timezone)


def _check_model_loads(settings: Settings) -> Fine:
    check_model(settings)
    from briefbot.extract import load_nlp

    started = time.monotonic()
    nlp = load_nlp(settings.model)
    return Fine.of("model_ok", model=settings.model, version=nlp.meta.get("version"),
                   seconds=time.monotonic() - started)


def doctor(settings: Settings | None, settings_error: Problem | None = None) -> list[Finding]:
    """One finding per part; a part that cannot be checked without valid settings is skipped."""
    if settings is None:
        return [Finding("settings", problem=settings_error or Problem("invalid_settings"))] + [
            Finding(name, Fine.of("not_checked"), skipped=True)
            for name in ("database", "model", "inbox", "slack")]
    findings = []
    try:
        check_slack_settings(settings)
        findings.append(Finding("settings", _settings_found(settings)))
    except ConfigError as e:
        findings.append(Finding("settings", problem=e))
    for name, check in (("database", check_database), ("model", _check_model_loads),
                        ("inbox", check_inbox)):
        try:
            findings.append(Finding(name, check(settings)))
        except StartupError as e:
            findings.append(Finding(name, problem=e))
        except Exception as e:  # doctor reports what it finds; it never dies of it
            findings.append(Finding(name, problem=Problem(
                "check_crashed", error=type(e).__name__, detail=str(e))))
    if settings.mode == "console" and not settings.slack_bot_token:
        findings.append(Finding("slack", Fine.of("console_no_tokens"), skipped=True))
    else:
        quick = Settings(**{**settings.__dict__, "slack_connect_seconds": 0})
        try:
            findings.append(Finding("slack", check_slack_auth(quick)))
        except StartupError as e:
            findings.append(Finding("slack", problem=e))
        except Stopped:
            findings.append(Finding("slack", problem=Problem("check_stopped")))
    return findings
