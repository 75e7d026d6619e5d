"""Each attribution construction on its own, on small sentences, with the real model."""

import pytest

from briefbot.extract import clauses
from briefbot.extract.grammar import Findings, ParsedArticle


def verb(nlp, text, cue):
    art = ParsedArticle(nlp(text))
    tok = next(t for t in art.doc if t.text == cue)
    return art, tok


def construction_on(nlp, construction, text, cue):
    """The article and what `construction` finds for the verb `cue` in `text`."""
    art, t = verb(nlp, text, cue)
    return art, construction(art, t)


def found_text(art, found):
    assert found is not None
    (lo, hi), rule = found
    return art.doc[lo:hi + 1].text, rule


def test_reported_clause(nlp):
    art, t = verb(nlp, "Mark Rutte stressed that the alliance remains united.", "stressed")
    assert found_text(art, clauses.reported_clause(art, t)) == (
        "that the alliance remains united", "ccomp")


def test_passive_this_takes_the_sentence_before(nlp):
    art, t = verb(nlp, "The United States keeps up the pressure. This was reported by Mark Rutte.",
                  "reported")
    assert found_text(art, clauses.passive_this(art, t)) == (
        "The United States keeps up the pressure.", "passive")


def test_passive_subject_is_the_content(nlp):
    art, t = verb(nlp, "His views on taxes were echoed by Elizabeth Warren.", "echoed")
    assert clauses.passive_this(art, t) is None
    assert found_text(art, clauses.passive_subject(art, t)) == ("His views on taxes",
                                                              "passive-subject")


def test_colon_after_cue(nlp):
    art, t = verb(nlp, "He added: the United States will stay in Europe.", "added")
    text, rule = found_text(art, clauses.colon_after_cue(art, t))
    assert text.startswith("the United States will stay") and rule == "colon"


def test_colon_closing_a_paragraph_takes_the_next_paragraph(nlp):
    text = "Mark Rutte added:\n\nThe alliance remains united and strong today."
    assert found_text(*construction_on(nlp, clauses.colon_after_cue, text, "added")) == (
        "The alliance remains united and strong today.", "colon")


def test_colon_closing_a_paragraph_before_a_quote_leaves_it_to_the_quotes(nlp):
    art, t = verb(nlp, "Mark Rutte added:\n\n“The alliance remains united and strong.”",
                  "added")
    assert clauses.colon_after_cue(art, t) is None


def test_stance_object(nlp):
    art, t = verb(nlp, "Donald Trump denied the report about his taxes.", "denied")
    assert found_text(art, clauses.stance_object(art, t)) == (
        "the report about his taxes", "object")


def test_stance_object_of_a_phrasal_preposition(nlp):
    art, t = verb(nlp, "The senators called for an immediate ceasefire in Gaza.", "called")
    text, _ = found_text(art, clauses.stance_object(art, t))
    assert text == "an immediate ceasefire in Gaza"


def test_addressee_is_not_content(nlp):
    art, t = verb(nlp, "Trump told reporters on Monday.", "told")
    assert clauses.stance_object(art, t) is None
    assert clauses.right_of_cue(art, t) is None


def test_phrasal_particle(nlp):
    art, t = verb(nlp, "Warren pointed out that the law has a loophole.", "pointed")
    text, _ = found_text(art, clauses.phrasal_particle(art, t))
    assert "the law has a loophole" in text


def test_as_clause(nlp):
    art, t = verb(nlp, "The deficit will grow, as the report noted on Monday.", "noted")
    assert found_text(art, clauses.as_clause(art, t)) == ("The deficit will grow",
                                                          "parenthetical")


def test_right_of_cue_skips_time_and_place(nlp):
    art, t = verb(nlp, "Trump said on Monday in Ohio the plan is dead.", "said")
    assert found_text(art, clauses.right_of_cue(art, t)) == ("the plan is dead", "fallback")


def test_trailing_cue_clause(nlp):
    art, t = verb(nlp, "The plan is unclear on single mothers, Elizabeth Warren said.", "said")
    text, rule = found_text(art, clauses.cue_clause(art, t))
    assert (text, rule) == ("The plan is unclear on single mothers,", "trailing")


def test_parenthetical_cue_clause(nlp):
    art, t = verb(nlp, "The new library, Hana Sorel said, would give readers room to study.",
                  "said")
    text, rule = found_text(art, clauses.cue_clause(art, t))
    assert text.startswith("The new library") and text.endswith("room to study.")
    assert rule == "parenthetical"


def test_verb_constructions_are_tried_in_order(nlp):
    art, t = verb(nlp, "Mark Rutte stressed that the alliance remains united.", "stressed")
    assert clauses.verb_content(art, t)[1] == "ccomp"
    assert clauses.VERB_CONSTRUCTIONS[0] is clauses.reported_clause
    assert clauses.ARTICLE_CONSTRUCTIONS[-1].__name__ == "attach_quotes"


def article(nlp, construction, text):
    art = ParsedArticle(nlp(text))
    found = Findings(by_cue=clauses.verb_statements(art))
    construction(art, found)
    return [(text[a.speaker[0]:a.speaker[1]], text[a.content[0]:a.content[1]], a.rule)
            for a in found.other]


def test_according_to(nlp):
    got = article(nlp, clauses.according_to,
                  "According to the Tax Foundation, the top 1 percent would pay more.")
    assert got == [("the Tax Foundation", "the top 1 percent would pay more", "according")]


def test_according_to_takes_the_side_of_the_verb_it_hangs_from(nlp):
    got = article(nlp, clauses.according_to,
                  "March opened the fire season, and it began with a jump in "
                  "callouts, according to the volunteer brigade Ember Watch, with 60 hectares "
                  "of pine burning and smouldering near Lake Varna and more on the ridge.")
    assert [(w, r) for _, w, r in got] == [("it began with a jump in callouts", "according")]


def test_noun_cue(nlp):
    got = article(nlp, clauses.noun_cue,
                  "Pete Hegseth rejected claims that Washington is abandoning Ukraine.")
    assert got == [("Pete Hegseth", "that Washington is abandoning Ukraine", "noun")]


def test_transcript_colon(nlp):
    got = article(nlp, clauses.transcript_colon, "PENCE: Well, we will cut taxes for everyone.")
    assert got == [("PENCE", "Well, we will cut taxes for everyone.", "colon")]


def test_transcript_colon_skips_labels(nlp):
    assert article(nlp, clauses.transcript_colon, "Photo: Reuters staff at the summit today") == []


@pytest.mark.parametrize("text", [
    "Riverwatch: the state of our streams\n\nIres Kallio said the trout were sick.",
    "Analysis: Why the Tories are winning the north\n\nBoris Johnson said so.",
])
def test_transcript_colon_skips_kickers_that_name_no_one(nlp, text):
    assert article(nlp, clauses.transcript_colon, text) == []


def test_transcript_colon_takes_a_name_the_article_uses(nlp):
    got = article(nlp, clauses.transcript_colon, "Sanders: Clinton needs to do more on jobs\n\n"
                                                 "Bernie Sanders spoke in Iowa on Monday.")
    assert got == [("Sanders", "Clinton needs to do more on jobs", "colon")]


def test_headline(nlp):
    got = article(nlp, clauses.headline, "Bernie Sanders Slams Donald Trump On Abortion\n")
    assert got == [("Bernie Sanders", "Donald Trump On Abortion", "headline")]


def test_an_agentless_passive_after_but_stays_in_the_reported_clause(nlp):
    art, t = verb(nlp, "She says forest fires are drawing more volunteers and funding from "
                       "sponsors, but local experience is being written off as far too "
                       "old-fashioned.", "says")
    text, _ = found_text(art, clauses.reported_clause(art, t))
    assert text.endswith("written off as far too old-fashioned")


def test_a_participle_inside_the_reported_clause_is_part_of_it(extractor):
    # "saying ..." modifies "ministers" and the clause goes on after it: one statement
    text = ("Varga told Radio Sund she hoped the talk from councillors, calling the board a "
            "\"circus\" and \"farce\", would stop soon.")
    [st] = extractor.extract(text).statements
    assert st.speaker == "Varga" and st.cue == "told"
    assert st.quote.endswith("\"farce\", would stop soon")


def _holding(extractor, text, piece):
    return [s for s in extractor.extract(text).statements if piece in s.quote]


def test_a_quote_is_its_own_even_when_the_cue_clause_reports_another_cue(extractor):
    # '"A," he said he told them. "B. (no closing mark) / "C."': A, B and C are his
    text = ("Coach Maja Lindqvist gave her rowers a long speech Friday.\n\n"
            "“You’ve outrowed some very strong crews this spring,” she said she told them. "
            "“You’ve led in every race for the last eight weeks. So if you keep trusting each "
            "other, then the medals will come.\n\n"
            "“I told my first crew the same thing when I came to Uppsala years ago.”\n\n"
            "The rival clubs have been rowing poorly.")
    [st] = _holding(extractor, text, "outrowed")
    assert st.speaker == "Maja Lindqvist"
    assert "she told them" not in st.quote
    assert "trusting each" in st.quote and "came to Uppsala" in st.quote
    assert "come. I told" in st.quote  # the mark that only continues the quote goes


def test_a_quote_after_a_paragraph_about_a_speaker_is_theirs(extractor):
    text = ("Ires Kallio says the bees are sick.\n\n"
            "“Our pesticides in the fields are poisoning the hives,” Kallio says.\n\n"
            "The loss of colonies has been called alarming by farmers.\n\n"
            "But for Kallio and her children the empty, silent hives are a loss of their own.\n\n"
            "“It’s very hard. My grandmother taught us the hives warn us when the land is "
            "ill.”\n")
    [st] = _holding(extractor, text, "very hard")
    assert st.speaker == "Ires Kallio"
    # a person who has not spoken in the article gets no quote this way
    text = text.replace("“Our pesticides in the fields are poisoning the hives,” Kallio says.",
                        "The summers are warmer than ever.").replace(
        "Ires Kallio says the bees are sick.", "The bees are sick.")
    assert not [s for s in _holding(extractor, text, "very hard") if s.speaker]
