"""When and where in the web UI: the event timeline (``/events``, and on every entity page) and the
map (``/map``), each with its ``.json`` twin and its ``/api`` twin.

The filters are those of ``vezha events`` (``store/events.py``). The map is drawn in the browser
by Leaflet, served from the ``django-js-lib-leaflet`` package (``leaflet_lib``), over country
borders read from the ``countryinfo`` package (``load_borders``) and Ukraine's oblasts from the
``pygal-maps-ua`` package (``web/oblasts.py``): no tile server, no CDN.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from importlib.metadata import distribution
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from ..errors import ConfigError
from ..events import EVENT_TYPES
from ..store.eventmap import entity_names, place_markers, trigger_snippets
from ..store.events import FoundEvent, event_page, event_rows
from .common import ctx, paging, render
from .oblasts import load_oblasts

__all__ = ["router", "event_query", "entity_events", "event_views", "feature_collection",
           "load_borders", "leaflet_lib", "granularity", "GRANULARITY"]

router = APIRouter()
API = {"tags": ["read"]}
Name = Annotated[str, Query(max_length=200)]
Day = Annotated[str, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$", description="YYYY-MM-DD")]
EventType = Literal["", *EVENT_TYPES]     # "" = any (an empty form field)
Lang = Literal["", "uk", "ru", "en"]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=100_000)]
# The granularity of a time value, by its shape (the first rule that matches).
GRANULARITY = (("interval", re.compile(r"/")), ("day", re.compile(r"^\d{4}-\d{2}-\d{2}$")),
               ("week", re.compile(r"^\d{4}-W\d{2}$")), ("month", re.compile(r"^\d{4}-\d{2}$")),
               ("year", re.compile(r"^\d{4}$")))


def event_query(about: Name = "", entity: Name = "", place: Name = "", place_id: Name = "",
                type: EventType = "", lang: Lang = "", date_from: Day = "",
                date_to: Day = "") -> dict[str, str]:
    """The filters given (empty ones dropped); a date that is no day, or ``date_from`` after
    ``date_to``, is V105."""
    for name, day in (("date_from", date_from), ("date_to", date_to)):
        _day(name, day)
    if date_from and date_to and date_from > date_to:
        raise ConfigError(f"date_from {date_from} is after date_to {date_to}", code="V105",
                          source="date_from")
    given = {"about": about, "entity": entity, "place": place, "place_id": place_id,
             "type": type, "lang": lang, "date_from": date_from, "date_to": date_to}
    return {k: v.strip() for k, v in given.items() if v.strip()}


Filters = Annotated[dict[str, str], Depends(event_query)]


def _day(name: str, value: str) -> None:
    try:
        if value:
            dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"{name}: {value} is not a day (YYYY-MM-DD)", code="V105",
                          source=name) from exc


@router.get("/events", include_in_schema=False)
@router.get("/events.json", include_in_schema=False)
@router.get("/api/events", summary="Dated events, newest first, by entity, place, type, date, "
            "language (the filters of `vezha events`)", **API)
def events(request: Request, filters: Filters, limit: Limit = 50, offset: Offset = 0):
    store = ctx(request).store
    found, more = event_page(store, limit=limit, offset=offset, **filters)
    data = {"filters": filters, "types": list(EVENT_TYPES), "events": event_views(store, found)}
    return render(request, "events.html", paging(request, data, limit, offset, more))


@router.get("/map", include_in_schema=False)
@router.get("/map.json", include_in_schema=False)
@router.get("/api/map", summary="Places of the matching events as a GeoJSON FeatureCollection "
            "(a Point per place with its event counts by type)", **API)
def event_map(request: Request, filters: Filters):
    markers = place_markers(ctx(request).store, **filters)
    return render(request, "map.html", feature_collection(markers, filters))


@router.get("/map/borders.json", include_in_schema=False)
@router.get("/api/borders", summary="Country borders (GeoJSON, from the countryinfo package)", **API)
def borders():
    return JSONResponse(load_borders(), headers={"cache-control": "public, max-age=86400"})


@router.get("/map/oblasts.json", include_in_schema=False)
@router.get("/api/oblasts", summary="Ukraine's oblast borders (GeoJSON, from the pygal-maps-ua "
            "package's geoBoundaries outline)", **API)
def oblasts():
    return JSONResponse(load_oblasts(), headers={"cache-control": "public, max-age=86400"})


def entity_events(store: Any, entity_id: str, filters: dict[str, str],
                  limit: int = 50) -> dict[str, Any]:
    """The event timeline of an entity page: its events (as participant or place), newest first."""
    found, more = event_page(store, limit=limit, **{**filters, "entity": entity_id})
    return {"filters": filters, "types": list(EVENT_TYPES), "timeline": event_views(store, found),
            "more": more}


def event_views(store: Any, found: list[FoundEvent]) -> list[dict[str, Any]]:
    """The JSON rows of ``found`` plus what a page shows: names, snippet pieces, granularity."""
    rows = event_rows(found)
    names = entity_names(store, [i for r in rows for i in (*r["participants"], r["place"] or "")])
    return [{**r, "granularity": granularity(r["time"]),
             "when": r["time"] or (r["published"] or "")[:10],
             "participant_names": [names.get(i, i) for i in r["participants"]],
             "place_label": r["place_name"] or names.get(r["place"] or "", r["place"] or ""),
             "snippet": dict(zip(("before", "trigger", "after"), s))}
            for r, s in zip(rows, trigger_snippets(store, found))]


def granularity(value: str | None) -> str:
    """"day", "interval", "week", "month", "year", "period"; "published" when there is no value
    (the event is dated by its article)."""
    if not value:
        return "published"
    return next((name for name, rule in GRANULARITY if rule.search(value)), "period")


def feature_collection(markers: list[dict[str, Any]], filters: dict[str, str]) -> dict[str, Any]:
    """GeoJSON: one Point Feature per marker (lon, lat), its counts as properties."""
    features = [{"type": "Feature", "id": m["id"],
                 "geometry": {"type": "Point", "coordinates": [m["lon"], m["lat"]]},
                 "properties": {k: m[k] for k in ("id", "name", "country", "admin1", "count",
                                                  "types")}} for m in markers]
    return {"type": "FeatureCollection", "features": features, "filters": filters,
            "types": list(EVENT_TYPES), "events": sum(m["count"] for m in markers)}


@lru_cache(maxsize=1)
def load_borders() -> dict[str, Any]:
    """Every country outline the ``countryinfo`` package ships, as one FeatureCollection whose
    features carry ``iso`` (alpha-2) and ``name``; read once from the installed package."""
    features = []
    for path in sorted(_package_dir("countryinfo", "countryinfo/data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        for f in (info.get("geoJSON") or {}).get("features", []):
            props = {"iso": (info.get("ISO") or {}).get("alpha2", ""), "name": info.get("name", "")}
            features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    return {"type": "FeatureCollection", "features": features}


def leaflet_lib() -> Path:
    """Leaflet's JS, CSS and images as shipped by the django-js-lib-leaflet package."""
    return _package_dir("django-js-lib-leaflet", "js_lib_leaflet/static/js_lib_leaflet")


def _package_dir(dist: str, folder: str) -> Path:
    return Path(str(distribution(dist).locate_file(folder)))
