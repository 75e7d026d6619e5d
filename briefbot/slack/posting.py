"""Talking to the Slack Web API outside a request: the digest job and `/briefbot digest`.

`client_for_team` finds the bot token for a workspace (from the OAuth installation store, or the
single bot token), `post_digest` posts a digest as one or more messages within Block Kit limits,
each carrying metadata (briefbot_digest: run and part) so a post whose answer was lost can be
found in the channel instead of posted again (see `briefbot.delivery`).
"""

from __future__ import annotations

import logging
import time
from http.client import IncompleteRead, RemoteDisconnected
from pathlib import Path
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore

from briefbot.config import ConfigError, Settings
from briefbot.delivery import DeliveryProgress, DeliveryUnknown
from briefbot.digest import Digest
from briefbot.models import Problem
from briefbot.slack.blocks import digest_messages, digest_thread_messages

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 3
DIGEST_EVENT = "briefbot_digest"  # the metadata event type each digest message carries
CONFIRM_AFTER_SECONDS = 2.0
CLOCK_SKEW_SECONDS = 120


class ConnectionRetryNeverRepost(ConnectionErrorRetryHandler):
    """slack_sdk retries a call whose connection was reset or dropped; for chat.postMessage
    that may post a message twice (Slack may have recorded it before the connection broke).
    A post is retried only when it never reached Slack (the connection was refused)."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        if "chat.postMessage" in (request.url or ""):
            reason = getattr(error, "reason", None)
            return isinstance(error, URLError) and isinstance(reason, ConnectionRefusedError)
        return super()._can_retry(state=state, request=request, response=response, error=error)


def make_client(settings: Settings, token: str | None = None) -> WebClient:
    """A WebClient against `SLACK_API_URL` that waits out HTTP 429 (honouring Retry-After)."""
    return WebClient(
        token=token or None,
        base_url=settings.slack_api_base,
        timeout=max(1, int(settings.slack_timeout_seconds)),
        retry_handlers=[ConnectionRetryNeverRepost(),
                        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )


def oauth_configured(settings: Settings) -> bool:
    return bool(settings.slack_client_id and settings.slack_client_secret)


def oauth_db_path(settings: Settings) -> str:
    """The installation and OAuth state store: a SQLite file beside briefbot's database."""
    db = Path(settings.db_path)
    return str(db.with_name(db.stem + ".slack-oauth.db"))


def installation_store_for(settings: Settings) -> SQLite3InstallationStore:
    return SQLite3InstallationStore(database=oauth_db_path(settings),
                                    client_id=settings.slack_client_id)


def client_for_team(settings: Settings, team_id: str,
                    installation_store: InstallationStore | None = None,
                    enterprise_id: str | None = None) -> WebClient:
    """A client holding the bot token of `team_id`: from the installation store when briefbot is
    installed through OAuth, else the single-workspace bot token."""
    if oauth_configured(settings) or installation_store is not None:
        store = installation_store or installation_store_for(settings)
        bot = store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise ConfigError("not_installed", team_id=team_id)
        return make_client(settings, bot.bot_token)
    if not settings.slack_bot_token:
        raise ConfigError("no_token_to_post")
    return make_client(settings, settings.slack_bot_token)


def post_digest(client: WebClient, channel_id: str, digest: Digest,
                progress: DeliveryProgress | None = None) -> str | None:
    """Post `digest` into the channel; returns the ts of the first message this call posted.

    A failure raises, so `run_digest` records the run as failed and it is tried again. Each
    message that lands is recorded through `progress`, and the messages a failed attempt
    already posted (`progress.parts_posted`) are not posted again."""
    progress = progress or DeliveryProgress()
    fresh = progress.parts_posted == 0  # a retry's digest already has its thread
    first_ts = None
    for part, msg in enumerate(digest_messages(digest)):
        if part < progress.parts_posted:
            continue
        metadata = {"event_type": DIGEST_EVENT,
                    "event_payload": {"run": progress.run_key, "part": part}}
        asked = time.time()
        try:
            ts = client.chat_postMessage(channel=channel_id, text=msg["text"],
                                         blocks=msg["blocks"], unfurl_links=False,
                                         unfurl_media=False, metadata=metadata)["ts"]
        except Exception as error:
            if not outcome_unknown(error):
                refused = refusal(error, "chat.postMessage")
                if refused is None:
                    raise
                raise refused from error
            ts = find_posted(client, channel_id, metadata, since=asked - CLOCK_SKEW_SECONDS,
                             why=error)
            if ts is None:
                raise  # the channel has no such message: it failed, and may be tried again
            log.warning("chat.postMessage to %s did not answer (%s), but part %d of the digest "
                        "is in the channel (found by its metadata)", channel_id,
                        type(error).__name__, part)
        first_ts = first_ts or ts
        progress.part_posted(part, ts)
    if first_ts and fresh:
        post_sources_thread(client, channel_id, first_ts, digest)
    return first_ts


def post_sources_thread(client: WebClient, channel_id: str, thread_ts: str,
                        digest: Digest) -> None:
    """The full list of sources of every statement the digest folded ("and 198 more"), as
    replies in the digest's thread. The digest is already posted: a failure here is logged,
    not retried, so the channel never gets the digest twice."""
    for msg in digest_thread_messages(digest):
        try:
            client.chat_postMessage(channel=channel_id, thread_ts=thread_ts, text=msg["text"],
                                    blocks=msg["blocks"], unfurl_links=False,
                                    unfurl_media=False)
        except Exception as error:  # a timeout included: the digest must not be posted again
            log.warning("could not post the sources thread of a digest in %s: %s", channel_id,
                        error.response.get("error") if isinstance(error, SlackApiError)
                        and error.response is not None else error)
            return


def outcome_unknown(error: Exception) -> bool:
    """A failure after which Slack may have posted the message: a timeout, or a connection
    that broke once the request was out."""
    reason = error.reason if isinstance(error, URLError) else error
    return isinstance(reason, (TimeoutError, ConnectionResetError, RemoteDisconnected,
                               IncompleteRead))


def refusal(error: Exception, method: str) -> Problem | None:
    """A call Slack answered with an error, as a problem naming Slack's error code (what the
    digest's failure says); None for any other error."""
    if isinstance(error, SlackApiError) and error.response is not None:
        return Problem("slack_refused", method=method, error=error.response.get("error"),
                       status=error.response.status_code)
    return None


def find_posted(client: WebClient, channel_id: str, metadata: dict, since: float,
                why: Exception) -> str | None:
    """The ts of the message carrying `metadata` in the channel since `since`, None when the
    channel's history shows it is not there; DeliveryUnknown when the history cannot be read."""
    time.sleep(CONFIRM_AFTER_SECONDS)  # Slack may still be recording it
    try:
        history = client.conversations_history(channel=channel_id, oldest=f"{since:.6f}",
                                               include_all_metadata=True, limit=200)
    except Exception as error:
        detail = (error.response.get("error") if isinstance(error, SlackApiError)
                  and error.response is not None else type(error).__name__)
        raise DeliveryUnknown(
            f"Slack did not answer the post in time ({type(why).__name__}) and the channel's "
            f"history could not be read to check ({detail}); not posted again") from error
    for message in history.get("messages") or []:
        found = message.get("metadata") or {}
        if found.get("event_type") == metadata["event_type"] and \
                found.get("event_payload") == metadata["event_payload"]:
            return message.get("ts")
    return None


def channel_problem(client: WebClient, channel_id: str) -> str | None:
    """Why digests cannot reach this channel: "unseen" (the bot cannot see it), "private" (a
    private channel the bot is not in), or None when they can."""
    try:
        info = client.conversations_info(channel=channel_id)
    except SlackApiError as e:
        error = e.response.get("error") if e.response is not None else None
        if error in ("channel_not_found", "not_in_channel"):
            return "unseen"
        log.warning("conversations.info for %s failed: %s", channel_id, error)
        return None
    channel = info.get("channel") or {}
    if channel.get("is_private") and not channel.get("is_member"):
        return "private"
    return None
