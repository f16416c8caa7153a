"""Human-readable output of the CLI: lines for documents, reports, stats and failures, and the
rich progress line of long runs. Pure functions returning strings, apart from the progress."""
from __future__ import annotations

import sys
from typing import Any, Callable, Iterator

from .model import Doc, Failure, SearchHit

__all__ = ["failure_line", "doc_line", "report_line", "run_line", "hit_lines", "show_lines",
           "stats_lines", "Progress", "TEXT_PREVIEW"]

TEXT_PREVIEW = 300      # characters of the article text `vezha show` prints
QUOTE_PREVIEW = 120


def failure_line(failure: Failure) -> str:
    stage = f" (stage: {failure.stage})" if failure.stage else ""
    return f"failed  {failure.source}  [{failure.code}] {failure.message}{stage}"


def doc_line(doc: Doc, doc_id: str) -> str:
    return (f"{doc_id}  {doc.article.language}  {len(doc.text)} chars  "
            f"{len(doc.mentions)} mentions  {len(doc.quotes)} quotes  {len(doc.times)} times")


def report_line(report: Any) -> str:
    """The summary of a RunReport."""
    return (f"run {report.run_id}: stored {report.stored} articles ({report.mentions} mentions, "
            f"{report.quotes} quotes), skipped {report.skipped} already stored, "
            f"{report.failed} failed")


def run_line(run: dict[str, Any]) -> str:
    """One row of the runs table."""
    counts = ", ".join(f"{k} {v}" for k, v in run["counts"].items())
    return (f"{run['id']}  {run['started_at']}  {run['command']}  {run['status']}  "
            f"{' '.join(run['inputs'])[:60]}  {counts}")


def hit_lines(hit: SearchHit) -> Iterator[str]:
    yield f"{hit.article_id}  {hit.published or '-'}  {hit.title or ''}"
    yield f"    {hit.marked()}"


def show_lines(record: dict[str, Any]) -> Iterator[str]:
    """A stored article (as a contract record plus article_id and source), for reading."""
    text = record["text"]
    yield f"{record['article_id']}  ({record['language']}, {record['published'] or 'no date'})"
    yield f"title:  {record['title'] or '-'}"
    yield f"source: {record['source']}"
    yield f"text:   {text[:TEXT_PREVIEW]}{'…' if len(text) > TEXT_PREVIEW else ''}"
    for m in record["entities"]:
        yield f"  entity {m['type']:4} {m['text']} → {m['lemma']} [{m['entity_id']}]"
    for q in record["quotes"]:
        speaker = (q["speaker"] or {}).get("name", "?")
        yield f"  quote  {speaker}: «{q['text'][:QUOTE_PREVIEW]}»"
    for t in record["times"]:
        yield f"  time   {t['text']} = {t['value']}"


def stats_lines(figures: dict[str, Any], db_url: str) -> Iterator[str]:
    yield f"database: {db_url}"
    for name, n in figures["counts"].items():
        yield f"{name:>10}  {n}"
    for key in ("languages", "mention_types", "failure_codes", "top_speakers", "top_entities"):
        if figures[key]:
            yield f"{key.replace('_', ' ')}: " + ", ".join(f"{k} {v}" for k, v in figures[key].items())
    run = figures["last_run"]
    if run:
        yield f"last run: {run['id']} {run['command']} {run['status']} {run['counts']}"


class Progress:
    """A rich progress line on stderr, only when stderr is a terminal; counts each outcome.

    ``with Progress() as update:`` gives a ``(outcome, source)`` callable, or None when off.
    """

    def __init__(self, enabled: bool = True, *,
                 outcomes: tuple[str, ...] = ("stored", "skipped", "failed"),
                 label: str = "ingesting") -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.counts = dict.fromkeys(outcomes, 0)
        self.label = label

    def __enter__(self) -> Callable[[str, str], None] | None:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress
        self.bar = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True),
                                transient=True)
        self.bar.__enter__()
        self.task = self.bar.add_task(self.label, total=None)
        return self.update

    def update(self, outcome: str, source: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        text = ", ".join(f"{k} {v}" for k, v in self.counts.items())
        self.bar.update(self.task, description=f"{text}  {source.rsplit('/', 1)[-1][-30:]}")

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.__exit__(*exc)
