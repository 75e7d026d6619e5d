"""The small value types that pass between briefbot's modules.

Everything here is plain data: no I/O, no SQL, no spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def quote_key(text: str) -> str:
    """Two statements are the same quote when their words are, whatever the marks and spacing."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def name_key(name: str) -> str:
    """How names are compared: case-folded, curly apostrophes straightened, spaces collapsed."""
    return " ".join(name.replace("\u2019", "'").casefold().split())


class Problem(Exception):
    """Something a person has to be told is wrong, as data: `code` says what, `values` carry
    the particulars (the setting, where its value came from, what was given). The words are in
    templates/problems.j2, one macro branch per code, rendered by the faces
    (`briefbot.templating.problem_text`); `str()` renders the same words, so a log line or an
    exception chain reads like what the user saw."""

    def __init__(self, code: str, **values: object):
        super().__init__(code)
        self.code = code
        self.values = values

    def __str__(self) -> str:
        from briefbot.templating import problem_text  # the faces' renderer; not at import

        return problem_text(self)

    def __reduce__(self):
        # Pickled whole (worker processes hand problems back): Exception's default would call
        # the class with `args` alone and lose the values.
        return _restored_problem, (type(self), self.args, self.__dict__)


def _restored_problem(cls: type, args: tuple, state: dict) -> Problem:
    problem = cls.__new__(cls)
    Exception.__init__(problem, *args)
    problem.__dict__.update(state)
    return problem


class ExtractionTooSlow(Problem, RuntimeError):
    """One article's extraction passed its time limit."""


@dataclass(frozen=True)
class ExtractionFailure:
    """In place of an extraction: why this body could not be extracted (picklable, so worker
    processes hand it back like an Extraction; defined here, not with the extractor, so that
    the parent of the workers reads it back without importing spaCy)."""

    reason: str

    @classmethod
    def of(cls, error: Exception) -> ExtractionFailure:
        if isinstance(error, ExtractionTooSlow):
            return cls(str(Problem("too_slow", detail=str(error))))
        return cls(str(Problem("extraction_failed", error=type(error).__name__,
                               detail=str(error)[:300])))


class RefusedArticle(Problem):
    """A file that cannot be read as an article: `code` and values say why; `reason` is that in
    words a user understands (templates/problems.j2)."""

    def __init__(self, path: str, code: str, **values: object):
        super().__init__(code, **values)
        self.path = path

    @property
    def reason(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Article:
    """One article as read from the inbox.

    `text` is the file's text as read (decoded, newline=''); every offset briefbot stores points
    into it. `body` has exactly the same length: the parts that are not the article (bylines,
    copyright lines, donation appeals, view counters, tag lists, image markdown) are replaced by
    spaces, newlines kept, so extraction runs on `body` and its offsets still point at `text`.
    """

    path: str
    text: str
    body: str
    content_hash: str
    source_format: str
    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date or datetime as found, normalised to YYYY-MM-DD
    url: str | None = None


@dataclass(frozen=True)
class Statement:
    """One attribution: who (speaker) said what (content) through which cue."""

    speaker: str | None  # canonical actor name ("Mark Rutte"), None when unknown
    speaker_start: int | None  # the mention in the attributing sentence (may be a pronoun)
    speaker_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    content_start: int
    content_end: int
    # What was said, on one line: text[content_start:content_end] (wraps and "> " undone),
    # less a cue clause inside it ('"A," X said, "B."', 'A, X said, B'): then the parts
    # (offsets in `parts`) joined into one.
    quote: str
    # "direct" | "indirect" | "mixed", or "framed": the content is what the speaker acted on
    # ("rejected claims that ...", "emphasized the role of ...", "did not reveal ..."), never
    # the speaker's own words; show it only after its cue.
    kind: str
    confidence: float
    parts: tuple[tuple[int, int], ...] = ()  # the quote's pieces when a cue clause split it
    # A joint statement ("Ruritania and Freedonia said ..."): the name of the group (an actor
    # of kind "group" with its members) it is filed under; `speaker` is then its first member.
    group: str | None = None


@dataclass(frozen=True)
class Actor:
    """An actor named in one article (or, after registry resolution, across the store)."""

    name: str  # canonical full name: "Mark Rutte", "NATO"
    kind: str = "person"  # "person" | "org" | "group" | "description" (an unnamed speaker)
    role: str | None = None  # "NATO Secretary-General"; titles live here, never in `name`
    aliases: tuple[str, ...] = ()  # every other way the text names it: "Rutte", "Mr. Kushner"
    mentions: tuple[tuple[int, int], ...] = ()  # (start, end) offsets of its mentions in the text
    members: tuple[str, ...] = ()  # for a "group" speaker: the canonical names of its members
    # descriptions the article gave it where it spoke ("the Finance Minister"): kept as roles
    descriptions: tuple[str, ...] = ()
    # the article shows it speaking or taking a stand ("Kelvara pledged to ...", "Ruritania
    # condemned the move") only in statements weaker than the extractor's threshold: an actor
    # all the same, stored with no statement
    acted: bool = False


@dataclass
class Extraction:
    """What the extractor found in one article."""

    statements: list[Statement] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)


# --- rows the store hands back ----------------------------------------------------------------


@dataclass(frozen=True)
class RoleSeen:
    """A role an actor was given, with the first and last day an article gave it."""

    role: str
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class ActorRow:
    id: int
    name: str
    kind: str
    role: str | None  # the role seen last
    aliases: tuple[str, ...]
    statement_count: int = 0
    article_count: int = 0
    roles: tuple[RoleSeen, ...] = ()  # every role seen, oldest first
    members: tuple[str, ...] = ()  # a group's members


@dataclass(frozen=True)
class StatementRow:
    id: int
    article_id: int
    actor_id: int | None
    speaker: str | None
    speaker_role: str | None
    speaker_text: str | None
    cue: str | None
    quote: str
    kind: str
    confidence: float
    content_start: int
    content_end: int
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    path: str
    ingested_at: str
    same_as: int | None = None  # the first statement that said the same (wire copy folded)
    story_id: int | None = None  # the article's story: near-duplicate articles share one

    @property
    def statement_id(self) -> int:
        """The distinct statement this row is one source of."""
        return self.same_as or self.id


@dataclass(frozen=True)
class Reach:
    """How widely one statement was carried: in how many articles, stories and outlets."""

    statement_id: int
    articles: int
    stories: int
    outlets: tuple[str, ...]  # every outlet that carried it, first carried first


@dataclass(frozen=True)
class FeedRow:
    id: int
    url: str
    outlet: str | None  # the outlet name given for its articles; else the feed's title
    interval_minutes: int
    origin: str  # "config" | "command" | "opml"
    title: str | None
    etag: str | None
    last_modified: str | None
    last_polled_at: str | None
    last_ok_at: str | None
    last_error: str | None
    failures: int
    next_poll_at: str | None
    added_by: str | None
    created_at: str
    entry_count: int = 0

    @property
    def name(self) -> str:
        return self.outlet or self.title or self.url


@dataclass(frozen=True)
class ArticleRow:
    id: int
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    path: str
    ingested_at: str
    authors: tuple[str, ...]
    statement_count: int
    story_id: int | None = None
    story_size: int = 1  # articles in its story (wire copy of the same story in other outlets)


@dataclass(frozen=True)
class Subscription:
    id: int
    team_id: str
    channel_id: str
    topic: str
    schedule: str  # "daily 08:00", "weekdays 08:00", "weekly mon 08:00"
    timezone: str
    created_by: str | None
    created_at: str
    # Post a one-line "nothing new" note when a period brought nothing (else post nothing).
    nothing_new_notes: bool = False


@dataclass(frozen=True)
class DigestRun:
    id: int
    team_id: str
    channel_id: str
    topic: str
    period_start: str | None
    period_end: str
    status: str  # "posting" | "posted" | "failed" | "unknown" (Slack did not say; not re-posted)
    statement_count: int | None
    message_ts: str | None
    error: str | None
    started_at: str
    finished_at: str | None
    parts_posted: int = 0  # messages of this digest already in the channel
