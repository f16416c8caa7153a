"""The commands that run the pipeline: ``vezha analyze``, ``vezha ingest``, ``vezha batch``."""
from __future__ import annotations

import click

from .. import console
from ..model import Doc, Failure
from ..watch.cli import ingest_hook
from .app import EXIT_STATUS, App
from .common import echo_report, exit_with, iso_date

__all__ = ["COMMANDS", "analyze", "ingest", "batch_command"]

SOURCES = click.argument("sources", nargs=-1, required=True, metavar="PATH|URL...")
FORCE = click.option("--force", is_flag=True,
                     help="Analyse and replace articles already stored with the same content too.")


@click.command(epilog=EXIT_STATUS)
@SOURCES
@click.option("--jsonl", is_flag=True, help="One contract JSON line per document on stdout.")
@click.option("--debug", is_flag=True, help="Add the rule that decided each quote and time.")
@click.option("--published", metavar="DATE", callback=iso_date,
              help="Publication date (YYYY-MM-DD) for documents that carry none.")
@click.pass_obj
def analyze(app: App, sources: tuple[str, ...], jsonl: bool, debug: bool,
            published: str | None) -> None:
    """Analyse files, folders or URLs without storing them.

    With --jsonl, prints one JSON object per document in the evaluation contract (id, text,
    language, published, url, title, entities, quotes, times, events); otherwise one summary
    line per document. Failed inputs are listed on stderr.
    """
    from ..runner import analyze_sources
    if debug:
        app.overrides["debug_rules"] = True
    pipeline, resources = app.load()
    items = analyze_sources(sources, app.settings, resources, pipeline=pipeline,
                            published=published)
    with console.Progress(outcomes=("analysed", "failed"), label="analysing") as progress:
        failed = sum(_echo_analysed(item, jsonl, debug, progress) for item in items)
    exit_with(1 if failed else 0)


def _echo_analysed(item: Doc | Failure, jsonl: bool, debug: bool, progress) -> bool:
    """Print one analysed document (stdout) or failure (stderr); True when it failed."""
    from ..export import doc_to_record, record_id, to_jsonl
    failed = isinstance(item, Failure)
    if progress is not None:
        progress("failed" if failed else "analysed", item.source if failed else item.article.source)
    if failed:
        click.echo(console.failure_line(item), err=True)
    else:
        click.echo(to_jsonl(doc_to_record(item, debug=debug)) if jsonl
                   else console.doc_line(item, record_id(item)))
    return failed


@click.command(epilog=EXIT_STATUS)
@SOURCES
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@FORCE
@click.pass_obj
def ingest(app: App, sources: tuple[str, ...], as_json: bool, force: bool) -> None:
    """Ingest files, folders, feeds, JSONL dumps or URLs into the store.

    Articles are analysed and stored up to 32 per transaction; articles already stored with
    the same content are skipped, so a rerun (or a run after Ctrl-C) continues where the last
    one stopped. Bad inputs are listed with their error code and stored as failure rows.
    """
    from ..runner import ingest_into
    app.json_errors = as_json
    pipeline, resources = app.load()
    with app.store() as store, console.Progress(not as_json) as progress:
        report = ingest_into(store, sources, app.settings, resources, pipeline=pipeline,
                             progress=progress, force=force,
                             on_stored=ingest_hook(app, store, resources))
    echo_report(report, as_json)
    exit_with(report.exit_code)


@click.command(name="batch", epilog=EXIT_STATUS)
@SOURCES
@click.option("--workers", type=click.IntRange(1, 512), default=2, show_default=True,
              help="Worker processes of the local Dask cluster (one thread each).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="A running Dask scheduler (tcp://host:8786) instead of a local cluster.")
@click.option("--out", default="store", show_default=True, metavar="store|parquet:FOLDER",
              help="Write to the store (db_url) or to Parquet files in FOLDER.")
@FORCE
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_obj
def batch_command(app: App, sources: tuple[str, ...], workers: int, scheduler: str | None,
                  out: str, force: bool, as_json: bool) -> None:
    """Run the pipeline over SOURCES on Dask distributed and store the results.

    Same stages as `vezha analyze`; documents are written in transactions of batch_size by
    one writer; stored articles are skipped, so a rerun after a crash continues.
    """
    from ..batch import run_batch
    app.json_errors = as_json
    with console.Progress(not as_json) as progress:
        report = run_batch(sources, app.settings, workers=workers, scheduler=scheduler, out=out,
                           force=force, progress=progress)
    if out == "store":
        _watch_run(app, report.run_id)
    echo_report(report, as_json)
    exit_with(report.exit_code)


def _watch_run(app: App, run_id: int) -> None:
    """The active watchlists' rules on what the run stored."""
    with app.store() as store:
        watcher = ingest_hook(app, store)
        if watcher is not None:
            watcher.evaluate_run(run_id)


COMMANDS = (analyze, ingest, batch_command)
