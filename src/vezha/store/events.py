"""Event queries over the store: what happened, about whom, of which type, when.

``find_events(store, about="Білорусь", date_from="2022-12-01")`` returns ``FoundEvent``
records, latest first. The type is filtered in SQL; dates and names in Python:

* an event's dates are the days its ``time`` value covers ("2022-07" = July), or else the
  publication day of its article; ``date_from``/``date_to`` keep events whose days overlap them;
* ``about`` matches a participant or the place by entity id, by a word of the id ("LOC-BY-Belarus"),
  by the name or an alias of the entity, or by the stored place name ("Білорусь"), case-folded;
  a country's name also matches every event placed in that country ("Білорусь" → "у Мінську").
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..gazetteer import DATA_DIR, name_key, parse_table
from ..model import Event, to_dict
from ..times import value_range
from . import schema

__all__ = ["FoundEvent", "find_events", "event_rows"]


@dataclass(frozen=True, slots=True)
class FoundEvent:
    """A stored event with its article and, when geocoded, its place."""
    article_id: str
    published: str | None
    event: Event
    place_name: str = ""
    lat: float | None = None
    lon: float | None = None
    country: str = ""           # ISO code of the place


def find_events(store: Any, about: str | None = None, type: str | None = None,
                date_from: str | None = None, date_to: str | None = None,
                limit: int = 200) -> list[FoundEvent]:
    """Events matching every filter given, latest first."""
    with store._read() as conn:
        rows = conn.execute(_select(type)).mappings().all()
        places = _places(conn)
        names = _entity_names(conn) if about else {}
    span = _span(date_from, date_to)
    found = [_found(r, places) for r in rows]
    found = [f for f in found if _in_span(f, span) and (not about or _about(f, about, names))]
    return sorted(found, key=_sort_key, reverse=True)[:limit]


def event_rows(found: list[FoundEvent]) -> list[dict[str, Any]]:
    """JSON-ready dicts (the ``--json`` shape of ``vezha events``)."""
    return [{"article_id": f.article_id, "published": f.published, **to_dict(f.event),
             "place_name": f.place_name, "lat": f.lat, "lon": f.lon, "country": f.country} for f in found]


def _select(type_: str | None):
    e, a = schema.events, schema.articles
    stmt = select(e, a.c.published).join(a, a.c.id == e.c.article_id)
    if type_:
        stmt = stmt.where(e.c.type == type_)
    return stmt.order_by(e.c.article_id, e.c.idx)


def _places(conn) -> dict[tuple[str, str], tuple[str, float, float, str]]:
    p = schema.places
    cols = (p.c.article_id, p.c.entity_id, p.c.name, p.c.lat, p.c.lon, p.c.country)
    return {(r.article_id, r.entity_id): (r.name, r.lat, r.lon, r.country) for r in conn.execute(select(*cols))}


def _country_of(name: str) -> str:
    """The ISO code of a country name in the gazetteer's table ("Білорусь" → "BY"), else ""."""
    global _COUNTRIES
    if _COUNTRIES is None:
        rows, _ = parse_table(DATA_DIR / "countries.tsv")
        _COUNTRIES = {name_key(n): e.country for names, e in rows if e.kind == "country" for n in names}
    return _COUNTRIES.get(name_key(name), "")


_COUNTRIES: dict[str, str] | None = None


def _entity_names(conn) -> dict[str, set[str]]:
    """Entity id -> its name and aliases, case-folded."""
    out: dict[str, set[str]] = {}
    for r in conn.execute(select(schema.entities.c.id, schema.entities.c.name)):
        out.setdefault(r.id, set()).add(r.name.casefold())
    al = schema.entity_aliases
    for r in conn.execute(select(al.c.entity_id, al.c.alias)):
        out.setdefault(r.entity_id, set()).add(r.alias.casefold())
    return out


def _found(r, places) -> FoundEvent:
    event = Event(type=r["type"], start=r["start"], end=r["end"], trigger=r["trigger"], time=r["time"],
                  place=r["place"], participants=tuple(json.loads(r["participants_json"])),
                  confidence=r["confidence"], sentence=r["sentence"])
    name, lat, lon, country = places.get((r["article_id"], r["place"] or ""), ("", None, None, ""))
    return FoundEvent(r["article_id"], r["published"], event, name, lat, lon, country)


def _days(f: FoundEvent) -> tuple[dt.date, dt.date] | None:
    return value_range(f.event.time) or value_range((f.published or "")[:10])


def _span(date_from: str | None, date_to: str | None) -> tuple[dt.date, dt.date] | None:
    if not date_from and not date_to:
        return None
    lo = value_range(date_from) if date_from else None
    hi = value_range(date_to) if date_to else None
    return (lo[0] if lo else dt.date.min, hi[1] if hi else dt.date.max)


def _in_span(f: FoundEvent, span) -> bool:
    if span is None:
        return True
    days = _days(f)
    return days is not None and days[0] <= span[1] and days[1] >= span[0]


def _about(f: FoundEvent, about: str, names: dict[str, set[str]]) -> bool:
    want = about.casefold()
    if f.country and f.country == _country_of(about):
        return True
    ids = [*f.event.participants, *([f.event.place] if f.event.place else [])]
    return want in f.place_name.casefold() or any(
        want == i.casefold() or want in i.casefold().replace("-", " ").split()
        or want in i.casefold() or any(want in n for n in names.get(i, ())) for i in ids)


def _sort_key(f: FoundEvent):
    days = _days(f)
    return (days[1] if days else dt.date.min, f.article_id, f.event.start)
