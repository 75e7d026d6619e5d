from briefbot.cli import cli

cli()
