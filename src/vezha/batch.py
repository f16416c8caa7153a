"""Batch runs on Dask distributed: the same stages as ``vezha analyze``, many processes.

``run_batch`` is what ``vezha batch`` does. The client process reads the sources
(``iter_articles``, cheap), skips articles already stored with the same content hash, and
submits chunks of articles to the workers; at most ``INFLIGHT_PER_WORKER`` chunks per worker
are pending, so memory stays flat on any corpus size. Each worker process loads the resources
once (``worker_resources``, cached per process) and runs ``default_pipeline()``. Docs and
failures come back to the client, the one writer: it saves docs in transactions of
``settings.batch_size`` (``Store.save_docs``) or appends them to Parquet files.

Failure policy, as in ``vezha ingest``: a bad input or a stage failing on one document is a
failure row; a chunk whose worker died (KilledWorker) fails its documents with V303; a store
or model error stops the run. A crash or Ctrl-C leaves every committed batch stored and the
rest absent; the next run skips what is stored and continues.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

import httpx

from .errors import ConfigError, ExtractError, StoreError
from .ingest import iter_articles
from .langid import load_langid
from .model import Article, Doc, Failure
from .pipeline import Pipeline, Resources, default_pipeline, load_resources
from .runner import DOCUMENT_ERRORS, Progress, RunReport, _Tally, failure_of
from .settings import Settings
from .sinks import Sink, open_sink
from .store import Store

__all__ = ["run_batch", "analyse_chunk", "worker_resources", "warm_worker", "start_client", "CHUNK",
           "INFLIGHT_PER_WORKER"]

CHUNK = 8                   # articles per task: amortises scheduling, keeps results small
INFLIGHT_PER_WORKER = 4     # pending chunks per worker: enough to keep it busy


@lru_cache(maxsize=2)
def worker_resources(settings: Settings) -> tuple[Pipeline, Resources]:
    """The default pipeline and its resources, loaded once per worker process."""
    pipeline = default_pipeline()
    return pipeline, load_resources(settings, pipeline.resources)


def warm_worker(settings: Settings) -> bool:
    """Load the worker's resources now (``client.run(warm_worker, settings)``); True when ready."""
    return bool(worker_resources(settings))


def analyse_chunk(articles: Sequence[Article], settings: Settings) -> list[Doc | Failure]:
    """Run on a worker: analyse each article; a stage failing on one becomes its Failure."""
    pipeline, resources = worker_resources(settings)
    out: list[Doc | Failure] = []
    for article in articles:
        try:
            out.append(pipeline(article, resources))
        except DOCUMENT_ERRORS as exc:
            out.append(failure_of(article, exc))
    return out


def start_client(workers: int = 2, scheduler: str | None = None, *, processes: bool = True):
    """A Dask client: on ``scheduler`` (an address) or on a new LocalCluster of ``workers``."""
    from distributed import Client, LocalCluster
    try:
        if scheduler:
            return Client(scheduler, timeout="20s")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                               dashboard_address=":0")
        return Client(cluster)
    except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
        raise ConfigError(f"cannot start or reach the Dask scheduler: {exc}", code="V109",
                          source=scheduler or "LocalCluster") from exc


def run_batch(sources: Iterable[str], settings: Settings, *, workers: int = 2,
              scheduler: str | None = None, out: str = "store", force: bool = False,
              processes: bool = True, store: Store | None = None, langid: Any = None,
              http: httpx.Client | None = None, progress: Progress | None = None,
              dask_client: Any = None) -> RunReport:
    """Analyse every article of ``sources`` on Dask and write it to the store or to Parquet.

    ``out`` is ``"store"`` (``store``, else the ``db_url`` setting) or ``"parquet:FOLDER"``;
    ``force`` re-analyses stored articles. ``processes=False`` runs the LocalCluster's workers
    as threads of this process (tests). ``langid`` is loaded here unless given; a
    ``dask_client`` given is used (and left open) instead of starting one.
    """
    sources = [str(s) for s in sources]
    langid = langid or load_langid(settings)
    with open_sink(out, settings, store, lemmatize=_lemmatize(settings, out, store)) as sink:
        run_id = sink.begin_run("batch", sources)
        tally = _Tally()
        client = dask_client or start_client(workers, scheduler, processes=processes)
        try:
            articles = iter_articles(sources, settings, langid=langid, client=http)
            _drive(client, sink, _fresh(articles, sink, tally, force, progress), settings,
                   run_id, tally, progress)
        except KeyboardInterrupt:
            sink.finish_run(tally.report(run_id, "interrupted"))
            raise
        except BaseException:
            sink.finish_run(tally.report(run_id, "failed"), quiet=True)
            raise
        finally:
            if dask_client is None:
                _close(client)
        report = tally.report(run_id, "done")
        sink.finish_run(report)
        return report


def _lemmatize(settings: Settings, out: str, store: Store | None) -> Any:
    """The writer's lemmatiser (docs without tokens are indexed by lemmatised words)."""
    if out != "store" or store is not None:
        return None
    return load_resources(settings, {"morph"})["morph"].lemma


def _close(client) -> None:
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def _fresh(items: Iterator[Article | Failure], sink: Sink, tally: _Tally, force: bool,
           progress: Progress | None) -> Iterator[list[Article | Failure]]:
    """Chunks of what needs analysing: articles stored (same id and hash) or met earlier in
    this run are skipped here."""
    seen: set[tuple[str, str]] = set()
    for chunk in _chunks(items, CHUNK * 4):
        known = {} if force else sink.stored_hashes(a.id for a in chunk if isinstance(a, Article))
        stored = [isinstance(a, Article) and (known.get(a.id) == a.content_hash
                                              or _met(seen, a)) for a in chunk]
        for item in (a for a, old in zip(chunk, stored) if old):
            tally.skipped += 1
            _tell(progress, "skipped", item.source)
        kept = [a for a, old in zip(chunk, stored) if not old]
        for i in range(0, len(kept), CHUNK):
            yield kept[i:i + CHUNK]


def _met(seen: set[tuple[str, str]], article: Article) -> bool:
    key = (article.id, article.content_hash)
    if key in seen:
        return True
    seen.add(key)
    return False


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _drive(client, sink: Sink, chunks: Iterator[list[Article | Failure]], settings: Settings,
           run_id: int, tally: _Tally, progress: Progress | None) -> None:
    """Submit chunks with bounded look-ahead; write results as they complete, in batches."""
    from distributed import as_completed
    limit = INFLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})) or 1)
    pending, buffer = as_completed(), _Buffer(sink, run_id, settings.batch_size, tally, progress)
    inputs: dict[str, list[Article]] = {}
    for chunk in chunks:
        _submit(client, pending, inputs, chunk, settings, buffer)
        while pending.count() >= limit:
            _collect(next(pending), inputs, buffer)
    for future in pending:
        _collect(future, inputs, buffer)
    buffer.flush()


def _submit(client, pending, inputs: dict, chunk: list[Article | Failure], settings: Settings,
            buffer: "_Buffer") -> None:
    articles = [a for a in chunk if isinstance(a, Article)]
    for failure in (f for f in chunk if isinstance(f, Failure)):
        buffer.add(failure)
    if articles:
        future = client.submit(analyse_chunk, articles, settings, pure=False)
        inputs[future.key] = articles
        pending.add(future)


def _collect(future, inputs: dict, buffer: "_Buffer") -> None:
    articles = inputs.pop(future.key)
    try:
        results = future.result()
    except (ConfigError, StoreError):
        raise
    except Exception as exc:   # KilledWorker, a lost worker: this chunk's documents fail
        results = [_lost(a, exc) for a in articles]
    future.release()
    for item in results:
        buffer.add(item)


def _lost(article: Article, exc: Exception) -> Failure:
    return failure_of(article, ExtractError(f"{type(exc).__name__}: {exc}", code="V303",
                                            stage="batch"))


@dataclass(slots=True)
class _Buffer:
    """Docs waiting for the writer: saved ``size`` at a time in one transaction each."""
    sink: Sink
    run_id: int
    size: int
    tally: _Tally
    progress: Progress | None
    docs: list[Doc] = field(default_factory=list)

    def add(self, item: Doc | Failure) -> None:
        if isinstance(item, Failure):
            self.sink.record_failure(item, self.run_id)
            self.tally.failures.append(item)
            _tell(self.progress, "failed", item.source)
            return
        self.docs.append(item)
        if len(self.docs) >= self.size:
            self.flush()

    def flush(self) -> None:
        if not self.docs:
            return
        self.sink.save_docs(self.docs, self.run_id)
        for doc in self.docs:
            self.tally.stored += 1
            self.tally.mentions += len(doc.mentions)
            self.tally.quotes += len(doc.quotes)
            _tell(self.progress, "stored", doc.article.source)
        self.docs = []


def _tell(progress: Progress | None, outcome: str, source: str) -> None:
    if progress is not None:
        progress(outcome, source)
