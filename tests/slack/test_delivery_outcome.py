"""Issue 11, case 4: a chat.postMessage whose answer is lost is never posted again blind, and a
reply never promises a retry that will not happen.

The real Bolt app and the real Slack sender against the fake Web API on 127.0.0.1, whose
chat.postMessage posts the message and then answers only after the client gave up (1 s)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from briefbot.delivery import run_digest
from briefbot.service import slack_sender_for
from briefbot.slack.home import home_view
from tests.fakes.slack_env import SlackEnv, message_text


@pytest.fixture(scope="module")
def env(tmp_path_factory, seeded_template):
    yield from SlackEnv.running(seeded_template, tmp_path_factory.mktemp("outcome"),
                                slack_timeout_seconds=1)


def posts_to(env, channel: str) -> list:
    """The digest messages posted to `channel` (not the replies in their sources thread)."""
    return [c for c in env.fake.calls("chat.postMessage")
            if c.body.get("channel") == channel and not c.body.get("thread_ts")]


def scheduled_digest(env, channel: str, end: datetime):
    """What the scheduler's tick does for one due period of a subscription."""
    send = slack_sender_for(env.settings)("T_TEST", channel)
    return run_digest(env.store, "T_TEST", channel, "ceasefire", end, send)


def test_a_lost_answer_is_confirmed_through_the_message_metadata(env):
    end = datetime.now(UTC).replace(microsecond=0)
    env.fake.slow_next("chat.postMessage", 3)
    outcome = scheduled_digest(env, "C0SLOW", end)
    assert outcome.status == "posted"
    [post] = posts_to(env, "C0SLOW")
    assert post.body["metadata"]["event_type"] == "briefbot_digest"
    [run] = [r for r in env.store.digest_runs("T_TEST", limit=100) if r.channel_id == "C0SLOW"]
    assert run.status == "posted" and run.message_ts == env.fake.posted["C0SLOW"][0]["ts"]
    assert scheduled_digest(env, "C0SLOW", end).status == "skipped"  # the next tick
    assert len(posts_to(env, "C0SLOW")) == 1


def test_a_lost_answer_that_cannot_be_checked_is_unknown_and_left(env, caplog):
    caplog.set_level(logging.WARNING)
    env.fake.channels["C0BLIND"] = {"id": "C0BLIND", "history_error": "missing_scope"}
    end = datetime.now(UTC).replace(microsecond=0)
    env.fake.slow_next("chat.postMessage", 3)
    outcome = scheduled_digest(env, "C0BLIND", end)
    assert outcome.status == "unknown" and "missing_scope" in outcome.error
    for _ in range(3):  # ticks after it: never posted again
        assert scheduled_digest(env, "C0BLIND", end).status == "skipped"
    assert len(posts_to(env, "C0BLIND")) == 1
    [run] = [r for r in env.store.digest_runs("T_TEST", limit=100) if r.channel_id == "C0BLIND"]
    assert run.status == "unknown"
    assert "may or may not be in the channel" in caplog.text
    home = message_text(home_view(env.store, "T_TEST"))
    assert "unknown" in home and "missing_scope" in home


def test_manual_digest_replies_say_what_will_happen(env):
    env.fake.channels["C0REFUSE2"] = {"id": "C0REFUSE2", "post_error": "not_in_channel"}
    text = message_text(env.ask("/briefbot", "digest ceasefire", "refused-2",
                                channel_id="C0REFUSE2"))
    assert "could not be posted" in text and "retried" not in text
    assert "Try `/briefbot digest` again" in text

    env.fake.channels["C0BLIND2"] = {"id": "C0BLIND2", "history_error": "not_in_channel"}
    env.fake.slow_next("chat.postMessage", 3)
    text = message_text(env.ask("/briefbot", "digest ceasefire", "blind-2",
                                channel_id="C0BLIND2"))
    assert "could not check whether the ceasefire digest reached the channel" in text
    assert "I will not post it again" in text
    assert len(posts_to(env, "C0BLIND2")) == 1
