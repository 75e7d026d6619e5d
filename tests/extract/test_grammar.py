"""The subject a cue verb speaks through, in constructions the parser leaves without one."""

from briefbot.extract.grammar import ParsedArticle


def subject_of(nlp, text, cue):
    art = ParsedArticle(nlp(text))
    t = next(x for x in art.doc if x.text == cue)
    subj = art.subject(t)
    return subj.text if subj is not None else None


def test_a_comma_led_participle_speaks_for_the_outermost_speech_verb(nlp):
    assert subject_of(nlp, "Mike Pompeo said that after legal consultation Washington had "
                           "concluded the settlements were \"not inconsistent with international "
                           "law\", saying he trusted the Israeli courts to decide.",
                      "saying") == "Pompeo"


def test_a_passive_cue_in_a_document_speaks_for_its_sender(nlp):
    assert subject_of(nlp, "In a company email sent by chairman Marcelo Claure, employees were "
                           "told that a planned meeting will be postponed to Friday.",
                      "told") == "Claure"


def test_a_letter_stating_speaks_for_who_sent_it(nlp):
    assert subject_of(nlp, "Last week the coalition sent a letter to management stating that "
                           "the workers deserve better.", "stating") == "coalition"


def test_a_sentence_without_a_verb_at_its_root_keeps_its_noun_as_subject(nlp):
    text = ("The group, WeWorkers Coalition, formed in recent weeks and sent a letter to "
            "management earlier this month stating that they “don’t want to be defined by the "
            "scandals, the corruption and the greed exhibited by the company’s leadership.”")
    art = ParsedArticle(nlp(text))
    formed = next(x for x in art.doc if x.text == "formed")
    if formed.dep_ == "acl" and formed.head.dep_ == "ROOT":  # the parse this rule is for
        assert art.subject(formed).text == "group"
    assert subject_of(nlp, text, "stating") in ("group", "Coalition")
