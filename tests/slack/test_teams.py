"""Several workspaces: OAuth installs in the SQLite installation store, every subscription and
digest run keyed by the payload's team_id, each workspace answered with its own bot token."""

from __future__ import annotations

import pytest

from briefbot.config import ConfigError
from briefbot.slack.posting import client_for_team, installation_store_for
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_env import SlackEnv, message_text

TEAMS = {"xoxb-team-a": "T0A", "xoxb-team-b": "T0B"}
CHANNEL = "C0SAME"  # the same id in both workspaces, to prove the team keeps them apart


@pytest.fixture(scope="module")
def env(tmp_path_factory, seeded_template):
    from slack_sdk.oauth.installation_store import Installation

    from briefbot.config import Settings

    folder = tmp_path_factory.mktemp("slack_teams")
    oauth = {"slack_client_id": "111.222", "slack_client_secret": "client-secret"}
    installs = installation_store_for(Settings(db_path=str(folder / "briefbot.db"), **oauth))
    for token, team in TEAMS.items():
        installs.save(Installation(app_id="A_BRIEFBOT", enterprise_id=None, team_id=team,
                                   bot_token=token, bot_id=f"B{team}", bot_user_id=f"U{team}",
                                   bot_scopes="commands,chat:write", user_id="U_INSTALLER"))
    yield from SlackEnv.running(seeded_template, folder, fake=FakeSlackAPI(teams=TEAMS).start(),
                                **oauth)


@pytest.fixture(autouse=True)
def every_message_is_valid(env):
    yield from env.checking_messages()


def test_oauth_install_pages_are_served(env):
    status, page = env.get("/slack/install")
    assert status == 200
    page = page.replace("&amp;", "&")
    assert "https://slack.com/oauth/v2/authorize?state=" in page
    assert "client_id=111.222" in page and "scope=commands,chat:write,chat:write.public" in page
    assert env.get("/healthz")[0] == 200


def test_a_workspace_never_sees_another_workspaces_subscriptions(env):
    a = env.ask("/briefbot", "subscribe ceasefire", "a-sub", team_id="T0A", channel_id=CHANNEL)
    assert "Subscribed" in message_text(a)
    b_list = env.ask("/briefbot", "list", "b-list", team_id="T0B", channel_id=CHANNEL)
    assert "This channel has no subscriptions yet." in message_text(b_list)
    b_digest = env.ask("/briefbot", "digest", "b-digest", team_id="T0B", channel_id=CHANNEL)
    assert "This channel has no subscriptions" in message_text(b_digest)
    a_list = env.ask("/briefbot", "list", "a-list", team_id="T0A", channel_id=CHANNEL)
    assert "*ceasefire*" in message_text(a_list)
    assert [s.team_id for s in env.store.subscriptions()] == ["T0A"]

    env.sender.event({"type": "app_home_opened", "user": "U_BOB", "tab": "home"},
                     team_id="T0B")
    home_b = env.fake.wait_for(lambda f: [c for c in f.calls("views.publish")
                                          if c.body["user_id"] == "U_BOB"])[0]
    assert "No channel is subscribed yet" in message_text(home_b.body["view"])
    assert home_b.token == "xoxb-team-b"


def test_each_workspace_posts_with_its_own_bot_token(env):
    env.ask("/briefbot", "subscribe actor:Trump", "a-trump", team_id="T0A", channel_id="C0A")
    env.ask("/briefbot", "subscribe actor:Trump", "b-trump", team_id="T0B", channel_id="C0B")
    env.ask("/briefbot", "digest", "a-trump-now", team_id="T0A", channel_id="C0A")
    env.ask("/briefbot", "digest", "b-trump-now", team_id="T0B", channel_id="C0B")
    tokens = {c.body["channel"]: c.token for c in env.fake.calls("chat.postMessage")}
    assert tokens["C0A"] == "xoxb-team-a" and tokens["C0B"] == "xoxb-team-b"
    runs_a = env.store.digest_runs("T0A", limit=50)
    runs_b = env.store.digest_runs("T0B", limit=50)
    assert {r.channel_id for r in runs_a} == {"C0A"} and {r.channel_id for r in runs_b} == {"C0B"}


def test_the_digest_job_finds_each_workspaces_token(env):
    assert client_for_team(env.settings, "T0A").token == "xoxb-team-a"
    assert client_for_team(env.settings, "T0B").token == "xoxb-team-b"
    with pytest.raises(ConfigError, match="not installed"):
        client_for_team(env.settings, "T0NOBODY")


def test_a_request_from_a_workspace_without_an_install_is_not_served(env):
    body = env.ask("/briefbot", "subscribe ceasefire", "stranger", team_id="T0STRANGER")
    assert "install this app" in message_text(body)
    assert not [s for s in env.store.subscriptions() if s.team_id == "T0STRANGER"]
