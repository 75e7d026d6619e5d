"""One wording on every face: the statement with its cue, help, sources, topic names."""

from __future__ import annotations

import io

from briefbot.commands import CommandContext, Help, handle_briefbot, handle_whosaid
from briefbot.console import answer_line
from briefbot.digest import build_digest
from briefbot.models import Actor, Article, Extraction, Statement
from briefbot.slack.blocks import reply_message, whosaid_message
from briefbot.templating import (
    balanced,
    continue_sentence,
    cue_verb,
    past_tense,
    render_digest_text,
    render_reply,
)
from tests.fakes.slack_env import message_text

END = "2099-01-01T07:00:00+00:00"


def context(store, channel="C1") -> CommandContext:
    return CommandContext(store=store, team_id="T1", channel_id=channel)


def test_cues_read_as_verbs():
    assert [past_tense(c) for c in ("insisting", "denying", "describing", "adding", "saying",
                                    "calling", "said", "rejected")] == \
        ["insisted", "denied", "described", "added", "said", "called", "said", "rejected"]
    assert cue_verb("told") == "said" and cue_verb(None) == "said"
    assert cue_verb("According to") == "according to"
    assert cue_verb("rejected") == "rejected" and cue_verb("says") == "says"
    assert cue_verb("statement") is None  # a noun is shown apart, never as a verb
    assert cue_verb("would not reveal") == "would not reveal"
    assert continue_sentence("The United States will") == "the United States will"
    assert continue_sentence("Washington will") == "Washington will"
    assert continue_sentence("NATO will") == "NATO will"
    assert balanced("as \u201cunrealistic") == "as \u201cunrealistic\u201d"
    assert balanced('as "unrealistic') == 'as "unrealistic"'
    assert balanced('the "only one" who') == 'the "only one" who'



def test_rejected_claims_are_shown_with_rejected_on_every_face(seeded_store):
    """Seed 003: Hegseth *rejected* claims that Washington is abandoning Ukraine. No face may
    show those claims as his words."""
    answer = handle_whosaid(context(seeded_store), "Hegseth", limit=20)
    said = "Pete Hegseth rejected claims that Washington is abandoning Ukraine"
    text = render_reply(answer)
    slack = message_text(whosaid_message(answer, "Hegseth"))
    assert said in text and said in slack
    for face in (text, slack):
        for line in face.splitlines():
            if "claims that Washington is abandoning Ukraine" in line and "·" not in line:
                assert "rejected claims" in line, line
    # A direct quote reads as one, with its cue.
    assert "Pete Hegseth said: \u201cThere\u2019s no betrayal" in text
    assert "Pete Hegseth said: \u201cThere\u2019s no betrayal" in slack


def test_whosaid_json_carries_cue_and_confidence(seeded_store):
    answer = handle_whosaid(context(seeded_store), "Rutte")
    statements = answer.as_dict()["statements"]
    assert statements and all(s["cue"] and 0.5 <= s["confidence"] <= 1 for s in statements)


def test_help_is_one_text_on_both_faces(seeded_store):
    ctx = context(seeded_store)
    reply = handle_briefbot(ctx, "help")
    assert isinstance(reply, Help)
    console = render_reply(reply)
    slack = message_text(reply_message(reply))
    for command in ("/whosaid NAME [topic] [since:YYYY-MM-DD]", "/briefbot unsubscribe TOPIC",
                    "/briefbot digest [TOPIC]", "latest statements by someone"):
        assert command in console and command in slack
    assert "--offset" not in answer_line(ctx, "/whosaid Rutte")  # only the CLI has --offset
    unknown = render_reply(handle_briefbot(ctx, "frobnicate"))
    assert unknown.startswith("I don't know frobnicate.") and "/briefbot list" in unknown


def test_a_topic_keeps_the_casing_it_was_given(seeded_store):
    ctx = context(seeded_store)
    handle_briefbot(ctx, "subscribe NATO")
    heading = render_digest_text(build_digest(seeded_store, "nato", None, END)).splitlines()[0]
    assert heading.startswith("nato · ")  # asked as typed
    [sub] = seeded_store.subscriptions("T1", "C1")
    assert sub.topic == "NATO"
    handle_briefbot(ctx, "subscribe nato weekly mon 09:00")  # same topic, first casing kept
    assert [s.topic for s in seeded_store.subscriptions("T1", "C1")] == ["NATO"]
    out = io.StringIO()
    ctx.send_digest = lambda digest, progress: out.write(render_digest_text(digest))
    posted = render_reply(handle_briefbot(ctx, "digest"))
    assert "Posted the NATO digest" in posted
    assert out.getvalue().startswith("NATO · ")


def test_an_article_without_outlet_or_title_shows_its_date_and_nothing_made_up(store):
    text = 'Rutte said: "We will not accept a bad ceasefire, whatever happens."'
    article = Article(path="a.txt", text=text, body=text, content_hash="a", source_format="txt",
                      published="2027-03-27")
    quote = text[text.index('"'):]
    st = Statement("Mark Rutte", 0, 5, "said", 6, 10, text.index('"'), len(text), quote,
                   "direct", 0.9)
    store.save_article(article, Extraction([st], [Actor("Mark Rutte")]))
    digest = build_digest(store, "ceasefire", None, END)
    text = render_digest_text(digest)
    assert "(quoted · 27 Mar 2027)" in text
    assert "Articles: 27 Mar 2027" in text
    assert "unknown" not in text.casefold() and "a.txt" not in text


def statement_row(speaker: str, cue: str, quote: str, kind: str = "indirect",
                  outlet: str = "Harbour Wire"):
    """A stored statement as the faces get it, from an undated article read on 12 Feb."""
    from briefbot.models import StatementRow

    return StatementRow(
        id=1, article_id=1, actor_id=1, speaker=speaker, speaker_role=None,
        speaker_text=speaker.split()[-1], cue=cue, quote=quote, kind=kind, confidence=0.8,
        content_start=0, content_end=len(quote), title=None, outlet=outlet, published=None,
        url=None, path="a.txt", ingested_at="2026-02-12T08:00:00+00:00")


def test_framed_content_is_shown_after_its_cue_and_never_as_a_quote():
    from briefbot.quote_groups import QuoteGroup
    from briefbot.templating import phrase

    row = statement_row("Pete Hegseth", "would not reveal", "\u201ctheir names\u201d",
                        kind="framed", outlet="The Moscow Times")
    group = QuoteGroup([row])
    for mrkdwn in (False, True):
        assert phrase("statement", group, mrkdwn=mrkdwn) == \
            "Pete Hegseth would not reveal \u201ctheir names\u201d"
        # The article gives no date: the day it was read, said as such, never as its date.
        assert phrase("whosaid_source", group, mrkdwn=mrkdwn) == \
            "reported · The Moscow Times · undated, read 12 Feb 2026"


def test_the_writers_doubt_stays_with_the_cue_on_every_face(extractor):
    """"falsely claimed", "claimed, without evidence,": the face shows what the article said
    of the claim, never a bare "claimed"."""
    from briefbot.quote_groups import QuoteGroup
    from briefbot.templating import phrase

    assert cue_verb("falsely claimed") == "falsely claimed"
    assert cue_verb("wrongly suggesting") == "wrongly suggested"
    assert cue_verb("claimed, without evidence") == "claimed without evidence"
    assert cue_verb("repeatedly dismissing") == "repeatedly dismissed"
    text = ("Tomas Reuter falsely claimed that the pier was unsafe. Ines Varga said, without "
            "offering evidence, that the ferry was late.")
    cues = {st.quote: st.cue for st in extractor.extract(text).statements}
    assert cues == {"that the pier was unsafe": "falsely claimed",
                    "that the ferry was late": "said, without offering evidence"}
    row = statement_row("Tomas Reuter", "falsely claimed", "that the pier was unsafe")
    for mrkdwn in (False, True):
        assert phrase("statement", QuoteGroup([row]), mrkdwn=mrkdwn) == \
            "Tomas Reuter falsely claimed that the pier was unsafe"
