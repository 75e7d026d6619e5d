"""Requests as Slack sends them: signed (HMAC-SHA256 over `v0:{ts}:{body}`) and form-encoded
for slash commands and interactivity, JSON for events."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode


def signature_headers(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class HttpAnswer:
    status: int
    body: str
    seconds: float


@dataclass
class SlackSender:
    """Posts to briefbot's `/slack/events` as Slack would."""

    events_url: str
    secret: str
    team_id: str = "T_TEST"
    channel_id: str = "C_DESK"
    user_id: str = "U_ANNA"

    def post(self, body: str, content_type: str, secret: str | None = None,
             timestamp: int | None = None) -> HttpAnswer:
        headers = {"Content-Type": content_type,
                   **signature_headers(secret or self.secret, body, timestamp)}
        request = urllib.request.Request(self.events_url, data=body.encode(), headers=headers,
                                         method="POST")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return HttpAnswer(response.status, response.read().decode(),
                                  time.monotonic() - started)
        except urllib.error.HTTPError as e:
            return HttpAnswer(e.code, e.read().decode(), time.monotonic() - started)

    def command(self, command: str, text: str, response_url: str, team_id: str | None = None,
                channel_id: str | None = None, **signing) -> HttpAnswer:
        form = {
            "token": "legacy-verification-token", "team_id": team_id or self.team_id,
            "team_domain": "newsroom", "channel_id": channel_id or self.channel_id,
            "channel_name": "ukraine-desk", "user_id": self.user_id, "user_name": "anna",
            "command": command, "text": text, "api_app_id": "A_BRIEFBOT",
            "is_enterprise_install": "false", "response_url": response_url,
            "trigger_id": "1.2.3",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **signing)

    def block_action(self, action_id: str, value: str, response_url: str,
                     team_id: str | None = None) -> HttpAnswer:
        payload = {
            "type": "block_actions", "api_app_id": "A_BRIEFBOT",
            "team": {"id": team_id or self.team_id, "domain": "newsroom"},
            "user": {"id": self.user_id, "name": "anna", "team_id": team_id or self.team_id},
            "channel": {"id": self.channel_id, "name": "ukraine-desk"},
            "container": {"type": "message", "channel_id": self.channel_id,
                          "is_ephemeral": True, "message_ts": "1.1"},
            "trigger_id": "1.2.3", "response_url": response_url,
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b1",
                         "value": value, "action_ts": str(time.time()),
                         "text": {"type": "plain_text", "text": "More"}}],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")

    def event(self, event: dict, team_id: str | None = None) -> HttpAnswer:
        body = json.dumps({
            "token": "legacy-verification-token", "team_id": team_id or self.team_id,
            "api_app_id": "A_BRIEFBOT", "type": "event_callback", "event_id": "Ev1",
            "event_time": int(time.time()), "event": event,
            "authorizations": [{"team_id": team_id or self.team_id, "user_id": "UBOT",
                                "is_bot": True}],
        })
        return self.post(body, "application/json")
