"""The commands that query the knowledge base: ``vezha quotes``, ``entity``, ``events``,
``repeats`` and ``stories``."""
from __future__ import annotations

from typing import Any

import click

from ..model import to_dict
from .app import App
from .common import echo_lines, echo_none, echo_rows, iso_date, json_out

__all__ = ["COMMANDS", "quotes_command", "entity_command", "events_command", "repeats_command",
           "stories_command"]

LANG = click.Choice(["uk", "ru", "en"])


@click.command(name="quotes")
@click.option("--speaker", metavar="NAME", help="Only claims by this speaker (surname, full name or entity id).")
@click.option("--about", metavar="NAME", help="Only claims about this entity (name, alias or entity id).")
@click.option("--from", "date_from", metavar="DATE", callback=iso_date,
              help="Only claims published on or after DATE (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", callback=iso_date,
              help="Only claims published on or before DATE (YYYY-MM-DD).")
@click.option("--lang", type=LANG, default=None,
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
    from ..store.claims import ClaimQuery, find_claims
    app.json_errors = as_json
    with app.store() as store:
        found = find_claims(store, ClaimQuery(speaker, about, date_from, date_to, lang, limit))
    echo_rows(found, as_json, _claim_line)
    echo_none(found, as_json, "no claims")


def _claim_line(claim: Any) -> str:
    mood = "" if claim.modality == "asserted" else f", {claim.modality}"
    return (f"{claim.published or '?':10}  {claim.speaker_name}  [{claim.kind}{mood}]  "
            f"«{claim.text}»  ({claim.article_id})")


@click.command(name="entity")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the profile as JSON.")
@click.pass_obj
def entity_command(app: App, name: str, as_json: bool) -> None:
    """Profile of an entity: aliases by language, mention count, articles, co-occurring entities.

    NAME is an entity id, a name in any case or form the store has seen, or a KB alias
    (Путін, Путин and Putin find the same person). Example: vezha entity Лукашенко --json
    """
    from ..store.entities import entity_profile, profile_lines
    app.json_errors = as_json
    with app.store() as store:
        profile = entity_profile(store, name)
    if as_json:
        json_out(profile)
    else:
        echo_lines(profile_lines(profile))


@click.command(name="events")
@click.option("--about", metavar="NAME", help="Only events with this participant or place (name, alias or entity id).")
@click.option("--type", "type_", metavar="T", help="Only events of this type (strike, battle, movement, meeting, "
              "statement, sanctions, mobilisation, invasion, protest, territory).")
@click.option("--from", "date_from", metavar="DATE", callback=iso_date,
              help="Only events whose dates (else their article's date) reach DATE (YYYY-MM-DD) or later.")
@click.option("--to", "date_to", metavar="DATE", callback=iso_date,
              help="Only events whose dates (else their article's date) start on or before DATE.")
@click.option("--place", metavar="NAME", help="Only events placed here (place name, alias or entity id).")
@click.option("--lang", type=LANG, help="Only events from articles in this language.")
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
    from ..store.events import event_rows, find_events
    app.json_errors = as_json
    with app.store() as store:
        found = find_events(store, about=about, type=type_, date_from=date_from, date_to=date_to,
                            place=place, lang=lang, limit=limit)
    echo_rows(event_rows(found), as_json, _event_line)
    echo_none(found, as_json, "no events")


def _event_line(row: dict[str, Any]) -> str:
    where = f" @ {row['place_name']}" if row["place_name"] else ""
    who = ", ".join(row["participants"])
    return (f"{row['time'] or (row['published'] or '?') + '*':22}  {row['type']:12}  "
            f"«{row['trigger']}»{where}  [{who}]  ({row['article_id']}, {row['confidence']:.2f})")


@click.command(name="repeats")
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
    from ..store.repeats import repeated_quotes
    app.json_errors = as_json
    with app.store() as store:
        found = repeated_quotes(store, speaker=speaker, min_sources=min_sources, limit=limit)
    for q in found:
        if as_json:
            json_out({**to_dict(q), "outlets": q.outlets})
        else:
            click.echo(_repeat_line(q))
    echo_none(found, as_json, "no repeated quotes")


def _repeat_line(q: Any) -> str:
    return (f"{q.speaker}: «{q.text}» — first {q.first.outlet or '?'} "
            f"{q.first.published or '?'} ({q.first.article_id}); {len(q.sources)} sources: "
            + ", ".join(s.outlet or s.article_id for s in q.sources))


@click.command(name="stories")
@click.option("--threshold", type=click.FloatRange(0.1, 1.0), default=None,
              help="Estimated Jaccard similarity that makes one story (default 0.5).")
@click.option("--json", "as_json", is_flag=True, help="Print the groups as JSON lines.")
@click.pass_obj
def stories_command(app: App, threshold: float | None, as_json: bool) -> None:
    """Group stored articles into stories (reprints and rewrites, MinHash LSH) and list them."""
    from ..dedup import THRESHOLD
    from ..store.repeats import update_story_groups
    app.json_errors = as_json
    with app.store() as store:
        groups = update_story_groups(store, threshold or THRESHOLD)
    echo_rows(groups, as_json, _story_line)
    echo_none(groups, as_json, "no near-duplicate stories")


def _story_line(g: Any) -> str:
    return f"{g.first}: " + ", ".join(f"{a} ({sim:.2f})" for a, sim in g.members)


COMMANDS = (quotes_command, entity_command, events_command, repeats_command, stories_command)
