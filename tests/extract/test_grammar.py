"""The subject a cue verb speaks through, in constructions the parser leaves without one."""

from briefbot.extract.grammar import ParsedArticle


def subject_of(nlp, text, cue):
    art = ParsedArticle(nlp(text))
    t = next(x for x in art.doc if x.text == cue)
    subj = art.subject(t)
    return subj.text if subj is not None else None


def test_a_comma_led_participle_speaks_for_the_outermost_speech_verb(nlp):
    assert subject_of(nlp, "Ivo Brandt said that after a legal review Brussels had "
                           "concluded the dams were \"not contrary to European "
                           "law\", saying he trusted the national courts to decide.",
                      "saying") == "Brandt"


def test_a_passive_cue_in_a_document_speaks_for_its_sender(nlp):
    assert subject_of(nlp, "In a staff memo signed by director Ilse Brandvold, nurses were "
                           "told that a planned meeting will be postponed to Friday.",
                      "told") == "Brandvold"


def test_a_letter_stating_speaks_for_who_sent_it(nlp):
    assert subject_of(nlp, "Last week the coalition sent a letter to management stating that "
                           "the workers deserve better.", "stating") == "coalition"


def test_a_sentence_without_a_verb_at_its_root_keeps_its_noun_as_subject(nlp):
    text = ("The group, Riders United, formed in recent months and sent a letter to "
            "the platform earlier this week stating that they “refuse to be judged by the "
            "accidents, the delays and the complaints caused by the company’s managers.”")
    art = ParsedArticle(nlp(text))
    formed = next(x for x in art.doc if x.text == "formed")
    if formed.dep_ == "acl" and formed.head.dep_ == "ROOT":  # the parse this rule is for
        assert art.subject(formed).text == "group"
    assert subject_of(nlp, text, "stating") in ("group", "United")
