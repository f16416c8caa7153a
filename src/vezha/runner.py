"""Runs: ingest sources, analyse each article, store it — one document, one transaction.

``ingest_into`` is what ``vezha ingest`` does; ``analyze_sources`` is what ``vezha analyze``
does (no store). Failure policy, per document:

* a bad input (a ``Failure`` from ingestion) or a stage failing on one document
  (``ExtractError``/``IngestError``) becomes a failure row; the batch goes on;
* a missing model, a bad setting or a database error (``ModelError``/``ConfigError``/
  ``StoreError``) would fail every document: the run is marked ``failed`` and the error raised;
* Ctrl-C marks the run ``interrupted`` and re-raises; the document being written is rolled
  back, the ones before it stay stored, and the next run skips them (same id and content
  hash), so it continues where this one stopped.
"""
from __future__ import annotations

import dataclasses
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
    try:
        for item in iter_articles(sources, settings, langid=resources["langid"], client=client):
            outcome = _ingest_one(store, item, pipeline, resources, run_id, tally, force,
                                  on_stored)
            if progress is not None:
                progress(outcome, item.source)
    except KeyboardInterrupt:
        _finish(store, tally.report(run_id, "interrupted"))
        raise
    except BaseException:
        _finish(store, tally.report(run_id, "failed"))
        raise
    report = tally.report(run_id, "done")
    store.finish_run(run_id, report.status, report.counts())
    return report


def _finish(store: Store, report: RunReport) -> None:
    with suppress(StoreError):      # the database may be what failed; the original error wins
        store.finish_run(report.run_id, report.status, report.counts())


def _ingest_one(store: Store, item: Article | Failure, pipeline: Pipeline, resources: Resources,
                run_id: int, tally: _Tally, force: bool = False,
                on_stored: Callable[[Doc], Any] | None = None) -> str:
    if isinstance(item, Failure):
        return _fail(store, item, run_id, tally)
    if not force and store.has_article(item.id, item.content_hash):
        tally.skipped += 1
        return "skipped"
    try:
        doc = pipeline(item, resources)
    except DOCUMENT_ERRORS as exc:
        return _fail(store, failure_of(item, exc), run_id, tally)
    store.save_doc(doc, run_id=run_id)
    if on_stored is not None:
        on_stored(doc)
    tally.stored += 1
    tally.mentions += len(doc.mentions)
    tally.quotes += len(doc.quotes)
    return "stored"


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
