"""Running one digest for one channel and topic, exactly once per period.

The run is recorded before posting (claim) and after (finish). The period starts where the
previous posted digest for that channel and topic ended, so nothing falls between two digests.
`send` is how the digest reaches people: Slack's chat.postMessage, or the console.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from briefbot.digest import Digest, build_digest
from briefbot.store import Store

log = logging.getLogger(__name__)


@dataclass
class DigestOutcome:
    status: str  # "posted" | "skipped" (already posted or being posted) | "failed"
    digest: Digest | None = None
    message_ts: str | None = None
    error: str | None = None


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def run_digest(store: Store, team_id: str, channel_id: str, topic: str, period_end: datetime,
               send: Callable[[Digest], str | None], timezone: str = "UTC",
               synonyms: dict[str, tuple[str, ...]] | None = None) -> DigestOutcome:
    previous = store.last_digest_run(team_id, channel_id, topic)
    period_start = previous.period_end if previous else None
    end = iso(period_end)
    if period_start and period_start >= end:
        return DigestOutcome(status="skipped")
    run = store.claim_digest_run(team_id, channel_id, topic, period_start, end)
    if run is None:
        return DigestOutcome(status="skipped")
    digest = build_digest(store, topic, period_start, end, timezone=timezone, synonyms=synonyms)
    try:
        message_ts = send(digest)
    except Exception as e:  # any failure is recorded and retried on the next tick
        log.exception("digest for %s in %s failed", topic, channel_id)
        store.finish_digest_run(run.id, "failed", error=f"{type(e).__name__}: {e}")
        return DigestOutcome(status="failed", digest=digest, error=str(e))
    store.finish_digest_run(run.id, "posted", statement_count=digest.statement_count,
                            message_ts=message_ts)
    return DigestOutcome(status="posted", digest=digest, message_ts=message_ts)
