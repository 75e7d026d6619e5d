"""Find the parts of an article's text that are not the article, so they can be blanked.

News pages saved as text carry a lot around the story: bylines and author bios, copyright and
"X contributed to this report" lines, donation appeals, view counters, price tickers, dateline
and section labels, tag lists, image markdown. Each rule below is a pattern for one such kind,
written for the shapes outlets share rather than for one outlet's exact strings. Rules work on
lines; blanking keeps newlines so offsets into the text stay valid.

Some of these lines carry metadata (the copyright owner is the outlet, the byline is the
author, a "date 2026-02-12" line is the publication date), collected as `clues` on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefbot.inbox.formats import FORWARD_HEADER, FORWARD_MARKER, strip_forward_prefix
from briefbot.inbox.metadata import (
    Metadata,
    clean_outlet,
    could_be_a_writer,
    is_headline,
    normalise_date,
)

Span = tuple[int, int]

UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄ"
NAME_WORD = rf"[{UPPER}][^\W\d_]*(?:[.'’-][^\W\d_]*)*"
NAME = rf"{NAME_WORD}(?:\s+(?:(?:de|da|di|van|von|der|den|la|le|al|bin)\s+)?{NAME_WORD}){{1,3}}"
NAME_LINE = re.compile(rf"^\s*{NAME}\s*$")
MONTH_START = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d"
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*\s*$")

# "© 2025 X", "(c) X", "Copyright 2026 X" or "... All rights reserved." (not "Copyright disputes").
COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4})|\ball rights reserved\b", re.I
)
COPYRIGHT_OWNER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?P<owner>[^.,©\d][^.,©]*?)\s*(?=[.,]|\ball rights\b|$)",
    re.I,
)
COPYRIGHT_NOISE = re.compile(r"^(?:copyright\s*)+|\s+\d{4}$", re.I)  # "© Copyright Gannett 2018"
CONTRIBUTED = re.compile(
    r"^\s*\(?.{1,120}?\b(?:contributed|contributing)\b.{0,40}?"
    r"\b(?:report|story|article|reporting)\b\W*$",
    re.I,
)
CREDITS = re.compile(
    r"^\s*\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|edited)\s+by\b"
    r"|^\s*contributing\s*:",
    re.I,
)
ROLE = r"(?:\s*\([a-z ]{2,20}\))?"  # "Eleanor Ainge Roy (reporting)"
NAMES = rf"(?P<names>{NAME}{ROLE}(?:\s*(?:,|\band\b|&)\s*{NAME}{ROLE})*)"
BYLINE = re.compile(
    rf"^\s*(?:(?:Written|Words|Story|Posted)\s+)?[Bb]y:?\s+{NAMES}(?:\s*[,|•—–-].{{0,60}}|\s+{MONTH_START}.{{0,40}})?\s*$"
)
# "Mara Quell and Tomas Brand   EXAMPLE POST": names, then the outlet after a wide gap or a bar.
BYLINE_WITH_OUTLET = re.compile(
    rf"^\s*{NAMES}(?:\s{{2,}}|\s*[|•]\s*)(?P<outlet>[{UPPER}][\w'’.&-]*(?:\s+[\w'’.&-]+){{0,4}})\s*$"
)
NAME_WITH_ENVELOPE = re.compile(rf"^\s*(?P<name>{NAME})\s*[✉📧🖂]\ufe0f?\s*$")
AUTHOR_BIO = re.compile(
    rf"^\s*(?P<name>{NAME})\s+(?:is|was|has been)\s+(?:a|an|the)\b[^.]{{0,100}}?"
    r"\b(?:writer|reporter|editor|journalist|correspondent|columnist|contributor|producer"
    r"|author|anchor|host)s?\b",
)
VIEW_COUNTER = re.compile(
    r"^[\s•·|]*\d[\d.,\s]*[KkMm]?\s*(?:views?|reads?|comments?|shares?)\s*$", re.I
)
DATELINE = re.compile(
    rf"^\s*[{UPPER}][\w'’.-]*(?:\s+[{UPPER}][\w'’.-]*){{0,3}}\s*[•·|]\s*"
    r"(?P<outlet>[^\W\d_][\w'’.&-]*(?:\s+[\w'’.&-]+){0,3})\s*$"
)
URL_LINE = re.compile(r"^\s*<?(?P<url>https?://[^\s>]+)>?\s*$")
APPEAL_START = re.compile(
    r"^\s*(?:A (?:message|note|word|request) from (?P<outlet>.{2,60}?)\s*:?"
    r"|Dear (?:readers?|friends?|subscribers?)\s*,?)\s*$",
    re.I,
)
APPEAL_END = re.compile(r"^\s*(?:remind me later|maybe later|not now|no,? thanks)\.?\s*$", re.I)
META_WORDS = re.compile(
    r"^(?:date|dated|published|updated|posted|last|modified|on|at|am|pm|utc|gmt|jan|feb|mar"
    r"|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august"
    r"|september|october|november|december|views?|mon|tue|wed|thu|fri|sat|sun|est|edt|cst|cdt"
    r"|pst|pdt|bst|cet|cest|ist|aest|nzdt|nzst)$",
    re.I,
)
INLINE_JUNK = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # image markdown ![alt](src)
    r"|\[\s*\]\([^)\n]*\)"  # an empty link left around an image
    r"|\[(?=[^\[\]\n]+\]\((?:https?://|/|#|mailto:))"  # a Markdown link's [ ...
    r"|(?<=[^\[\n])\]\((?:https?://|/|#|mailto:)[^)\s]*\)"  # ... and its ](target): text kept
    r"|[ \t]*\|[ \t]*$",  # the trailing pipe of a flattened table cell
    re.M,
)
# Page furniture one line at a time: share buttons, newsletter and notification prompts,
# comment and cookie notices, navigation aids. Only short lines (SHORT_LINE_WORDS) count.
SITE_FURNITURE = re.compile(
    r"^\W*(?:share\b|click to (?:share|email|print)|email this|print this|tweet\b"
    r"|reuse this content|x share via|more sharing|skip to (?:main )?content|back to top"
    r"|sign up\b|subscribe\b|get (?:it|top news|breaking news|the latest)\b|newsletter"
    r"|\S+ newsletter\b|learn more\b|manage my account|view comments|comments\W*(?:\(\+\))?\W*$"
    r"|blog comments powered by|(?:as|when|before) you comment\b|you must be logged in"
    r"|we use cookies\b"
    r"|we are having some technical difficulties|by clicking \w+,? you agree"
    r"|(?:follow|like) us\b|follow \S+ (?:full )?coverage|about this content"
    r"|read (?:more|next|also)\b\W*$|continue reading\b|view (?:the )?original\b"
    r"|(?:play|watch) video\b|resize text|wait \d+ seconds? to continue"
    r"|(?:read more|read also|also read|read next|related|see also|watch|listen|more)\s*:\s*\S)",
    re.I,
)
SHORT_LINE_WORDS = 60  # cookie and comment notices run long; paragraphs never open like them
# "Read the full story at Harbour FM:", "This article was originally published on ...".
SOURCE_NOTE = re.compile(
    r"^\W*(?:(?:read|see|view|get) (?:the )?(?:full|whole|complete|original|rest of the) "
    r"(?:story|article|report)\b|this (?:article|story|report) (?:has been adapted|was "
    r"(?:originally|first) published|(?:originally|first) appeared|is adapted|has been "
    r"(?:corrected|updated) to)|an earlier version of this (?:story|article|report))",
    re.I,
)
# Captions and photo credits: "Photograph: X for the Guardian", "(Credit: iStock)",
# "Main image: ...", "Clockwise from top: ...", "(AP Photo/Jane Doe)".
PHOTO_CREDIT = re.compile(
    r"\b(?:Photograph|Photo|Photos|Image|Picture|Illustration|Credit|Video)\s*:\s*\S"
    r"|\((?:AP|AFP|Reuters|EPA)\s+Photo\b[^()]*\)|\([^()]*/(?:AP|AFP|Reuters|EPA|Getty"
    r" Images|iStock|Shutterstock)[^()]*\)|\((?:Getty Images|iStock|Shutterstock)\)"
    r"|\([^()]*\bvia (?:AP|AFP|Reuters|Getty Images)\)|\bAP Photo/|\(Credit:|\bGetty Images\s*$"
    r"|\b(?:this|an?|the)\b[^.]{0,30}\bphoto,? (?:provided by|taken|released|shows)"
    r"|^\s*(?:Main image|Top image|Clockwise from (?:top|left)|Pictured|File photo)\s*[:,]"
    r"|^\s*(?:Image|Photo|Video|Media) (?:caption|source|copyright)\b"
    r"|^\s*(?:Above|Left|Right|Top|Below)\s*:",
    re.I,
)
# "New Zealand / Politics", "News › World": a breadcrumb of sections.
BREADCRUMB = re.compile(r"^\s*[\w&'’. -]{2,30}(?:\s[/›»>]\s[\w&'’. -]{2,30})+\s*$")
# The heading of a block of links to other stories.
RELATED_HEADING = re.compile(
    r"^\W*(?:most (?:popular|read|viewed|shared)|trending(?: news| now| stories)?|popular"
    r"|related(?: stories| articles| coverage| news| content| links)?|(?:more|read more) "
    r"(?:in|on|from|about) .{2,40}|more (?:on this story|stories|news|from us)|top stories"
    r"|latest(?: news| stories| headlines)?|recommended(?: for you| stories)?|(?:our|editor'?s?"
    r"|editors'|\w{2,5}) picks|you (?:may|might) (?:also )?like|don'?t miss|also read|read also"
    r"|see also|further reading|what to read next|in case you missed it|more stories)\W*$",
    re.I,
)
# The start of a newsletter's footer: everything from it to the end is the mailing's.
NEWSLETTER_FOOTER = re.compile(
    r"^\W*(?:you (?:are )?received? this (?:e-?mail|newsletter|message)|you(?:'re| are) "
    r"receiving this|unsubscribe\b|to (?:stop receiving|unsubscribe)|this e-?mail was sent to"
    r"|(?:update|manage) (?:your )?(?:e-?mail )?(?:preferences|subscription)"
    r"|view (?:this e-?mail )?in (?:your )?browser|click here to unsubscribe"
    r"|forward this (?:e-?mail|newsletter) to a friend)",
    re.I,
)
# "On Mon, 18 Nov 2019 at 09:12, Sam Ortiz <sam@example.com> wrote:" above a quoted article.
REPLY_HEADER = re.compile(r"^\s*On\b.{5,200}\bwrote:\s*$")
QUOTED_WORDS = re.compile(r"[“\"«](?:[^”\"»\s]+\s+){5,}[^”\"»]*[”\"»]")  # six words quoted
MARKDOWN_TITLE = re.compile(r"^\s{0,3}#[ \t]+\S")  # a Markdown level-1 heading
TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")  # a teaser's cut-off excerpt
LABEL_MAX_WORDS = 3
TAG_MAX_WORDS = 6
MAX_UNENDED_SHARE = 0.5
HEADLINE_MIN_WORDS = 5  # shorter lines are menu items and labels more often than headlines
HEADLINE_MAX_WORDS = 20
PARAGRAPH_MIN_WORDS = 20  # a line this long is a paragraph whether or not it ends a sentence
TEASER_MAX_WORDS = 20
HEADLINE_LOOKBACK = 12  # live lines above the first paragraph searched for its headline
REPEAT_DISTANCE = 15  # a headline printed twice is printed within this many live lines


@dataclass(frozen=True)
class Line:
    index: int
    start: int
    end: int  # before the line break
    visible: str  # the line with inline junk (image markdown, trailing pipes) blanked

    @property
    def words(self) -> list[str]:
        return self.visible.split()

    @property
    def is_empty(self) -> bool:
        return not any(ch.isalnum() for ch in self.visible)

    @property
    def is_prose(self) -> bool:
        return self.ends_sentence or len(self.words) >= 12

    @property
    def ends_sentence(self) -> bool:
        return bool(SENTENCE_END.search(self.visible))


@dataclass
class Boilerplate:
    spans: list[Span] = field(default_factory=list)
    clues: Metadata = field(default_factory=Metadata)
    headline: str | None = None


def _byline_names(names: str) -> list[str]:
    """'A (reporting) and B (photography), C' -> ['A', 'C']: photographers are not writers."""
    names = re.sub(r"\s*\((?:photo|video|graphic|illustrat|picture)[^)]*\)", " (-)", names)
    found = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return [re.sub(r"\s*\([^)]*\)", "", name) for name in found if not name.endswith("(-)")]


def _is_cut_copy(full: str, copy: str) -> bool:
    """'Lena Ostrova nets twice as Gulls sink…' is a cut copy of the full headline."""
    cut = TRUNCATED.search(copy)
    return bool(cut) and len(copy) > 20 and full.startswith(copy[: cut.start()].rstrip())


def blank_spans(text: str, spans: list[Span]) -> str:
    """`text` with every character inside `spans` made a space, except line breaks."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def split_lines(text: str) -> tuple[list[Line], list[Span]]:
    """The lines of `text` (any line-break style) and the inline junk spans inside them."""
    lines: list[Line] = []
    inline: list[Span] = []
    for match in re.finditer(r"[^\r\n]*", text):
        start, end = match.span()
        if lines and start == lines[-1].end:
            continue  # the empty match right after a line's content
        junk = [(start + m.start(), start + m.end()) for m in INLINE_JUNK.finditer(match.group())]
        inline.extend(junk)
        visible = blank_spans(text, junk)[start:end] if junk else match.group()
        lines.append(Line(len(lines), start, end, visible))
    return lines, inline


def find_boilerplate(text: str) -> Boilerplate:
    """Spans of `text` that are not the article, and the metadata those spans gave away."""
    return _BoilerplateFinder(text).run()


class _BoilerplateFinder:
    def __init__(self, text: str):
        self.text = text
        self.lines, self.inline_spans = split_lines(text)
        self.blanked: set[int] = {line.index for line in self.lines if line.is_empty}
        self.outlets: dict[str, str] = {}  # by the kind of line it came from
        self.authors: list[str] = []
        self.published: str | None = None
        self.url: str | None = None
        self.headline: str | None = None
        self.headline_index: int | None = None
        self.forwarded_subject: str | None = None

    def run(self) -> Boilerplate:
        for line in self.lines:
            if line.index not in self.blanked and self._is_single_boilerplate_line(line):
                self.blanked.add(line.index)
        self._blank_reply_header()
        self._blank_forward_header()
        self._blank_appeals()
        self._blank_newsletter_footer()
        self._blank_repeated_headings()
        self._blank_related_blocks()
        self._blank_teasers()
        if self.headline is None:
            self._find_headline_above_first_paragraph()
        if self.headline_index is not None:
            self.blanked.add(self.headline_index)  # the title, not a statement
        self.headline = self.headline or self.forwarded_subject
        self._blank_section_labels()
        self._blank_trailing_tags()
        self._blank_lines_that_end_no_sentence()
        return self._result()

    # -- single lines ---------------------------------------------------------------------

    def _is_single_boilerplate_line(self, line: Line) -> bool:
        checks = (
            self._copyright,
            self._credits,
            self._byline,
            self._author_bio,
            self._view_counter,
            self._metadata_line,
            self._dateline,
            self._url_line,
            self._appeal_button,
            self._site_furniture,
            self._source_note,
            self._photo_credit,
            self._breadcrumb,
        )
        return any(check(line) for check in checks)

    def _copyright(self, line: Line) -> bool:
        if not COPYRIGHT.search(line.visible) or len(line.visible) > 200:
            return False
        owner = COPYRIGHT_OWNER.search(line.visible)
        if owner and (outlet := clean_outlet(COPYRIGHT_NOISE.sub("", owner.group("owner")))):
            self.outlets.setdefault("copyright", outlet)
        return True

    def _credits(self, line: Line) -> bool:
        short = len(line.words) <= 30
        return short and bool(CONTRIBUTED.match(line.visible) or CREDITS.match(line.visible))

    def _byline(self, line: Line) -> bool:
        if match := BYLINE.match(line.visible):
            self._add_authors(*_byline_names(match.group("names")))
            return True
        if match := NAME_WITH_ENVELOPE.match(line.visible):
            self._add_authors(match.group("name"))
            return True
        if (match := BYLINE_WITH_OUTLET.match(line.visible)) and self._add_authors(
            *_byline_names(match.group("names"))
        ):
            self.outlets.setdefault("byline", match.group("outlet").strip())
            return True
        return False

    def _author_bio(self, line: Line) -> bool:
        match = AUTHOR_BIO.match(line.visible)
        if not match:
            return False
        # "X is a reporter" is a bio where bios live (the end), or about a known byline author.
        near_end = line.start >= 0.7 * len(self.text)
        if not (near_end or match.group("name") in self.authors):
            return False
        self._add_authors(match.group("name"))
        return True

    def _view_counter(self, line: Line) -> bool:
        return bool(VIEW_COUNTER.match(line.visible))

    def _metadata_line(self, line: Line) -> bool:
        """A short line of numbers and date words: 'date 2026-02-12 $43.03', 'Updated: May 2'."""
        if line.is_prose or not any(ch.isdigit() for ch in line.visible):
            return False
        words = [w for w in re.findall(r"[^\W\d_]{2,}", line.visible) if not META_WORDS.match(w)]
        if len(words) > 2:
            return False
        if not self.published:
            self.published = normalise_date(line.visible)
        return True

    def _dateline(self, line: Line) -> bool:
        match = DATELINE.match(line.visible)
        if match:
            self.outlets.setdefault("dateline", match.group("outlet").strip())
        return bool(match)

    def _url_line(self, line: Line) -> bool:
        match = URL_LINE.match(line.visible)
        if match:
            self.url = self.url or match.group("url")
        return bool(match)

    def _appeal_button(self, line: Line) -> bool:
        return bool(APPEAL_END.match(line.visible))

    def _site_furniture(self, line: Line) -> bool:
        """Share buttons, newsletter prompts, comment and cookie notices, 'Read more'."""
        return len(line.words) <= SHORT_LINE_WORDS and bool(SITE_FURNITURE.match(line.visible))

    def _source_note(self, line: Line) -> bool:
        """'Read the full story at Harbour FM:', 'This report has been adapted from ...'."""
        return len(line.words) <= SHORT_LINE_WORDS and bool(SOURCE_NOTE.match(line.visible))

    def _photo_credit(self, line: Line) -> bool:
        """A caption with its credit, or a caption's own opening ('Clockwise from top:')."""
        return len(line.words) <= 2 * SHORT_LINE_WORDS and bool(PHOTO_CREDIT.search(line.visible))

    def _breadcrumb(self, line: Line) -> bool:
        return len(line.words) <= TAG_MAX_WORDS and bool(BREADCRUMB.match(line.visible))

    # -- blocks and context ---------------------------------------------------------------

    def _blank_appeals(self) -> None:
        """From 'A Message from X:' / 'Dear readers,' to its 'Remind me later.' (or the end)."""
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            match = APPEAL_START.match(line.visible)
            if not match:
                index += 1
                continue
            if match.group("outlet"):
                self.outlets.setdefault("appeal", clean_outlet(match.group("outlet")))
            end = self._appeal_end(index)
            self.blanked.update(range(index, end + 1))
            index = end + 1

    def _appeal_end(self, start: int) -> int:
        for line in self.lines[start + 1 :]:
            if APPEAL_END.match(line.visible):
                return line.index
        # Without a closing button, only an appeal in the second half runs to the end.
        in_second_half = self.lines[start].start >= len(self.text) / 2
        return len(self.lines) - 1 if in_second_half else start

    def _blank_reply_header(self) -> None:
        """'On <date>, <someone> wrote:' above a quoted article: above it is the reply's note."""
        for line in self._live_lines():
            if line.start > len(self.text) / 2:
                return
            if REPLY_HEADER.match(line.visible):
                self.blanked.update(range(0, line.index + 1))
                return

    def _blank_forward_header(self) -> None:
        """A forward pasted as text: the note above '---------- Forwarded message ---------'
        and the From/Date/Subject/To lines below it; the subject is the story's title."""
        live = self._live_lines()
        for k, line in enumerate(live):
            if line.start > len(self.text) / 2:
                return
            if not FORWARD_MARKER.match(line.visible):
                continue
            last = line
            for header_line in live[k + 1 :]:
                header = FORWARD_HEADER.match(header_line.visible)
                if not header:
                    break
                last = header_line
                if header.group(1).lower() == "subject":
                    self.forwarded_subject = strip_forward_prefix(header.group(2))
                elif header.group(1).lower() in ("date", "sent"):
                    self.published = self.published or normalise_date(header.group(2))
            self.blanked.update(range(0, last.index + 1))
            return

    def _blank_newsletter_footer(self) -> None:
        """From 'You are receiving this e-mail ...' or 'Unsubscribe' in the second half on."""
        for line in self._live_lines():
            if line.start >= len(self.text) / 2 and NEWSLETTER_FOOTER.match(line.visible):
                self.blanked.update(range(line.index, len(self.lines)))
                return

    def _blank_repeated_headings(self) -> None:
        """Pages print the headline twice, close together (the second copy sometimes cut off
        with '…'); blank the later copy and remember the full one as the title. Menu items
        repeated far apart are not a headline."""
        live = self._live_lines()
        for k, line in enumerate(live):
            if not self._is_heading(line):
                continue
            key = self._heading_key(line)
            for other in live[k + 1 : k + 1 + REPEAT_DISTANCE]:
                other_key = self._heading_key(other)
                if other_key == key or _is_cut_copy(key, other_key):
                    self.blanked.add(other.index)
                    self.headline, self.headline_index = other_key, line.index
                    return
                if _is_cut_copy(other_key, key) and self._is_heading(other):
                    self.blanked.add(line.index)
                    self.headline, self.headline_index = other_key, other.index
                    return

    def _blank_related_blocks(self) -> None:
        """'Most Popular', 'Trending', 'More in X', 'Related stories' and the teasers under it:
        headlines, dates, cut-off excerpts, up to the next real paragraph (or the headline)."""
        live = self._live_lines()
        k = 0
        while k < len(live):
            if not RELATED_HEADING.match(live[k].visible):
                k += 1
                continue
            end = k + 1
            while end < len(live) and self._is_teaser(live[end]):
                end += 1
            self.blanked.update(line.index for line in live[k:end])
            k = end

    def _is_teaser(self, line: Line) -> bool:
        if line.index == self.headline_index:
            return False
        short = len(line.words) < TEASER_MAX_WORDS
        return short or not line.ends_sentence or bool(TRUNCATED.search(line.visible))

    def _blank_teasers(self) -> None:
        """An excerpt cut off with '...' is a teaser for another story, and so is the line
        above it when that is its headline (or date)."""
        live = self._live_lines()
        for k, line in enumerate(live):
            if not TRUNCATED.search(line.visible):
                continue
            self.blanked.add(line.index)
            for above in reversed(live[max(0, k - 2) : k]):
                if above.ends_sentence or len(above.words) >= TEASER_MAX_WORDS:
                    break
                self.blanked.add(above.index)

    def _find_headline_above_first_paragraph(self) -> None:
        """The heading nearest above the first paragraph, over bylines, dates, captions and
        labels: where a page or wire story puts its headline."""
        live = self._live_lines()
        first = next((k for k, line in enumerate(live) if self._is_paragraph(line, k)), None)
        if first is None:
            return
        for k in range(first - 1, max(-1, first - 1 - HEADLINE_LOOKBACK), -1):
            line = live[k]
            if self._is_heading(line, first_line=k == 0):
                key = self._heading_key(line)
                self.headline = key[:-1] if key.endswith(".") else key  # a deck's full stop
                self.headline_index = line.index
                return
            is_caption = len(line.words) >= HEADLINE_MAX_WORDS and not line.ends_sentence
            is_cell = self.text[line.start : line.end] != line.visible  # image, table cell
            if len(line.words) >= HEADLINE_MIN_WORDS and not (is_caption or is_cell):
                return

    def _is_paragraph(self, line: Line, position: int) -> bool:
        if position == 0 and self._is_heading(line, first_line=True):
            return False
        words = len(line.words)
        return words >= PARAGRAPH_MIN_WORDS or (line.ends_sentence and words >= 12)

    def _is_heading(self, line: Line, first_line: bool = False) -> bool:
        """3 to 20 words that end no sentence, or (as a file's first line) one short sentence;
        not a label, a breadcrumb or a table cell."""
        key = self._heading_key(line)
        words = len(key.split())
        if MARKDOWN_TITLE.match(line.visible) and 0 < words <= HEADLINE_MAX_WORDS:
            return True  # "# Title": the writer said so, however short
        if not HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS or BREADCRUMB.match(key):
            return False
        if self.text[line.start : line.end] != line.visible:
            return False  # image markdown or a table cell's pipe: a caption, not a headline
        if not re.search(r"[.:;,][\"'”’)]*$", key):
            return True
        # A file's first line may be a headline with a full stop when an image, a table cell or
        # a byline follows it at once; otherwise it is the story's first sentence.
        if not (first_line and key.endswith(".") and is_headline(key)):
            return False
        after = self.lines[line.index + 1] if line.index + 1 < len(self.lines) else None
        if after is None:
            return False
        raw = self.text[after.start : after.end]
        return raw != after.visible or bool(BYLINE.match(raw))

    @staticmethod
    def _heading_key(line: Line) -> str:
        return " ".join(line.visible.strip().lstrip("#").split())

    def _blank_lines_that_end_no_sentence(self) -> None:
        """Every statement ends a sentence: a line that ends none (headline, caption, teaser,
        menu item, label) is not article text, unless it is a paragraph's length or quotes
        someone ('"..." ― Name'). Skipped when most of the text is such lines: then it is
        something else (a list, unjoined wraps)."""
        live = [line for line in self._live_lines() if not line.ends_sentence]
        kept = [
            line for line in live
            if len(line.words) < 2 * PARAGRAPH_MIN_WORDS and not QUOTED_WORDS.search(line.visible)
        ]
        live_chars = sum(len(line.visible.strip()) for line in self._live_lines())
        unended_chars = sum(len(line.visible.strip()) for line in kept)
        if live_chars and unended_chars / live_chars <= MAX_UNENDED_SHARE:
            self.blanked.update(line.index for line in kept)

    def _blank_section_labels(self) -> None:
        """'Details', 'Recall', 'Read also:' standing between two paragraphs."""
        live = self._live_lines()
        for before, line, after in zip(live, live[1:], live[2:], strict=False):
            is_label = len(line.words) <= LABEL_MAX_WORDS and not line.is_prose
            if is_label and before.is_prose and after.is_prose:
                self.blanked.add(line.index)

    def _blank_trailing_tags(self) -> None:
        """The short lines after the last paragraph: tag lists, and the byline name above them."""
        block: list[Line] = []
        for line in reversed(self._live_lines()):
            if line.is_prose or len(line.words) > TAG_MAX_WORDS:
                break
            block.insert(0, line)
        if not block or len(block) == len(self._live_lines()):
            return
        self.blanked.update(line.index for line in block)
        first = " ".join(block[0].words)
        if NAME_LINE.match(first) and not self._is_mentioned_outside(first, block):
            self._add_authors(first)  # a name the story never mentions is its writer, not a tag

    def _is_mentioned_outside(self, name: str, block: list[Line]) -> bool:
        outside = self.text[: block[0].start]
        return any(
            re.search(rf"\b{re.escape(part)}\b", outside) for part in name.split() if len(part) > 2
        )

    # -- helpers --------------------------------------------------------------------------

    def _live_lines(self) -> list[Line]:
        return [line for line in self.lines if line.index not in self.blanked]

    def _add_authors(self, *names: str) -> bool:
        """Add the names that can be a person's; False when none could."""
        added = False
        for name in names:
            name = " ".join(name.split())
            if not could_be_a_writer(name):
                continue  # "Trending News", "Most Popular": furniture, not a writer
            added = True
            if name not in self.authors:
                self.authors.append(name)
        return added

    def _result(self) -> Boilerplate:
        spans = [(self.lines[i].start, self.lines[i].end) for i in sorted(self.blanked)]
        outlet = next(
            (
                self.outlets[kind]
                for kind in ("copyright", "appeal", "byline", "dateline")
                if kind in self.outlets
            ),
            None,
        )
        clues = Metadata(
            outlet=outlet, authors=tuple(self.authors), published=self.published, url=self.url
        )
        return Boilerplate(spans=spans + self.inline_spans, clues=clues, headline=self.headline)
