"""What an event is found by, kept as columns of its row (migration 0006), pure.

``day_from``/``day_to`` are the first and last day its ``time`` value covers ("2022-07" →
2022-07-01 … 2022-07-31), or else its article's publication day, or None when neither is known;
``country`` is the ISO code of its place ("" when it has none or the place was not geocoded).
Date filters and the newest-first order of ``store/events.py`` then run on an index.
"""
from __future__ import annotations

from typing import Any, Mapping

from ..model import Doc, Event
from ..times import value_range

__all__ = ["event_keys", "doc_event_keys"]


def event_keys(event: Event, published: str | None, countries: Mapping[str, str]) -> dict[str, Any]:
    """{"day_from", "day_to", "country"} of ``event``; ``countries`` maps place ids to ISO codes."""
    days = value_range(event.time) or value_range((published or "")[:10])
    return {"day_from": days[0].isoformat() if days else None,
            "day_to": days[1].isoformat() if days else None,
            "country": countries.get(event.place or "", "")}


def doc_event_keys(doc: Doc):
    """``event -> event_keys(...)`` for the events of ``doc`` (its publication day and places)."""
    countries = {p.entity_id: p.country for p in doc.places if p.country}
    return lambda event: event_keys(event, doc.article.published, countries)
