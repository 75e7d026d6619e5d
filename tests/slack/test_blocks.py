"""Block Kit builders on hand-made data: escaping, links, limits, splitting without silent cuts.
No model, no server: these run in milliseconds."""

from __future__ import annotations

import json
import re

from briefbot.commands import SubscriptionChange
from briefbot.digest import ActorSection, Digest, Source
from briefbot.models import ActorRow, StatementRow
from briefbot.quote_groups import QuoteGroup
from briefbot.slack.blocks import (
    MAX_BLOCK_TEXT,
    MAX_MESSAGE_BLOCKS,
    WhoSaidCursor,
    digest_messages,
    escape,
    link,
    reply_message,
    validate_message,
    whosaid_message,
)
from briefbot.topics import parse_topic
from briefbot.whosaid import WhoSaidAnswer


def statement(n: int, quote: str, speaker: str = "Mark Rutte", kind: str = "indirect",
              url: str | None = None, title: str | None = None) -> StatementRow:
    return StatementRow(
        id=n, article_id=n, actor_id=1, speaker=speaker, speaker_role=None, speaker_text=None,
        cue="said", quote=quote, kind=kind, confidence=0.9, content_start=0,
        content_end=len(quote), title=title or f"Article {n}", outlet="Newsmax",
        published="2026-02-12", url=url, path=f"inbox/{n}.txt",
        ingested_at="2026-02-12T08:00:00+00:00",
    )


def big_digest(actors: int, quotes_each: int, quote_len: int = 400) -> Digest:
    sections, n = [], 0
    for a in range(actors):
        groups = []
        for _ in range(quotes_each):
            n += 1
            text = f"statement {n} " + "x" * quote_len
            groups.append(QuoteGroup([statement(n, text, speaker=f"Actor {a}")]))
        sections.append(ActorSection(f"Actor {a}", "Minister", groups))
    return Digest(topic=parse_topic("ceasefire"), period_start=None,
                  period_end="2026-02-12T08:00:00+00:00", timezone="Europe/Brussels",
                  sections=sections,
                  articles=[Source("Newsmax", None, None, "2026-02-12")])


def all_text(msg: dict) -> str:
    return json.dumps(msg, ensure_ascii=False)


def test_escape_touches_exactly_the_three_control_characters():
    assert escape("<!channel> & <@U1> *bold* _it_ `code` \"q\" 'a'") == \
        "&lt;!channel&gt; &amp; &lt;@U1&gt; *bold* _it_ `code` \"q\" 'a'"


def test_links_strip_pipe_and_angle_from_the_label_and_refuse_unsafe_urls():
    assert link("https://e.com/a?b=1&c=2", "Trump | Putin > talks") == \
        "<https://e.com/a?b=1&amp;c=2|Trump Putin talks>"
    assert link("https://e.com/x", "<!channel>") == "<https://e.com/x|&lt;!channel>"
    assert link("javascript:alert(1)", "x<y") == "x&lt;y"
    assert link("https://e.com/x|<!here>", "t") == "t"
    assert link(None, "Title") == "Title"


def test_a_long_digest_is_split_into_valid_messages_and_nothing_is_lost():
    digest = big_digest(actors=12, quotes_each=12)  # 144 quotes of ~450 characters
    messages = digest_messages(digest, max_messages=50)
    assert len(messages) > 1
    for m in messages:
        assert validate_message(m) == [], validate_message(m)
    shown = set(re.findall(r"statement (\d+) ", "".join(all_text(m) for m in messages)))
    assert shown == {str(i) for i in range(1, 145)}
    assert messages[0]["blocks"][0]["type"] == "header"
    assert "Articles: Newsmax" in all_text(messages[-1])


def test_what_does_not_fit_is_counted_not_cut_silently():
    digest = big_digest(actors=30, quotes_each=10)
    messages = digest_messages(digest, max_messages=2)
    assert len(messages) == 2
    for m in messages:
        assert validate_message(m) == []
    text = "".join(all_text(m) for m in messages)
    shown = len(set(re.findall(r"statement (\d+) ", text)))
    left = re.search(r"… and (\d+) more statements by ", text)
    assert left and shown + int(left.group(1)) == 300


def test_one_huge_quote_is_cut_with_a_note():
    digest = big_digest(actors=1, quotes_each=1, quote_len=9000)
    [m] = digest_messages(digest)
    assert validate_message(m) == []
    assert "more characters)" in all_text(m)


def test_messages_respect_the_block_count_with_many_short_quotes():
    digest = big_digest(actors=120, quotes_each=1, quote_len=10)
    messages = digest_messages(digest, max_messages=20)
    assert all(len(m["blocks"]) <= MAX_MESSAGE_BLOCKS for m in messages)
    assert len(messages) >= 3
    assert all(validate_message(m) == [] for m in messages)


def test_validate_message_names_each_broken_limit():
    assert validate_message({"blocks": [{"type": "divider"}]}) == ["no plain-text fallback"]
    too_many = {"text": "t", "blocks": [{"type": "divider"}] * 51}
    assert "51 blocks (max 50)" in validate_message(too_many)
    long_header = {"text": "t", "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]}
    assert validate_message(long_header)
    big = {"text": "t", "blocks": [{"type": "section", "text": {"type": "mrkdwn",
                                                                "text": "s" * 2999}}] * 5}
    assert any(f"(max {MAX_BLOCK_TEXT})" in p for p in validate_message(big))
    ping = {"text": "hello <!channel>", "blocks": []}
    assert any("ping" in p for p in validate_message(ping))


def test_whosaid_answer_escapes_article_fields_and_pages_with_a_small_cursor():
    rows = [statement(i, f"quote {i} <!channel> & <http://x|y>", kind="direct",
                      url="https://news.example/a", title="A | B > C") for i in range(1, 6)]
    answer = WhoSaidAnswer(query="Rutte", actor=ActorRow(1, "Mark Rutte", "person",
                                                         "NATO <Secretary>", (), 14, 3),
                           quotes=[QuoteGroup([r]) for r in rows], total=14, offset=0, limit=5)
    msg = whosaid_message(answer, "Rutte ceasefire since:2026-01-01")
    assert validate_message(msg) == []
    text = all_text(msg)
    assert "<!channel>" not in text and "<http://x|y>" not in text
    assert "&lt;!channel&gt; &amp; &lt;http://x|y&gt;" in text
    assert "<https://news.example/a|A B C>" in text
    assert "NATO &lt;Secretary&gt;" in text
    [button] = [e for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]]
    cursor = WhoSaidCursor.loads(button["value"])
    assert cursor == WhoSaidCursor("Rutte ceasefire since:2026-01-01", 5)
    assert len(button["value"]) < 100


def test_plain_replies_are_escaped_too():
    msg = reply_message(SubscriptionChange("unsubscribed", "<!everyone> & co"))
    assert validate_message(msg) == []
    assert msg["text"] == "Unsubscribed this channel from &lt;!everyone&gt; &amp; co."
