from slack_bolt import BoltContext
from slack_sdk import WebClient

from briefbot.slack.answers import STORE_KEY
from briefbot.slack.home import home_view


def app_home_opened(event: dict, context: BoltContext, client: WebClient) -> None:
    """Publish the Home tab (events are acknowledged by Bolt itself)."""
    if event.get("tab", "home") != "home":
        return
    client.views_publish(user_id=event["user"], view=home_view(context[STORE_KEY],
                                                               context.team_id))
