"""Every listener, registered in one place (the bolt-python starter template's layout)."""

from slack_bolt import App

from briefbot.slack.listeners import actions, commands, events


def register_listeners(app: App) -> None:
    commands.register(app)
    actions.register(app)
    events.register(app)
