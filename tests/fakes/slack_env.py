"""briefbot's real HTTP mode on a free port, against the fake Slack Web API.

`SlackEnv` starts both, builds the real Bolt app from `Settings` (signing secret, and a bot token
or an OAuth client id and secret), and sends signed requests through `sender`. Tests then assert
on what the fake received.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from briefbot.config import Settings
from briefbot.slack.app import build_app
from briefbot.slack.blocks import validate_message
from briefbot.slack.server import HttpServer, wsgi_app
from briefbot.store import Store
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackSender

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


@dataclass
class SlackEnv:
    fake: FakeSlackAPI
    store: Store
    settings: Settings
    server: HttpServer
    sender: SlackSender

    @classmethod
    def start(cls, db_path: Path, fake: FakeSlackAPI | None = None, push=None,
              **settings) -> SlackEnv:
        fake = fake or FakeSlackAPI().start()
        base = Settings(db_path=str(db_path), slack_signing_secret=SIGNING_SECRET,
                        slack_api_url=fake.api_url, timezone="UTC")
        if not settings.get("slack_client_id"):
            settings.setdefault("slack_bot_token", BOT_TOKEN)
        config = replace(base, **settings)
        # A clock a second behind: what a test ingests is already in the past for a digest
        # asked now (digests read what was ingested before the second they are asked for).
        store = Store(db_path, clock=lambda: datetime.now(UTC) - timedelta(seconds=1))
        app = build_app(config, store)
        server = HttpServer(wsgi_app(app, store, push=push(store) if push else None),
                            host="127.0.0.1", port=0).start()
        sender = SlackSender(server.url + "/slack/events", SIGNING_SECRET)
        return cls(fake, store, config, server, sender)

    @classmethod
    def running(cls, template: Path, folder: Path, fake: FakeSlackAPI | None = None,
                push=None, **settings) -> Iterator[SlackEnv]:
        """For a module fixture: a copy of the `template` database in `folder`, served until
        the fixture ends (the template's articles were ingested in the past, see conftest)."""
        db = folder / "briefbot.db"
        shutil.copy(template, db)
        env = cls.start(db, fake=fake, push=push, **settings)
        try:
            yield env
        finally:
            env.stop()

    def checking_messages(self) -> Iterator[None]:
        """For an autouse fixture: whatever the test made briefbot send passes Block Kit's
        limits and carries a plain-text fallback."""
        start = len(self.fake.requests)
        yield
        assert self.invalid_messages(start) == []

    def stop(self) -> None:
        self.server.stop()
        self.fake.stop()
        self.store.close()

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.server.url + path, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def ask(self, command: str, text: str, name: str, **kwargs) -> dict:
        """Send a signed slash command and wait for the answer posted to its response_url."""
        answer = self.sender.command(command, text, self.fake.response_url(name), **kwargs)
        assert answer.status == 200, answer
        return self.fake.wait_for(lambda f: f.responses(name))[0].body

    def invalid_messages(self, since: int = 0) -> list[tuple[str, list[str]]]:
        """Every message and view the fake received (from request `since` on) that breaks
        Block Kit's limits or lacks a plain-text fallback."""
        bad = []
        for r in self.fake.requests[since:]:
            if r.status != 200:
                continue
            if r.method in ("chat.postMessage", "response_url"):
                problems = validate_message(r.body)
            elif r.method == "views.publish":
                problems = validate_message(r.body["view"], surface="home")
            else:
                continue
            if problems:
                bad.append((json.dumps(r.body)[:300], problems))
        return bad


def message_text(body: dict) -> str:
    """All the text of a message or view: fallback and every text object in its blocks."""
    out = [body.get("text") or ""]

    def walk(obj):
        if isinstance(obj, dict):
            if isinstance(obj.get("text"), str):
                out.append(obj["text"])
            for v in obj.values():
                walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)

    walk(body.get("blocks") or [])
    return "\n".join(out)
