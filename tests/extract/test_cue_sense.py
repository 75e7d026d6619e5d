"""What counts as a statement: a cue verb in its other sense, a negated or unreal cue, a
description, a generic group. Small sentences through the real model and the app's threshold."""

import pytest

from briefbot.extract.grammar import other_sense


def said(extractor, text):
    """(speaker, cue, quote) of every statement the app keeps."""
    return [(st.speaker, st.cue, st.quote) for st in extractor.extract(text).statements]


def token(nlp, text, word):
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, cue", [
    ("ESA also added heavier probes to the LUNA tender.", "added"),
    ("The committee concluded its third public hearings on Tuesday.", "concluded"),
    ("The administration recognised the disputed city as the capital.", "recognised"),
])
def test_a_cue_verb_acting_on_a_thing_reports_nothing(nlp, extractor, text, cue):
    assert other_sense(token(nlp, text, cue))
    assert said(extractor, text) == []


@pytest.mark.parametrize("text, cue", [
    ("ESA added that heavier probes would join the tender.", "added"),
    ("The Harbour Authority issued a statement warning that residents deserve better.",
     "issued"),
    ("The senator voiced concern about the cost of the program.", "voiced"),
    ("The senator added a note of caution about the program.", "added"),
])
def test_the_same_verbs_report_a_clause_or_a_message(nlp, text, cue):
    assert not other_sense(token(nlp, text, cue))


def test_added_with_a_clause_is_still_a_statement(extractor):
    got = said(extractor, "Ilse Brandvold, the ESA director, added that heavier probes "
                          "would join the tender next year.")
    assert [q for _, _, q in got] == ["that heavier probes would join the tender next year"]


@pytest.fixture(scope="module")
def everything(nlp):
    from briefbot.extract import Extractor

    return Extractor(nlp, min_confidence=0.0)


@pytest.mark.parametrize("text, claim, cue", [
    ("The ministry faced criticism on Friday over its choice to no longer consider "
     "offshore trusts taxable.", "offshore trusts taxable", "to no longer consider"),
    ("The United States no longer considers the settlements illegal.",
     "the settlements illegal", "no longer considers"),
    ("Senator Mark Warner never said that the plan would fail.", "that the plan would fail",
     "never said"),
    ("No official said that the plan would fail.", "that the plan would fail", "said"),
    ("The minister, Anna Berg, stopped claiming that the plan would work.",
     "that the plan would work", "claiming"),
])
def test_no_inversion_a_negated_cue_never_yields_the_positive_claim(
        extractor, everything, text, claim, cue):
    """The app never shows the claim as said; kept for PolNeAR, it is framed by its cue."""
    assert not any(claim in q for _, _, q in said(extractor, text))
    for st in everything.extract(text).statements:
        if claim in st.quote:
            assert st.kind == "framed" and st.cue == cue


@pytest.mark.parametrize("text, claim", [
    ("Mayor Ines Varga failed to mention that the pier was unsafe.", "the pier was unsafe"),
    ("Mayor Ines Varga stopped short of saying that the pier was unsafe.",
     "the pier was unsafe"),
    ("Mayor Ines Varga has yet to say whether the pier will close.", "the pier will close"),
    ("Mayor Ines Varga's refusal to say whether the pier was unsafe angered voters.",
     "the pier was unsafe"),
    ("Though Varga was not willing to say who her running mate would be, she praised Reuter.",
     "her running mate"),
    ("Though Varga was not willing to say with any certainty who her deputy would be, the "
     "mayor praised Reuter.", "her deputy"),
    ("Ana Ruiz wondered how to fault a colleague without saying, “Your plan is the weakest "
     "one on the table.”", "the weakest"),
    ("If the two discussed the budget, neither side would say so.", "discussed the budget"),
    ("Neither Varga nor Reuter acknowledged the council's efforts to fix the pier.",
     "efforts to fix the pier"),
    ("Contrary to what Mayor Ines Varga said, the pier is safe.", "the pier is safe"),
])
def test_what_was_left_unsaid_is_never_shown_as_said(extractor, everything, text, claim):
    """Failing, stopping short, not yet, a refusal, unwillingness, "without saying", "neither
    side", "what X said": the app never shows the words as the speaker's; kept for PolNeAR,
    each is framed by its cue."""
    assert not any(claim in q for _, _, q in said(extractor, text))
    for st in everything.extract(text).statements:
        if claim in st.quote:
            assert st.kind == "framed" or st.confidence < 0.5


@pytest.mark.parametrize("text, cue", [
    ("Critics could argue that the pier is unsafe.", "argue"),
    ("Residents may listen and decide that the pier is unsafe.", "decide"),
    ("Tomas Reuter could settle it by telling the council that he will veto the budget.",
     "telling"),
    ("The mayor will be under pressure to say whether she backs the budget.", "say"),
    ("Auditors want to establish whether Mayor Holt said that the tender was rigged.",
     "said"),
    ("The inquiry is an effort to establish whether Holt withheld grants to pressure Ada "
     "Brisk into announcing a fraud audit of her rival.", "announcing"),
    ("If Senator Mark Warner said that the plan would fail, he was wrong.", "said"),
])
def test_a_cue_the_writer_does_not_assert_reports_nothing(extractor, text, cue):
    assert [c for _, c, _ in said(extractor, text) if cue in (c or "")] == []


def test_an_asserted_cue_next_to_a_negation_still_counts(extractor):
    got = said(extractor, "Senator Mark Warner said that the plan would not fail.")
    assert got == [("Mark Warner", "said", "that the plan would not fail")]


@pytest.mark.parametrize("text, cue", [
    ("Mayor Ines Varga will say on Monday that the pier is unsafe.", "say"),
    ("Mayor Ines Varga would later say that the pier had been unsafe.", "say"),
    ("The ferry vote could tip the race, with 40 percent of islanders saying they will "
     "back Ines Varga.", "saying"),
    ("Asked about the empty hall, the press officer of Ines Varga could only quip: \"The "
     "ferry must be late again.\"", "quip"),
])
def test_will_would_and_could_only_still_report_speech(extractor, text, cue):
    assert [c for _, c, _ in said(extractor, text)] == [cue]


@pytest.mark.parametrize("text, hearer", [
    ("Tomas Reuter was told that the pier was unsafe.", "Tomas Reuter"),
    ("Mayor Ines Varga was asked whether the pier would close.", "Ines Varga"),
    ("Asked whether the pier was unsafe, Mayor Ines Varga said she did not know.",
     "Ines Varga"),
    ("Mayor Ines Varga, asked if the pier would close, said no.", "Ines Varga"),
    ("Tomas Reuter said nothing when asked whether the pier would close.", "Tomas Reuter"),
    ("Asked what a firm deal looks like, Tomas Reuter replied: “Nothing is settled yet.”",
     "Tomas Reuter"),
    ("Tomas Reuter, when asked what about the plan is wrong, responded that it is rigid.",
     "Tomas Reuter"),
    ("Ilse Brandvold has agreed to chair the fund. When asked why, Brandvold responded in a "
     "text message: \"Varga will win.\"", "Ilse Brandvold"),
])
def test_who_was_told_or_asked_is_not_who_spoke(extractor, text, hearer):
    """The subject of an agentless "was told" or "asked" heard the words; the app never
    files the question or the news under them."""
    assert not [q for who, c, q in said(extractor, text)
                if c and c.lower() in ("told", "asked") and hearer in (who or "")]


def test_a_quote_after_the_question_put_to_a_speaker_is_not_shown_as_asked(extractor):
    text = ("“Anyone but Varga,” Ilse Brandvold told the Harbour Wire on the ferry when "
            "asked which candidate she would back.\n“It is anyone but Varga because I believe "
            "Varga means ruin for the docks.”\n")
    answer = next(st for st in extractor.extract(text).statements if "ruin" in st.quote)
    assert answer.speaker == "Ilse Brandvold" and answer.cue != "asked"


def test_who_came_away_convinced_holds_the_belief(extractor):
    got = said(extractor, "Tomas Reuter left the meeting convinced that the pier was unsafe.")
    assert [(who, q) for who, _, q in got] == [("Tomas Reuter", "that the pier was unsafe")]


def test_who_was_told_in_a_named_document_keeps_its_sender(extractor):
    got = said(extractor, "In a memo signed by director Ilse Brandvold, nurses were told "
                          "that the ward would close.")
    assert got == [("Ilse Brandvold", "told", "that the ward would close")]


@pytest.mark.parametrize("text, quote", [
    ("The latest string of bridge collapses has been described as “shameful” by the "
     "Northland Department of Roads.",
     "The latest string of bridge collapses has been described as “shameful”"),
    ("Senator Mark Warner called the plan a disaster.", "the plan a disaster"),
    ("Senator Mark Warner said he does not believe Russia intends to attack, describing the "
     "likelihood of such an action as very low.",
     "the likelihood of such an action as very low"),
])
def test_a_description_is_reported_with_what_it_says(extractor, text, quote):
    assert quote in [q for _, _, q in said(extractor, text)]


@pytest.mark.parametrize("text", [
    "Senator Mark Warner described the scene.",
    "The latest string of bridge collapses was described by the Northland Department of "
    "Roads.",
    "Mayor Ines Varga called a press conference.",
])
def test_a_description_without_its_predicate_reports_nothing(extractor, text):
    assert said(extractor, text) == []


@pytest.mark.parametrize("text", [
    "Islanders worry that smugglers can easily get boats and fuel on the mainland.",
    "Warmer winters are partly at fault as well, biologists think.",
])
def test_an_unnamed_groups_belief_is_no_statement(extractor, everything, text):
    """The writer's account of a mood: kept for PolNeAR, not among the app's statements."""
    assert said(extractor, text) == []
    assert everything.extract(text).statements


def test_an_unnamed_group_that_speaks_keeps_its_description_with_lower_confidence(extractor):
    sts = extractor.extract("Hospital union representatives warned that long shifts have "
                            "worn down the nurses. Mayor Tomas Reuter said that the "
                            "council would hire more staff.").statements
    by_speaker = {st.speaker: st.confidence for st in sts}
    assert set(by_speaker) == {"Hospital union representatives", "Tomas Reuter"}
    assert by_speaker["Hospital union representatives"] < by_speaker["Tomas Reuter"]
