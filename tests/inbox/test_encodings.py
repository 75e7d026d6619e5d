"""Case 6 of issue 11: a file pasted together from a UTF-8 and a Latin-1 source is decoded line
by line, never stored as mojibake; a part that cannot be told is refused with its reason."""

import pytest

from briefbot.inbox import read_article
from briefbot.models import RefusedArticle

UTF8_PART = ("Leaders met in Geneva on Monday to discuss the ceasefire and the road ahead.\n\n"
             "\u201cPeace is within reach,\u201d the envoy said after the talks ended late.\n\n")
LATIN1_PART = ("The mayor of Li\u00e8ge, Jos\u00e9 Dupr\u00e9, said the caf\u00e9 owners would "
               "reopen on Friday and that the city was ready.\n")


def test_utf8_and_latin1_paragraphs_are_each_decoded_right(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(UTF8_PART.encode("utf-8") + LATIN1_PART.encode("latin-1"))
    article = read_article(path)
    assert article.text == UTF8_PART + LATIN1_PART
    for garbled in ("\u201a\u00c4\u00fa", "Li\u00cbge", "\ufffd", "\u00c3"):
        assert garbled not in article.text


def test_a_part_in_an_encoding_that_cannot_be_told_is_refused(tmp_path):
    path = tmp_path / "mixed-unknown.txt"
    # 0x81 and 0x8d are not characters in cp1252 (or any Western code page briefbot reads).
    path.write_bytes(UTF8_PART.encode("utf-8") + b"The \x81\x8d report was late, he said.\n")
    with pytest.raises(RefusedArticle) as refused:
        read_article(path)
    assert "mixed text encodings" in refused.value.reason
    assert "line 5" in refused.value.reason


def test_a_wholly_latin1_file_is_still_detected(tmp_path):
    path = tmp_path / "latin1.txt"
    text = UTF8_PART.replace("\u201c", '"').replace("\u201d", '"') + LATIN1_PART
    path.write_bytes(text.encode("latin-1"))
    assert read_article(path).text == text
