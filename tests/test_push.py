"""POST /articles end to end: the real HTTP server, a bearer token, JSON bodies, and the pushed
article answering a signed /whosaid over the same server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from briefbot.push import article_from_push, push_app, store_pushed, token_matches
from tests.fakes.slack_env import SlackEnv, message_text

TOKEN = "push-token-for-tests"
ARTICLE = {
    "title": "EU's Kallas: support for Ukraine will not waver",
    "url": "https://news.example/kallas-support",
    "published": "2026-11-20",
    "outlet": "Example Wire",
    "author": "Ana Novak",
    "text": ("Kaja Kallas, the European Union's foreign policy chief, said on Tuesday that "
             "Europe would keep its support for Ukraine steady through the winter.\n"
             "\"We will not let the energy grid collapse while diplomats talk,\" Kallas told "
             "reporters in Brussels after a meeting of foreign ministers.\n"
             "Ministers discussed a new package of air defence deliveries and funding for "
             "repairs to power stations damaged by recent strikes."),
}


@pytest.fixture(scope="module")
def env(tmp_path_factory, seeded_template, extractor):
    def push(store):
        return push_app(TOKEN, lambda article: store_pushed(store, extractor, article))

    yield from SlackEnv.running(seeded_template, tmp_path_factory.mktemp("push"), push=push)


def post(env, body: bytes | str | dict, token: str | None = TOKEN,
         method: str = "POST") -> tuple[int, dict]:
    data = json.dumps(body).encode() if isinstance(body, dict) else (
        body.encode() if isinstance(body, str) else body)
    request = urllib.request.Request(env.server.url + "/articles", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_wrong_or_missing_token_is_401_and_stores_nothing(env):
    before = env.store.article_count()
    assert post(env, ARTICLE, token="wrong")[0] == 401
    status, body = post(env, ARTICLE, token=None)
    assert status == 401 and "Bearer" in body["error"]
    assert env.store.article_count() == before


@pytest.mark.parametrize("body, reason", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ({"title": "No text"}, "'text' (plain) or 'html'"),
    ({**ARTICLE, "title": 7}, "'title' must be a string"),
    ({**ARTICLE, "url": "ftp://x"}, "'url' must be an http(s) address"),
    ({**ARTICLE, "published": "last Tuesday"}, "'published' is not a date"),
    ({**ARTICLE, "text": "Too short to be news."}, "not an article"),
    (b"", "the body is empty"),
])
def test_a_malformed_body_is_400_with_the_reason(env, body, reason):
    status, answer = post(env, body)
    assert status == 400 and answer["ok"] is False
    assert reason in answer["error"]


def test_an_article_is_accepted_with_its_id_and_answers_whosaid(env):
    status, body = post(env, ARTICLE)
    assert status == 202 and body["ok"] is True and body["statements"] >= 1
    article_id = body["id"]
    assert env.store.article_id_by_hash(article_from_push(json.dumps(ARTICLE).encode())
                                        .content_hash) == article_id
    again = post(env, ARTICLE)
    assert again == (200, {"ok": True, "id": article_id, "duplicate": True})
    text = message_text(env.ask("/whosaid", "Kallas", "whosaid-kallas"))
    assert "Kaja Kallas" in text
    assert "We will not let the energy grid collapse" in text
    assert "Example Wire" in text


def test_html_is_accepted_and_only_post_is(env):
    html = "<html><body><article>" + "".join(
        f"<p>{p}</p>" for p in ARTICLE["text"].split("\n")) + "</article></body></html>"
    body = {**{k: v for k, v in ARTICLE.items() if k != "text"}, "html": html,
            "url": "https://news.example/kallas-html", "outlet": "Other Wire"}
    assert post(env, body)[0] in (200, 202)
    assert post(env, ARTICLE, method="GET")[0] == 405


def test_the_token_is_compared_whole():
    assert token_matches(f"Bearer {TOKEN}", TOKEN)
    assert not token_matches(f"Bearer {TOKEN[:-1]}", TOKEN)
    assert not token_matches(f"Basic {TOKEN}", TOKEN)
    assert not token_matches(f"Bearer {TOKEN}", "")


def test_without_a_token_the_endpoint_does_not_exist(tmp_path, seeded_db):
    plain = SlackEnv.start(seeded_db)
    try:
        assert plain.get("/articles")[0] == 404
    finally:
        plain.stop()


def test_a_database_that_cannot_store_it_now_is_503_and_the_next_push_is_stored(seeded_db,
                                                                                 extractor):
    """Not the body's fault (the disk full, or the database locked past its timeout): 503 and
    "send it again later", worded like every other answer; nothing half stored, the same push
    later is stored. The disk is full for real as SQLite sees it: the file may not grow."""
    from briefbot.push import PushRejected
    from briefbot.store import Store

    store = Store(seeded_db)
    conn = store.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    article = article_from_push(json.dumps(ARTICLE).encode())
    before = store.article_count()
    with pytest.raises(PushRejected) as rejected:
        store_pushed(store, extractor, article)
    assert rejected.value.status == 503
    assert rejected.value.reason == ("briefbot could not store the article just now (database "
                                     "or disk is full); send it again later")
    assert store.article_count() == before
    conn.execute(f"PRAGMA max_page_count = {pages * 100}")  # room again
    assert store_pushed(store, extractor, article).created
    store.close()
