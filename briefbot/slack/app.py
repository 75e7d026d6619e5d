"""Build the Bolt app: single-workspace bot token, or multi-workspace OAuth installs.

`build_app` wires the Web API client (base URL from `SLACK_API_URL`, retries on 429), the
authorization, briefbot's store and settings into every request's context, the listeners, and
one error handler. Starting it (Socket Mode or HTTP) is `briefbot.slack.server`'s job.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.state_store.sqlite3 import SQLite3OAuthStateStore

from briefbot.config import ConfigError, Settings
from briefbot.slack.answers import SETTINGS_KEY, STORE_KEY, SUBSCRIPTIONS_CHANGED_KEY
from briefbot.slack.listeners import register_listeners
from briefbot.slack.posting import (
    installation_store_for,
    make_client,
    oauth_configured,
    oauth_db_path,
)
from briefbot.templating import phrase

if TYPE_CHECKING:  # the store is handed in; only its type is named here
    from briefbot.store import Store

log = logging.getLogger(__name__)


class _SameTokenTwice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment even when given a client, and then warns
    that the token "will be unused". It is the client's own token; the warning is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


logging.getLogger("slack_bolt.App").addFilter(_SameTokenTwice())

# Keep in step with manifest.yml.
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "channels:read", "groups:read")
OAUTH_STATE_SECONDS = 600


MAX_COMMAND_CHARS = 500  # far above any name, topic and schedule; bounded before name look-up


def only_own_workspace(context: BoltContext, logger, next):
    """With one bot token, briefbot serves the one workspace that token belongs to (auth.test):
    a signed request naming another workspace is refused, not served with this one's token."""
    own = context.authorize_result.team_id if context.authorize_result else None
    if own and context.team_id and context.team_id != own and not context.enterprise_id:
        logger.warning("refused a request from workspace %s: briefbot is installed in %s",
                       context.team_id, own)
        return BoltResponse(status=403, body="briefbot is not installed in this workspace.")
    return next()


def bounded_command_text(body: dict, logger, next):
    """A slash command's text is looked up word run by word run: a megabyte of it would take
    minutes. Past MAX_COMMAND_CHARS the command is answered at once, and not run."""
    text = body.get("text") if body.get("command") else None
    if isinstance(text, str) and len(text) > MAX_COMMAND_CHARS:
        logger.warning("refused %s with %d characters of text", body.get("command"), len(text))
        return BoltResponse(status=200, body=json.dumps({
            "response_type": "ephemeral",
            "text": phrase("command_too_long", MAX_COMMAND_CHARS)}),
            headers={"content-type": "application/json"})
    return next()


def build_app(settings: Settings, store: Store, client: WebClient | None = None,
              installation_store: InstallationStore | None = None,
              process_before_response: bool = False,
              on_subscriptions_changed: Callable[[], None] | None = None,
              listener_executor: Executor | None = None) -> App:
    """The Bolt app for `settings`. With a client id and secret, workspaces install it through
    OAuth and each request is authorized from the SQLite installation store; otherwise the one
    bot token serves one workspace (checked with auth.test by
    `briefbot.checks` before `briefbot run` builds the app)."""
    common = {
        "name": "briefbot",
        "signing_secret": settings.slack_signing_secret,
        "process_before_response": process_before_response,
        # Socket Mode requests are not signed; HTTP ones must be.
        "request_verification_enabled": settings.mode != "socket",
        # briefbot.checks tested the token with auth.test before anything started (with
        # retries while Slack is unreachable); Bolt's own check would only repeat it.
        "token_verification_enabled": False,
    }
    if listener_executor is not None:
        common["listener_executor"] = listener_executor
    if oauth_configured(settings):
        database = oauth_db_path(settings)
        app = App(
            client=client or make_client(settings),
            oauth_settings=OAuthSettings(
                client_id=settings.slack_client_id,
                client_secret=settings.slack_client_secret,
                scopes=list(BOT_SCOPES),
                installation_store=installation_store or installation_store_for(settings),
                state_store=SQLite3OAuthStateStore(database=database,
                                                   expiration_seconds=OAUTH_STATE_SECONDS),
            ),
            **common,
        )
    elif settings.slack_bot_token:
        app = App(client=client or make_client(settings, settings.slack_bot_token), **common)
    else:
        raise ConfigError("slack_needs_tokens")

    if not oauth_configured(settings):
        app.use(only_own_workspace)
    app.use(bounded_command_text)

    @app.use
    def briefbot_context(context: BoltContext, next):  # Bolt injects arguments by name
        context[STORE_KEY] = store
        context[SETTINGS_KEY] = settings
        context[SUBSCRIPTIONS_CHANGED_KEY] = on_subscriptions_changed
        next()

    @app.error
    def on_error(error, body, logger, respond):
        kind = body.get("command") or body.get("type") or "request"
        logger.exception("briefbot could not handle %s", kind, exc_info=error)
        if body.get("response_url"):
            respond(phrase("request_failed", mrkdwn=True))

    register_listeners(app)
    return app
