"""`briefbot` and `python -m briefbot`.

SIGINT and SIGTERM are recorded from here on, before the (slow) imports, so `briefbot run`
stopped while it is still starting exits cleanly; every other command gets the usual
behaviour back as soon as the command line is parsed (`briefbot.cli`)."""

from briefbot.lifecycle import StopRequest, hold_early_signals


def main() -> None:
    hold_early_signals(StopRequest().install())
    from briefbot.cli import cli

    cli()


if __name__ == "__main__":
    main()
