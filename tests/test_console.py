import io
import re
from datetime import UTC, datetime

from briefbot.config import Settings
from briefbot.console import console_context, run_console


def test_console_answers_the_slash_commands(seeded_store, tmp_path):
    out = io.StringIO()
    ctx = console_context(seeded_store, Settings(db_path=str(tmp_path / "x.db")), out)
    moment = datetime.now(UTC)
    ctx.now = lambda: moment  # both digests below ask for the same moment
    lines = io.StringIO("/whosaid Rutte\n/briefbot subscribe ceasefire\n/briefbot list\n"
                        "/briefbot digest\n/briefbot digest\n/whosaid\nhello\nquit\n"
                        "/whosaid Trump\n")
    run_console(ctx, lines=lines, out=out)
    text = out.getvalue()
    assert "Mark Rutte" in text and "only one" in text
    assert "Subscribed: this channel gets a digest on ceasefire every day at 08:00 (UTC)" in text
    assert "ceasefire · daily 08:00 · UTC" in text
    assert "Donald Trump" in text  # the digest
    assert "Posted the ceasefire digest" in text
    # The second digest in the same moment is not posted again, and the user is told so.
    assert "a digest for this moment was already posted" in text
    assert "Usage: /whosaid NAME" in text
    assert "Commands:" in text
    # quit stops reading: the line after it is never answered
    assert re.search(r"^Mark Rutte .* statements? in \d+ articles?$", text, re.M)
    assert not re.search(r"^Donald Trump .* statements? in \d+ articles?$", text, re.M)
