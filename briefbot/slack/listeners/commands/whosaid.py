from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from briefbot.slack.answers import answer_whosaid, slash_context


def whosaid_command(ack: Ack, command: dict, respond: Respond, context: BoltContext,
                    client: WebClient) -> None:
    """`/whosaid NAME [topic] [since:DATE]`: ack at once, answer through response_url."""
    ack()
    respond(**answer_whosaid(slash_context(context, client, command), command.get("text", "")))
