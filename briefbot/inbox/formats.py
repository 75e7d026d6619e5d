"""Turn the bytes of one inbox file into text plus the metadata its format carries.

Each parser returns a `ParsedFile`: `text` (what every offset will point into), spans already
known not to be the article (a forwarded e-mail's header block), and `Metadata` from the format
itself (e-mail headers, JSON fields, HTML meta tags via trafilatura).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path

import charset_normalizer
import trafilatura

from briefbot.inbox.metadata import Metadata, clean_outlet, normalise_date, split_authors
from briefbot.models import RefusedArticle

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".eml", ".json")

# File signatures of things people drop into folders that are certainly not articles, and what
# each is (named in words by templates/problems.j2, `file_kind`).
BINARY_SIGNATURES = {
    b"%PDF": "pdf",
    b"\x89PNG": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF8": "gif",
    b"PK\x03\x04": "zip",
    b"\x1f\x8b": "gzip",
    b"\x7fELF": "program",
    b"RIFF": "media",
    b"\xd0\xcf\x11\xe0": "old_office",
}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class ParsedFile:
    text: str
    source_format: str
    meta: Metadata = field(default_factory=Metadata)
    blanked: list[tuple[int, int]] = field(default_factory=list)


def parse_file(path: Path, max_bytes: int | None = None) -> ParsedFile:
    """Read and parse `path` by its suffix; RefusedArticle for anything unusable. A file above
    `max_bytes` is refused from its size alone, without reading it."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise RefusedArticle(str(path), "unsupported_type", suffix=suffix,
                             supported=SUPPORTED_SUFFIXES)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise RefusedArticle(str(path), "too_large", size=size, limit=max_bytes)
        raw = path.read_bytes()
    except OSError as error:
        raise RefusedArticle(str(path), "cannot_read", detail=str(error.strerror or error)) \
            from error
    _refuse_empty_or_binary(str(path), raw)
    parser = PARSERS[suffix]
    parsed = parser(str(path), raw)
    if not parsed.text.strip():
        raise RefusedArticle(str(path), "only_whitespace")
    return parsed


def _refuse_empty_or_binary(path: str, raw: bytes) -> None:
    if not raw:
        raise RefusedArticle(path, "empty")
    for signature, kind in BINARY_SIGNATURES.items():
        if raw.startswith(signature):
            raise RefusedArticle(path, "binary_kind", kind=kind)
    if b"\x00" in raw and _utf16_codec(raw) is None:
        raise RefusedArticle(path, "binary")


# --- decoding ------------------------------------------------------------------------------


def decode_text(path: str, raw: bytes) -> str:
    """Bytes to str: UTF-8 first (BOM dropped), UTF-16 by BOM or NUL pattern, else detected.

    Newlines are left exactly as they are in the file (no \\r\\n translation).
    """
    utf16 = _utf16_codec(raw)
    if utf16:
        try:
            return raw.decode(utf16)
        except UnicodeDecodeError:
            pass  # a broken UTF-16 file: let charset-normalizer have a go
    else:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            mixed = _decode_mixed(path, raw)
            if mixed is not None:
                return mixed
    return _decode_detected(path, raw)


def _decode_mixed(path: str, raw: bytes) -> str | None:
    """A file pasted together from two sources: some lines UTF-8, some in a legacy code page.

    Decoding the whole file with any one encoding garbles half of it ("‚ÄúPeace", "LiËge"), so
    each line is decoded on its own: as UTF-8 when it is, else as cp1252 when that reads as
    Western text. None when no line holds UTF-8 beyond ASCII (a wholly legacy file: the usual
    detection decides); RefusedArticle when a line is neither."""
    lines = raw.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True)
    decoded: list[str] = []
    utf8_lines, bad_line = 0, None
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            text = _decode_as_latin_cp1252(line)
            if text is None:
                bad_line = bad_line or number
                continue
        decoded.append(text)
    if not utf8_lines:
        return None
    if bad_line is not None:
        raise RefusedArticle(path, "mixed_encodings", line=bad_line)
    return "".join(decoded)


def _utf16_codec(raw: bytes) -> str | None:
    """'utf-16' (BOM), 'utf-16-le'/'-be' (NULs in every other byte), or None."""
    if raw.startswith(UTF16_BOMS):
        return "utf-16"
    sample = raw[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    # Mostly-ASCII text in UTF-16 has a NUL in (nearly) every high byte and none in the low.
    if odd_nuls > 0.5 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.5 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _decode_detected(path: str, raw: bytes) -> str:
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise RefusedArticle(path, "undecodable")
    # Short Western texts are often guessed as a sibling code page (cp1257, cp1250). cp1252 is by
    # far the most common legacy encoding for news text, so prefer it when it reads as Latin.
    as_cp1252 = _decode_as_latin_cp1252(raw)
    return as_cp1252 if as_cp1252 is not None else str(best)


def _decode_as_latin_cp1252(raw: bytes) -> str | None:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for char in set(text):
        if ord(char) < 128:
            continue
        name = unicodedata.name(char, "")
        if "LATIN" in name or unicodedata.category(char) in {"Pi", "Pf", "Pd", "Po", "Zs", "Sc"}:
            continue
        return None
    return text


# --- formats -------------------------------------------------------------------------------


def parse_plain_text(path: str, raw: bytes, source_format: str = "txt") -> ParsedFile:
    return ParsedFile(text=decode_text(path, raw), source_format=source_format)


def parse_markdown(path: str, raw: bytes) -> ParsedFile:
    return parse_plain_text(path, raw, source_format="md")


def parse_html(path: str, raw: bytes) -> ParsedFile:
    """Main text and metadata through trafilatura; it also works out the page's encoding."""
    document = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise RefusedArticle(path, "html_without_text")
    return ParsedFile(text=text, source_format="html", meta=_trafilatura_metadata(document))


def _trafilatura_metadata(document) -> Metadata:
    return Metadata(
        title=(document.title or "").strip() or None,
        outlet=clean_outlet(document.sitename),
        authors=split_authors(document.author),
        published=normalise_date(document.date),
        url=document.url or None,
    )


def parse_json(path: str, raw: bytes) -> ParsedFile:
    try:
        data = json.loads(decode_text(path, raw))
    except json.JSONDecodeError as error:
        raise RefusedArticle(path, "bad_json", detail=error.msg, line=error.lineno) from error
    if not isinstance(data, dict):
        raise RefusedArticle(path, "json_not_object")
    text = data.get("text")
    if not isinstance(text, str):
        raise RefusedArticle(path, "json_without_text")
    meta = Metadata(
        title=_json_str(data, "title"),
        outlet=clean_outlet(_json_str(data, "outlet")),
        authors=split_authors(data.get("author", data.get("authors"))),
        published=normalise_date(_json_str(data, "published")),
        url=_json_str(data, "url"),
    )
    return ParsedFile(text=text, source_format="json", meta=meta)


def _json_str(data: dict, key: str) -> str | None:
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


# --- e-mail --------------------------------------------------------------------------------

FORWARD_MARKER = re.compile(
    r"^[ \t>]*(?:-{2,}\s*(?:Forwarded message|Original Message)\s*-{2,}"
    r"|Begin forwarded message:)[ \t]*\r?$",  # \r: "$" only stops before "\n"
    re.IGNORECASE | re.MULTILINE,
)
FORWARD_HEADER = re.compile(
    r"^[ \t>]*\**(From|Date|Sent|Subject|To|Cc|Reply-To)\**:[ \t]*(.*)$", re.IGNORECASE
)
FORWARD_PREFIX = re.compile(r"^\s*(?:(?:fwd?|fw|tr|wg|aw|re)\s*:\s*)+", re.IGNORECASE)


def parse_email(path: str, raw: bytes) -> ParsedFile:
    """A (usually forwarded) article: the text/plain part, else the HTML part via trafilatura."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise RefusedArticle(path, "email_without_text")
    content = part.get_content()
    if part.get_content_subtype() == "html":
        parsed = parse_html(path, content.encode("utf-8"))
    else:
        parsed = ParsedFile(text=content, source_format="eml")
    parsed.source_format = "eml"
    forwarded = _blank_forward_block(parsed)
    subject = forwarded.get("subject") or message.get("subject")
    date = forwarded.get("date") or message.get("date")
    parsed.meta.title = parsed.meta.title or strip_forward_prefix(subject)
    parsed.meta.published = parsed.meta.published or normalise_date(date)
    return parsed


def _blank_forward_block(parsed: ParsedFile) -> dict[str, str]:
    """Blank the forwarder's note and the forwarded header block; return those headers."""
    marker = FORWARD_MARKER.search(parsed.text)
    if marker is None:
        return {}
    headers: dict[str, str] = {}
    end = marker.end()
    for line in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", parsed.text[marker.end() :]):
        stripped = line.group().strip()
        header = FORWARD_HEADER.match(stripped)
        if header:
            headers.setdefault(header.group(1).lower(), header.group(2).strip())
        elif stripped or headers:  # blank lines may precede the headers; one after ends them
            break
        end = marker.end() + line.end()
    parsed.blanked.append((0, end))
    return headers


def strip_forward_prefix(subject: str | None) -> str | None:
    return FORWARD_PREFIX.sub("", str(subject)).strip() or None if subject else None


PARSERS = {
    ".txt": parse_plain_text,
    ".md": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
    ".eml": parse_email,
    ".json": parse_json,
}
