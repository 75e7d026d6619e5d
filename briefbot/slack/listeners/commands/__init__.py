from slack_bolt import App

from briefbot.slack.listeners.commands.briefbot import briefbot_command
from briefbot.slack.listeners.commands.whosaid import whosaid_command


def register(app: App) -> None:
    app.command("/whosaid")(whosaid_command)
    app.command("/briefbot")(briefbot_command)
