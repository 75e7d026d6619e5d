import pytest

from briefbot.extract import ModelMissing, load_nlp


def test_load_nlp_is_cached_per_process():
    assert load_nlp() is load_nlp()


def test_missing_model_names_the_package():
    with pytest.raises(ModelMissing, match="pip install"):
        load_nlp("en_core_web_does_not_exist")


def test_paragraph_break_ends_sentence():
    doc = load_nlp()("NATO Secretary General Rutte\n\nMark Rutte stated that the US leads.")
    assert [s.text.strip() for s in doc.sents][-1].startswith("Mark Rutte stated")
