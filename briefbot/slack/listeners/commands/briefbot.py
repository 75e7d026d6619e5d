from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from briefbot.slack.answers import answer_briefbot, slash_context


def briefbot_command(ack: Ack, command: dict, respond: Respond, context: BoltContext,
                     client: WebClient) -> None:
    """`/briefbot subscribe|unsubscribe|list|digest|help`: ack at once, then do the work."""
    ack()
    ctx = slash_context(context, client, command)
    respond(**answer_briefbot(ctx, command.get("text", ""), client))
