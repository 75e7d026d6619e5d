"""The App Home tab: this workspace's subscriptions, its last digest runs, the most quoted actors
of the week and the articles that arrived last."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from briefbot.models import ArticleRow, DigestRun, Subscription
from briefbot.slack.blocks import (
    MAX_SECTION_TEXT,
    MAX_VIEW_BLOCKS,
    channel_ref,
    chunk_lines,
    context,
    divider,
    escape,
    header,
    link,
    plural,
    section,
    subscription_lines,
)
from briefbot.store import Store
from briefbot.templating import human_date

SHOWN = 10  # rows per list


def _list_blocks(lines: Sequence[str], empty: str, more: int = 0) -> list[dict]:
    if not lines:
        return [context(empty)]
    blocks = [section(c) for c in chunk_lines(lines, MAX_SECTION_TEXT)]
    if more > 0:
        blocks.append(context(f"and {more} more"))
    return blocks


def _run_line(run: DigestRun) -> str:
    count = (f" · {plural(run.statement_count, 'statement')}"
             if run.statement_count is not None else "")
    when = escape(human_date(run.finished_at or run.started_at))
    error = f" · {escape(run.error)}" if run.status == "failed" and run.error else ""
    return (f"• *{escape(run.topic)}* in {channel_ref(run.channel_id)} · {escape(run.status)}"
            f"{count} · {when}{error}")


def _article_line(a: ArticleRow) -> str:
    title = link(a.url, a.title or a.path.rsplit("/", 1)[-1])
    parts = [title] + [escape(p) for p in (a.outlet, human_date(a.published)) if p]
    parts.append(plural(a.statement_count, "statement"))
    return "• " + " · ".join(parts)


def home_view(store: Store, team_id: str, now: datetime | None = None) -> dict:
    now = now or datetime.now(UTC)
    week_ago = (now - timedelta(days=7)).isoformat(timespec="seconds")
    subs: list[Subscription] = store.subscriptions(team_id)
    runs = store.digest_runs(team_id, limit=SHOWN)
    actors = store.most_quoted_actors(week_ago, limit=SHOWN)
    articles = store.recent_articles(limit=SHOWN)
    blocks = [
        header("briefbot"),
        context("Who said what in the news this team reads. `/whosaid NAME` · `/briefbot help`"),
        divider(),
        header("Subscriptions"),
        *_list_blocks(subscription_lines(subs[:SHOWN * 3], with_channel=True),
                      "No channel is subscribed yet: `/briefbot subscribe TOPIC` in a channel.",
                      more=len(subs) - SHOWN * 3),
        header("Last digests"),
        *_list_blocks([_run_line(r) for r in runs], "No digest has been posted yet."),
        header("Most quoted this week"),
        *_list_blocks([f"• *{escape(a.name)}*" + (f" · {escape(a.role)}" if a.role else "")
                       + f" · {plural(a.statement_count, 'statement')}" for a in actors],
                      "Nobody has been quoted this week."),
        header("Recent articles"),
        *_list_blocks([_article_line(a) for a in articles],
                      "The inbox is empty: drop article files into it."),
    ]
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}
