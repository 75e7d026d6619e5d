"""Console mode: type `/whosaid Rutte` or `/briefbot subscribe ceasefire` at a prompt.

The same handlers as the Slack app answer, rendered through the same templates, so the demo
shows what Slack would."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TextIO

from briefbot.commands import CommandContext, handle_briefbot, handle_whosaid
from briefbot.delivery import DeliveryProgress, Sender
from briefbot.digest import Digest
from briefbot.lifecycle import QUIT_WORDS
from briefbot.templating import phrase, render_digest_text, render_reply

CONSOLE_CHANNEL = "console"


def print_digest(out: TextIO, channel_id: str | None = None) -> Sender:
    """How the console delivers a digest: printed where the prompt is (a scheduled one under a
    line naming its channel), in one piece."""

    def send(digest: Digest, progress: DeliveryProgress) -> str | None:
        heading = phrase("console_digest_heading", channel_id) + "\n" if channel_id else ""
        out.write("\n" + heading + render_digest_text(digest) if heading
                  else render_digest_text(digest))
        out.flush()
        return None

    return send


def console_context(store, settings, out: TextIO,
                    on_subscriptions_changed: Callable[[], None] = lambda: None
                    ) -> CommandContext:
    return CommandContext(store=store, team_id=settings.team_id, channel_id=CONSOLE_CHANNEL,
                          user_id="console", digest_time=settings.digest_time,
                          timezone=settings.timezone, synonyms=settings.topic_synonyms,
                          send_digest=print_digest(out),
                          on_subscriptions_changed=on_subscriptions_changed)


def answer_line(ctx: CommandContext, line: str) -> str | None:
    """The reply to one typed line; None for a blank line."""
    line = line.strip()
    if not line:
        return None
    command, _, text = line.partition(" ")
    command = command.lower()
    if command == "/whosaid":
        return render_reply(handle_whosaid(ctx, text))
    if command == "/briefbot":
        return render_reply(handle_briefbot(ctx, text))
    return phrase("console_commands")


def run_console(ctx: CommandContext, lines: Iterable[str] | None = None,
                out: TextIO = sys.stdout, interactive: bool | None = None) -> str:
    """Answer lines until `quit` or the end of `lines`; returns which ended it."""
    if interactive is None:
        interactive = lines is None and sys.stdin.isatty()
    out.write(phrase("console_greeting") + "\n")
    out.flush()
    source = iter(lines if lines is not None else sys.stdin)
    while True:
        if interactive:
            out.write("briefbot> ")
            out.flush()
        line = next(source, "")
        if not line:
            return "end of input"
        if line.strip().lower() in QUIT_WORDS:
            return "quit"
        reply = answer_line(ctx, line)
        if reply:
            out.write(reply if reply.endswith("\n") else reply + "\n")
        out.flush()
