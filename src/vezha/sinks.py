"""Where a batch run writes: the store, or a folder of Parquet files. One writer per run.

Both sinks offer the same small interface to ``vezha.batch``: ``stored_hashes`` (what to
skip), ``save_docs`` (one transaction, or one Parquet part written atomically; each doc as a
Doc or as ``prepare``'s plain rows, built on the worker that analysed it, so the one writer
only runs the SQL or writes the file),
``record_failure``, ``begin_run``/``finish_run``. A Parquet folder holds ``docs-RUN-N.parquet``
parts (columns: id, content_hash, source, language, published, title, doc_json — the Doc as
JSON, ``from_dict(Doc, ...)`` reads it back), ``failures.jsonl`` and ``runs.jsonl``.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol, Sequence

from .errors import StoreError
from .model import Doc, Failure, from_dict, to_dict
from .store import Store, open_store
from .store.store import now
from .store.write import Prepared, prepare_doc

__all__ = ["Sink", "StoreSink", "ParquetSink", "BatchWriter", "open_sink", "read_parquet_docs",
           "prepare", "PARQUET"]

PARQUET = "parquet:"
COLUMNS = ("id", "content_hash", "source", "language", "published", "title", "doc_json")


class Sink(Protocol):
    def begin_run(self, command: str, inputs: Sequence[str]) -> int: ...
    def finish_run(self, report: Any, quiet: bool = False) -> None: ...
    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]: ...
    def save_docs(self, docs: Sequence[Doc | Prepared], run_id: int) -> None: ...
    def record_failure(self, failure: Failure, run_id: int) -> None: ...


class StoreSink:
    """Writes to a Store: batches of docs, one transaction each."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def begin_run(self, command: str, inputs: Sequence[str]) -> int:
        return self.store.begin_run(command, inputs)

    def finish_run(self, report: Any, quiet: bool = False) -> None:
        if not quiet:
            self.store.finish_run(report.run_id, report.status, report.counts())
            return
        with suppress(StoreError):   # the database may be what failed; the first error wins
            self.store.finish_run(report.run_id, report.status, report.counts())

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        return self.store.stored_hashes(ids)

    def save_docs(self, docs: Sequence[Doc | Prepared], run_id: int) -> None:
        self.store.save_docs(docs, run_id=run_id)

    def record_failure(self, failure: Failure, run_id: int) -> None:
        self.store.record_failure(failure, run_id=run_id)


class ParquetSink:
    """Writes Parquet parts to a folder; a rerun skips the ids (and hashes) of earlier parts."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.part = 0
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the Parquet folder: {exc}", code="V501",
                             source=str(folder)) from exc
        self.known = _parquet_hashes(folder)

    def begin_run(self, command: str, inputs: Sequence[str]) -> int:
        runs = self.folder / "runs.jsonl"
        run_id = 1 + (len(runs.read_text(encoding="utf-8").splitlines()) if runs.exists() else 0)
        self._append("runs.jsonl", {"id": run_id, "command": command, "inputs": list(inputs),
                                    "started_at": now()})
        return run_id

    def finish_run(self, report: Any, quiet: bool = False) -> None:
        self._append("runs.jsonl", {"id": report.run_id, "status": report.status,
                                    "finished_at": now(), "counts": report.counts()})

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        return {i: self.known[i] for i in ids if i in self.known}

    def save_docs(self, docs: Sequence[Doc | Prepared], run_id: int) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq
        self.part += 1
        target = self.folder / f"docs-{run_id:04d}-{self.part:05d}.parquet"
        rows = [d["row"] if isinstance(d, dict) else _doc_row(d) for d in docs]
        table = pa.Table.from_pylist(rows)
        tmp = target.with_suffix(".tmp")
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, target)         # a part is there whole or not at all
        except OSError as exc:
            raise StoreError(f"cannot write {target.name}: {exc}", code="V503",
                             source=str(self.folder)) from exc
        self.known.update({r["id"]: r["content_hash"] for r in rows})

    def record_failure(self, failure: Failure, run_id: int) -> None:
        self._append("failures.jsonl", {"run_id": run_id, **to_dict(failure)})

    def _append(self, name: str, record: dict[str, Any]) -> None:
        with (self.folder / name).open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def prepare(doc: Doc, out: str, lemmatize: Any = None) -> Prepared:
    """What the sink of ``out`` writes for ``doc``, as plain rows (cheap to send and write)."""
    if not out.startswith(PARQUET):
        return prepare_doc(doc, lemmatize)
    return {"id": doc.article.id, "source": doc.article.source, "row": _doc_row(doc),
            "mentions": len(doc.mentions), "quotes": len(doc.quotes)}


def _doc_row(doc: Doc) -> dict[str, Any]:
    a = doc.article
    return {"id": a.id, "content_hash": a.content_hash, "source": a.source,
            "language": a.language, "published": a.published, "title": a.title,
            "doc_json": json.dumps(to_dict(doc), ensure_ascii=False)}


def _parquet_hashes(folder: Path) -> dict[str, str]:
    import pyarrow.parquet as pq
    known: dict[str, str] = {}
    for part in sorted(folder.glob("docs-*.parquet")):
        table = pq.read_table(part, columns=["id", "content_hash"])
        known.update(zip(table.column("id").to_pylist(), table.column("content_hash").to_pylist()))
    return known


def read_parquet_docs(folder: str | os.PathLike[str]) -> Iterator[Doc]:
    """The Docs of a Parquet folder written by ``vezha batch --out parquet:FOLDER``."""
    import pyarrow.parquet as pq
    for part in sorted(Path(folder).glob("docs-*.parquet")):
        for text in pq.read_table(part, columns=["doc_json"]).column("doc_json").to_pylist():
            yield from_dict(Doc, json.loads(text))


@contextmanager
def open_sink(out: str, settings: Any, store: Store | None = None,
              lemmatize: Any = None) -> Iterator[Sink]:
    """``"store"``: the given store or the ``db_url`` one; ``"parquet:FOLDER"``: Parquet parts."""
    if out.startswith(PARQUET):
        yield ParquetSink(Path(out[len(PARQUET):]))
    elif out != "store":
        raise StoreError(f"unknown output {out!r}; use store or parquet:FOLDER", code="V505",
                         source=out)
    elif store is not None:
        yield StoreSink(store)
    else:
        with open_store(settings.db_url, lemmatize=lemmatize) as opened:
            yield StoreSink(opened)


@dataclass(slots=True)
class BatchWriter:
    """The one writer of a batch run: docs (or prepared docs) saved ``size`` at a time (one
    transaction or Parquet part each), failures recorded at once, the tally and progress kept."""
    sink: Sink
    run_id: int
    size: int
    tally: Any
    progress: Any
    docs: list[Doc | Prepared] = field(default_factory=list)

    def add(self, item: Doc | Prepared | Failure) -> None:
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
            source, mentions, quotes = _counts(doc)
            self.tally.stored += 1
            self.tally.mentions += mentions
            self.tally.quotes += quotes
            _tell(self.progress, "stored", source)
        self.docs = []


def _counts(doc: Doc | Prepared) -> tuple[str, int, int]:
    if isinstance(doc, dict):
        return doc["source"], doc["mentions"], doc["quotes"]
    return doc.article.source, len(doc.mentions), len(doc.quotes)


def _tell(progress: Any, outcome: str, source: str) -> None:
    if progress is not None:
        progress(outcome, source)
