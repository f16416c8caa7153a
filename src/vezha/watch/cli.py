"""The watch commands of the ``vezha`` CLI: ``vezha watch add|list|show``, ``vezha alerts``,
``vezha brief``; registered on the group by ``vezha.cli``. Each parses its input and calls
one library function. ``ingest_hook`` is what ``vezha ingest`` / ``vezha batch`` use to
evaluate the active watchlists on what they store.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from ..store import alerts as alert_store

__all__ = ["watch_group", "alerts_command", "brief_command", "ingest_hook", "COMMANDS"]


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


def ingest_hook(app: Any, store: Any, resources: Any = None):
    """A Watcher over the active watchlists (delivering to the webhook when set), or None."""
    from .watcher import load_watcher
    from .webhook import webhook_deliverer
    kb = resources.get("kb") if resources is not None else None
    return load_watcher(store, app.settings, kb=kb, deliver=webhook_deliverer(app.settings))


@click.group(name="watch")
def watch_group() -> None:
    """Watchlists: named rules over entities, speakers, events, claims and bursts."""


@watch_group.command(name="add")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the stored watchlist as JSON.")
@click.pass_obj
def watch_add(app: Any, path: str, as_json: bool) -> None:
    """Store the watchlist written in PATH (YAML, or TOML for *.toml); replaces one of its name.

    Example: vezha watch add examples/watchlists/belarus.yaml
    """
    from .rules import format_of, parse_watchlist
    app.json_errors = as_json
    text = Path(path).read_text(encoding="utf-8")
    watchlist = parse_watchlist(text, format_of(path), path)
    with app.store() as store:
        alert_store.save_watchlist(store, watchlist.name, watchlist.title, watchlist.format, text)
    if as_json:
        _echo_json({"name": watchlist.name, "rules": [r.id for r in watchlist.rules]})
    else:
        click.echo(f"watchlist {watchlist.name}: {len(watchlist.rules)} rule(s) "
                   f"({', '.join(r.id for r in watchlist.rules)})")


@watch_group.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the watchlists as JSON lines.")
@click.pass_obj
def watch_list(app: Any, as_json: bool) -> None:
    """List the stored watchlists with their rule counts."""
    from .rules import parse_watchlist
    app.json_errors = as_json
    with app.store() as store:
        rows = alert_store.watchlist_rows(store)
    for row in rows:
        rules = parse_watchlist(row["text"], row["format"], row["name"]).rules
        if as_json:
            _echo_json({"name": row["name"], "title": row["title"], "rules": len(rules),
                        "active": bool(row["active"]), "updated_at": row["updated_at"]})
        else:
            click.echo(f"{row['name']:20} {len(rules):3} rule(s)  {row['title']}")
    if not rows and not as_json:
        click.echo("no watchlists; add one with: vezha watch add FILE", err=True)


@watch_group.command(name="show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the rules with their resolved entity ids.")
@click.pass_obj
def watch_show(app: Any, name: str, as_json: bool) -> None:
    """Show a watchlist as written, or (--json) its rules with the entity ids names resolve to."""
    from ..kb import load_kb
    from .watcher import stored_watchlist
    app.json_errors = as_json
    with app.store() as store:
        row = alert_store.watchlist_row(store, name)
        _, rules = stored_watchlist(store, name, load_kb(app.settings))
    if not as_json:
        click.echo(row["text"].rstrip())
        return
    _echo_json({"name": name, "title": row["title"], "format": row["format"], "rules": [
        {"id": c.rule.id, "kind": c.rule.kind, **{k: sorted(getattr(c, k).ids) for k in
         ("entity", "speaker", "about", "place", "participant") if getattr(c, k)}}
        for c in rules]})


@click.command(name="alerts")
@click.option("--watchlist", metavar="NAME", help="Only the alerts of this watchlist.")
@click.option("--since", metavar="TIME", help="Only alerts new or updated since TIME (ISO date or time).")
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True,
              help="Most alerts to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the alerts as JSON lines.")
@click.pass_obj
def alerts_command(app: Any, watchlist: str | None, since: str | None, limit: int,
                   as_json: bool) -> None:
    """List alerts, newest first: rule, evidence and every source (reprints are one alert)."""
    from .present import alert_line, alert_record
    app.json_errors = as_json
    with app.store() as store:
        found = alert_store.find_alerts(store, watchlist=watchlist, since=since, limit=limit)
    for alert in found:
        if as_json:
            _echo_json(alert_record(alert, app.settings.public_url))
        else:
            click.echo(alert_line(alert))
    if not found and not as_json:
        click.echo("no alerts", err=True)


@click.command(name="brief")
@click.option("--watchlist", metavar="NAME", required=True, help="The watchlist to brief on.")
@click.option("--since", default="24h", show_default=True,
              help="Window: 24h, 7d or a first date (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", default=None, help="Last day of the window (default: today).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Folder to write briefing-NAME-DATE.html (and .pdf) to.")
@click.option("--pdf", is_flag=True, help="Also render the briefing as PDF (WeasyPrint).")
@click.pass_obj
def brief_command(app: Any, watchlist: str, since: str, until: str | None, out_dir: str,
                  pdf: bool) -> None:
    """Render a briefing: top claims, events on a timeline, mention charts, alerts, source links.

    Example: vezha brief --watchlist belarus --since 24h --out briefs --pdf
    """
    from ..kb import load_kb
    from .brief import build_briefing, parse_since
    from .render import write_briefing
    from .watcher import stored_watchlist
    last = _date(until) if until else dt.date.today()
    first = parse_since(since, last)
    kb = load_kb(app.settings)
    with app.store() as store:
        wl, rules = stored_watchlist(store, watchlist, kb)
        brief = build_briefing(store, wl.name, wl.title, rules, kb, first, last,
                               app.settings.public_url)
    for path in write_briefing(brief, out_dir, pdf):
        click.echo(str(path))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


COMMANDS = (watch_group, alerts_command, brief_command)
