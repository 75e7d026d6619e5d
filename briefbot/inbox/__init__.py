"""Read news articles from the inbox folder into `Article` values.

`find_article_files` lists what is waiting in the inbox; `read_article` turns one file into an
`Article` (or raises `RefusedArticle` with a reason a user understands). Format parsing lives in
`formats`, undoing hard wraps and e-mail quoting in `briefbot.normalise`, the blanking of
non-article lines (and the headline, byline and date they give away) in `boilerplate`, and
date/outlet/author clean-up in `metadata`. Whatever is wrong with a file (its name, its size, its
encoding, a parser bug) refuses that file alone: the caller goes on with the next one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

from briefbot.inbox.boilerplate import blank_spans, find_boilerplate
from briefbot.inbox.formats import SUPPORTED_SUFFIXES, ParsedFile, parse_file
from briefbot.inbox.metadata import Metadata, merge_metadata
from briefbot.models import Article, RefusedArticle
from briefbot.normalise import normalise

log = logging.getLogger(__name__)

__all__ = ["SUPPORTED_SUFFIXES", "display_path", "find_article_files", "read_article",
           "article_from_parsed", "content_hash", "MAX_FILE_BYTES", "MAX_ARTICLE_CHARS"]

# Editors, browsers and downloaders leave these behind while a file is still being written.
TEMP_SUFFIXES = ("~", ".part", ".partial", ".tmp", ".swp", ".swx", ".crdownload")
TEMP_PREFIXES = ("~$", ".#")

MIN_ARTICLE_WORDS = 25
# A file larger than this is not read at all (an HTML page with its scripts is rarely above
# 2 MB); an article whose text is longer than MAX_ARTICLE_CHARS (about 30,000 words, longer than
# any news story) is refused before extraction. Both are settings ([inbox] in briefbot.toml).
MAX_FILE_BYTES = 5_000_000
MAX_ARTICLE_CHARS = 200_000
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?:\s|$)")


def find_article_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named in `paths`, and every file below the folders in it, sorted and de-duplicated.

    Hidden files and folders (".refused/", ".DS_Store") and temporary files are skipped. Files of
    any suffix are listed: `read_article` refuses unsupported ones, so the user learns why.
    A path that does not exist is logged and skipped: the watcher may pass a file that was
    moved away a moment ago, and that must not stop the other files being read.
    """
    found: set[Path] = set()
    for given in paths:
        root = Path(given)
        if root.is_dir():
            found.update(f for f in root.rglob("*") if f.is_file() and _is_wanted(f, root))
        elif root.is_file():
            if not _is_skipped_name(root.name):
                found.add(root)
        else:
            log.warning("inbox: no such file or folder: %s", display_path(root))
    return sorted(found)


def _is_wanted(file: Path, root: Path) -> bool:
    return not any(_is_skipped_name(part) for part in file.relative_to(root).parts)


def _is_skipped_name(name: str) -> bool:
    return name.startswith(".") or name.startswith(TEMP_PREFIXES) or name.endswith(TEMP_SUFFIXES)


def display_path(path: str | Path) -> str:
    """The path as it can be shown and logged: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def read_article(path: str | Path, max_file_bytes: int = MAX_FILE_BYTES,
                 max_article_chars: int = MAX_ARTICLE_CHARS) -> Article:
    """Read one inbox file; raise RefusedArticle(path, code, ...) when it is not a usable article.

    The refusal's `path` is `display_path(path)`, safe to print and store."""
    shown = display_path(path)
    try:
        return _read_article(Path(path), shown, max_file_bytes, max_article_chars)
    except RefusedArticle as refusal:
        refusal.path = shown
        raise
    except Exception as error:  # a parser bug must not crash the inbox loop: refuse the file
        raise RefusedArticle(shown, "unreadable", error=type(error).__name__,
                             detail=str(error)) from error


def _read_article(path: Path, shown: str, max_file_bytes: int,
                  max_article_chars: int) -> Article:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        # The database, the log and Slack all need text; a name in a legacy encoding (or
        # plain garbage) would turn up as U+FFFD everywhere and could not be found again.
        raise RefusedArticle(shown, "name_not_utf8") from None
    parsed = parse_file(path, max_bytes=max_file_bytes)
    _refuse_unstorable(shown, parsed.text)
    if len(parsed.text) > max_article_chars:
        raise RefusedArticle(shown, "too_long", chars=len(parsed.text), limit=max_article_chars)
    return article_from_parsed(str(path), parsed, shown=shown)


def article_from_parsed(path: str, parsed: ParsedFile, *given: Metadata,
                        shown: str | None = None) -> Article:
    """An Article from text already read (a file, a feed entry, a pushed JSON body): the same
    normalising, boilerplate blanking and refusals for all. `given` metadata (a feed's outlet
    name, a push body's fields) wins over what the format and the text say."""
    shown = shown or path
    # Boilerplate rules read lines; in wrapped or quoted copy a line is only part of one.
    article_text = blank_spans(parsed.text, parsed.blanked)  # without a forward's header
    reading = normalise(article_text)
    boilerplate = find_boilerplate(reading.text)
    found = [reading.span_to_original(start, end) for start, end in boilerplate.spans]
    body = blank_spans(article_text, found)
    readable_body = reading.apply(body)
    _refuse_if_not_an_article(shown, readable_body)
    meta = merge_metadata(*given, parsed.meta, boilerplate.clues)
    # A title only from title evidence: a first sentence would repeat the quote in answers.
    title = meta.title or boilerplate.headline
    return Article(
        path=path,
        text=parsed.text,
        body=body,
        content_hash=content_hash(readable_body),
        source_format=parsed.source_format,
        title=title,
        outlet=meta.outlet,
        authors=meta.authors,
        published=meta.published,
        url=meta.url,
    )


def _refuse_unstorable(path: str, text: str) -> None:
    """Lone surrogates (a JSON "\\ud800" escape) cannot be stored, shown or sent anywhere."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise RefusedArticle(path, "lone_surrogate", position=error.start) from None


def _refuse_if_not_an_article(path: str, body: str) -> None:
    words = len(body.split())
    if words == 0:
        raise RefusedArticle(path, "only_boilerplate")
    if words < MIN_ARTICLE_WORDS:
        raise RefusedArticle(path, "too_few_words", words=words, needed=MIN_ARTICLE_WORDS)
    if not SENTENCE_END.search(body):
        raise RefusedArticle(path, "no_sentence")


def content_hash(body: str) -> str:
    """sha256 of the body with whitespace collapsed (case kept): re-saves hash the same, and
    so does the same article re-wrapped or quoted once its body is normalised."""
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()
