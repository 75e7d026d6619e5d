"""Which pronoun an article uses for each person, from honorifics, roles and pronouns."""

from briefbot.extract.gender import agrees
from briefbot.extract.grammar import ParsedArticle
from briefbot.extract.speakers import ArticleActors


def _genders(nlp, text):
    doc = nlp(text)
    actors = ArticleActors(doc, ParsedArticle(doc).in_quote)
    people = {id(a): a.name for a in actors.actors.values()}
    return {people[k]: g for k, g in actors.genders.items()}


def test_an_honorific_or_a_gendered_role_tells(nlp):
    genders = _genders(nlp, "Ms. Halvorsen met the harbour master on Friday. Congressman "
                            "Rui Tavares toured the docks with her.")
    assert genders == {"Halvorsen": "f", "Rui Tavares": "m"}


def test_pronouns_of_a_sentence_naming_one_person_tell_when_they_agree(nlp):
    text = ("Dara Quill opened her campaign in the valley. Quill said her plan would cut "
            "water prices. Later Quill thanked her volunteers.")
    assert _genders(nlp, text) == {"Dara Quill": "f"}
    # one pronoun is too little, and pronouns that disagree leave the person unknown
    assert _genders(nlp, "Dara Quill opened her campaign in the valley.") == {}
    mixed = ("Dara Quill opened her campaign. Quill said his plan would work. Quill "
             "thanked her volunteers and his staff.")
    assert _genders(nlp, mixed) == {}


def test_unknown_agrees_with_both_pronouns():
    assert agrees(None, "she") and agrees(None, "he")
    assert agrees("f", "she") and not agrees("f", "he")
    assert agrees("m", "who")  # "who" says nothing of gender
