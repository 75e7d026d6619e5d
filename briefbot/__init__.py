"""briefbot: who said what in the news, for a Slack team."""

__version__ = "0.1.0"
