"""The root ``vezha`` group and what its commands share: ``App`` (settings, resources and the
pipeline loaded on first use) and ``VezhaGroup`` (a ``VezhaError`` becomes its exit status).
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

import click

from .. import __version__
from ..errors import VezhaError
from ..pipeline import Pipeline, Resources, default_pipeline, load_resources
from ..settings import Settings, load_settings

__all__ = ["App", "VezhaGroup", "cli", "EXIT_STATUS"]

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
        from ..store import open_store
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
