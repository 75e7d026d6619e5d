from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from briefbot.slack.answers import action_context, answer_sources


def statement_sources(ack: Ack, body: dict, action: dict, respond: Respond,
                      context: BoltContext, client: WebClient) -> None:
    """The "All N sources" button of a folded statement: the full list, to the clicker only."""
    ack()
    respond(**answer_sources(action_context(context, client, body), action["value"]))
