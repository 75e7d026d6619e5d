"""manifest.yml declares what the app listens to and the scopes it asks for in OAuth installs."""

from __future__ import annotations

import re

from briefbot.slack.app import BOT_SCOPES
from tests.conftest import REPO

MANIFEST = (REPO / "manifest.yml").read_text(encoding="utf-8")


def listed(key: str) -> set[str]:
    """The `- item` lines under `key:` (up to the next key at the same or a lower indent)."""
    lines = MANIFEST.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    items = set()
    for line in lines[start + 1:]:
        stripped = line.strip()
        if stripped and not stripped.startswith("-") and \
                len(line) - len(line.lstrip()) <= indent:
            break
        m = re.match(r"-\s*([^\s#]+)", stripped)
        if m:
            items.add(m.group(1))
    return items


def test_manifest_declares_both_commands_the_home_event_and_interactivity():
    assert set(re.findall(r"- command: (/\w+)", MANIFEST)) == {"/whosaid", "/briefbot"}
    assert listed("bot_events") == {"app_home_opened"}
    assert re.search(r"interactivity:\s*\n\s*is_enabled: true", MANIFEST)
    assert "home_tab_enabled: true" in MANIFEST
    assert re.search(r"socket_mode_enabled: (true|false)", MANIFEST)


def test_manifest_scopes_are_the_ones_the_oauth_flow_asks_for():
    assert listed("bot") == set(BOT_SCOPES)
