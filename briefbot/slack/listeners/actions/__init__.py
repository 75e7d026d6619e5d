import re

from slack_bolt import App

from briefbot.slack.blocks import SOURCES_ACTION, WHOSAID_PAGE_ACTION
from briefbot.slack.listeners.actions.statement_sources import statement_sources
from briefbot.slack.listeners.actions.whosaid_page import whosaid_page


def register(app: App) -> None:
    app.action(re.compile(rf"^{WHOSAID_PAGE_ACTION}(:|$)"))(whosaid_page)
    app.action(re.compile(rf"^{SOURCES_ACTION}(:|$)"))(statement_sources)
