"""A long digest goes out as several messages; a failure part-way must not repeat the first."""

from datetime import UTC, datetime

from briefbot.config import Settings
from briefbot.delivery import run_digest
from briefbot.slack.blocks import digest_messages
from briefbot.slack.posting import make_client, post_digest

from .fakes.slack_api import FakeSlackAPI
from .test_scheduler import add_article

PERIOD_END = datetime(2027, 3, 28, 6, 0, tzinfo=UTC)


def test_retry_after_a_failure_part_way_posts_only_the_rest(store):
    for actor in range(10):
        for i in range(20):
            add_article(store, f"the ceasefire point {i} " + "and further words " * 25,
                        datetime(2027, 3, 27, 1 + actor, i, tzinfo=UTC), f"{actor}-{i}",
                        speaker=f"Speaker {actor}")
    with FakeSlackAPI() as fake:
        client = make_client(Settings(slack_api_url=fake.api_url), "xoxb-test")

        def send(digest, progress):
            return post_digest(client, "C1", digest, progress)

        # The second message is refused once (a 500: not a rate limit, so not retried inside).
        fake.fail_next("chat.postMessage", status=500, error="internal_error",
                       retry_after=None, after=1)
        first = run_digest(store, "T1", "C1", "ceasefire", PERIOD_END, send)
        assert first.status == "failed"
        expected = digest_messages(first.digest)
        assert len(expected) >= 3
        run = store.last_digest_run("T1", "C1", "ceasefire", statuses=("failed",))
        assert run.parts_posted == 1 and run.message_ts is not None

        second = run_digest(store, "T1", "C1", "ceasefire", PERIOD_END, send)
        assert second.status == "posted"
        delivered = [r.body["text"] for r in fake.calls("chat.postMessage") if r.status == 200]
        assert delivered == [m["text"] for m in expected]  # each part once, in order
        run = store.last_digest_run("T1", "C1", "ceasefire")
        assert run.status == "posted" and run.parts_posted == len(expected)
        assert run.message_ts == fake.calls("chat.postMessage")[0].answer["ts"]
        # And the period is done: a third run posts nothing.
        assert run_digest(store, "T1", "C1", "ceasefire", PERIOD_END, send).status == "skipped"
        assert len(fake.calls("chat.postMessage")) == len(expected) + 1
