"""Block Kit messages from the same results and the same words the text templates render.

The sentences come from templates/phrases.j2 rendered as mrkdwn (`md`), where every field that
came from an article or a user is escaped (`&`, `<`, `>` only) so article text can neither ping
`<!channel>` nor forge a link; links are built only by `briefbot.templating.mrkdwn_link`.

Nothing is cut silently: a digest too long for one message is split into several,
and what still does not fit is counted ("and 12 more statements").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from briefbot.digest import MAX_LINE, SOURCES_LISTED, Digest, LeftOut, Source, quote_sources
from briefbot.models import StatementRow, Subscription
from briefbot.quote_groups import QuoteGroup
from briefbot.templating import mrkdwn_escape, mrkdwn_link, phrase, render_reply
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
SOURCES_ACTION = "statement_sources"  # "All 201 sources" of one statement; value: its id


# --- mrkdwn ----------------------------------------------------------------------------------


escape = mrkdwn_escape
link = mrkdwn_link


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, saying how much was left out when it had to cut."""
    if len(text) <= limit:
        return text
    keep = max(limit - len(" " + phrase("more_characters", len(text))), 0)
    return text[:keep] + " " + phrase("more_characters", len(text) - keep)


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


def md(name: str, *args, **kwargs) -> str:
    """A sentence of templates/phrases.j2 in mrkdwn (its values escaped)."""
    return phrase(name, *args, mrkdwn=True, **kwargs)


def quote_text(q: QuoteGroup) -> str:
    """The statement with its cue, as every face shows it ("Pete Hegseth rejected ...")."""
    return cut(md("statement", q), LONGEST_QUOTE)


def whosaid_message(answer: WhoSaidAnswer, typed: str) -> dict:
    """The answer to `/whosaid`: who, then what, then where; "More" pages on."""
    if answer.actor is None:
        return _unknown_actor_message(answer)
    blocks = [section(md("actor_heading", answer.actor)), divider()]
    if not answer.quotes:
        blocks.append(section(md("nothing_yet", answer)))
    for i, q in enumerate(answer.quotes):
        quote = section(quote_text(q))
        if q.article_count > SOURCES_LISTED:
            # The outlets are folded in the line below; the full list is one click away.
            quote["accessory"] = button(phrase("all_sources", q.article_count),
                                        f"{SOURCES_ACTION}:{i}", str(q.statement_id))
        blocks += [quote, context(md("whosaid_source", q))]
    footer = []
    if answer.total:
        footer.append(context(md("showing", answer)))
    if answer.has_more:
        value = WhoSaidCursor(typed, answer.next_offset).dumps()
        if len(value) <= MAX_BUTTON_VALUE:
            footer.append({"type": "actions", "elements": [
                button("More", f"{WHOSAID_PAGE_ACTION}:more", value, style="primary")]})
    return message(md("whosaid_fallback", answer), blocks + footer)


def _unknown_actor_message(answer: WhoSaidAnswer) -> dict:
    said = md("not_quoted", answer)
    blocks = [section(said)]
    if answer.suggestions:
        blocks.append({"type": "actions", "elements": [
            button(s.name, f"{WHOSAID_PAGE_ACTION}:suggest:{i}", WhoSaidCursor(s.name).dumps())
            for i, s in enumerate(answer.suggestions[:5])]})
    return message(said, blocks)


# --- the other replies: the text templates, rendered as mrkdwn --------------------------------


def mrkdwn_message(mrkdwn: str) -> dict:
    """A reply that is words only (help, usage, confirmations), in sections that fit."""
    body = mrkdwn.strip()
    chunks = chunk_lines(body.split("\n"), MAX_SECTION_TEXT)
    return message(body, [section(c) for c in chunks[:MAX_MESSAGE_BLOCKS]])


def reply_message(reply, typed: str = "", channel_id: str | None = None) -> dict:
    """Any handler's result as a Slack message: a /whosaid page in Block Kit, the rest in the
    words of the text templates (rendered as mrkdwn)."""
    if isinstance(reply, WhoSaidAnswer):
        return whosaid_message(reply, typed)
    return mrkdwn_message(render_reply(reply, mrkdwn=True,
                                       channel=channel_ref(channel_id) if channel_id else None))


def subscription_lines(subs: Sequence[Subscription], with_channel: bool = False) -> list[str]:
    return [md("subscription_line", s, channel=Markup(channel_ref(s.channel_id))
               if with_channel else None) for s in subs]


_CHANNEL_ID = re.compile(r"[CDG][A-Z0-9]{2,}")


def channel_ref(channel_id: str) -> str:
    """`<#C123>` for a Slack channel id (Slack shows its name), the escaped id otherwise."""
    return f"<#{channel_id}>" if _CHANNEL_ID.fullmatch(channel_id) else escape(channel_id)


# --- digests ---------------------------------------------------------------------------------


def digest_line(q: QuoteGroup) -> str:
    """`• statement   _(sources)_`; past MAX_LINE the sources, folded and short, go on a line
    of their own (a statement is never broken: Slack wraps it as the reader's window does)."""
    statement, sources = quote_text(q), md("digest_sources", q, quote_sources(q))
    line = f"• {statement}   _({sources})_"
    return line if len(line) <= MAX_LINE else f"• {statement}\n   _({sources})_"


def sources_messages(rows: Sequence[StatementRow]) -> list[dict]:
    """Every article that carried one statement, a line each, in as many messages as it takes
    (the "All N sources" button, the digest's thread)."""
    if not rows:
        text = md("statement_gone")
        return [message(text, [section(text)])]
    group = QuoteGroup(list(rows))
    outlets = {r.outlet for r in rows if r.outlet}
    head = md("sources_head", Markup(cut(md("statement", group), 500)), len(rows), len(outlets))
    lines = ["• " + md("source", Source(r.outlet, r.title, r.url, r.published)) for r in rows]
    pages, blocks, size = [], [section(head)], len(head)
    for chunk in chunk_lines(lines, MAX_SECTION_TEXT):
        if len(blocks) >= MAX_MESSAGE_BLOCKS or size + len(chunk) > MAX_BLOCK_TEXT - 500:
            pages.append(blocks)
            blocks, size = [], 0
        blocks.append(section(chunk))
        size += len(chunk)
    pages.append(blocks)
    fallback = md("sources_fallback", len(rows), [r.outlet for r in rows])
    return [message(fallback, page) for page in pages]


def digest_thread_messages(digest: Digest) -> list[dict]:
    """For the digest's thread: the full sources of each statement the digest's messages
    show and folded (not of those it left out for want of room)."""
    out = []
    for q in _placed(digest)[1]:
        if len(quote_sources(q)) > SOURCES_LISTED:
            first: dict[int, StatementRow] = {}
            for st in q.statements:
                first.setdefault(st.article_id, st)
            out += sources_messages(list(first.values()))
    return out


@dataclass
class _Piece:
    block: dict
    quotes: list[QuoteGroup]
    actor: str
    section_index: int  # of its section in the digest

    @property
    def size(self) -> int:
        return block_text_length(self.block)


def _digest_pieces(digest: Digest) -> Iterator[_Piece]:
    """Sections of at most MAX_SECTION_TEXT characters: an actor's name, then their quotes.
    Made as they are asked for: the quotes after the last piece that fits are never read."""
    current, shown, index, quotes = "", None, -1, []
    for s, q in digest.quotes_in_order():
        if s is not shown:
            if shown is not None:
                yield _Piece(section(current), quotes, shown.name, index)
            current, shown, index, quotes = md("section_heading", s), s, index + 1, []
        line = digest_line(q)
        if quotes and len(current) + 1 + len(line) > MAX_SECTION_TEXT:
            yield _Piece(section(current), quotes, s.name, index)
            current, quotes = md("section_heading", s, continued=True), []
        current += "\n" + line
        quotes.append(q)
    if shown is not None:
        yield _Piece(section(current), quotes, shown.name, index)


def _placed(digest: Digest, max_messages: int = MAX_DIGEST_MESSAGES,
            ) -> tuple[list[list[_Piece | dict]], list[QuoteGroup], LeftOut | None]:
    """The digest's pages of blocks (footer not yet added), the quotes they show, and what
    did not fit in `max_messages` messages."""
    footer_chars = block_text_length(context(cut(md("digest_articles", digest), 2000),
                                             md("digest_pointer")))
    reserve_blocks = 3  # the footer's divider and context, and an "and N more" notice
    reserve_chars = footer_chars + 300
    pages: list[list[_Piece | dict]] = [[header(phrase("digest_heading", digest)),
                                         context(md("digest_summary", digest)), divider()]]
    size = sum(block_text_length(b) for b in pages[0])
    shown: list[QuoteGroup] = []
    left_out = None
    for piece in _digest_pieces(digest):
        if (len(pages[-1]) + reserve_blocks >= MAX_MESSAGE_BLOCKS
                or size + piece.size + reserve_chars > MAX_BLOCK_TEXT):
            if len(pages) == max_messages:
                # This piece and every quote after it: the rest of its section, then the
                # sections after it.
                later = digest.sections[piece.section_index + 1:]
                left_out = LeftOut(digest.statement_count - len(shown),
                                   list(dict.fromkeys([piece.actor, *(s.name for s in later)])))
                break
            pages.append([context(md("digest_continued", digest))])
            size = block_text_length(pages[-1][0])
        pages[-1].append(piece)
        shown += piece.quotes
        size += piece.size
    return pages, shown, left_out


def digest_messages(digest: Digest, max_messages: int = MAX_DIGEST_MESSAGES) -> list[dict]:
    """The digest as one or more messages, each within Block Kit's limits.

    The first message carries the header and summary, the last the list of articles; between
    them, sections go where they fit. If even `max_messages` messages are not enough, the last
    one says how many statements were left out and how to read them."""
    if digest.is_empty:
        text = md("digest_empty", digest)
        return [message(text, [section(text)])]
    footer = [divider(), context(cut(md("digest_articles", digest), 2000),
                                 md("digest_pointer"))]
    pages, _, left_out = _placed(digest, max_messages)
    last = pages[-1]
    if left_out:
        last.append(context(cut(md("left_out", digest, left_out.statements, left_out.actors),
                                290)))
    last.extend(footer)
    out = []
    for number, page in enumerate(pages, start=1):
        blocks = [p.block if isinstance(p, _Piece) else p for p in page]
        names = list(dict.fromkeys(p.actor for p in page if isinstance(p, _Piece)))
        out.append(message(md("digest_part_fallback", digest, number, len(pages), names),
                           blocks))
    return out


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
