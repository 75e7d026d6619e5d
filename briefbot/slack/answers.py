"""From a Slack payload to the shared command handlers, and from their result to Block Kit.

Listeners stay thin: they ack, call one function here and `respond()` with what it returns.
The handlers are the ones the console uses, so Slack and the demo answer alike.
"""

from __future__ import annotations

from slack_bolt import BoltContext
from slack_sdk import WebClient

from briefbot.commands import CommandContext, SubscriptionChange, handle_briefbot, handle_whosaid
from briefbot.slack.blocks import (
    MAX_MESSAGE_BLOCKS,
    WhoSaidCursor,
    md,
    mrkdwn_message,
    reply_message,
    section,
    sources_messages,
)
from briefbot.slack.posting import channel_problem, post_digest

STORE_KEY = "briefbot_store"
SETTINGS_KEY = "briefbot_settings"
SUBSCRIPTIONS_CHANGED_KEY = "briefbot_subscriptions_changed"


def command_context(context: BoltContext, client: WebClient, team_id: str | None,
                    channel_id: str, user_id: str | None) -> CommandContext:
    """The handlers' context for one request: the payload's workspace and channel, and a way to
    post a digest into that channel with this workspace's bot token."""
    settings = context[SETTINGS_KEY]
    return CommandContext(
        store=context[STORE_KEY],
        team_id=team_id or context.team_id or settings.team_id,
        channel_id=channel_id, user_id=user_id,
        digest_time=settings.digest_time, timezone=settings.timezone,
        synonyms=settings.topic_synonyms,
        send_digest=lambda digest, progress: post_digest(client, channel_id, digest, progress),
        on_subscriptions_changed=context.get(SUBSCRIPTIONS_CHANGED_KEY) or (lambda: None),
    )


def slash_context(context: BoltContext, client: WebClient, command: dict) -> CommandContext:
    return command_context(context, client, command.get("team_id"), command.get("channel_id"),
                           command.get("user_id"))


def action_context(context: BoltContext, client: WebClient, body: dict) -> CommandContext:
    channel_id = (body.get("channel") or {}).get("id") or \
        (body.get("container") or {}).get("channel_id")
    return command_context(context, client, (body.get("team") or {}).get("id"), channel_id,
                           (body.get("user") or {}).get("id"))


def _ephemeral(msg: dict) -> dict:
    return {**msg, "response_type": "ephemeral"}


def answer_whosaid(ctx: CommandContext, text: str, offset: int = 0) -> dict:
    return _ephemeral(reply_message(handle_whosaid(ctx, text, offset=offset), typed=text))


def answer_whosaid_page(ctx: CommandContext, value: str) -> dict:
    """A "More" or "Did you mean" button: the same question from the cursor's offset."""
    cursor = WhoSaidCursor.loads(value)
    return {**answer_whosaid(ctx, cursor.text, cursor.offset), "replace_original": True}


def answer_sources(ctx: CommandContext, value: str) -> dict:
    """An "All N sources" button: every article that carried the statement, to the clicker.
    A list longer than one message says how much more there is."""
    try:
        statement_id = int(value)
    except ValueError:
        return _ephemeral({**mrkdwn_message(md("button_out_of_date")),
                           "replace_original": False})
    first, *rest = sources_messages(ctx.store.statement_sources(statement_id))
    if rest:
        more = sum(len(m["blocks"]) for m in rest)
        first["blocks"] = first["blocks"][: MAX_MESSAGE_BLOCKS - 1] + [
            section(md("more_source_sections", more))]
    return _ephemeral({**first, "replace_original": False})


def answer_briefbot(ctx: CommandContext, text: str, client: WebClient) -> dict:
    reply = handle_briefbot(ctx, text)
    msg = reply_message(reply, channel_id=ctx.channel_id)
    if isinstance(reply, SubscriptionChange) and reply.change in ("subscribed", "updated"):
        problem = channel_problem(client, ctx.channel_id)
        if problem:
            msg["blocks"].append(section(md("channel_problem", problem)))
    return _ephemeral(msg)
