"""Batch runs on Dask distributed: the same stages as ``vezha analyze``, many processes.

``run_batch`` is what ``vezha batch`` does. The client process only lists the inputs (folders
expanded to files; URLs as they are) and sends them in chunks to the workers, which read and
extract them (``read_units``) and keep the articles, sending back only their keys
(``article_keys``: id, content hash, source); the client skips those already stored with the
same content hash and has the others analysed, in chunks, where they were read
(``analyse_read`` → ``analyse_chunk``: ``default_pipeline()`` with resources loaded once per
worker). At most ``INFLIGHT_PER_WORKER`` tasks per worker are pending, so memory stays flat.
Each doc comes back as the rows its sink writes (``sinks.prepare``: table rows and lemmas,
or the Parquet row, built on the worker), with the failures, to the client, the one writer:
it saves them in transactions of ``settings.batch_size`` (``Store.save_docs``) or appends
Parquet parts, so its share of the CPU (what bounds the speed-up) stays small.

Failure policy, as in ``vezha ingest``: a bad input or a stage failing on one document is a
failure row; a task whose worker died (KilledWorker) fails its inputs with V303; a store or
model error stops the run. A crash or Ctrl-C leaves every committed batch stored and the rest
absent; the next run skips what is stored and continues.
"""
from __future__ import annotations

import dataclasses
import logging
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

import httpx

from .errors import ConfigError, IngestError, StoreError
from .ingest import iter_articles
from .ingest.sources import expand, is_url
from .langid import load_langid
from .model import Article, Failure
from .pipeline import Pipeline, Resources, default_pipeline, load_resources
from .runner import DOCUMENT_ERRORS, Progress, RunReport, _Tally, failure_of, warm_up
from .settings import Settings
from .sinks import BatchWriter, Sink, open_sink, prepare
from .store.write import Prepared
from .store import Store

__all__ = ["run_batch", "start_client", "list_units", "analyse_chunk", "read_units",
           "article_keys", "analyse_read",
           "worker_resources", "warm_worker", "CHUNK", "UNITS", "INFLIGHT_PER_WORKER",
           "QUIET_CLUSTER"]

CHUNK = 8                   # articles per analysis task: amortises scheduling, small results
UNITS = 16                  # inputs (files, URLs) per reading task
INFLIGHT_PER_WORKER = 4     # pending chunks per worker: enough to keep it busy
PREPARED_BYTES = 160_000    # memory of one prepared doc (tracemalloc: ~158 KB; ~41 KB pickled)
LANGIDS: dict[Settings, Any] = {}   # language identifiers of this process, by settings
# A LocalCluster's periodic work that costs CPU in every process and buys nothing for a few
# queued tasks per worker (idle, measured: 2 workers 5.3 % -> 0.5 % of a core, client 3.3 %
# -> 0.6 %); tasks wait on the scheduler (worker-saturation queuing), so no work stealing.
QUIET_CLUSTER = {
    "distributed.worker.profile.enabled": False,            # stack sampling every 10 ms
    "distributed.scheduler.work-stealing": False,           # a balancing pass every 100 ms
    "distributed.admin.system-monitor.interval": "5s",      # psutil polling, 500 ms
    "distributed.admin.tick.interval": "1s",                # blocked-loop check, 20 ms
    "distributed.worker.memory.monitor-interval": "1s",     # memory limit check, 100 ms
}

# --- on the workers: read inputs, analyse articles (plain picklable arguments, records back)

Unit = tuple[str, str]      # (a file path or URL, its path relative to the argument; "" for URLs)
Key = tuple[int, str, str, str]     # an article of a reading task: (index, id, hash, source)


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


def read_units(units: Sequence[Unit], settings: Settings) -> list[Article | Failure]:
    """Read, extract and label each input as ``vezha ingest`` does (a Failure for a bad one)."""
    langid = _langid(settings, worker_resources(settings)[1])
    out: list[Article | Failure] = []
    for source, relpath in units:
        for item in iter_articles([source], settings, langid=langid, client=_http()):
            out.append(_relative(item, relpath))
    return out


def _relative(item: Article | Failure, relpath: str) -> Article | Failure:
    """A file read on its own is named relative to the folder argument it came from."""
    if not relpath or not isinstance(item, Article) or "relpath" not in item.meta:
        return item
    return dataclasses.replace(item, meta={**item.meta, "relpath": relpath})


def article_keys(items: Sequence[Article | Failure]) -> list[Key | Failure]:
    """What the client needs to choose what to analyse: each article's key, each failure."""
    return [item if isinstance(item, Failure) else (i, item.id, item.content_hash, item.source)
            for i, item in enumerate(items)]


def analyse_read(items: Sequence[Article | Failure], indexes: Sequence[int], settings: Settings,
                 out: str = "store") -> "Sized":
    """``analyse_chunk`` of the articles at ``indexes`` of a reading task's result, run where
    that result is: the articles never travel through the client and the scheduler."""
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
    """Analyse each article and prepare its rows for the sink of ``out`` (``sinks.prepare``:
    building rows here, not on the one writer, is what lets workers scale); a stage failing
    on one article becomes its Failure."""
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


# --- on the client


def start_client(workers: int = 2, scheduler: str | None = None, *, processes: bool = True):
    """A Dask client: on ``scheduler`` (an address) or on a new LocalCluster of ``workers``
    (``QUIET_CLUSTER`` settings, no dashboard)."""
    import dask
    from distributed import Client, LocalCluster
    try:
        if scheduler:
            return Client(scheduler, timeout="20s")
        with dask.config.set(QUIET_CLUSTER):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                                   dashboard_address=None)
            return Client(cluster)
    except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
        raise ConfigError(f"cannot start or reach the Dask scheduler: {exc}", code="V109",
                          source=scheduler or "LocalCluster") from exc


def run_batch(sources: Iterable[str], settings: Settings, *, workers: int = 2,
              scheduler: str | None = None, out: str = "store", force: bool = False,
              processes: bool = True, store: Store | None = None, langid: Any = None,
              progress: Progress | None = None, dask_client: Any = None) -> RunReport:
    """Analyse every article of ``sources`` on Dask and write it to the store or to Parquet.

    ``out`` is ``"store"`` (``store``, else the ``db_url`` setting) or ``"parquet:FOLDER"``;
    ``force`` re-analyses stored articles. ``processes=False`` runs the LocalCluster's workers
    as threads of this process (tests), which then use ``langid`` if given; a
    ``dask_client`` given is used (and left open) instead of starting one.
    """
    sources = [str(s) for s in sources]
    if langid is not None:
        LANGIDS[settings] = langid
    with open_sink(out, settings, store) as sink:     # workers lemmatise (prepared rows)
        run_id = sink.begin_run("batch", sources)
        tally = _Tally()
        client = dask_client or start_client(workers, scheduler, processes=processes)
        try:
            _Driver(client, sink, settings, run_id, tally, progress, force, out).run(
                list_units(sources))
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


def _close(client) -> None:
    """Close the client and a cluster of our own; workers' late heartbeats are not errors."""
    cluster = getattr(client, "cluster", None)
    quiet = logging.getLogger("distributed")
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        client.close()
        if cluster is not None:
            cluster.close()
    finally:
        quiet.setLevel(level)


def list_units(sources: Iterable[str]) -> Iterator[Unit | Failure]:
    """Every input to read: each file of a folder (with its relative path), each URL."""
    for source in sources:
        if is_url(source):
            yield source, ""
            continue
        try:
            files = expand(source)
        except IngestError as exc:
            yield Failure(exc.source or source, exc.code, "ingest", exc.reason)
            continue
        yield from ((str(path), relpath) for path, relpath in files)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Driver:
    """Submits reading and analysis tasks with bounded look-ahead; writes what comes back."""

    def __init__(self, client, sink: Sink, settings: Settings, run_id: int, tally: _Tally,
                 progress: Progress | None, force: bool, out: str = "store") -> None:
        from distributed import as_completed
        workers = len(client.scheduler_info().get("workers", {})) or 1
        self.client, self.sink, self.settings, self.force = client, sink, settings, force
        self.out = out
        self.tally, self.progress = tally, progress
        self.limit = INFLIGHT_PER_WORKER * workers
        self.pending = as_completed()
        self.inputs: dict[str, tuple[str, list, Any]] = {}
        self.seen: set[tuple[str, str]] = set()
        self.buffer = BatchWriter(sink, run_id, settings.batch_size, tally, progress)

    def run(self, units: Iterable[Unit | Failure]) -> None:
        for chunk in _chunks(units, UNITS):
            for failure in (u for u in chunk if isinstance(u, Failure)):
                self.buffer.add(failure)
            self._read([u for u in chunk if not isinstance(u, Failure)])
            while self.pending.count() >= self.limit:
                self._collect(next(self.pending))
        while self.pending.count():
            self._collect(next(self.pending))
        self.buffer.flush()

    def _read(self, units: list[Unit]) -> None:
        """A reading task, whose articles stay on its worker, and a task for their keys."""
        if units:
            read = self.client.submit(read_units, units, self.settings, pure=False)
            self._track(self.client.submit(article_keys, read, pure=False), "keys", units, read)

    def _analyse(self, read, keys: list[Key]) -> None:
        future = self.client.submit(analyse_read, read, [k[0] for k in keys], self.settings,
                                    self.out, pure=False)
        self._track(future, "analyse", keys, None)

    def _track(self, future, kind: str, items: list, read) -> None:
        self.inputs[future.key] = (kind, items, read)
        self.pending.add(future)

    def _collect(self, future) -> None:
        kind, items, read = self.inputs.pop(future.key)
        try:
            results = future.result()
        except (ConfigError, StoreError):
            raise
        except Exception as exc:   # KilledWorker, a lost worker: this task's inputs fail
            results = [_lost(item, exc) for item in items]
        future.release()
        if kind == "keys":
            self._fresh(results, read)
            read.release()          # the analysis tasks keep what they need of it
        else:
            for item in getattr(results, "items", results):
                self.buffer.add(item)

    def _fresh(self, items: list[Key | Failure], read) -> None:
        """Send on what needs analysing; articles stored (same id and hash) or met earlier in
        this run are skipped."""
        keys = [k for k in items if not isinstance(k, Failure)]
        known = {} if self.force else self.sink.stored_hashes(k[1] for k in keys)
        for failure in (f for f in items if isinstance(f, Failure)):
            self.buffer.add(failure)
        fresh = []
        for key in keys:
            if known.get(key[1]) == key[2] or key[1:3] in self.seen:
                self.tally.skipped += 1
                _tell(self.progress, "skipped", key[3])
            else:
                self.seen.add(key[1:3])
                fresh.append(key)
        for chunk in _chunks(fresh, CHUNK):
            self._analyse(read, chunk)


def _lost(item: Key | Unit, exc: Exception) -> Failure:
    reason = f"worker lost: {type(exc).__name__}: {exc}"
    if len(item) == 4:          # an article's key: (index, id, hash, source)
        return Failure(item[3], "V303", "batch", reason, article_id=item[1])
    return Failure(item[0], "V303", "batch", reason)


def _tell(progress: Progress | None, outcome: str, source: str) -> None:
    if progress is not None:
        progress(outcome, source)
