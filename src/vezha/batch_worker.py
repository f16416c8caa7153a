"""What runs on a Dask worker during ``vezha batch``: reading inputs and analysing articles.

Both task functions take plain, picklable arguments and return model records only. Each
worker process loads the pipeline's resources plus the language identifier once
(``worker_resources``, cached per process and settings) and keeps one HTTP client for URLs.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Sequence

import httpx

from .ingest import iter_articles
from .model import Article, Doc, Failure
from .pipeline import Pipeline, Resources, default_pipeline, load_resources
from .runner import DOCUMENT_ERRORS, failure_of
from .settings import Settings

__all__ = ["Unit", "read_units", "analyse_chunk", "worker_resources", "warm_worker"]

Unit = tuple[str, str]      # (a file path or URL, its path relative to the argument; "" for URLs)


@lru_cache(maxsize=2)
def worker_resources(settings: Settings) -> tuple[Pipeline, Resources]:
    """The default pipeline and its resources plus langid, loaded once per worker process."""
    pipeline = default_pipeline()
    return pipeline, load_resources(settings, pipeline.resources | {"langid"})


@lru_cache(maxsize=1)
def _http() -> httpx.Client:
    return httpx.Client()


def warm_worker(settings: Settings) -> bool:
    """Load the worker's resources now (``client.run(warm_worker, settings)``); True when ready."""
    return bool(worker_resources(settings))


def read_units(units: Sequence[Unit], settings: Settings) -> list[Article | Failure]:
    """Read, extract and label each input as ``vezha ingest`` does (a Failure for a bad one)."""
    _, resources = worker_resources(settings)
    out: list[Article | Failure] = []
    for source, relpath in units:
        for item in iter_articles([source], settings, langid=resources["langid"], client=_http()):
            out.append(_relative(item, relpath))
    return out


def _relative(item: Article | Failure, relpath: str) -> Article | Failure:
    """A file read on its own is named relative to the folder argument it came from."""
    if not relpath or not isinstance(item, Article) or "relpath" not in item.meta:
        return item
    return dataclasses.replace(item, meta={**item.meta, "relpath": relpath})


def analyse_chunk(articles: Sequence[Article], settings: Settings) -> list[Doc | Failure]:
    """Analyse each article; a stage failing on one becomes its Failure."""
    pipeline, resources = worker_resources(settings)
    out: list[Doc | Failure] = []
    for article in articles:
        try:
            out.append(pipeline(article, resources))
        except DOCUMENT_ERRORS as exc:
            out.append(failure_of(article, exc))
    return out
