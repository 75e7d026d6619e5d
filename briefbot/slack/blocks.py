"""Block Kit messages from the same data the text templates render: answers, digests, help.

Every field that came from an article or a user is escaped (`&`, `<`, `>` only) so article text
can neither ping `<!channel>` nor forge a link. Links are built here and only here, as
`<url|label>`. Nothing is cut silently: a digest too long for one message is split into several,
and what still does not fit is counted ("and 12 more statements").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefbot.digest import Digest, quote_sources
from briefbot.models import Subscription
from briefbot.quotes import QuoteGroup
from briefbot.templating import human_date
from briefbot.whosaid import WhoSaidAnswer

# Slack's limits (docs.slack.dev/reference/block-kit); see also /work/shared/docs.
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ID = 255
MAX_BLOCK_TEXT = 12000  # in practice, before msg_blocks_too_long
MAX_FALLBACK_TEXT = 40000
MAX_DIGEST_MESSAGES = 8  # one digest never floods a channel with more than this
LONGEST_QUOTE = 2500

WHOSAID_PAGE_ACTION = "whosaid_page"  # "More" and "Did you mean" buttons; suffixed to be unique


# --- mrkdwn ----------------------------------------------------------------------------------


def escape(text: object) -> str:
    """mrkdwn-escape exactly `&`, `<` and `>` (Slack's control characters), nothing else."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_SAFE_URL = re.compile(r"https?://[^\s<>|]+", re.I)


def link(url: str | None, label: str) -> str:
    """`<url|label>` with `|` and `>` stripped from the label; the escaped label alone when the
    url is missing or could break out of the link syntax."""
    if not url or not _SAFE_URL.fullmatch(url):
        return escape(label)
    clean = " ".join(label.replace("|", " ").replace(">", " ").split())
    return f"<{url.replace('&', '&amp;')}|{escape(clean) or escape(url)}>"


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, saying how much was left out when it had to cut."""
    if len(text) <= limit:
        return text
    keep = max(limit - len(f" … ({len(text)} more characters)"), 0)
    return text[:keep] + f" … ({len(text) - keep} more characters)"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- blocks ----------------------------------------------------------------------------------


def section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(mrkdwn, MAX_SECTION_TEXT)}}


def header(text: str) -> dict:
    return {"type": "header",
            "text": {"type": "plain_text", "text": cut(text, MAX_HEADER_TEXT), "emoji": False}}


def context(*mrkdwn: str) -> dict:
    return {"type": "context",
            "elements": [{"type": "mrkdwn", "text": cut(t, MAX_SECTION_TEXT)}
                         for t in mrkdwn[:MAX_CONTEXT_ELEMENTS] if t]}


def divider() -> dict:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    b = {"type": "button", "action_id": action_id, "value": value,
         "text": {"type": "plain_text", "text": cut(text, MAX_BUTTON_TEXT), "emoji": False}}
    if style:
        b["style"] = style
    return b


def message(text: str, blocks: list[dict]) -> dict:
    """A message: blocks plus the (escaped) plain-text fallback for notifications."""
    return {"text": cut(text, MAX_FALLBACK_TEXT), "blocks": blocks}


def text_message(text: str) -> dict:
    """A plain reply (usage, errors, confirmations) as escaped sections."""
    body = escape(text.strip())
    chunks = chunk_lines(body.split("\n"), MAX_SECTION_TEXT)
    return message(body, [section(c) for c in chunks[:MAX_MESSAGE_BLOCKS]])


def chunk_lines(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines into pieces of at most `limit` characters (a longer line is cut, and says so)."""
    out: list[str] = []
    current = ""
    for line in lines:
        line = cut(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out or [" "]


# --- /whosaid --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhoSaidCursor:
    """What a "More" button needs to ask again: the typed text and where the page starts."""

    text: str
    offset: int = 0

    def dumps(self) -> str:
        return json.dumps({"q": self.text, "o": self.offset}, ensure_ascii=False,
                          separators=(",", ":"))

    @classmethod
    def loads(cls, value: str) -> WhoSaidCursor:
        data = json.loads(value)
        return cls(text=str(data.get("q", "")), offset=max(int(data.get("o", 0)), 0))


def quote_text(q: QuoteGroup) -> str:
    """The quote as the text templates show it (direct speech in one pair of marks)."""
    return cut(escape(q.display), LONGEST_QUOTE)


def quote_source(q: QuoteGroup, with_title: bool = True) -> str:
    """`reported · UNN, Kyiv Post · 12 Feb 2026 · <url|title>`."""
    parts = [escape(q.kind_label)]
    if q.outlets:
        parts.append(escape(", ".join(q.outlets)))
    if q.date:
        parts.append(escape(human_date(q.date)))
    if with_title and q.first.title:
        parts.append(link(q.first.url, q.first.title))
    elif with_title and q.first.url:
        parts.append(link(q.first.url, "article"))
    return " · ".join(parts)


def whosaid_message(answer: WhoSaidAnswer, typed: str) -> dict:
    """The answer to `/whosaid`: who, then what, then where; "More" pages on."""
    if answer.actor is None:
        return _unknown_actor_message(answer)
    actor = answer.actor
    title = " · ".join(
        [f"*{escape(actor.name)}*"] + ([escape(actor.role)] if actor.role else [])
        + [f"{plural(actor.statement_count, 'statement')} in "
           f"{plural(actor.article_count, 'article')}"]
    )
    blocks = [section(title), divider()]
    if not answer.quotes:
        about = f" about {escape(answer.topic)}" if answer.topic else ""
        since = f" since {escape(answer.since)}" if answer.since else ""
        blocks.append(section(f"Nothing{about}{since} yet."))
    for q in answer.quotes:
        blocks += [section(quote_text(q)), context(quote_source(q))]
    footer = []
    if answer.total:
        shown = f"showing {answer.offset + 1}–{answer.offset + len(answer.quotes)} " \
                f"of {answer.total}"
        footer.append(context(shown))
    if answer.has_more:
        value = WhoSaidCursor(typed, answer.next_offset).dumps()
        if len(value) <= MAX_BUTTON_VALUE:
            footer.append({"type": "actions", "elements": [
                button("More", f"{WHOSAID_PAGE_ACTION}:more", value, style="primary")]})
    fallback = f"{actor.name}: " + "; ".join(q.quote for q in answer.quotes[:3])
    return message(escape(fallback) if answer.quotes else escape(actor.name), blocks + footer)


def _unknown_actor_message(answer: WhoSaidAnswer) -> dict:
    said = f"No one called \u201c{escape(answer.query)}\u201d has been quoted yet."
    if not answer.suggestions:
        return message(said, [section(said)])
    names = " or ".join(f"*{escape(s.name)}*" for s in answer.suggestions)
    blocks = [section(f"{said} Did you mean {names}?")]
    buttons = [button(s.name, f"{WHOSAID_PAGE_ACTION}:suggest:{i}",
                      WhoSaidCursor(s.name).dumps())
               for i, s in enumerate(answer.suggestions[:5])]
    blocks.append({"type": "actions", "elements": buttons})
    fallback = f"{said} Did you mean {' or '.join(escape(s.name) for s in answer.suggestions)}?"
    return message(fallback, blocks)


# --- /briefbot help and list -----------------------------------------------------------------

HELP_LINES = (
    ("/whosaid NAME [topic] [since:YYYY-MM-DD]", "latest statements by someone"),
    ("/briefbot subscribe TOPIC [daily HH:MM | weekdays HH:MM | weekly DAY HH:MM]",
     "a digest on a topic in this channel"),
    ("/briefbot unsubscribe TOPIC", "stop it"),
    ("/briefbot list", "this channel's subscriptions"),
    ("/briefbot digest [TOPIC]", "the digest now"),
    ("/briefbot help", "this message"),
)


def subscription_lines(subs: Sequence[Subscription], with_channel: bool = False) -> list[str]:
    lines = []
    for s in subs:
        where = f" in {channel_ref(s.channel_id)}" if with_channel else ""
        lines.append(f"• *{escape(s.topic)}*{where} · {escape(s.schedule)} · "
                     f"{escape(s.timezone)}")
    return lines


def subscriptions_blocks(subs: Sequence[Subscription]) -> list[dict]:
    if not subs:
        return [section("This channel has no subscriptions yet.")]
    return [section(c) for c in chunk_lines(["*This channel's subscriptions*",
                                         *subscription_lines(subs)], MAX_SECTION_TEXT)]


def subscriptions_message(subs: Sequence[Subscription]) -> dict:
    topics = ", ".join(s.topic for s in subs) or "none yet"
    return message(escape(f"This channel's subscriptions: {topics}"),
                   subscriptions_blocks(subs)[: MAX_MESSAGE_BLOCKS])


def help_message(subs: Sequence[Subscription], default_time: str, timezone: str,
                 preface: str | None = None) -> dict:
    lines = [f"`{escape(cmd)}`  {escape(what)}" for cmd, what in HELP_LINES]
    blocks = []
    if preface:
        blocks.append(section(escape(preface)))
    blocks += [
        section("*briefbot* reads the news and remembers who said what."),
        section("\n".join(lines)),
        context(f"A topic is a word or phrase (`ceasefire`, `NATO membership`) or an actor "
                f"(`actor:Rutte`). Digests come daily at {escape(default_time)} "
                f"{escape(timezone)} unless you say otherwise."),
        divider(),
        *subscriptions_blocks(subs),
    ]
    return message("briefbot help: /whosaid NAME · /briefbot subscribe TOPIC · /briefbot list",
                   blocks[:MAX_MESSAGE_BLOCKS])


_CHANNEL_ID = re.compile(r"[CDG][A-Z0-9]{2,}")


def channel_ref(channel_id: str) -> str:
    """`<#C123>` for a Slack channel id (Slack shows its name), the escaped id otherwise."""
    return f"<#{channel_id}>" if _CHANNEL_ID.fullmatch(channel_id) else escape(channel_id)


# --- digests ---------------------------------------------------------------------------------


def digest_heading(digest: Digest) -> str:
    when = digest.local_end()
    return f"{digest.topic.title} · {when.strftime('%-d %b %Y · %H:%M')} {digest.timezone}"


def digest_summary(digest: Digest) -> str:
    since = f" {digest.since_phrase}" if digest.since_phrase else ""
    return (f"{plural(digest.statement_count, 'statement')} · "
            f"{plural(digest.actor_count, 'actor')} · "
            f"{plural(digest.article_count, 'article')}{since}")


def digest_sources(q: QuoteGroup) -> str:
    """`reported · Newsmax, 12 Feb 2026, <url|title>; UNN`: every article that carried it."""
    parts = []
    for src in quote_sources(q):
        bits = [escape(src.outlet or "unknown outlet")]
        if src.date:
            bits.append(escape(human_date(src.date)))
        if src.title or src.url:
            bits.append(link(src.url, src.title or "article"))
        parts.append(", ".join(bits))
    return escape(q.kind_label) + (" · " + "; ".join(parts) if parts else "")


def digest_line(q: QuoteGroup) -> str:
    return f"• {quote_text(q)}   _({digest_sources(q)})_"


@dataclass
class _Piece:
    block: dict
    quotes: int
    actor: str

    @property
    def size(self) -> int:
        return block_text_length(self.block)


def _digest_pieces(digest: Digest) -> list[_Piece]:
    """Sections of at most MAX_SECTION_TEXT characters: an actor's name, then their quotes."""
    pieces = []
    for s in digest.sections:
        title = f"*{escape(s.name)}*" + (f" · {escape(s.role)}" if s.role else "")
        current, count = title, 0
        for q in s.quotes:
            line = digest_line(q)
            if count and len(current) + 1 + len(line) > MAX_SECTION_TEXT:
                pieces.append(_Piece(section(current), count, s.name))
                current, count = f"*{escape(s.name)}* (continued)", 0
            current += "\n" + line
            count += 1
        pieces.append(_Piece(section(current), count, s.name))
    return pieces


def digest_messages(digest: Digest, max_messages: int = MAX_DIGEST_MESSAGES) -> list[dict]:
    """The digest as one or more messages, each within Block Kit's limits.

    The first message carries the header and summary, the last the list of articles; between
    them, sections go where they fit. If even `max_messages` messages are not enough, the last
    one says how many statements were left out and how to read them."""
    title = digest.topic.title
    if digest.is_empty:
        since = f" {digest.since_phrase}" if digest.since_phrase else ""
        text = f"{escape(title)} · nothing new{since}."
        return [message(text, [section(text)])]
    articles = ", ".join(digest.articles)
    footer = [divider(), context(cut(f"Articles: {escape(' · '.join(digest.articles))}", 2000),
                                 "`/whosaid NAME` for more · `/briefbot list`")]
    reserve_blocks = len(footer) + 1  # + an "and N more" notice
    reserve_chars = sum(block_text_length(b) for b in footer) + 300
    pages: list[list[_Piece | dict]] = [[header(digest_heading(digest)),
                                         context(escape(digest_summary(digest))), divider()]]
    size = sum(block_text_length(b) for b in pages[0])
    pieces = _digest_pieces(digest)
    left_out: list[_Piece] = []
    for i, piece in enumerate(pieces):
        if (len(pages[-1]) + reserve_blocks >= MAX_MESSAGE_BLOCKS
                or size + piece.size + reserve_chars > MAX_BLOCK_TEXT):
            if len(pages) == max_messages:
                left_out = pieces[i:]
                break
            pages.append([context(f"{escape(title)} · continued")])
            size = block_text_length(pages[-1][0])
        pages[-1].append(piece)
        size += piece.size
    last = pages[-1]
    if left_out:
        n = sum(p.quotes for p in left_out)
        actors = list(dict.fromkeys(p.actor for p in left_out))
        more = (f"/whosaid {digest.topic.actor}" if digest.topic.actor
                else f"/whosaid NAME {digest.topic.name}")
        names = ", ".join(actors[:5]) + (f" and {len(actors) - 5} others"
                                          if len(actors) > 5 else "")
        last.append(context(cut(
            f"… and {plural(n, 'more statement')} by {escape(names)}: `{escape(more)}`", 290)))
    last.extend(footer)
    out = []
    for number, page in enumerate(pages, start=1):
        blocks = [p.block if isinstance(p, _Piece) else p for p in page]
        names = list(dict.fromkeys(p.actor for p in page if isinstance(p, _Piece)))
        part = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        text = (f"{title}{part}: {digest_summary(digest)}" if number == 1
                else f"{title} continued{part}")
        if names:
            text += f" · {', '.join(names)}"
        if number == len(pages):
            text += f" · Articles: {articles}"
        out.append(message(escape(text), blocks))
    return out


def failure_reason(error: str | None) -> str:
    """Slack's error code (`not_in_channel`) when the error carries one, else the error, short."""
    m = re.search(r"'error': '([^']+)'", error or "")
    return m.group(1) if m else cut(error or "unknown error", 300)


def digest_outcomes_message(outcomes: Sequence, channel_id: str) -> dict:
    """What the person who typed `/briefbot digest` sees (the digest itself went to the
    channel through chat.postMessage)."""
    lines = []
    for o in outcomes:
        if o.status == "posted" and o.digest is not None:
            count = plural(o.digest.statement_count, "statement")
            lines.append(f"Posted the {escape(o.digest.topic.title)} digest to "
                         f"{channel_ref(channel_id)} ({count}).")
        elif o.status == "failed":
            topic = escape(o.digest.topic.title) if o.digest else "a"
            reason = escape(failure_reason(o.error))
            lines.append(f"The {topic} digest could not be posted: {reason}. "
                         "It will be retried. If I am not in this channel, `/invite` me.")
        else:
            lines.append("A digest for this moment was already posted.")
    return message("\n".join(lines), [section(c) for c in chunk_lines(lines, MAX_SECTION_TEXT)])


# --- checking --------------------------------------------------------------------------------


def block_text_length(block: dict) -> int:
    """Characters of text in a block, as Slack counts toward msg_blocks_too_long."""
    total = 0
    for key in ("text",):
        if isinstance(block.get(key), dict):
            total += len(block[key].get("text", ""))
    for field in block.get("fields", ()) or ():
        total += len(field.get("text", ""))
    for el in block.get("elements", ()) or ():
        if isinstance(el.get("text"), dict):
            total += len(el["text"].get("text", ""))
        elif isinstance(el.get("text"), str):
            total += len(el["text"])
    return total


def _texts(obj) -> Iterable[tuple[str, str]]:
    """(type, text) of every text object in a block tree."""
    if isinstance(obj, dict):
        if obj.get("type") in ("mrkdwn", "plain_text") and isinstance(obj.get("text"), str):
            yield obj["type"], obj["text"]
        for v in obj.values():
            yield from _texts(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _texts(v)


_SPECIAL_MENTION = re.compile(r"<!(?!date\^)[^>]*>")


def validate_message(msg: dict, surface: str = "message") -> list[str]:
    """Problems that would make Slack refuse (or mis-render) `msg`; empty when it is fine.

    `surface` is "message" (chat.postMessage, response_url) or "home" (views.publish)."""
    problems = []
    blocks = msg.get("blocks") or []
    limit = MAX_VIEW_BLOCKS if surface == "home" else MAX_MESSAGE_BLOCKS
    if surface == "message":
        text = msg.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append("no plain-text fallback")
        elif len(text) > MAX_FALLBACK_TEXT:
            problems.append(f"text has {len(text)} characters (max {MAX_FALLBACK_TEXT})")
        total = sum(block_text_length(b) for b in blocks)
        if total > MAX_BLOCK_TEXT:
            problems.append(f"{total} characters of block text (max {MAX_BLOCK_TEXT})")
    if len(blocks) > limit:
        problems.append(f"{len(blocks)} blocks (max {limit})")
    action_ids = []
    for i, b in enumerate(blocks):
        kind = b.get("type")
        if len(b.get("block_id", "")) > MAX_ID:
            problems.append(f"block {i}: block_id too long")
        if kind == "section":
            text = (b.get("text") or {}).get("text", "")
            if len(text) > MAX_SECTION_TEXT:
                problems.append(f"block {i}: section text {len(text)} (max {MAX_SECTION_TEXT})")
            if not text and not b.get("fields"):
                problems.append(f"block {i}: empty section")
            fields = b.get("fields") or []
            if len(fields) > 10 or any(len(f.get("text", "")) > MAX_FIELD_TEXT for f in fields):
                problems.append(f"block {i}: too many or too long fields")
        elif kind == "header":
            t = b.get("text") or {}
            if t.get("type") != "plain_text" or len(t.get("text", "")) > MAX_HEADER_TEXT:
                problems.append(f"block {i}: header must be plain_text of at most 150 chars")
        elif kind == "context":
            els = b.get("elements") or []
            if not els or len(els) > MAX_CONTEXT_ELEMENTS:
                problems.append(f"block {i}: context needs 1-10 elements")
        elif kind == "actions":
            els = b.get("elements") or []
            if not els or len(els) > 25:
                problems.append(f"block {i}: actions needs 1-25 elements")
            for el in els:
                action_ids.append(el.get("action_id"))
                if len(el.get("value", "")) > MAX_BUTTON_VALUE:
                    problems.append(f"block {i}: button value over {MAX_BUTTON_VALUE}")
                if len((el.get("text") or {}).get("text", "")) > MAX_BUTTON_TEXT:
                    problems.append(f"block {i}: button text over {MAX_BUTTON_TEXT}")
                if len(el.get("action_id", "")) > MAX_ID:
                    problems.append(f"block {i}: action_id too long")
        elif kind != "divider":
            problems.append(f"block {i}: unexpected block type {kind!r}")
    if len(action_ids) != len(set(action_ids)):
        problems.append("duplicate action_id")
    texts = list(_texts(blocks))
    if surface == "message":
        texts.append(("mrkdwn", msg.get("text") or ""))
    for kind, text in texts:
        if kind == "mrkdwn" and _SPECIAL_MENTION.search(text):
            problems.append(f"a mention that pings: {_SPECIAL_MENTION.search(text).group(0)}")
    return problems
