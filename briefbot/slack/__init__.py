"""briefbot in Slack: the Bolt app, its listeners, Block Kit builders and the servers."""
