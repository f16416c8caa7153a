"""The ``vezha`` command line: each command parses its input and calls one library function.

Add a command with ``@cli.command()`` (or ``@cli.group()`` for a family such as ``vezha train``)
below the others, document it in README.md (a test checks), and let ``VezhaError`` propagate:
the group turns it into a message on stderr and the error's exit status.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

import click

from . import __version__, console
from .errors import StoreError, VezhaError
from .model import Doc, Failure, to_dict
from .pipeline import Pipeline, Resources, default_pipeline, load_resources
from .settings import Settings, describe_settings, load_settings

__all__ = ["cli", "main", "App", "EXIT_STATUS"]

EXIT_STATUS = """\b
Exit status:
  0    everything was stored (or analysed)
  1    some inputs failed: they are listed, and stored as failure rows; the rest was stored
  2    usage or configuration error
  3-6  a fatal error of that class: 3 ingest, 4 extraction, 5 model, 6 store
  130  interrupted (Ctrl-C); what was stored stays stored, the next run continues"""


@dataclass
class App:
    """What the commands share: settings, and resources and the pipeline loaded on first use."""
    config: str | None = None
    db_url: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    resources: Resources | None = None
    pipeline: Pipeline | None = None
    json_errors: bool = False

    @property
    def settings(self) -> Settings:
        return load_settings(self.config, db_url=self.db_url, **self.overrides)

    def load(self, names: frozenset[str] | None = None) -> tuple[Pipeline | None, Resources]:
        """The default pipeline and its resources plus langid, loaded once (or only ``names``)."""
        if names is None:
            self.pipeline = self.pipeline or default_pipeline()
            names = self.pipeline.resources | {"langid"}
        if self.resources is None or not names <= set(self.resources.items):
            self.resources = load_resources(self.settings, names)
        # the stages read settings from their resources: hand them the current ones (--debug)
        return self.pipeline, dataclasses.replace(self.resources, settings=self.settings)

    def store(self):
        from .store import open_store
        morph = self.load(frozenset({"morph"}))[1].get("morph")
        return open_store(self.settings.db_url, lemmatize=morph.lemma if morph else None)


class VezhaGroup(click.Group):
    """Turns a VezhaError into its message on stderr and its exit status; Ctrl-C into 130."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VezhaError as err:
            app = ctx.find_object(App)
            if app is not None and app.json_errors:
                click.echo(json.dumps({"error": err.as_dict()}, ensure_ascii=False))
            click.echo(f"vezha: error {err}", err=True)
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("vezha: interrupted; what was stored stays stored, run again to continue",
                       err=True)
            ctx.exit(130)


@click.group(cls=VezhaGroup, epilog=EXIT_STATUS)
@click.option("--db", "db_url", metavar="URL", default=None,
              help="Database URL (default: the db_url setting, sqlite:///vezha.db).")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (TOML) read before VEZHA_* variables and flags.")
@click.version_option(__version__, prog_name="vezha")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, config: str | None) -> None:
    """Vezha: who said what, about whom, when, where — and who repeated it."""
    app = ctx.ensure_object(App)
    app.db_url = db_url or app.db_url
    app.config = config or app.config


def _exit(status: int) -> None:
    click.get_current_context().exit(status)


def _json_out(value: Any) -> None:
    click.echo(json.dumps(to_dict(value), ensure_ascii=False, indent=None))


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def _echo_lines(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(line)


def _echo_rows(rows: Iterable[Any], as_json: bool, line: Callable[[Any], str]) -> None:
    """Each row as a JSON line, or as the text line ``line`` makes of it."""
    for row in rows:
        if as_json:
            _json_out(row)
        else:
            click.echo(line(row))


@cli.command(epilog=EXIT_STATUS)
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--jsonl", is_flag=True, help="One contract JSON line per document on stdout.")
@click.option("--debug", is_flag=True, help="Add the rule that decided each quote and time.")
@click.option("--published", metavar="DATE", callback=_iso_date,
              help="Publication date (YYYY-MM-DD) for documents that carry none.")
@click.pass_obj
def analyze(app: App, sources: tuple[str, ...], jsonl: bool, debug: bool,
            published: str | None) -> None:
    """Analyse files, folders or URLs without storing them.

    With --jsonl, prints one JSON object per document in the evaluation contract (id, text,
    language, published, url, title, entities, quotes, times, events); otherwise one summary
    line per document. Failed inputs are listed on stderr.
    """
    from .runner import analyze_sources
    if debug:
        app.overrides["debug_rules"] = True
    pipeline, resources = app.load()
    items = analyze_sources(sources, app.settings, resources, pipeline=pipeline,
                            published=published)
    with console.Progress(outcomes=("analysed", "failed"), label="analysing") as progress:
        failed = sum(_echo_analysed(item, jsonl, debug, progress) for item in items)
    _exit(1 if failed else 0)


def _echo_analysed(item: Doc | Failure, jsonl: bool, debug: bool, progress) -> bool:
    """Print one analysed document (stdout) or failure (stderr); True when it failed."""
    from .export import doc_to_record, record_id, to_jsonl
    failed = isinstance(item, Failure)
    if progress is not None:
        progress("failed" if failed else "analysed", item.source if failed else item.article.source)
    if failed:
        click.echo(console.failure_line(item), err=True)
    else:
        click.echo(to_jsonl(doc_to_record(item, debug=debug)) if jsonl
                   else console.doc_line(item, record_id(item)))
    return failed


@cli.command(epilog=EXIT_STATUS)
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.option("--force", is_flag=True,
              help="Analyse and replace articles already stored with the same content too.")
@click.pass_obj
def ingest(app: App, sources: tuple[str, ...], as_json: bool, force: bool) -> None:
    """Ingest files, folders, feeds, JSONL dumps or URLs into the store.

    Articles are analysed and stored up to eight per transaction; articles already stored with
    the same content are skipped, so a rerun (or a run after Ctrl-C) continues where the last
    one stopped. Bad inputs are listed with their error code and stored as failure rows.
    """
    from .runner import ingest_into
    app.json_errors = as_json
    pipeline, resources = app.load()
    with app.store() as store, console.Progress(not as_json) as progress:
        report = ingest_into(store, sources, app.settings, resources, pipeline=pipeline,
                             progress=progress, force=force,
                             on_stored=ingest_hook(app, store, resources))
    if as_json:
        _json_out({"run_id": report.run_id, "status": report.status, **report.counts(),
                   "failures": report.failures})
    else:
        click.echo(console.report_line(report))
        for failure in report.failures:
            click.echo(console.failure_line(failure), err=True)
    _exit(report.exit_code)


@cli.command()
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
            _json_out({**to_dict(hit), "marked": hit.marked()})
        else:
            _echo_lines(console.hit_lines(hit))
    if not hits and not as_json:
        click.echo("no matches", err=True)


@cli.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the document as a contract record.")
@click.pass_obj
def show(app: App, article_id: str, as_json: bool) -> None:
    """Show one stored article: metadata, entities, quotes and times."""
    from .export import doc_to_record
    app.json_errors = as_json
    with app.store() as store:
        doc = store.get_doc(article_id)
    if doc is None:
        raise StoreError("no article with this id", code="V504", source=article_id)
    record = {**doc_to_record(doc), "article_id": doc.article.id, "source": doc.article.source}
    if as_json:
        _json_out(record)
    else:
        _echo_lines(console.show_lines(record))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def stats(app: App, as_json: bool) -> None:
    """What the store holds: counts by table, language, entity type and error code."""
    app.json_errors = as_json
    with app.store() as store:
        figures = store.stats()
    if as_json:
        _json_out(figures)
    else:
        _echo_lines(console.stats_lines(figures, app.settings.db_url))


@cli.command()
@click.option("--run", "run_id", type=int, default=None, help="Only the failures of run N.")
@click.option("--json", "as_json", is_flag=True, help="Print the failures as JSON lines.")
@click.pass_obj
def failures(app: App, run_id: int | None, as_json: bool) -> None:
    """List the inputs that failed, with their error codes (all runs, or one)."""
    app.json_errors = as_json
    with app.store() as store:
        rows = store.failures(run_id)
    _echo_rows(rows, as_json, console.failure_line)


@cli.command()
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True,
              help="How many of the latest runs.")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON lines.")
@click.pass_obj
def runs(app: App, limit: int, as_json: bool) -> None:
    """List the latest runs: command, inputs, status (done, interrupted, failed) and counts."""
    app.json_errors = as_json
    with app.store() as store:
        rows = store.runs(limit)
    _echo_rows(rows, as_json, console.run_line)


@cli.command(name="settings")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON lines.")
@click.pass_obj
def settings_command(app: App, as_json: bool) -> None:
    """List every setting: name, current value, default and help.

    Set one in a TOML file (--config), as VEZHA_<NAME> in the environment, or by a flag.
    """
    current = app.settings
    for name, default, help_text in describe_settings():
        value = getattr(current, name)
        if as_json:
            _json_out({"name": name, "value": value, "default": default, "help": help_text})
        else:
            click.echo(f"{name} = {value!r}  (default {default!r})\n    {help_text}")


@cli.command(name="quotes")
@click.option("--speaker", metavar="NAME", help="Only claims by this speaker (surname, full name or entity id).")
@click.option("--about", metavar="NAME", help="Only claims about this entity (name, alias or entity id).")
@click.option("--from", "date_from", metavar="DATE", callback=_iso_date,
              help="Only claims published on or after DATE (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", callback=_iso_date,
              help="Only claims published on or before DATE (YYYY-MM-DD).")
@click.option("--lang", type=click.Choice(["uk", "ru", "en"]), default=None,
              help="Only claims from articles in this language.")
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True,
              help="Most claims to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON lines.")
@click.pass_obj
def quotes_command(app: App, speaker: str | None, about: str | None, date_from: str | None,
                   date_to: str | None, lang: str | None, limit: int, as_json: bool) -> None:
    """Who said what: stored claims by speaker, subject, date and language, newest first.

    Example: vezha quotes --speaker Жданов --about Лукашенко --from 2022-12-01
    """
    from .store.claims import ClaimQuery, find_claims
    app.json_errors = as_json
    with app.store() as store:
        found = find_claims(store, ClaimQuery(speaker, about, date_from, date_to, lang, limit))
    for claim in found:
        if as_json:
            _json_out(claim)
        else:
            mood = "" if claim.modality == "asserted" else f", {claim.modality}"
            click.echo(f"{claim.published or '?':10}  {claim.speaker_name}  [{claim.kind}{mood}]  "
                       f"«{claim.text}»  ({claim.article_id})")
    if not found and not as_json:
        click.echo("no claims", err=True)


@cli.group(name="train")
def train_group() -> None:
    """Train the models Vezha ships (data from the shared_dir setting)."""


@train_group.command(name="ner")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder to write the model to (default: the model_dir setting, else the package's).")
@click.option("--iterations", type=click.IntRange(1, 1000), default=100, show_default=True,
              help="Most L-BFGS iterations of the CRF.")
@click.option("--no-neruk", is_flag=True, help="Train on SlavicNER only, without NER-UK.")
@click.pass_obj
def train_ner_command(app: App, out_dir: str | None, iterations: int, no_neruk: bool) -> None:
    """Train the entity recogniser and base-form model on SlavicNER (uk, ru) and NER-UK.

    Example: vezha train ner --iterations 100
    """
    from .train import TrainConfig, train_ner
    meta = train_ner(app.settings, TrainConfig(neruk=not no_neruk, max_iterations=iterations),
                     out_dir=out_dir, log=lambda line: click.echo(line, err=True))
    _json_out(meta)


@cli.command(name="entity")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the profile as JSON.")
@click.pass_obj
def entity_command(app: App, name: str, as_json: bool) -> None:
    """Profile of an entity: aliases by language, mention count, articles, co-occurring entities.

    NAME is an entity id, a name in any case or form the store has seen, or a KB alias
    (Путін, Путин and Putin find the same person). Example: vezha entity Лукашенко --json
    """
    from .store.entities import entity_profile, profile_lines
    app.json_errors = as_json
    with app.store() as store:
        profile = entity_profile(store, name)
    if as_json:
        _json_out(profile)
    else:
        _echo_lines(profile_lines(profile))


@cli.command(name="events")
@click.option("--about", metavar="NAME", help="Only events with this participant or place (name, alias or entity id).")
@click.option("--type", "type_", metavar="T", help="Only events of this type (strike, battle, movement, meeting, "
              "statement, sanctions, mobilisation, invasion, protest, territory).")
@click.option("--from", "date_from", metavar="DATE", callback=_iso_date,
              help="Only events whose dates (else their article's date) reach DATE (YYYY-MM-DD) or later.")
@click.option("--to", "date_to", metavar="DATE", callback=_iso_date,
              help="Only events whose dates (else their article's date) start on or before DATE.")
@click.option("--place", metavar="NAME", help="Only events placed here (place name, alias or entity id).")
@click.option("--lang", type=click.Choice(["uk", "ru", "en"]), help="Only events from articles in this language.")
@click.option("--limit", type=click.IntRange(1, 10000), default=200, show_default=True,
              help="Most events to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON lines.")
@click.pass_obj
def events_command(app: App, about: str | None, type_: str | None, date_from: str | None,
                   date_to: str | None, place: str | None, lang: str | None, limit: int,
                   as_json: bool) -> None:
    """What happened, when and where: stored events by entity, type and date, latest first.

    Example: vezha events --about Білорусь --from 2022-12-01
    """
    from .store.events import event_rows, find_events
    app.json_errors = as_json
    with app.store() as store:
        found = find_events(store, about=about, type=type_, date_from=date_from, date_to=date_to,
                            place=place, lang=lang, limit=limit)
    for row in event_rows(found):
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            where = f" @ {row['place_name']}" if row["place_name"] else ""
            who = ", ".join(row["participants"])
            click.echo(f"{row['time'] or (row['published'] or '?') + '*':22}  {row['type']:12}  "
                       f"«{row['trigger']}»{where}  [{who}]  ({row['article_id']}, {row['confidence']:.2f})")
    if not found and not as_json:
        click.echo("no events", err=True)


@cli.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.pass_obj
def serve_command(app: App, host: str, port: int) -> None:
    """Serve the web UI and the HTTP API (FastAPI + uvicorn) over the store.

    Pages: /search, /article/ID, /speaker/ID, /entity/ID, /graph, /timeline, /ingest, each with
    a .json twin; REST routes under /api, described at /api/openapi.json. Example:
    vezha --db sqlite:///vezha.db serve --port 8000
    """
    import uvicorn
    from .web import create_app
    web = create_app(app.settings, app.store())
    click.echo(f"vezha: serving {app.settings.db_url} at http://{host}:{port}/ (Ctrl-C stops)",
               err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@cli.command(name="batch", epilog=EXIT_STATUS)
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--workers", type=click.IntRange(1, 512), default=2, show_default=True,
              help="Worker processes of the local Dask cluster (one thread each).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="A running Dask scheduler (tcp://host:8786) instead of a local cluster.")
@click.option("--out", default="store", show_default=True, metavar="store|parquet:FOLDER",
              help="Write to the store (db_url) or to Parquet files in FOLDER.")
@click.option("--force", is_flag=True,
              help="Analyse and replace articles already stored with the same content too.")
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_obj
def batch_command(app: App, sources: tuple[str, ...], workers: int, scheduler: str | None,
                  out: str, force: bool, as_json: bool) -> None:
    """Run the pipeline over SOURCES on Dask distributed and store the results.

    Same stages as `vezha analyze`; documents are written in transactions of batch_size by
    one writer; stored articles are skipped, so a rerun after a crash continues.
    """
    from .batch import run_batch
    app.json_errors = as_json
    with console.Progress(not as_json) as progress:
        report = run_batch(sources, app.settings, workers=workers, scheduler=scheduler, out=out,
                           force=force, progress=progress)
    if out == "store":      # the active watchlists' rules on what this run stored
        with app.store() as store:
            watcher = ingest_hook(app, store)
            if watcher is not None:
                watcher.evaluate_run(report.run_id)
    if as_json:
        _json_out({"run_id": report.run_id, "status": report.status, **report.counts(),
                   "failures": report.failures})
    else:
        click.echo(console.report_line(report))
        for failure in report.failures:
            click.echo(console.failure_line(failure), err=True)
    _exit(report.exit_code)


@cli.command(name="repeats")
@click.option("--speaker", metavar="NAME", help="Only quotes by this speaker (name or entity id).")
@click.option("--min-sources", type=click.IntRange(1), default=2, show_default=True,
              help="Fewest articles that must carry the quote.")
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True,
              help="Most quotes to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the quotes as JSON lines.")
@click.pass_obj
def repeats_command(app: App, speaker: str | None, min_sources: int, limit: int,
                    as_json: bool) -> None:
    """Quotes repeated across articles: each once, with every source and the first one."""
    from .store.repeats import repeated_quotes
    app.json_errors = as_json
    with app.store() as store:
        found = repeated_quotes(store, speaker=speaker, min_sources=min_sources, limit=limit)
    for q in found:
        if as_json:
            _json_out({**to_dict(q), "outlets": q.outlets})
            continue
        click.echo(f"{q.speaker}: «{q.text}» — first {q.first.outlet or '?'} "
                   f"{q.first.published or '?'} ({q.first.article_id}); {len(q.sources)} sources: "
                   + ", ".join(s.outlet or s.article_id for s in q.sources))
    if not found and not as_json:
        click.echo("no repeated quotes", err=True)


@cli.command(name="stories")
@click.option("--threshold", type=click.FloatRange(0.1, 1.0), default=None,
              help="Estimated Jaccard similarity that makes one story (default 0.5).")
@click.option("--json", "as_json", is_flag=True, help="Print the groups as JSON lines.")
@click.pass_obj
def stories_command(app: App, threshold: float | None, as_json: bool) -> None:
    """Group stored articles into stories (reprints and rewrites, MinHash LSH) and list them."""
    from .dedup import THRESHOLD
    from .store.repeats import update_story_groups
    app.json_errors = as_json
    with app.store() as store:
        groups = update_story_groups(store, threshold or THRESHOLD)
    for g in groups:
        if as_json:
            _json_out(g)
        else:
            click.echo(f"{g.first}: " + ", ".join(f"{a} ({sim:.2f})" for a, sim in g.members))
    if not groups and not as_json:
        click.echo("no near-duplicate stories", err=True)


# vezha watch add|list|show, vezha alerts, vezha brief (vezha/watch/cli.py)
from .watch.cli import COMMANDS as WATCH_COMMANDS, ingest_hook  # noqa: E402

for _command in WATCH_COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``vezha`` script."""
    cli(prog_name="vezha")

