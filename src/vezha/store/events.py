"""Event queries over the store: what happened, about whom, of which type, when, where.

``find_events(store, about="Білорусь", date_from="2022-12-01")`` returns ``FoundEvent`` records,
latest first; ``event_page`` the same a page at a time. Every filter runs in SQL on the keys an
event is stored with (``store/eventkeys.py``, migration 0006):

* an event's dates are the days its ``time`` value covers ("2022-07" = July), or else the
  publication day of its article; ``date_from``/``date_to`` keep events whose days overlap them;
  the order is by the last of those days, newest first;
* ``about`` matches a participant or the place by entity id, by a word of the id ("LOC-BY-Belarus"),
  by the name or an alias of the entity, or by a stored place name ("Білорусь"), case-folded;
  a country's name also matches every event placed in that country ("Білорусь" → "у Мінську");
* ``entity`` is one exact entity id, a participant or the place (a country: any place in it);
* ``place`` matches the place only (names as for ``about``), ``place_id`` one place entity id;
* ``type`` and ``lang`` (the article's language) are exact.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, or_, select

from ..gazetteer import DATA_DIR, name_key, parse_table
from ..model import Event, to_dict
from ..times import value_range
from . import schema

__all__ = ["FoundEvent", "find_events", "event_page", "event_rows", "event_filters", "FILTERS",
           "MAX_NAMED"]

FILTERS = ("about", "entity", "place", "place_id", "type", "lang", "date_from", "date_to")
MAX_NAMED = 200         # entity ids a name may stand for in one query (the most specific first)


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
    admin1: str = ""            # the oblast for Ukraine
    title: str = ""             # of the article
    language: str = ""          # of the article


def find_events(store: Any, about: str | None = None, type: str | None = None,
                date_from: str | None = None, date_to: str | None = None,
                limit: int = 200, **filters: str | None) -> list[FoundEvent]:
    """Events matching every filter given, latest first."""
    return event_page(store, limit=limit, about=about, type=type, date_from=date_from,
                      date_to=date_to, **filters)[0]


def event_page(store: Any, *, limit: int = 50, offset: int = 0,
               **filters: str | None) -> tuple[list[FoundEvent], bool]:
    """(events ``offset`` … ``offset + limit`` of those matching ``filters``, whether more follow)."""
    e = schema.events
    with store._read() as conn:
        stmt = (_select().where(*event_filters(conn, **filters))
                .order_by(e.c.day_to.desc().nulls_last(), e.c.article_id.desc(), e.c.start.desc())
                .limit(limit + 1).offset(offset))
        rows = conn.execute(stmt).mappings().all()
        places = _places(conn, rows[:limit])
    return [_found(r, places) for r in rows[:limit]], len(rows) > limit


def event_rows(found: list[FoundEvent]) -> list[dict[str, Any]]:
    """JSON-ready dicts (the ``--json`` shape of ``vezha events``)."""
    return [{"article_id": f.article_id, "published": f.published, **to_dict(f.event),
             "place_name": f.place_name, "lat": f.lat, "lon": f.lon, "country": f.country,
             "admin1": f.admin1, "title": f.title, "language": f.language} for f in found]


def event_filters(conn, about: str | None = None, entity: str | None = None,
                  place: str | None = None, place_id: str | None = None,
                  type: str | None = None, lang: str | None = None,
                  date_from: str | None = None, date_to: str | None = None) -> list:
    """SQL conditions on ``events`` (joined to ``articles``) for the filters given."""
    e, a = schema.events, schema.articles
    out = [c for c, on in ((e.c.type == type, type), (a.c.language == lang, lang),
                           (e.c.place == place_id, place_id)) if on]
    lo, hi = _span(date_from, date_to)
    out += [e.c.day_to >= lo] if lo else []
    out += [e.c.day_from <= hi] if hi else []
    if about:
        out.append(_involving(_named(conn, about) | {about.strip()}, _country_of(about), roles=True))
    if entity:
        out.append(_involving({entity}, _entity_country(conn, entity), roles=True))
    if place:
        out.append(_involving(_named(conn, place) | {place.strip()}, _country_of(place), roles=False))
    return out


def _select():
    e, a = schema.events, schema.articles
    return select(e, a.c.published, a.c.title, a.c.language).join(a, a.c.id == e.c.article_id)


def _involving(ids: set[str], country: str, *, roles: bool):
    """The event's place is one of ``ids`` or lies in ``country``; with ``roles``, or a
    participant is one of ``ids``."""
    e = schema.events
    ids_ = sorted(ids, key=len)[:MAX_NAMED]
    conds = [e.c.place.in_(ids_)] if ids_ else []
    conds += [e.c.country == country] if country else []
    conds += [e.c.participants_json.like(_json_like(i), escape="\\") for i in ids_] if roles else []
    return or_(*conds) if conds else false()


def _json_like(entity_id: str) -> str:
    """A LIKE pattern for ``entity_id`` as one element of the stored participants JSON."""
    quoted = json.dumps(entity_id, ensure_ascii=False)
    return "%" + quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _named(conn, text: str) -> set[str]:
    """Entity ids whose id, a word of it, name, alias or stored place name contains ``text``."""
    want = text.casefold().strip()
    if not want:
        return set()
    ent, al = schema.entities, schema.entity_aliases
    pairs = [*conn.execute(select(ent.c.id, ent.c.name)),
             *conn.execute(select(al.c.entity_id, al.c.alias)), *_unlinked_places(conn)]
    return {i for i, name in pairs if want in i.casefold() or want in (name or "").casefold()}


def _unlinked_places(conn) -> list[tuple[str, str]]:
    """(id, stored name) of the places that are not stored entities (usually none): the distinct
    ids come from the entity_id index, the names only for those few."""
    p, ent = schema.places, schema.entities
    ids = conn.execute(select(p.c.entity_id).distinct()
                       .where(p.c.entity_id.not_in(select(ent.c.id)))).scalars().all()
    return [(i, conn.execute(select(p.c.name).where(p.c.entity_id == i).limit(1)).scalar() or "")
            for i in ids[:MAX_NAMED]]


def _entity_country(conn, entity_id: str) -> str:
    """The ISO code when ``entity_id`` is a country (by its name or place name), else ""."""
    ent, p = schema.entities, schema.places
    names = [*conn.execute(select(ent.c.name).where(ent.c.id == entity_id)).scalars(),
             *conn.execute(select(p.c.name).where(p.c.entity_id == entity_id).limit(1)).scalars()]
    return next((c for c in map(_country_of, names) if c), "")


def _country_of(name: str) -> str:
    """The ISO code of a country name in the gazetteer's table ("Білорусь" → "BY"), else ""."""
    global _COUNTRIES
    if _COUNTRIES is None:
        rows, _ = parse_table(DATA_DIR / "countries.tsv")
        _COUNTRIES = {name_key(n): e.country for names, e in rows if e.kind == "country" for n in names}
    return _COUNTRIES.get(name_key(name), "")


_COUNTRIES: dict[str, str] | None = None


def _places(conn, rows) -> dict[tuple[str, str], tuple[str, float, float, str, str]]:
    """(article id, place id) -> (name, lat, lon, country, admin1) for the places of ``rows``."""
    p = schema.places
    aids = sorted({r["article_id"] for r in rows if r["place"]})
    if not aids:
        return {}
    cols = (p.c.article_id, p.c.entity_id, p.c.name, p.c.lat, p.c.lon, p.c.country, p.c.admin1)
    return {(r.article_id, r.entity_id): (r.name, r.lat, r.lon, r.country, r.admin1)
            for r in conn.execute(select(*cols).where(p.c.article_id.in_(aids)))}


def _found(r, places) -> FoundEvent:
    event = Event(type=r["type"], start=r["start"], end=r["end"], trigger=r["trigger"], time=r["time"],
                  place=r["place"], participants=tuple(json.loads(r["participants_json"])),
                  confidence=r["confidence"], sentence=r["sentence"])
    name, lat, lon, country, admin1 = places.get((r["article_id"], r["place"] or ""),
                                                 ("", None, None, r["country"], ""))
    return FoundEvent(r["article_id"], r["published"], event, name, lat, lon, country, admin1,
                      r["title"] or "", r["language"] or "")


def _span(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """The first and last day (ISO) the filters allow; None where open or unreadable."""
    lo = value_range(date_from) if date_from else None
    hi = value_range(date_to) if date_to else None
    return (lo[0].isoformat() if lo else None, hi[1].isoformat() if hi else None)

