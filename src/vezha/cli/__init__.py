"""The ``vezha`` command line: each command parses its input and calls one library function.

The root group and what commands share are in ``app``; the commands live by family in
``run`` (analyze, ingest, batch), ``read`` (search, show, stats, failures, runs), ``knowledge``
(quotes, entity, events, repeats, stories), ``admin`` (settings, serve, train) and
``vezha.watch.cli`` (watch, alerts, brief). Add a command to its family's module and its
``COMMANDS``, document it in README.md (a test checks), and let ``VezhaError`` propagate: the
group turns it into a message on stderr and the error's exit status.
"""
from __future__ import annotations

from ..watch.cli import COMMANDS as WATCH_COMMANDS
from . import admin, knowledge, read, run
from .app import EXIT_STATUS, App, cli

__all__ = ["cli", "main", "App", "EXIT_STATUS"]

for _command in (*run.COMMANDS, *read.COMMANDS, *knowledge.COMMANDS, *admin.COMMANDS,
                 *WATCH_COMMANDS):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``vezha`` script."""
    cli(prog_name="vezha")
