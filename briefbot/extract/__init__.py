"""Who-said-what extraction: quotes, cues, clauses, speakers. Cross-article actor identity
lives in `briefbot.actors`."""

from briefbot.extract.pipeline import Extractor, ModelMissing, load_nlp

__all__ = ["Extractor", "ModelMissing", "load_nlp"]
