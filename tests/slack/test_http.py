"""End to end: briefbot's real HTTP mode (waitress + Bolt) on a free port, signed form-encoded
slash commands over HTTP, answers asserted on what the fake Slack Web API received."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import replace

import pytest

from briefbot.slack.blocks import validate_message
from tests.fakes.slack_env import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackEnv,
    message_text,
)

DESK = "C0DESK"


@pytest.fixture(scope="module")
def env(tmp_path_factory, seeded_template):
    yield from SlackEnv.running(seeded_template, tmp_path_factory.mktemp("slack_http"))


@pytest.fixture(autouse=True)
def every_message_is_valid(env):
    yield from env.checking_messages()


def actions_of(body: dict) -> list[dict]:
    return [el for b in body["blocks"] if b["type"] == "actions" for el in b["elements"]]


def test_health_check_answers_ok(env):
    status, body = env.get("/healthz")
    assert status == 200
    assert json.loads(body)["ok"] is True
    assert env.get("/nowhere")[0] == 404


def test_whosaid_rutte_answers_with_his_seed_statements(env):
    body = env.ask("/whosaid", "Rutte", "whosaid-rutte")
    text = message_text(body)
    assert body["response_type"] == "ephemeral"
    assert "*Mark Rutte*" in text
    assert 'President Donald Trump is the "only one" who can secure a ceasefire' in text
    assert "key player in supporting Ukraine" in text
    assert "UNN" in text and "Newsmax" in text
    assert "showing 1–5 of" in text
    assert validate_message(body) == []


def test_more_button_pages_on(env):
    first = env.ask("/whosaid", "Rutte", "page-1")
    [more] = [a for a in actions_of(first) if a["text"]["text"] == "More"]
    assert len(more["value"]) < 2000
    page_url = env.fake.response_url("page-2")
    answer = env.sender.block_action(more["action_id"], more["value"], page_url)
    assert answer.status == 200
    second = env.fake.wait_for(lambda f: f.responses("page-2"))[0].body
    assert second["replace_original"] is True
    assert "showing 6–10 of" in message_text(second)
    quotes_1 = [b["text"]["text"] for b in first["blocks"][2:12:2]]
    quotes_2 = [b["text"]["text"] for b in second["blocks"][2:12:2]]
    assert quotes_1 and quotes_2 and not set(quotes_1) & set(quotes_2)


def test_unknown_name_suggests_the_closest_actor(env):
    # two edits from "Rutte": offered, not answered ("Rute", one edit, is answered)
    body = env.ask("/whosaid", "Ruttig", "whosaid-rute")
    text = message_text(body)
    assert "No one called “Ruttig” has been quoted yet" in text
    assert "Did you mean *Mark Rutte*" in text
    [suggestion] = [a for a in actions_of(body) if a["text"]["text"] == "Mark Rutte"]
    env.sender.block_action(suggestion["action_id"], suggestion["value"],
                            env.fake.response_url("rute-suggested"))
    answer = env.fake.wait_for(lambda f: f.responses("rute-suggested"))[0].body
    assert "*Mark Rutte*" in message_text(answer) and "only one" in message_text(answer)


def test_empty_whosaid_gives_usage(env):
    body = env.ask("/whosaid", "", "whosaid-empty")
    assert "Usage: `/whosaid NAME [topic] [since:YYYY-MM-DD]`" in message_text(body)


def test_bare_briefbot_shows_help_and_subscriptions(env):
    env.ask("/briefbot", "subscribe NATO membership weekly mon 09:00", "help-sub",
            channel_id="C0HELP")
    body = env.ask("/briefbot", "", "help-bare", channel_id="C0HELP")
    text = message_text(body)
    assert "/briefbot subscribe TOPIC" in text and "/whosaid NAME" in text
    assert "*NATO membership* · weekly mon 09:00 · UTC" in text


def test_subscribe_then_digest_posts_the_ceasefire_statements_to_the_channel(env):
    channel = "C0CEASE"
    body = env.ask("/briefbot", "subscribe ceasefire", "sub-ceasefire", channel_id=channel)
    assert "Subscribed: this channel gets a digest on ceasefire every day at 08:00" in \
        message_text(body)
    listed = env.ask("/briefbot", "list", "list-ceasefire", channel_id=channel)
    assert "*ceasefire* · daily 08:00 · UTC" in message_text(listed)

    body = env.ask("/briefbot", "digest", "digest-ceasefire", channel_id=channel)
    assert f"Posted the ceasefire digest to <#{channel}>" in message_text(body)
    posts = [c for c in env.fake.calls("chat.postMessage") if c.body["channel"] == channel]
    assert posts, "no digest was posted"
    digest = "\n".join(message_text(p.body) for p in posts)
    assert "*Mark Rutte*" in digest and "*Donald Trump*" in digest
    assert 'President Donald Trump is the "only one" who can secure a ceasefire' in digest
    assert "agreed to begin ceasefire negotiations" in digest
    assert posts[0].token == "xoxb-test-token"
    [run] = [r for r in env.store.digest_runs("T_TEST", limit=50) if r.channel_id == channel]
    assert (run.topic, run.status, run.statement_count) == ("ceasefire", "posted", 2)
    assert run.message_ts == posts[0].answer["ts"]


def test_digest_rate_limited_once_is_retried_after_retry_after(env):
    channel = "C0LIMIT"
    env.ask("/briefbot", "subscribe actor:Rutte", "sub-limit", channel_id=channel)
    env.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    body = env.ask("/briefbot", "digest", "digest-limit", channel_id=channel)
    assert "Posted the Rutte digest" in message_text(body)
    attempts = [c for c in env.fake.calls("chat.postMessage") if c.body["channel"] == channel]
    assert [a.status for a in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0
    assert "only one" in message_text(attempts[1].body)


@pytest.mark.parametrize("how", ["wrong secret", "stale timestamp"])
def test_bad_signature_is_refused_and_changes_nothing(env, how):
    channel = "C0FORGED"
    before = env.store.subscriptions()
    requests_before = len(env.fake.requests)
    signing = ({"secret": "not-the-secret"} if how == "wrong secret"
               else {"timestamp": int(time.time()) - 10 * 60})
    answer = env.sender.command("/briefbot", "subscribe ceasefire",
                                env.fake.response_url("forged"), channel_id=channel, **signing)
    assert answer.status == 401
    time.sleep(0.3)
    assert env.store.subscriptions() == before
    assert env.fake.requests[requests_before:] == []


def test_app_home_publishes_subscriptions_runs_actors_and_articles(env):
    env.ask("/briefbot", "subscribe ceasefire", "home-sub", channel_id="C0HOME")
    answer = env.sender.event({"type": "app_home_opened", "user": "U_ANNA", "channel": "D0HOME",
                               "tab": "home", "event_ts": str(time.time())})
    assert answer.status == 200
    publish = env.fake.wait_for(lambda f: f.calls("views.publish"))[-1].body
    assert publish["user_id"] == "U_ANNA"
    view = publish["view"]
    assert view["type"] == "home"
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert headers == ["briefbot", "Subscriptions", "Last digests", "Most quoted this week",
                       "Recent articles", "Feeds"]
    text = message_text(view)
    assert "*ceasefire* in <#C0HOME>" in text
    assert "*Donald Trump*" in text and "*Mark Rutte*" in text
    assert "Newsmax" in text
    assert validate_message(view, surface="home") == []


def test_article_text_is_escaped_and_never_pings(env, extractor, tmp_path):
    from briefbot.ingest import ingest_paths

    article = tmp_path / "prank.txt"
    article.write_text(
        "Prankster spokesman tests newsroom bots\n\n"
        "Harold Pinter, a spokesman for the Ministry of Mischief, spoke to reporters on Tuesday"
        " about the ceasefire.\n"
        '"Everyone at <!channel> should read <http://x|y> before the ceasefire talks,"'
        " Pinter said.\n"
        "Pinter added that the ceasefire would hold & that <!here> would be told first.\n",
        encoding="utf-8")
    assert len(ingest_paths(env.store, extractor, [article]).added) == 1

    answer = env.ask("/whosaid", "Harold Pinter", "whosaid-prank")
    posted = env.ask("/briefbot", "digest actor:Harold Pinter", "digest-prank",
                     channel_id="C0PRANK")
    assert "Posted" in message_text(posted)
    [digest] = [c.body for c in env.fake.calls("chat.postMessage")
                if c.body["channel"] == "C0PRANK"]
    for body in (answer, digest):
        text = message_text(body)
        assert "Everyone at &lt;!channel&gt; should read &lt;http://x|y&gt;" in text
        assert "hold &amp; that &lt;!here&gt;" in text or body is answer
        assert "<!channel>" not in text and "<!here>" not in text
        assert "<http://x|y>" not in text


def test_secrets_never_reach_the_log(env, caplog):
    caplog.set_level(logging.DEBUG)
    env.ask("/briefbot", "subscribe actor:Zelenskyy", "secret-sub", channel_id="C0SECRET")
    env.ask("/briefbot", "digest", "secret-digest", channel_id="C0SECRET")
    env.ask("/whosaid", "Trump", "secret-whosaid")
    env.sender.command("/whosaid", "Trump", env.fake.response_url("x"), secret="wrong")
    assert env.fake.calls("chat.postMessage")[-1].token == BOT_TOKEN
    assert "Sending a request" in caplog.text  # slack_sdk did log at DEBUG
    assert BOT_TOKEN not in caplog.text and SIGNING_SECRET not in caplog.text
    assert BOT_TOKEN not in repr(env.settings) and SIGNING_SECRET not in repr(env.settings)


def test_serve_runs_http_mode_on_port_until_stopped(env):
    """The entry point `briefbot run` uses: HTTP mode (signing secret, no app token) on PORT."""
    from briefbot.slack.server import serve
    from briefbot.store import Store

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = replace(env.settings, port=port)
    assert settings.mode == "http"
    store, stop = Store(settings.db_path), threading.Event()
    thread = threading.Thread(target=serve, args=(settings, store, stop), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                    assert r.status == 200 and json.loads(r.read())["ok"] is True
                break
            except (ConnectionError, urllib.error.URLError):
                assert time.monotonic() < deadline, "serve() did not start"
                time.sleep(0.1)
        sender = replace(env.sender, events_url=url + "/slack/events")
        answer = sender.command("/whosaid", "Zelenskyy", env.fake.response_url("served"))
        assert answer.status == 200
        body = env.fake.wait_for(lambda f: f.responses("served"))[0].body
        assert "*Volodymyr Zelenskyy*" in message_text(body)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_subscribing_a_channel_briefbot_cannot_see_says_how_to_fix_it(env):
    env.fake.channels["C0HIDDEN"] = {"missing": True}
    body = env.ask("/briefbot", "subscribe ceasefire", "hidden-sub", channel_id="C0HIDDEN")
    text = message_text(body)
    assert "Subscribed" in text and "`/invite @briefbot`" in text
    assert env.fake.calls("conversations.info")[-1].body["channel"] == "C0HIDDEN"


def test_a_refused_post_is_recorded_as_failed_and_said(env):
    env.fake.channels["C0REFUSE"] = {"id": "C0REFUSE", "is_member": False,
                                     "post_error": "not_in_channel"}
    body = env.ask("/briefbot", "digest ceasefire", "refused", channel_id="C0REFUSE")
    assert "could not be posted" in message_text(body) and "not_in_channel" in message_text(body)
    [run] = [r for r in env.store.digest_runs("T_TEST", limit=100) if r.channel_id == "C0REFUSE"]
    assert run.status == "failed" and "not_in_channel" in run.error
