"""What the event timeline and the map show beside the events: places with counts, names, text.

``place_markers(store, type="strike")`` counts the events matching ``store/events.py``'s filters
by place, with the place's coordinates and admin hierarchy (one marker per geocoded place, most
events first); ``entity_names`` and ``trigger_snippets`` give a page of events its participants'
names and the sentence around each trigger.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from sqlalchemy import func, select

from . import schema
from .events import FoundEvent, event_filters

__all__ = ["place_markers", "entity_names", "trigger_snippets", "MAX_MARKERS", "SNIPPET_CHARS"]

MAX_MARKERS = 1000
SNIPPET_CHARS = 160     # at most this much text on each side of a trigger
SENTENCE_END = re.compile(r"[.!?…]\s|\n")


def place_markers(store: Any, **filters: str | None) -> list[dict[str, Any]]:
    """One dict per place of the matching events: id, name, lat, lon, country, admin1, count,
    types ({type: count}); most events first, at most ``MAX_MARKERS``."""
    e = schema.events
    with store._read() as conn:
        stmt = (select(e.c.place, e.c.type, func.count().label("n"))
                .where(e.c.place.is_not(None), e.c.place != "", *_filters(conn, filters))
                .group_by(e.c.place, e.c.type))
        counts: dict[str, dict[str, int]] = {}
        for place, type_, n in conn.execute(stmt):
            counts.setdefault(place, {})[type_] = n
        top = sorted(counts, key=lambda p: (-sum(counts[p].values()), p))[:MAX_MARKERS]
        where = {p: _where(conn, p) for p in top}
    return [{**where[p], "id": p, "count": sum(counts[p].values()), "types": counts[p]}
            for p in top if where[p]]


def _filters(conn, filters: dict[str, str | None]) -> list:
    """``event_filters`` without a join: the language as a subquery on articles (counting by
    place on the covering index ix_events_places, then joining every event, is slower)."""
    e, a = schema.events, schema.articles
    lang = filters.get("lang")
    rest = event_filters(conn, **{k: v for k, v in filters.items() if k != "lang"})
    return rest + ([e.c.article_id.in_(select(a.c.id).where(a.c.language == lang))] if lang else [])


def _where(conn, place_id: str) -> dict[str, Any]:
    """The stored geocoding of ``place_id`` (any one of its rows: the gazetteer's), or {}."""
    p = schema.places
    row = conn.execute(select(p.c.name, p.c.lat, p.c.lon, p.c.country, p.c.admin1)
                       .where(p.c.entity_id == place_id).limit(1)).first()
    return dict(row._mapping) if row else {}


def entity_names(store: Any, ids: Iterable[str]) -> dict[str, str]:
    """Entity id -> its name, for the ids that are stored entities."""
    want = sorted(set(ids))
    if not want:
        return {}
    ent = schema.entities
    with store._read() as conn:
        return dict(conn.execute(select(ent.c.id, ent.c.name).where(ent.c.id.in_(want))).all())


def trigger_snippets(store: Any, found: list[FoundEvent]) -> list[tuple[str, str, str]]:
    """(text before, trigger, text after) of each event, cut at its sentence's ends."""
    art = schema.articles
    aids = sorted({f.article_id for f in found})
    if not aids:
        return []
    with store._read() as conn:
        texts = dict(conn.execute(select(art.c.id, art.c.text).where(art.c.id.in_(aids))).all())
    return [_snippet(texts.get(f.article_id, ""), f.event.start, f.event.end, f.event.trigger)
            for f in found]


def _snippet(text: str, start: int, end: int, trigger: str) -> tuple[str, str, str]:
    if not (0 <= start < end <= len(text)):
        return "", trigger, ""
    before = text[max(0, start - SNIPPET_CHARS):start]
    after = text[end:end + SNIPPET_CHARS]
    cut = [m.end() for m in SENTENCE_END.finditer(before)]
    before = before[cut[-1]:] if cut else ("…" + before.lstrip() if start > SNIPPET_CHARS else before)
    stop = SENTENCE_END.search(after)
    more = "…" if end + SNIPPET_CHARS < len(text) else ""
    after = after[:stop.start() + 1].rstrip() if stop else after + more
    return before.lstrip(), text[start:end], after
