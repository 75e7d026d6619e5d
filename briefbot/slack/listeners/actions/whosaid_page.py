from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from briefbot.slack.answers import action_context, answer_whosaid_page


def whosaid_page(ack: Ack, body: dict, action: dict, respond: Respond, context: BoltContext,
                 client: WebClient) -> None:
    """The "More" and "Did you mean" buttons of a /whosaid answer: the next page in place."""
    ack()
    respond(**answer_whosaid_page(action_context(context, client, body), action["value"]))
