"""Small output and parsing helpers the command modules share."""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Callable, Iterable

import click

from .. import console
from ..model import to_dict

__all__ = ["exit_with", "json_out", "iso_date", "echo_lines", "echo_rows", "echo_none", "echo_report"]


def exit_with(status: int) -> None:
    click.get_current_context().exit(status)


def json_out(value: Any) -> None:
    click.echo(json.dumps(to_dict(value), ensure_ascii=False, indent=None))


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A ``--from`` / ``--to`` / ``--published`` value checked as an ISO date."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def echo_lines(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(line)


def echo_rows(rows: Iterable[Any], as_json: bool, line: Callable[[Any], str]) -> None:
    """Each row as a JSON line, or as the text line ``line`` makes of it."""
    for row in rows:
        if as_json:
            json_out(row)
        else:
            click.echo(line(row))


def echo_none(found: Any, as_json: bool, message: str) -> None:
    """``message`` on stderr when a text listing found nothing."""
    if not found and not as_json:
        click.echo(message, err=True)


def echo_report(report: Any, as_json: bool) -> None:
    """A run report (``vezha ingest``, ``vezha batch``): JSON, or a line and the failures."""
    if as_json:
        json_out({"run_id": report.run_id, "status": report.status, **report.counts(),
                  "failures": report.failures})
        return
    click.echo(console.report_line(report))
    for failure in report.failures:
        click.echo(console.failure_line(failure), err=True)
