"""Who-said-what extraction: quotes, cues, clauses, speakers. Cross-article actor identity
lives in `briefbot.actors`."""

from briefbot.extract.pipeline import (
    ExtractionFailure,
    ExtractionTooSlow,
    Extractor,
    ModelMissing,
    load_nlp,
)

__all__ = ["ExtractionFailure", "ExtractionTooSlow", "Extractor", "ModelMissing", "load_nlp"]
