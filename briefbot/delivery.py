"""Running one digest for one channel and topic, at most once per period, losing nothing.

A run is recorded before posting (`claim_digest_run`, UNIQUE on workspace, channel, topic and
period end) and after (`finish_digest_run`). Whoever inserts the claim posts; a restarted
process or a second one asking for the same period gets None and posts nothing.

The period starts where the last *posted* digest for that channel and topic ended (nothing
falls between two digests) and ends at the scheduled time, not the moment the job ran, so a
late or repeated run asks for the same period key.

A crash between posting and recording leaves a claim in status "posting". We cannot tell from
the database whether that message reached Slack, and we choose never to post that period again
(at most once per period): a duplicate message in a channel is the failure readers notice and
resent. Nothing is lost for it: the next period starts at the last *posted* end, so the
statements the stuck claim covered roll into the next digest. The price is that, when the dead
process did reach Slack, those statements are shown a second time, in the next day's digest.

A post whose outcome is unknown (chat.postMessage timed out, or the connection broke after the
request went out) is never posted again blind: the sender looks for the message through the
metadata every part carries (the run and part) in the channel's history. Found, the part is
posted; the history readable and the message not in it, the post failed; the history not
readable (the app lacks channels:history, or is not in the channel) raises DeliveryUnknown and
the run is recorded "unknown": shown in App Home and the log, never posted again, and its
statements roll into the next digest as a stuck claim's do.

Any other failure (Slack refused, network down, a bug while building) marks the run "failed"
with its reason; a failed period may be claimed again, and the scheduler retries it on its next
tick. 429 answers never get here: slack_sdk's RateLimitErrorRetryHandler waits for
`Retry-After` inside the client.

`send(digest, progress)` is how the digest reaches people: Slack's chat.postMessage, or the
console. A digest long enough to need several messages is posted part by part; `progress` says
how many parts a failed attempt already posted (a retry posts only the rest) and records each
part that lands, so the digest itself stays plain data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from briefbot.digest import Digest, build_digest
from briefbot.models import Problem

if TYPE_CHECKING:  # the store is handed in; only its type is named here
    from briefbot.store import Store

log = logging.getLogger(__name__)


@dataclass
class DeliveryProgress:
    """How far the delivery of one digest run got, kept in the run's row."""

    parts_posted: int = 0  # messages already in the channel
    record: Callable[[int, str | None], None] = field(default=lambda part, ts: None, repr=False)
    run_key: str = ""  # names this run in each message's metadata, to find it again

    def part_posted(self, part: int, message_ts: str | None) -> None:
        """Message `part` (0-based) is in the channel: a retry starts after it."""
        self.parts_posted = max(self.parts_posted, part + 1)
        self.record(part, message_ts)


Sender = Callable[[Digest, DeliveryProgress], str | None]


class DeliveryUnknown(Exception):
    """Slack may or may not have posted the message, and there is no way to look."""


def failure(error: Exception) -> Problem:
    """Why a digest could not be posted, as a problem (worded in templates/problems.j2): the
    sender's own when it said (Slack refused the post), else the error's type and message."""
    if isinstance(error, Problem):
        return error
    return Problem("digest_failed", error=type(error).__name__, detail=str(error)[:300])


@dataclass
class DigestOutcome:
    # "posted" | "nothing new" (nothing to say, nothing posted) | "skipped" (already posted or
    # being posted) | "failed" | "unknown"
    status: str
    digest: Digest | None = None
    message_ts: str | None = None
    error: str | None = None
    period_end: str | None = None


NOTHING_NEW = "nothing new"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def run_digest(store: Store, team_id: str, channel_id: str, topic: str, period_end: datetime,
               send: Sender, timezone: str = "UTC",
               synonyms: dict[str, tuple[str, ...]] | None = None,
               rank: str = "quoted", post_empty: bool = False) -> DigestOutcome:
    """Post the digest of `topic` for the period up to `period_end`, once. A period with no
    statement posts nothing unless `post_empty` (a subscription that asked for "nothing new"
    notes): the run is recorded as "nothing new" (not tried again), and the next digest covers
    from the last one posted."""
    end = iso(period_end)
    latest = store.last_digest_run(team_id, channel_id, topic, statuses=("posted", "posting"))
    if latest and latest.period_end >= end:
        return DigestOutcome(status="skipped", period_end=end)
    posted = latest if latest and latest.status == "posted" else store.last_digest_run(
        team_id, channel_id, topic, statuses=("posted",))
    period_start = posted.period_end if posted else None
    run = store.claim_digest_run(team_id, channel_id, topic, period_start, end)
    if run is None:
        return DigestOutcome(status="skipped", period_end=end)
    digest = None
    try:
        # [start, end): see Store.statements_ingested_between on whole-second ingest times.
        digest = build_digest(store, topic, period_start, end, timezone=timezone,
                              synonyms=synonyms, include_end=False, rank=rank)
        if digest.statement_count == 0 and not post_empty:
            store.finish_digest_run(run.id, NOTHING_NEW, statement_count=0)
            log.info("nothing new on %s in %s/%s for %s; nothing posted", topic, team_id,
                     channel_id, end)
            return DigestOutcome(status=NOTHING_NEW, digest=digest, period_end=end)
        progress = DeliveryProgress(
            run.parts_posted, lambda part, ts: store.record_digest_part(run.id, part, ts),
            run_key=f"{run.id}/{end}")
        message_ts = send(digest, progress)
    except DeliveryUnknown as e:  # never posted again: see the module's docstring
        log.warning("digest %s for %s in %s/%s may or may not be in the channel; it is not "
                    "posted again: %s", end, topic, team_id, channel_id, e)
        store.finish_digest_run(run.id, "unknown", error=str(e))
        return DigestOutcome(status="unknown", digest=digest, error=str(e), period_end=end)
    except Exception as e:  # recorded with its reason and retried on the next tick
        reason = str(failure(e))
        log.error("digest %s for %s in %s/%s failed (a scheduled one is tried again on the next "
                  "tick): %s",
                  end, topic, team_id, channel_id, reason, exc_info=True)
        store.finish_digest_run(run.id, "failed", error=reason)
        return DigestOutcome(status="failed", digest=digest, error=reason, period_end=end)
    store.finish_digest_run(run.id, "posted", statement_count=digest.statement_count,
                            message_ts=message_ts)
    log.info("posted digest %s for %s in %s/%s (%d statements)",
             end, topic, team_id, channel_id, digest.statement_count)
    return DigestOutcome(status="posted", digest=digest, message_ts=message_ts, period_end=end)
