"""The commands that read the store's records: ``vezha search``, ``show``, ``stats``,
``failures`` and ``runs``."""
from __future__ import annotations

import click

from .. import console
from ..errors import StoreError
from ..model import to_dict
from .app import App
from .common import echo_lines, echo_none, echo_rows, json_out

__all__ = ["COMMANDS", "search", "show", "stats", "failures", "runs"]


@click.command()
@click.argument("query")
@click.option("--lang", type=click.Choice(["uk", "ru", "en"]), default=None,
              help="Only articles in this language (and read the query in it).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="Most hits to show.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Hits to skip (paging).")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON lines.")
@click.pass_obj
def search(app: App, query: str, lang: str | None, limit: int, offset: int,
           as_json: bool) -> None:
    """Full-text search over lemmas: "Лукашенко" also finds "Лукашенка" and "Лукашенком".

    Every word of QUERY must occur in the article (in any inflected form).
    """
    app.json_errors = as_json
    with app.store() as store:
        hits = store.search(query, language=lang, limit=limit, offset=offset)
    for hit in hits:
        if as_json:
            json_out({**to_dict(hit), "marked": hit.marked()})
        else:
            echo_lines(console.hit_lines(hit))
    echo_none(hits, as_json, "no matches")


@click.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the document as a contract record.")
@click.pass_obj
def show(app: App, article_id: str, as_json: bool) -> None:
    """Show one stored article: metadata, entities, quotes and times."""
    from ..export import doc_to_record
    app.json_errors = as_json
    with app.store() as store:
        doc = store.get_doc(article_id)
    if doc is None:
        raise StoreError("no article with this id", code="V504", source=article_id)
    record = {**doc_to_record(doc), "article_id": doc.article.id, "source": doc.article.source}
    if as_json:
        json_out(record)
    else:
        echo_lines(console.show_lines(record))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def stats(app: App, as_json: bool) -> None:
    """What the store holds: counts by table, language, entity type and error code."""
    app.json_errors = as_json
    with app.store() as store:
        figures = store.stats()
    if as_json:
        json_out(figures)
    else:
        echo_lines(console.stats_lines(figures, app.settings.db_url))


@click.command()
@click.option("--run", "run_id", type=int, default=None, help="Only the failures of run N.")
@click.option("--json", "as_json", is_flag=True, help="Print the failures as JSON lines.")
@click.pass_obj
def failures(app: App, run_id: int | None, as_json: bool) -> None:
    """List the inputs that failed, with their error codes (all runs, or one)."""
    app.json_errors = as_json
    with app.store() as store:
        rows = store.failures(run_id)
    echo_rows(rows, as_json, console.failure_line)


@click.command()
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True,
              help="How many of the latest runs.")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON lines.")
@click.pass_obj
def runs(app: App, limit: int, as_json: bool) -> None:
    """List the latest runs: command, inputs, status (done, interrupted, failed) and counts."""
    app.json_errors = as_json
    with app.store() as store:
        rows = store.runs(limit)
    echo_rows(rows, as_json, console.run_line)


COMMANDS = (search, show, stats, failures, runs)
