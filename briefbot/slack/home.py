"""The App Home tab: this workspace's subscriptions, its last digest runs, the most quoted actors
of the week and the articles that arrived last."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from markupsafe import Markup

from briefbot.models import Subscription
from briefbot.slack.blocks import (
    MAX_SECTION_TEXT,
    MAX_VIEW_BLOCKS,
    channel_ref,
    chunk_lines,
    context,
    divider,
    header,
    md,
    section,
    subscription_lines,
)
from briefbot.templating import phrase

if TYPE_CHECKING:  # the store is handed in; only its type is named here
    from briefbot.store import Store

SHOWN = 10  # rows per list


def _list_blocks(lines: Sequence[str], empty: str, more: int = 0) -> list[dict]:
    if not lines:
        return [context(empty)]
    blocks = [section(c) for c in chunk_lines(lines, MAX_SECTION_TEXT)]
    if more > 0:
        blocks.append(context(md("and_more", more)))
    return blocks


def home_view(store: Store, team_id: str, now: datetime | None = None) -> dict:
    now = now or datetime.now(UTC)
    week_ago = (now - timedelta(days=7)).isoformat(timespec="seconds")
    subs: list[Subscription] = store.subscriptions(team_id)
    runs = store.digest_runs(team_id, limit=SHOWN)
    actors = store.most_quoted_actors(week_ago, limit=SHOWN)
    articles = store.recent_articles(limit=SHOWN)
    # Failing feeds first: a feed that is down is what someone has to act on.
    feeds = sorted(store.feeds(), key=lambda f: (f.last_error is None, f.id))
    blocks = [
        header("briefbot"),
        context(md("home_intro")),
        divider(),
        header(phrase("home_heading", "subscriptions")),
        *_list_blocks(subscription_lines(subs[:SHOWN * 3], with_channel=True),
                      md("home_empty", "subscriptions"), more=len(subs) - SHOWN * 3),
        header(phrase("home_heading", "runs")),
        *_list_blocks([md("home_run", r, Markup(channel_ref(r.channel_id))) for r in runs],
                      md("home_empty", "runs")),
        header(phrase("home_heading", "actors")),
        *_list_blocks([md("home_actor", a) for a in actors], md("home_empty", "actors")),
        header(phrase("home_heading", "articles")),
        *_list_blocks([md("home_article", a) for a in articles], md("home_empty", "articles")),
        header(phrase("home_heading", "feeds")),
        *_list_blocks([md("feed_line", f) for f in feeds[:SHOWN * 3]], md("home_empty", "feeds"),
                      more=len(feeds) - SHOWN * 3),
    ]
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}
