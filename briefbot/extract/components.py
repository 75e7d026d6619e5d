"""spaCy components that briefbot adds to the loaded pipeline."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAKS = "briefbot_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence.

    The parser otherwise runs a headline, a dateline and the first paragraph together into one
    sentence ("... - NATO Secretary General Rutte NATO Secretary General Mark Rutte stated"),
    which wrecks every dependency rule downstream. The parser keeps boundaries set before it.
    """
    after_break = False
    for tok in doc:
        if after_break and not tok.is_space:
            tok.is_sent_start = True
            after_break = False
        if tok.is_space and "\n" in tok.text or "\n" in tok.whitespace_:
            after_break = True
    return doc


def add_components(nlp: Language) -> Language:
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe(PARAGRAPH_BREAKS, before=before) if before else nlp.add_pipe(PARAGRAPH_BREAKS)
    return nlp
