"""Every word briefbot says to people, from the Jinja2 templates in briefbot/templates/
(package data, so an installed wheel has them too).

Two environments render the same templates: plain text (the console and the CLI) and Slack
mrkdwn (`mrkdwn=True`), where every value placed in a template is escaped (`&`, `<`, `>`) so
article text can neither ping `<!channel>` nor forge a link, and the `code` and `bold` filters
mark up what plain text shows bare. Slack's Block Kit builders take their sentences from the
macros of `phrases.j2` through `phrase()`, so a reply reads the same on every face.
"""

from __future__ import annotations

import re
import textwrap
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from briefbot.digest import (
    ARTICLES_LISTED,
    MAX_LINE,
    SOURCES_LISTED,
    TITLE_CHARS,
    limit_sections,
    other_outlets,
    quote_sources,
)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`"
# Participles that do not make their past tense by rule (see `past_tense`).
IRREGULAR_PAST = {"saying": "said", "telling": "told", "writing": "wrote", "speaking": "spoke",
                  "giving": "gave", "making": "made", "putting": "put", "thinking": "thought",
                  "taking": "took", "meeting": "met", "hearing": "heard", "letting": "let",
                  "setting": "set", "seeing": "saw", "holding": "held", "paying": "paid",
                  "dying": "died", "lying": "lied", "tying": "tied"}


def human_date(value: str | None) -> str:
    """'2026-02-12' or an ISO datetime -> '12 Feb 2026'."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%-d %b %Y")
    except ValueError:
        return value


def past_tense(cue: str) -> str:
    """A participle cue read as a finite verb: "insisting" -> "insisted", "denying" -> "denied",
    so "Hegseth, insisting that ..." is shown as "Pete Hegseth insisted that ..."; other cues
    ("said", "says", "rejected") are kept as they were written."""
    words = cue.split()
    if not words or not words[0].lower().endswith("ing") or len(words[0]) < 6:
        return cue
    first = words[0].lower()
    if first in IRREGULAR_PAST:
        past = IRREGULAR_PAST[first]
    else:
        stem = first[:-3]
        if stem.endswith("y") and stem[-2:-1] not in "aeiou":
            past = stem[:-1] + "ied"
        elif stem.endswith("e"):
            past = stem + "d"
        else:
            past = stem + "ed"
    return " ".join([past, *words[1:]])


# The cue words that are verbs in their own right, past or present, beside -ed/-s/-ing forms.
IRREGULAR_VERBS = frozenset(IRREGULAR_PAST.values()) | {
    "say", "tell", "write", "speak", "think", "feel", "felt", "know", "knew", "see", "argue",
    "add", "warn", "insist", "deny", "claim", "admit", "ask", "hope", "believe",
    "stress", "note", "conclude", "reckon", "recall", "agree", "vow", "predict", "explain",
}
# A cue that starts with one of these is already a finite verb phrase ("would not reveal",
# "did not deny"): shown as written.
AUXILIARIES = frozenset(
    "would will could can did does do has have had was were is are may might should must "
    "declined refused".split())
# Cues that need an object to read as speech ("X told reporters ..."): shown as "said".
SAID_FOR = frozenset({"told", "tells", "tell", "telling"})
_SAFE_URL = re.compile(r"https?://[^\s<>|]+", re.I)


def cue_verb(cue: str | None) -> str | None:
    """How a cue reads after the speaker's name: a finite verb ("rejected", "says", "insisted"
    for "insisting"), "said" for "told" and for no cue, "according to", or None for a cue that
    is not a verb (a noun such as "statement"), which the phrase then shows apart."""
    if not cue or not cue.strip():
        return "said"
    words = cue.replace(",", " ").split()
    if len(words) > 1 and words[0].lower().endswith("ly"):
        # "falsely claimed", "repeatedly dismissing": the adverb stays in front of the verb
        verb = cue_verb(" ".join(words[1:]))
        return f"{words[0].lower()} {verb}" if verb else None
    first = words[0].lower()
    if " ".join(w.lower() for w in words[:2]) == "according to":
        return "according to"
    if first in SAID_FOR:
        return "said"
    if first in AUXILIARIES:
        return " ".join(words).lower()
    if first.endswith(("ed", "s", "ing")) or first in IRREGULAR_VERBS:
        return past_tense(" ".join([first, *words[1:]]))
    return None


# Words that start a reported clause with a capital only because the article began a sentence
# there: "said The United States ..." reads "said the United States ...". Names keep theirs.
SENTENCE_STARTERS = frozenset(
    "the a an it its this that these those there their our we they he she his her in on for "
    "as if no any all some any every each both such what when while with without".split())


def continue_sentence(text: str) -> str:
    """Reported content placed after "Name said": one line, its sentence-initial capital
    dropped where the word is not a name."""
    text = " ".join(text.split())
    first, _, rest = text.partition(" ")
    if first.lower() in SENTENCE_STARTERS and first[:1].isupper() and first[1:].islower():
        return " ".join([first.lower(), rest]) if rest else first.lower()
    return text


def balanced(text: str) -> str:
    """Content that ends inside a quotation ('... as “unrealistic') closes it, so a reader sees
    where the quoted words stop."""
    if text.count("\u201c") > text.count("\u201d"):
        return text + "\u201d"
    if text.count('"') % 2:
        return text + '"'
    return text


def without_marks(text: str) -> str:
    """A direct quote's words without the quotation marks (and trailing comma) around them."""
    return " ".join(text.split()).strip(QUOTE_MARKS + " ,")


def short(text: object, limit: int = TITLE_CHARS) -> str:
    """One line of at most `limit` characters, "…" where it was shortened (titles, names)."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap_line(line: str, width: int = MAX_LINE, indent: str = "    ") -> str:
    """A line of plain text within `width` characters: longer ones wrapped at spaces, the rest
    indented, so no line of a digest or answer runs past MAX_LINE however many outlets."""
    if len(line) <= width:
        return line
    return "\n".join(textwrap.wrap(line, width, subsequent_indent=indent,
                                    break_on_hyphens=False))


def mrkdwn_escape(value: object) -> str:
    """Slack's control characters escaped: `&`, `<` and `>`, nothing else."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn_link(url: str | None, label: str) -> str:
    """`<url|label>` with `|` and `>` stripped from the label; the escaped label alone when the
    url is missing or could break out of the link syntax."""
    if not url or not _SAFE_URL.fullmatch(url):
        return mrkdwn_escape(label)
    clean = " ".join(label.replace("|", " ").replace(">", " ").split())
    return f"<{url.replace('&', '&amp;')}|{mrkdwn_escape(clean) or mrkdwn_escape(url)}>"


def text_link(label: str, url: str | None) -> str:
    """A title in plain text: in quotation marks, its url after it."""
    return f"\u201c{label}\u201d" + (f" <{url}>" if url else "")


def _as_mrkdwn(value: object) -> Markup:
    """A value placed in a mrkdwn template: escaped once; a macro's or filter's output (already
    mrkdwn) as it is. Returning Markup also keeps Jinja's HTML escaping off it."""
    if isinstance(value, Markup):
        return value
    return Markup(mrkdwn_escape("" if value is None else value))


def _mrkdwn_join(items, separator: str = "") -> Markup:
    return Markup(_as_mrkdwn(separator).join(_as_mrkdwn(i) for i in items))


def _environment(mrkdwn: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # mrkdwn: Jinja's autoescape machinery, with Slack's escaping instead of HTML's (every
        # value is made Markup by `finalize` before Jinja would HTML-escape it). Templates join
        # with the `join` filter, never `~`, which would HTML-escape.
        autoescape=mrkdwn,
        finalize=_as_mrkdwn if mrkdwn else None,
        extensions=["jinja2.ext.do"],
    )
    env.globals["mrkdwn"] = mrkdwn
    env.filters["human_date"] = human_date
    env.filters["past_tense"] = past_tense
    env.filters["without_marks"] = without_marks
    env.filters["cue_verb"] = cue_verb
    env.filters["continue_sentence"] = continue_sentence
    env.filters["balanced"] = balanced
    env.filters["short"] = short
    env.filters["other_outlets"] = other_outlets
    env.filters["wrap_line"] = wrap_line
    env.filters["repr"] = repr
    env.globals["SOURCES_LISTED"] = SOURCES_LISTED
    env.globals["TITLE_CHARS"] = TITLE_CHARS
    env.globals["ARTICLES_LISTED"] = ARTICLES_LISTED
    if mrkdwn:
        env.filters["link"] = lambda label, url=None: Markup(mrkdwn_link(url, label))
        env.filters["join"] = _mrkdwn_join
        env.filters["code"] = lambda v: Markup(f"`{_as_mrkdwn(v)}`")
        env.filters["bold"] = lambda v: Markup(f"*{_as_mrkdwn(v)}*")
    else:
        env.filters["code"] = env.filters["bold"] = lambda v: v
        env.filters["link"] = lambda label, url=None: text_link(label, url)
    return env


@lru_cache(maxsize=2)
def environment(mrkdwn: bool = False) -> jinja2.Environment:
    return _environment(mrkdwn)


def render(name: str, mrkdwn: bool = False, **context) -> str:
    return environment(mrkdwn).get_template(name).render(**context).rstrip() + "\n"


def phrase(name: str, *args, mrkdwn: bool = False, **kwargs) -> str:
    """One sentence from the macros of `phrases.j2` (what Block Kit builders put in blocks)."""
    macro = getattr(environment(mrkdwn).get_template("phrases.j2").module, name)
    return " ".join(str(macro(*args, **kwargs)).split())


# --- the text face's renderings: one template per kind of reply --------------------------------

REPLY_TEMPLATES = {
    "WhoSaidAnswer": "whosaid.txt.j2",
    "Usage": "usage.txt.j2",
    "Help": "help.txt.j2",
    "SubscriptionList": "subscriptions.txt.j2",
    "SubscriptionChange": "subscription_change.txt.j2",
    "BadSchedule": "bad_schedule.txt.j2",
    "DigestsNow": "digests_now.txt.j2",
    "FeedList": "feeds.txt.j2",
    "FeedChange": "feed_change.txt.j2",
    "BadInput": "bad_input.txt.j2",
}


def render_reply(reply, mrkdwn: bool = False, offset_hint: bool = False,
                 channel: str | None = None) -> str:
    """A handler's result in words: plain text, or the mrkdwn Slack puts in a section.
    `offset_hint` adds the CLI's `--offset N` to a /whosaid page; `channel` (mrkdwn, already
    markup) names where a digest was posted."""
    return render(REPLY_TEMPLATES[type(reply).__name__], mrkdwn=mrkdwn, reply=reply,
                  answer=reply, help=reply, subscriptions=getattr(reply, "subscriptions", None),
                  offset_hint=offset_hint,
                  channel=Markup(channel) if channel else None,
                  digest_text=lambda digest: render_digest_text(digest).rstrip("\n"))


def problem_text(problem) -> str:
    """A `briefbot.models.Problem` in words (templates/problems.j2), one line."""
    macro = environment(False).get_template("problems.j2").module.problem
    return " ".join(str(macro(problem.code, problem.values)).split())


def render_digest_text(digest, max_quotes: int | None = None) -> str:
    """The digest as plain text (console, CLI). With `max_quotes`, the text ends its list with
    "and N more statements by …" instead of cutting silently."""
    sections, left_out = limit_sections(digest, max_quotes)
    return render("digest.txt.j2", digest=digest, sections=sections, left_out=left_out,
                  sources=quote_sources)
