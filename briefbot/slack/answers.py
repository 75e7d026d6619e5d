"""From a Slack payload to the shared command handlers, and from their `Reply` to Block Kit.

Listeners stay thin: they ack, call one function here and `respond()` with what it returns.
The handlers are the ones the console uses, so Slack and the demo answer alike.
"""

from __future__ import annotations

from slack_bolt import BoltContext
from slack_sdk import WebClient

from briefbot.commands import (
    CommandContext,
    Reply,
    briefbot_help,
    handle_briefbot,
    handle_whosaid,
)
from briefbot.slack.blocks import (
    WhoSaidCursor,
    digest_outcomes_message,
    help_message,
    section,
    subscriptions_message,
    text_message,
    whosaid_message,
)
from briefbot.slack.posting import channel_note, post_digest

STORE_KEY = "briefbot_store"
SETTINGS_KEY = "briefbot_settings"


def command_context(context: BoltContext, client: WebClient, team_id: str | None,
                    channel_id: str, user_id: str | None) -> CommandContext:
    """The handlers' context for one request: the payload's workspace and channel, and a way to
    post a digest into that channel with this workspace's bot token."""
    return CommandContext(
        store=context[STORE_KEY], settings=context[SETTINGS_KEY],
        team_id=team_id or context.team_id or context[SETTINGS_KEY].team_id,
        channel_id=channel_id, user_id=user_id,
        send_digest=lambda digest: post_digest(client, channel_id, digest),
    )


def slash_context(context: BoltContext, client: WebClient, command: dict) -> CommandContext:
    return command_context(context, client, command.get("team_id"), command.get("channel_id"),
                           command.get("user_id"))


def action_context(context: BoltContext, client: WebClient, body: dict) -> CommandContext:
    channel_id = (body.get("channel") or {}).get("id") or \
        (body.get("container") or {}).get("channel_id")
    return command_context(context, client, (body.get("team") or {}).get("id"), channel_id,
                           (body.get("user") or {}).get("id"))


def _with_response_type(msg: dict, reply: Reply) -> dict:
    return {**msg, "response_type": "in_channel" if reply.in_channel else "ephemeral"}


def answer_whosaid(ctx: CommandContext, text: str, offset: int = 0) -> dict:
    reply = handle_whosaid(ctx, text, offset=offset)
    if reply.kind == "whosaid":
        return _with_response_type(whosaid_message(reply.data, text), reply)
    return _with_response_type(text_message(reply.text), reply)


def answer_whosaid_page(ctx: CommandContext, value: str) -> dict:
    """A "More" or "Did you mean" button: the same question from the cursor's offset."""
    cursor = WhoSaidCursor.loads(value)
    return {**answer_whosaid(ctx, cursor.text, cursor.offset), "replace_original": True}


def answer_briefbot(ctx: CommandContext, text: str, client: WebClient) -> dict:
    reply = handle_briefbot(ctx, text)
    if reply.kind == "help":
        extra = reply.text.removesuffix(briefbot_help(ctx)).strip()
        msg = help_message(reply.data, ctx.settings.digest_time, ctx.settings.timezone,
                           preface=extra or None)
    elif reply.kind == "list":
        msg = subscriptions_message(reply.data)
    elif reply.kind == "digest":
        msg = digest_outcomes_message(reply.data, ctx.channel_id)
    else:
        msg = text_message(reply.text)
        if reply.kind == "subscribed":
            note = channel_note(client, ctx.channel_id)
            if note:
                msg["blocks"].append(section(note))
    return _with_response_type(msg, reply)
