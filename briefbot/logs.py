"""Logging set-up, with secrets taken out of every record before it is written.

Our own code never logs tokens, but libraries may: Bolt logs the raw body of a request whose
signature fails (and Slack's payloads carry the legacy verification `token`). The filter masks
Slack tokens and `token=` / `"token": ` fields in whatever reaches a handler.
"""

from __future__ import annotations

import logging
import re

SECRET_PATTERNS = (
    (re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+"), "[redacted-token]"),
    (re.compile(r"(\btoken=)[^&\s'\"]+"), r"\1[redacted]"),
    (re.compile(r"""(["']token["']\s*:\s*["'])[^"']+"""), r"\1[redacted]"),
)


def redact(text: str) -> str:
    for pattern, replacement in SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def configure_logging(verbosity: int = 0) -> None:
    """WARNING by default, INFO with -v, DEBUG with -vv; every handler redacts secrets."""
    level = max(logging.WARNING - 10 * verbosity, logging.DEBUG)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
