"""Every value a person types is checked, and a bad one gets one line saying what is accepted:
dates (`--since`, `since:`), pages past the end, topic length, schedules. The same parser
answers on the command line, in the console and in Slack."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from briefbot.cli import cli
from briefbot.commands import CommandContext, handle_briefbot, handle_whosaid
from briefbot.dates import BadDate, parse_day, parse_moment
from briefbot.templating import render_reply

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize("typed, day", [
    ("2026-03-01", date(2026, 3, 1)), ("today", TODAY), ("Yesterday", date(2026, 3, 9)),
    ("7d", date(2026, 3, 3)), ("2w", date(2026, 2, 24)), ("3 days", date(2026, 3, 7)),
])
def test_dates_people_type(typed, day):
    assert parse_day(typed, TODAY) == day


@pytest.mark.parametrize("typed", ["2026-13-45", "garbage", "", "2026-02-30", "01/03/2026",
                                   "tomorrowish", "-3d"])
def test_what_is_not_a_date(typed):
    with pytest.raises(BadDate):
        parse_day(typed, TODAY)


def test_a_moment_is_utc():
    assert parse_moment("2026-03-01T08:00+01:00") == "2026-03-01T07:00:00+00:00"
    assert parse_moment("2026-03-01") == "2026-03-01T00:00:00+00:00"


# --- the command line: (args, exit status, the one line it must print) -------------------------

BAD_COMMAND_LINES = [
    (["whosaid", "Rutte", "--since", "2026-13-45"], "Error: --since: 2026-13-45 is not a date. "
     "Give YYYY-MM-DD (2026-03-01), today, yesterday, or days or weeks back (7d, 2w)."),
    (["whosaid", "Rutte", "--since", "someday"], "Error: --since: someday is not a date."),
    (["digest", "--topic", "ceasefire", "--since", "last tuesday"],
     "Error: --since: last tuesday is not a date."),
    (["whosaid", "Rutte", "--offset", "100"],
     "Error: There are only 13 statements; the last page starts at --offset 10."),
    (["whosaid", "Rutte", "--limit", "0"], "Invalid value for '--limit'"),
]


@pytest.mark.parametrize("args, says", BAD_COMMAND_LINES,
                         ids=[" ".join(a) for a, _ in BAD_COMMAND_LINES])
def test_bad_command_input_is_refused_with_what_is_accepted(seeded_db, args, says):
    result = CliRunner().invoke(cli, args, env={"BRIEFBOT_DB": str(seeded_db)})
    assert result.exit_code == 2, result.output
    assert says in result.stderr
    if says.startswith("Error: "):
        assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stdout == ""


def test_since_yesterday_is_a_date_now(seeded_db):
    result = CliRunner().invoke(cli, ["whosaid", "Rutte", "--since", "2026-01-01"],
                                env={"BRIEFBOT_DB": str(seeded_db)})
    assert result.exit_code == 0 and "Mark Rutte" in result.stdout
    assert CliRunner().invoke(cli, ["whosaid", "Rutte", "--since", "yesterday"],
                              env={"BRIEFBOT_DB": str(seeded_db)}).exit_code == 0


# --- Slack and the console: the same checks as typed results ---------------------------------


def ctx_for(store, sent=None) -> CommandContext:
    return CommandContext(store=store, team_id="T1", channel_id="C0DESK", user_id="U1",
                          send_digest=(lambda digest, progress: sent.append(digest) or "1.1")
                          if sent is not None else None,
                          now=lambda: datetime(2026, 11, 26, 12, tzinfo=UTC))


BAD_SLASH_COMMANDS = [
    ("/whosaid", "Rutte since:garbage", "garbage is not a date. Give YYYY-MM-DD"),
    ("/whosaid", "Rutte since:2026-13-45", "2026-13-45 is not a date."),
    ("/briefbot", "subscribe " + "very long topic " * 8, "That topic is 127 characters long; a "
     "topic is a word, a phrase or actor:NAME, at most 80 characters."),
    ("/briefbot", "digest " + "x" * 81, "at most 80 characters"),
    ("/briefbot", "subscribe ceasefire daily 25:00", "25:00"),
]


@pytest.mark.parametrize("command, text, says", BAD_SLASH_COMMANDS,
                         ids=[f"{c} {t[:30]}" for c, t, _ in BAD_SLASH_COMMANDS])
def test_bad_slash_command_input_says_what_is_accepted(seeded_store, command, text, says):
    handle = handle_whosaid if command == "/whosaid" else handle_briefbot
    reply = handle(ctx_for(seeded_store), text)
    plain, mrkdwn = render_reply(reply), render_reply(reply, mrkdwn=True)
    assert says in plain
    assert len(plain.strip().splitlines()) <= 2
    if "accepted" in says or "is not a date" in says or "at most" in says:
        assert "`" in mrkdwn  # what to type is marked as code in Slack
    assert not seeded_store.subscriptions("T1", "C0DESK")  # nothing was changed


# --- a digest by hand with nothing new ------------------------------------------------------------


def test_a_manual_digest_with_nothing_new_answers_privately_and_posts_nothing(seeded_store):
    sent = []
    reply = handle_briefbot(ctx_for(seeded_store, sent), "digest zzzz")
    assert sent == []
    text = render_reply(reply)
    assert text.strip() == "Nothing new on zzzz; nothing was posted."
    again = render_reply(handle_briefbot(ctx_for(seeded_store, sent), "digest zzzz"))
    assert sent == [] and "nothing was posted" in again
