"""Batch runs on Dask distributed: the same stages as ``vezha analyze``, many processes.

``run_batch`` is what ``vezha batch`` does. The client process only lists the inputs (folders
expanded to files; URLs as they are) and sends them in chunks of ``UNITS`` to the workers
(``vezha.workers``), which read and extract them and keep the articles, sending back only
their keys (id, content hash, source); the client skips those already stored with the same
content hash and has the others of the chunk analysed in one task where they were read
(``default_pipeline()`` with resources loaded once per worker). At most
``INFLIGHT_PER_WORKER`` tasks per worker are pending, so memory stays flat. Each doc comes
back as the rows its sink writes (``sinks.prepare``: table rows and lemmas, or the Parquet
row, built on the worker), with the failures, to the client, the one writer: it saves them in
transactions of ``settings.batch_size`` (``Store.save_docs``) or appends Parquet parts, so its
share of the CPU (what bounds the speed-up: the scheduler runs in it too, at a cost per task)
stays small.

Failure policy, as in ``vezha ingest``: a bad input or a stage failing on one document is a
failure row; a task whose worker died (KilledWorker) fails its inputs with V303; a store or
model error stops the run. A crash or Ctrl-C leaves every committed batch stored and the rest
absent; the next run skips what is stored and continues.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator

from . import workers as tasks     # the module; ``workers`` is a count here
from .errors import ConfigError, IngestError, StoreError
from .ingest.sources import expand, is_url
from .model import Failure
from .runner import Progress, RunReport, _Tally
from .settings import Settings
from .sinks import BatchWriter, Sink, open_sink
from .store import Store
from .workers import Key, Unit, warm_worker

__all__ = ["run_batch", "start_client", "list_units", "warm_worker", "CHUNK", "UNITS",
           "INFLIGHT_PER_WORKER", "QUIET_CLUSTER"]

# Tasks are what the client pays for (its scheduler): 8 articles per analysis task and a
# separate task for the keys cost it 1.5-1.7 ms of CPU per article, 30 per task 0.8.
UNITS = 16                  # inputs (files, URLs) per reading task, analysed in one task
CHUNK = 16                  # at most this many articles per analysis task (a JSONL file is one
                            # input of many articles)
INFLIGHT_PER_WORKER = 4     # pending tasks per worker: enough to keep it busy
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
        tasks.LANGIDS[settings] = langid
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
        count = len(client.scheduler_info().get("workers", {})) or 1
        self.client, self.sink, self.settings, self.force = client, sink, settings, force
        self.out = out
        self.tally, self.progress = tally, progress
        self.limit = INFLIGHT_PER_WORKER * count
        self.pending = as_completed()
        self.inputs: dict[str, tuple[str, list]] = {}
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
        """A reading task, whose articles stay on its worker; it answers with their keys."""
        if units:
            self._track(self.client.submit(tasks.read_units, units, self.settings,
                                           pure=False), "read", units)

    def _track(self, future, kind: str, items: list) -> None:
        self.inputs[future.key] = (kind, items)
        self.pending.add(future)

    def _collect(self, future) -> None:
        kind, items = self.inputs.pop(future.key)
        try:
            results = future.result()
        except (ConfigError, StoreError):
            raise
        except Exception as exc:   # KilledWorker, a lost worker: this task's inputs fail
            results = [_lost(item, exc) for item in items]
        future.release()
        if kind == "read" and not isinstance(results, list):
            self._fresh(*results)
            return
        for item in getattr(results, "items", results):
            self.buffer.add(item)

    def _fresh(self, worker: str, token: str, items: list[Key | Failure]) -> None:
        """Have analysed, where they were read, the articles not stored (same id and hash)
        nor met earlier in this run; at least one task, which frees what the worker kept."""
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
        parts = list(_chunks(fresh, CHUNK)) or [[]]
        for part in parts:
            future = self.client.submit(tasks.analyse_stashed, token, [k[0] for k in part],
                                        len(parts), self.settings, self.out, pure=False,
                                        workers=[worker], allow_other_workers=True)
            self._track(future, "analyse", part)


def _lost(item: Key | Unit, exc: Exception) -> Failure:
    reason = f"worker lost: {type(exc).__name__}: {exc}"
    if len(item) == 4:          # an article's key: (index, id, hash, source)
        return Failure(item[3], "V303", "batch", reason, article_id=item[1])
    return Failure(item[0], "V303", "batch", reason)


def _tell(progress: Progress | None, outcome: str, source: str) -> None:
    if progress is not None:
        progress(outcome, source)
