"""Console mode: type `/whosaid Rutte` or `/briefbot subscribe ceasefire` at a prompt.

The same handlers as the Slack app answer, so the demo shows exactly what Slack would."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from briefbot.commands import CommandContext, handle_briefbot, handle_whosaid
from briefbot.digest import Digest, render_digest_text

CONSOLE_CHANNEL = "console"
GREETING = ("briefbot console: type /whosaid NAME, /briefbot help, or quit. "
            "Files dropped in the inbox are ingested as they arrive.")


def console_context(store, settings, out: TextIO) -> CommandContext:
    def send(digest: Digest) -> str:
        out.write(render_digest_text(digest))
        return "console"

    return CommandContext(store=store, settings=settings, team_id=settings.team_id,
                          channel_id=CONSOLE_CHANNEL, user_id="console", send_digest=send)


def answer_line(ctx: CommandContext, line: str) -> str | None:
    """The reply to one typed line; None for a blank line."""
    line = line.strip()
    if not line:
        return None
    command, _, text = line.partition(" ")
    command = command.lower()
    if command == "/whosaid":
        return handle_whosaid(ctx, text).text
    if command == "/briefbot":
        return handle_briefbot(ctx, text).text
    return "Commands: /whosaid NAME [topic] [since:DATE] · /briefbot help · quit"


def run_console(ctx: CommandContext, lines: Iterable[str] | None = None,
                out: TextIO = sys.stdout) -> None:
    interactive = lines is None and sys.stdin.isatty()
    out.write(GREETING + "\n")
    source = lines if lines is not None else sys.stdin
    while True:
        if interactive:
            out.write("briefbot> ")
            out.flush()
        line = source.readline() if hasattr(source, "readline") else next(source, "")
        if not line:
            break
        if line.strip().lower() in ("quit", "exit", "q"):
            break
        reply = answer_line(ctx, line)
        if reply:
            out.write(reply if reply.endswith("\n") else reply + "\n")
        out.flush()
