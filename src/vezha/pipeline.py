"""The analysis pipeline: stages that declare what they need and provide, checked when built.

A stage is one function ``run(doc, resources) -> doc`` in its own module. Heavy resources
(morphology, models, gazetteers) are loaded once by ``load_resources`` and passed in; a
stage never loads its own. The stage list is explicit here, not registered by decorators.
"""
from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from .errors import ConfigError, ExtractError, VezhaError
from .limits import DocumentTimeout, time_limit
from .model import Article, Doc
from .settings import Settings

__all__ = ["Stage", "Pipeline", "Resources", "build_pipeline", "load_resources",
           "default_pipeline", "analyze", "STAGE_MODULES", "RESOURCE_LOADERS"]

# What an Article already provides when it enters the pipeline.
ARTICLE_PROVIDES = frozenset({"article", "text", "paragraphs", "segments", "language"})


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    run: Callable[[Doc, "Resources"], Doc]
    needs: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()
    resources: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Resources:
    """Loaded heavy resources by name (``morph``, ``ner``, ``kb`` ...) plus the settings."""
    settings: Settings
    items: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        try:
            return self.items[name]
        except KeyError:
            raise ConfigError(f"resource {name!r} was not loaded", code="V104") from None

    def get(self, name: str, default: Any = None) -> Any:
        return self.items.get(name, default)


@dataclass(frozen=True, slots=True)
class Pipeline:
    stages: tuple[Stage, ...]

    @property
    def resources(self) -> frozenset[str]:
        return frozenset().union(*(s.resources for s in self.stages))

    def __call__(self, doc: Doc | Article, resources: Resources) -> Doc:
        if isinstance(doc, Article):
            doc = Doc(article=doc)
        limit = resources.settings.max_doc_seconds
        deadline, stage = time.monotonic() + limit, None
        try:    # a watchdog interrupts a stage that hangs (vezha.limits); checked between too
            with time_limit(limit, doc_id=doc.article.id, source=doc.article.source):
                for stage in self.stages:
                    doc = _run_stage(stage, doc, resources)
                    if time.monotonic() > deadline:
                        raise DocumentTimeout(f"analysis exceeded {limit:g} s")
        except DocumentTimeout as exc:
            raise ExtractError(exc.reason, code="V302", doc_id=doc.article.id,
                               source=doc.article.source, stage=stage.name if stage else "") from exc
        return doc


def _run_stage(stage: Stage, doc: Doc, resources: Resources) -> Doc:
    try:
        return stage.run(doc, resources)
    except VezhaError:
        raise
    except Exception as exc:  # a bug or a pathological input: report it as this document's failure
        raise ExtractError(f"{type(exc).__name__}: {exc}", code="V301",
                           doc_id=doc.article.id, source=doc.article.source, stage=stage.name) from exc


def build_pipeline(stages: Iterable[Stage]) -> Pipeline:
    """Check that every stage's needs are provided by the article or an earlier stage."""
    have = set(ARTICLE_PROVIDES)
    out = []
    for stage in stages:
        missing = stage.needs - have
        if missing:
            raise ConfigError(f"stage {stage.name!r} needs {sorted(missing)}, which no earlier "
                              f"stage provides (have {sorted(have)})", code="V104")
        have |= stage.provides
        out.append(stage)
    return Pipeline(tuple(out))


# The default stage list, in order: module path and the name of its Stage constant.
STAGE_MODULES: tuple[str, ...] = (
    "vezha.text",
    "vezha.ner",
    "vezha.baseform",
    "vezha.link",
    "vezha.quotes",
    "vezha.speakers",
    "vezha.claims",
    "vezha.times",
    "vezha.places",
    "vezha.events",
)

# Resource name -> "module:function(settings)" that loads it once.
RESOURCE_LOADERS: dict[str, str] = {
    "morph": "vezha.morph:load_morph",
    "ner": "vezha.ner:load_ner",
    "kb": "vezha.kb:load_kb",
    "langid": "vezha.langid:load_langid",
    "dates": "vezha.times:load_dates",
    "gazetteer": "vezha.gazetteer:load_gazetteer",
}


def default_pipeline(names: Iterable[str] | None = None) -> Pipeline:
    """The default pipeline, or the stages among it whose names are given."""
    stages = [importlib.import_module(m).STAGE for m in STAGE_MODULES]
    if names is not None:
        wanted = set(names)
        stages = [s for s in stages if s.name in wanted]
    return build_pipeline(stages)


def load_resources(settings: Settings, names: Iterable[str]) -> Resources:
    """Load each named resource once."""
    items = {}
    for name in sorted(set(names)):
        if name not in RESOURCE_LOADERS:
            raise ConfigError(f"no loader for resource {name!r}", code="V104")
        module, func = RESOURCE_LOADERS[name].split(":")
        items[name] = getattr(importlib.import_module(module), func)(settings)
    return Resources(settings=settings, items=items)


def analyze(article: Article, resources: Resources, pipeline: Pipeline | None = None) -> Doc:
    """Run the (default) pipeline over one article."""
    return (pipeline or default_pipeline())(article, resources)
