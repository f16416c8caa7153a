"""Settings, serving and training: ``vezha settings``, ``vezha serve``, ``vezha train ner``."""
from __future__ import annotations

import click

from ..settings import describe_settings
from .app import App
from .common import json_out

__all__ = ["COMMANDS", "settings_command", "serve_command", "train_group"]


@click.command(name="settings")
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
            json_out({"name": name, "value": value, "default": default, "help": help_text})
        else:
            click.echo(f"{name} = {value!r}  (default {default!r})\n    {help_text}")


@click.command(name="serve")
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
    from ..web import create_app
    web = create_app(app.settings, app.store())
    click.echo(f"vezha: serving {app.settings.db_url} at http://{host}:{port}/ (Ctrl-C stops)",
               err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@click.group(name="train")
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
    from ..train import TrainConfig, train_ner
    meta = train_ner(app.settings, TrainConfig(neruk=not no_neruk, max_iterations=iterations),
                     out_dir=out_dir, log=lambda line: click.echo(line, err=True))
    json_out(meta)


COMMANDS = (settings_command, serve_command, train_group)
