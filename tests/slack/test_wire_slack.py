"""Wire copy in Slack: a statement carried by many outlets shows them folded, the "All N
sources" button lists every one, and a posted digest puts the full list in its thread."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefbot.config import Settings
from briefbot.delivery import run_digest
from briefbot.models import Actor, Article, Extraction, Statement
from briefbot.slack.blocks import SOURCES_ACTION, validate_message
from briefbot.slack.posting import make_client, post_digest
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_env import SlackEnv, message_text

OUTLETS = [f"Outlet {i}" for i in range(7)]
QUOTE = "the grain corridor will reopen next week under a new inspection regime"
BODY = ("Ivana Petrova, the trade minister, said the grain corridor will reopen next week under "
        "a new inspection regime, after talks with shipping companies in the port city. "
        "Exporters welcomed the news but warned that insurance costs remain high.")


def carry(store) -> None:
    """The same story in seven outlets (a dateline of its own each), no model needed."""
    for i, outlet in enumerate(OUTLETS):
        text = f"CITY{i} ({outlet}) — {BODY}"
        start = text.index(QUOTE)
        store.save_article(
            Article(path=f"wire/{i}.txt", text=text, body=text, content_hash=f"grain-{i}",
                    source_format="txt", title=f"Grain corridor ({outlet})", outlet=outlet,
                    published="2027-03-27"),
            Extraction([Statement("Ivana Petrova", None, None, "said", None, None, start,
                                  start + len(QUOTE), QUOTE, "indirect", 0.9)],
                       [Actor("Ivana Petrova", role="trade minister")]),
            ingested_at=f"2027-03-27T0{i}:00:00+00:00")


@pytest.fixture(scope="module")
def env(tmp_path_factory, seeded_template):
    for env in SlackEnv.running(seeded_template, tmp_path_factory.mktemp("wire_slack")):
        carry(env.store)
        yield env


def test_whosaid_folds_the_outlets_and_the_button_lists_them_all(env):
    body = env.ask("/whosaid", "Petrova", "whosaid-petrova")
    assert validate_message(body) == []
    text = message_text(body)
    assert "1 statement in 7 articles" in text
    assert "Outlet 0, Outlet 1 and 5 more" in text and "in 7 articles" in text
    [button] = [b["accessory"] for b in body["blocks"] if "accessory" in b]
    assert button["action_id"].startswith(SOURCES_ACTION)
    assert button["text"]["text"] == "All 7 sources"
    env.sender.block_action(button["action_id"], button["value"],
                            env.fake.response_url("sources-petrova"))
    listed = env.fake.wait_for(lambda f: f.responses("sources-petrova"))[0].body
    assert listed["response_type"] == "ephemeral" and validate_message(listed) == []
    assert all(outlet in message_text(listed) for outlet in OUTLETS)
    assert "carried by 7 articles in 7 outlets" in message_text(listed)


def test_a_posted_digest_carries_the_full_sources_in_its_thread(env):
    with FakeSlackAPI() as fake:
        client = make_client(Settings(slack_api_url=fake.api_url), "xoxb-test")
        outcome = run_digest(env.store, "T1", "C1", "grain", datetime(2027, 3, 28, tzinfo=UTC),
                             lambda digest, progress: post_digest(client, "C1", digest,
                                                                  progress))
        assert outcome.status == "posted" and outcome.digest.statement_count == 1
        posted = fake.calls("chat.postMessage")
        digest, *thread = [r.body for r in posted]
        assert "thread_ts" not in digest
        assert "also Outlet 1, Outlet 2 and 4 more" in message_text(digest)
        assert thread and all(r["thread_ts"] == outcome.message_ts for r in thread)
        assert all(outlet in message_text(thread[0]) for outlet in OUTLETS)
        assert all(validate_message(m) == [] for m in [digest, *thread])


def test_a_digest_now_can_rank_by_reach(env):
    from briefbot.commands import CommandContext, handle_briefbot

    ctx = CommandContext(store=env.store, team_id="T9", channel_id="C9",
                         now=lambda: datetime(2027, 3, 28, tzinfo=UTC))
    [(topic, outcome)] = handle_briefbot(ctx, "digest grain by:reach").runs
    assert topic.name == "grain" and outcome.digest.rank == "reach"
    assert outcome.digest.sections[0].quotes[0].article_count == len(OUTLETS)


def test_app_home_lists_a_story_once_with_how_many_others_carried_it(env):
    import json

    from briefbot.slack.home import home_view

    view = home_view(env.store, "T_TEST")
    assert validate_message(view, surface="home") == []
    text = json.dumps(view, ensure_ascii=False)
    assert "also in 6 other articles" in text
    assert sum(f"Grain corridor (Outlet {i})" in text for i in range(len(OUTLETS))) == 1
