"""What the Dask workers of ``vezha batch`` run: read inputs, analyse the articles read.

Plain picklable arguments in, records out; resources loaded once per worker process. Two
tasks per chunk of inputs: ``read_units`` reads, extracts and labels them and keeps the
articles on its worker (``STASH``), sending back only their keys (``Key``: index, id,
content hash, source) and the failures; ``analyse_stashed``, placed on the same worker, takes
the articles the client chose (those not stored yet) and returns each analysed one as the rows
its sink writes (``sinks.prepare``: built here, not on the one writer, is what lets workers
scale) or as its Failure. The articles never travel through the client and the scheduler,
and a chunk costs the client's scheduler two tasks (it was three: a separate task sent the
keys, and the articles stayed in Dask's memory until their analyses finished).
"""
from __future__ import annotations

import dataclasses
import threading
import time
import uuid
from functools import lru_cache
from typing import Any, Sequence

import httpx

from .errors import ExtractError
from .ingest import iter_articles
from .langid import load_langid
from .model import Article, Failure
from .pipeline import Pipeline, Resources, default_pipeline, load_resources
from .runner import DOCUMENT_ERRORS, failure_of, warm_up
from .settings import Settings
from .sinks import prepare
from .store.write import Prepared

__all__ = ["worker_resources", "warm_worker", "read_units", "article_keys", "analyse_stashed",
           "analyse_chunk", "Sized", "Unit", "Key", "Read", "STASH", "STASH_IDLE_SECONDS", "drop_idle",
           "PREPARED_BYTES"]

PREPARED_BYTES = 160_000    # memory of one prepared doc (tracemalloc: ~158 KB; ~41 KB pickled)
LANGIDS: dict[Settings, Any] = {}   # language identifiers of this process, by settings
# token -> (what a reading task read, [parts analysed, when it was last used: read or a part
# analysed]). A reading no part has used for ``STASH_IDLE_SECONDS`` is dropped at the next
# reading (its client died or was stopped mid-run, so its analyses never come).
STASH: dict[str, tuple[list[Article | Failure], list[float]]] = {}
STASH_IDLE_SECONDS = 900
_STASH_LOCK = threading.Lock()      # workers of several threads take parts of one reading

Unit = tuple[str, str]      # (a file path or URL, its path relative to the argument; "" for URLs)
Key = tuple[int, str, str, str]     # an article of a reading task: (index, id, hash, source)
Read = tuple[str, str, list]        # a reading task's answer: (worker, token, keys and failures)


@lru_cache(maxsize=2)
def worker_resources(settings: Settings) -> tuple[Pipeline, Resources]:
    """The default pipeline and its resources, loaded once per worker process."""
    pipeline = default_pipeline()
    return pipeline, load_resources(settings, pipeline.resources)


def _langid(settings: Settings, resources: Resources) -> Any:
    """The language identifier reading needs: the resources', else one per worker process."""
    if resources.get("langid") is None and settings not in LANGIDS:
        LANGIDS[settings] = load_langid(settings)
    return resources.get("langid") or LANGIDS[settings]


@lru_cache(maxsize=1)
def _http() -> httpx.Client:
    return httpx.Client()


def warm_worker(settings: Settings) -> bool:
    """Load the worker's resources now and run ``runner.warm_up`` once
    (``client.run(warm_worker, settings)``); True when ready."""
    pipeline, resources = worker_resources(settings)
    warm_up(pipeline, resources, _langid(settings, resources))
    return True


def read_units(units: Sequence[Unit], settings: Settings) -> Read:
    """Read, extract and label each input as ``vezha ingest`` does (a Failure for a bad one);
    keep the articles here for ``analyse_stashed`` and answer with their keys."""
    langid = _langid(settings, worker_resources(settings)[1])
    items: list[Article | Failure] = []
    for source, relpath in units:
        for item in iter_articles([source], settings, langid=langid, client=_http()):
            items.append(_relative(item, relpath))
    token = uuid.uuid4().hex
    with _STASH_LOCK:
        now = time.monotonic()
        drop_idle(now)
        STASH[token] = (items, [0, now])
    return _address(), token, article_keys(items)


def drop_idle(now: float, idle: float = STASH_IDLE_SECONDS) -> list[str]:
    """Drop the readings kept here that no part has used for ``idle`` seconds (their client
    is gone); the tokens dropped. The caller holds the stash lock."""
    stale = [token for token, (_, state) in STASH.items() if now - state[1] > idle]
    for token in stale:
        del STASH[token]
    return stale


def _address() -> str:
    from distributed import get_worker
    return get_worker().address


def _relative(item: Article | Failure, relpath: str) -> Article | Failure:
    """A file read on its own is named relative to the folder argument it came from."""
    if not relpath or not isinstance(item, Article) or "relpath" not in item.meta:
        return item
    return dataclasses.replace(item, meta={**item.meta, "relpath": relpath})


def article_keys(items: Sequence[Article | Failure]) -> list[Key | Failure]:
    """What the client needs to choose what to analyse: each article's key, each failure."""
    return [item if isinstance(item, Failure) else (i, item.id, item.content_hash, item.source)
            for i, item in enumerate(items)]


def analyse_stashed(token: str, indexes: Sequence[int], parts: int, settings: Settings,
                    out: str = "store") -> "Sized":
    """``analyse_chunk`` of the articles at ``indexes`` of what ``read_units`` kept under
    ``token``, one of ``parts`` such tasks: the last to run drops them (the client sends at
    least one per reading task, even with nothing to analyse). A worker that does not hold
    them (it restarted) fails them all (V303, by the client)."""
    with _STASH_LOCK:
        items, state = STASH.get(token, (None, [0, 0.0]))
        state[0] += 1
        state[1] = time.monotonic()
        if items is not None and state[0] >= parts:
            del STASH[token]
    if items is None:
        raise ExtractError("the worker that read these articles was lost", code="V303",
                           stage="batch")
    results = analyse_chunk([items[i] for i in indexes], settings, out)
    return Sized(results, PREPARED_BYTES * len(results))


class Sized:
    """A task's results with a size estimate for Dask, which measures every task's output to
    manage memory: walking each row of the prepared docs (``dask.sizeof``) took ~10 % of a
    worker's CPU; ``sys.getsizeof`` of this object is the estimate, at no cost."""
    __slots__ = ("items", "nbytes")

    def __init__(self, items: list, nbytes: int) -> None:
        self.items, self.nbytes = items, nbytes

    def __sizeof__(self) -> int:
        return self.nbytes


def analyse_chunk(articles: Sequence[Article], settings: Settings,
                  out: str = "store") -> list[Prepared | Failure]:
    """Analyse each article and prepare its rows for the sink of ``out``; a stage failing on
    one article becomes its Failure."""
    pipeline, resources = worker_resources(settings)
    morph = resources.get("morph")
    lemmatize = morph.lemma if morph is not None else None
    results: list[Prepared | Failure] = []
    for article in articles:
        try:
            doc = pipeline(article, resources)
        except DOCUMENT_ERRORS as exc:
            results.append(failure_of(article, exc))
            continue
        results.append(prepare(doc, out, lemmatize))
    return results
