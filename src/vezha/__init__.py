"""Vezha: who said what, about whom, when, where — and who repeated it.

The public API is listed in ``__all__``; everything else is internal.
"""
from .errors import ConfigError, ExtractError, IngestError, ModelError, StoreError, VezhaError
from .model import (Article, Claim, Doc, Entity, Event, Failure, Mention, Place, Quote, Segment,
                    Sentence, Speaker, TimeExpr, Token, from_dict, to_dict)
from .pipeline import analyze, build_pipeline, default_pipeline, load_resources
from .settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Article", "Claim", "Doc", "Entity", "Event", "Failure", "Mention", "Place", "Quote",
    "Segment", "Sentence", "Speaker", "TimeExpr", "Token", "from_dict", "to_dict",
    "VezhaError", "ConfigError", "IngestError", "ExtractError", "ModelError", "StoreError",
    "Settings", "load_settings", "analyze", "build_pipeline", "default_pipeline", "load_resources",
    "__version__",
]
