"""Who-said-what extraction: quotes, cues, clauses, speakers, cross-article actors."""

from briefbot.extract.pipeline import Extractor, ModelMissing, load_nlp
from briefbot.extract.registry import ActorRegistry, KnownActor

__all__ = ["ActorRegistry", "Extractor", "KnownActor", "ModelMissing", "load_nlp"]
