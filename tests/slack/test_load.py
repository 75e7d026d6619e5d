"""Slack must hear `ack()` within 3 seconds. A large ingest (the model running, one write
transaction per article) goes on in another thread while slash commands arrive over HTTP."""

from __future__ import annotations

import threading
import time

import pytest

from tests.conftest import SEEDS
from tests.fakes.slack_env import SlackEnv, message_text

COPIES = 6  # of each seed article: 30 articles


@pytest.fixture(scope="module")
def env(tmp_path_factory, seeded_template):
    yield from SlackEnv.running(seeded_template, tmp_path_factory.mktemp("slack_load"))


def generated_inbox(folder, copies: int):
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for i in range(copies):
            (folder / f"{seed.stem}_{i:03d}.txt").write_text(
                f"{text}\n\nReprint {i} of {seed.stem}.\n", encoding="utf-8")
    return folder


def test_commands_are_acknowledged_within_3_seconds_during_a_large_ingest(env, extractor,
                                                                           tmp_path):
    from briefbot.ingest import ingest_paths

    inbox = generated_inbox(tmp_path / "inbox", COPIES)
    started, report = threading.Event(), {}

    def ingest():
        started.set()
        report["r"] = ingest_paths(env.store, extractor, [inbox], batch_size=8)

    worker = threading.Thread(target=ingest, name="big-ingest")
    worker.start()
    started.wait()
    time.sleep(0.5)  # let the model get going
    acks, busy = [], []
    commands = [("/whosaid", "Rutte"), ("/briefbot", "subscribe ceasefire"),
                ("/whosaid", "Trump ceasefire"), ("/briefbot", "list"), ("/briefbot", "")]
    for i, (command, text) in enumerate(commands * 2):
        busy.append(worker.is_alive())
        answer = env.sender.command(command, text, env.fake.response_url(f"load-{i}"),
                                    channel_id="C0LOAD")
        assert answer.status == 200
        acks.append(answer.seconds)
    for i in range(len(acks)):
        env.fake.wait_for(lambda f, i=i: f.responses(f"load-{i}"), timeout=30)
    worker.join(timeout=300)

    assert busy[0] and sum(busy) >= 3, "the ingest finished before the commands were sent"
    assert max(acks) < 3.0, acks
    assert len(report["r"].added) == 5 * COPIES
    first = env.fake.responses("load-0")[0].body
    assert "*Mark Rutte*" in message_text(first)
    assert env.invalid_messages() == []
