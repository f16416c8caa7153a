"""Runs: ingest sources, analyse each article, store it — a few documents per transaction.

``ingest_into`` is what ``vezha ingest`` does; ``analyze_sources`` is what ``vezha analyze``
does (no store). Failure policy, per document:

* a bad input (a ``Failure`` from ingestion) or a stage failing on one document
  (``ExtractError``/``IngestError``) becomes a failure row; the batch goes on;
* a missing model, a bad setting or a database error (``ModelError``/``ConfigError``/
  ``StoreError``) would fail every document: the run is marked ``failed`` and the error raised;
* Ctrl-C marks the run ``interrupted`` and re-raises; the documents analysed before it are
  stored first (a batch being written when it came is rolled back), the one being analysed
  is not, and the next run skips the stored ones (same id and content hash), so it continues
  where this one stopped.

Analysed documents are written in batches, each one transaction: one document, then two,
four, up to ``WRITE_BATCH`` (or when one has waited ``WRITE_WAIT`` seconds), so the first
results are stored at once: a one-document transaction cost ~13 ms of CPU, a batch of eight
~6 ms per document; of ``save_docs`` alone (``benchmarks/write.py``), 8 a transaction cost
2.1-2.2 ms per document, 32 1.5-1.65. A crash (SIGKILL) loses at most the batch not yet written, never part of
a document; the next run analyses those again.
"""
from __future__ import annotations

import dataclasses
import time
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

import httpx

from .errors import ExtractError, IngestError, StoreError
from .ingest import iter_articles, label_languages, parse_html
from .model import Article, Doc, Failure
from .pipeline import Pipeline, Resources, default_pipeline, load_resources
from .settings import Settings
from .store import Store

__all__ = ["RunReport", "ingest_into", "analyze_sources", "load_run_resources", "failure_of",
           "warm_up", "Progress", "DOCUMENT_ERRORS", "WARM_UP_PAGE"]

# Errors that concern one document only: recorded as a failure, the batch goes on.
DOCUMENT_ERRORS = (ExtractError, IngestError)

Progress = Callable[[str, str], None]   # (outcome: stored | skipped | failed, source)
WRITE_BATCH = 32        # analysed documents per transaction in ``ingest_into``
WRITE_WAIT = 2.0        # seconds the first of them may wait for the rest

# A small page of our own, run once by ``warm_up``.
WARM_UP_PAGE = (
    "<html><head><meta charset='utf-8'><title>Переговори у Києві</title></head><body><article>"
    "<h1>Переговори у Києві</h1><p>Київ, 5 травня 2024 року. Міністр закордонних справ "
    "Андрій Коваль заявив, що переговори тривають. «Ми бачимо поступ», – сказав він журналістам."
    "</p><p>За словами аналітика Олени Мельник, угоду можуть підписати в Брюсселі наступного "
    "тижня.</p></article></body></html>").encode("utf-8")


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one ingestion run did."""
    run_id: int
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    failures: tuple[Failure, ...] = ()
    mentions: int = 0
    quotes: int = 0
    status: str = "done"

    @property
    def exit_code(self) -> int:
        """0 when every input was stored or already there, 1 when some failed."""
        return 1 if self.failed else 0

    def counts(self) -> dict[str, Any]:
        return {"stored": self.stored, "skipped": self.skipped, "failed": self.failed,
                "mentions": self.mentions, "quotes": self.quotes}


@dataclass(slots=True)
class _Tally:
    stored: int = 0
    skipped: int = 0
    mentions: int = 0
    quotes: int = 0
    failures: list[Failure] = field(default_factory=list)

    def report(self, run_id: int, status: str) -> RunReport:
        return RunReport(run_id=run_id, stored=self.stored, skipped=self.skipped,
                         failed=len(self.failures), failures=tuple(self.failures),
                         mentions=self.mentions, quotes=self.quotes, status=status)


def load_run_resources(settings: Settings, pipeline: Pipeline) -> Resources:
    """The pipeline's resources plus the language identifier ingestion needs."""
    return load_resources(settings, pipeline.resources | {"langid"})


def warm_up(pipeline: Pipeline, resources: Resources, langid: Any = None) -> None:
    """Read and analyse ``WARM_UP_PAGE`` once: what loads on first use (the SRX rules,
    trafilatura's and the date parser's tables, patterns compiled lazily) is then loaded before
    a timed or batch run starts. Nothing of it is stored; the caches see only this page."""
    article = parse_html(WARM_UP_PAGE, "warm-up")
    pipeline(label_languages(article, langid or resources["langid"]), resources)


def ingest_into(store: Store, sources: Iterable[str], settings: Settings, resources: Resources,
                *, pipeline: Pipeline | None = None, client: httpx.Client | None = None,
                progress: Progress | None = None, force: bool = False,
                on_stored: Callable[[Doc], Any] | None = None) -> RunReport:
    """Ingest, analyse and store every article of ``sources``; one run row records it.

    ``force`` analyses and replaces articles already stored with the same content too (after
    the pipeline improved); otherwise they are skipped. ``on_stored`` is called with each Doc
    right after it is stored (``vezha.watch.load_watcher``: watchlist rules, alerts).
    """
    pipeline = pipeline or default_pipeline()
    sources = [str(s) for s in sources]
    run_id = store.begin_run("ingest", sources)
    tally = _Tally()
    writer = _Writer(store, run_id, tally, progress, on_stored)
    try:
        for item in iter_articles(sources, settings, langid=resources["langid"], client=client):
            outcome = _ingest_one(store, item, pipeline, resources, run_id, tally, force, writer)
            if progress is not None and outcome != "queued":
                progress(outcome, item.source)
        writer.flush()
    except KeyboardInterrupt:
        writer.flush(quiet=True)
        _finish(store, tally.report(run_id, "interrupted"))
        raise
    except BaseException:
        writer.flush(quiet=True)
        _finish(store, tally.report(run_id, "failed"))
        raise
    report = tally.report(run_id, "done")
    store.finish_run(run_id, report.status, report.counts())
    return report


def _finish(store: Store, report: RunReport) -> None:
    with suppress(StoreError):      # the database may be what failed; the original error wins
        store.finish_run(report.run_id, report.status, report.counts())


def _ingest_one(store: Store, item: Article | Failure, pipeline: Pipeline, resources: Resources,
                run_id: int, tally: _Tally, force: bool, writer: "_Writer") -> str:
    if isinstance(item, Failure):
        return _fail(store, item, run_id, tally)
    if not force and writer.is_stored(item):
        tally.skipped += 1
        return "skipped"
    try:
        doc = pipeline(item, resources)
    except DOCUMENT_ERRORS as exc:
        return _fail(store, failure_of(item, exc), run_id, tally)
    writer.add(doc)
    return "queued"


class _Writer:
    """Analysed docs written ``WRITE_BATCH`` at a time; the tally, progress ("stored") and
    ``on_stored`` hear of each one once its transaction committed."""

    def __init__(self, store: Store, run_id: int, tally: _Tally, progress: Progress | None,
                 on_stored: Callable[[Doc], Any] | None) -> None:
        self.store, self.run_id, self.tally = store, run_id, tally
        self.progress, self.on_stored = progress, on_stored
        self.docs: list[Doc] = []
        self.since = 0.0
        self.size = 1           # doubles after each batch, up to WRITE_BATCH

    def is_stored(self, article: Article) -> bool:
        """Whether ``article`` (same id and content) is stored, counting the docs waiting to
        be written as stored: the last of them with its id is what its id will hold."""
        waiting = [d.article.content_hash for d in self.docs if d.article.id == article.id]
        if waiting:
            return waiting[-1] == article.content_hash
        return self.store.has_article(article.id, article.content_hash)

    def add(self, doc: Doc) -> None:
        if not self.docs:
            self.since = time.monotonic()
        self.docs.append(doc)
        if len(self.docs) >= self.size or time.monotonic() - self.since > WRITE_WAIT:
            self.flush()
            self.size = min(2 * self.size, WRITE_BATCH)

    def flush(self, quiet: bool = False) -> None:
        """Write the waiting docs; ``quiet``: after another error, which wins over a store one."""
        docs, self.docs = self.docs, []
        if not docs:
            return
        if quiet:
            with suppress(StoreError):
                self.store.save_docs(docs, run_id=self.run_id)
                self._stored(docs)
            return
        self.store.save_docs(docs, run_id=self.run_id)
        self._stored(docs)

    def _stored(self, docs: list[Doc]) -> None:
        for doc in docs:
            self.tally.stored += 1
            self.tally.mentions += len(doc.mentions)
            self.tally.quotes += len(doc.quotes)
            if self.progress is not None:
                self.progress("stored", doc.article.source)
            if self.on_stored is not None:
                self.on_stored(doc)


def _fail(store: Store, failure: Failure, run_id: int, tally: _Tally) -> str:
    store.record_failure(failure, run_id=run_id)
    tally.failures.append(failure)
    return "failed"


def failure_of(article: Article, exc: ExtractError | IngestError) -> Failure:
    """The failure row of a document a stage could not analyse."""
    return Failure(source=article.source, code=exc.code, stage=exc.stage or "pipeline",
                   message=exc.reason, article_id=article.id)


def analyze_sources(sources: Iterable[str], settings: Settings, resources: Resources, *,
                    pipeline: Pipeline | None = None, client: httpx.Client | None = None,
                    published: str | None = None) -> Iterator[Doc | Failure]:
    """Analyse every article of ``sources`` without storing it; a Failure for each bad one.

    ``published`` (ISO date) stands in for articles that carry no publication date.
    """
    pipeline = pipeline or default_pipeline()
    for item in iter_articles([str(s) for s in sources], settings, langid=resources["langid"],
                              client=client):
        if isinstance(item, Failure):
            yield item
            continue
        if published and not item.published:
            item = dataclasses.replace(item, published=published)
        try:
            yield pipeline(item, resources)
        except DOCUMENT_ERRORS as exc:
            yield failure_of(item, exc)
