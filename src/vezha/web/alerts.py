"""Alerts and watchlists in the web app: pages with ``.json`` twins, an Atom feed per watchlist.

* ``/alerts`` (``.json``, ``/api/alerts``): alerts newest first, filtered by watchlist/since;
* ``/watchlists`` and ``/watchlists/{name}`` (``.json``): the watchlists and one of them as
  written, with its rules; the page's form saves an edited watchlist behind the API token
  (as ``PUT /api/watchlists/{name}`` does with ``Authorization: Bearer <api_token>``);
* ``/watchlists/{name}/feed.atom``: the watchlist's alerts as an Atom feed.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Form, Header, Query, Request
from fastapi.responses import Response

from ..errors import ConfigError
from ..store import alerts as alert_store
from ..watch.atom import atom_feed
from ..watch.present import alert_record
from ..watch.rules import parse_watchlist
from .common import Context, ctx, render
from .ingest import _bearer, check_token

__all__ = ["router", "save_watchlist_text"]

router = APIRouter()
API = {"tags": ["alerts"]}
FORMATS = ("yaml", "toml")


@router.get("/alerts", include_in_schema=False)
@router.get("/alerts.json", include_in_schema=False)
@router.get("/api/alerts", summary="Alerts, newest first, each with its rule and sources", **API)
def alerts(request: Request, watchlist: str | None = None,
           since: Annotated[str | None, Query(max_length=40)] = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 100):
    c = ctx(request)
    found = alert_store.find_alerts(c.store, watchlist=watchlist or None, since=since or None,
                                    limit=limit)
    data = {"watchlist": watchlist, "since": since,
            "alerts": [alert_record(a, c.settings.public_url) for a in found]}
    return render(request, "alerts.html", data)


@router.get("/watchlists", include_in_schema=False)
@router.get("/watchlists.json", include_in_schema=False)
@router.get("/api/watchlists", summary="The stored watchlists", **API)
def watchlists(request: Request):
    rows = alert_store.watchlist_rows(ctx(request).store)
    return render(request, "watchlists.html", {"watchlists": [_summary(r) for r in rows]})


@router.get("/watchlists/{name}/feed.atom", summary="A watchlist's alerts as an Atom feed", **API)
def feed(request: Request, name: str):
    c = ctx(request)
    row = alert_store.watchlist_row(c.store, name)
    found = alert_store.find_alerts(c.store, watchlist=name, limit=200)
    body = atom_feed(name, row["title"], found, c.settings.public_url)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/api/watchlists/{name}", summary="One watchlist as written, with its rules", **API)
@router.get("/watchlists/{name}", include_in_schema=False)
@router.get("/watchlists/{name}.json", include_in_schema=False)      # registered first
def watchlist(request: Request, name: str):
    row = alert_store.watchlist_row(ctx(request).store, name)
    return render(request, "watchlist.html", {**_summary(row), "text": row["text"],
                                              "saved": False})


@router.post("/watchlists/{name}", include_in_schema=False)
def edit_watchlist(request: Request, name: str, token: Annotated[str, Form()] = "",
                   text: Annotated[str, Form(max_length=200_000)] = "",
                   format: Annotated[str, Form()] = "yaml"):
    c = ctx(request)
    check_token(c, token)
    save_watchlist_text(c, name, text, format)
    row = alert_store.watchlist_row(c.store, name)
    return render(request, "watchlist.html", {**_summary(row), "text": row["text"], "saved": True})


@router.put("/api/watchlists/{name}", tags=["write"],
            summary="Create or replace a watchlist (YAML or TOML body; needs the API token)")
def put_watchlist(request: Request, name: str,
                  text: Annotated[str, Body(media_type="text/plain", max_length=200_000)],
                  authorization: Annotated[str | None, Header()] = None,
                  format: Annotated[str, Query(pattern="^(yaml|toml)$")] = "yaml"):
    c = ctx(request)
    check_token(c, _bearer(authorization))
    save_watchlist_text(c, name, text, format)
    return render(request, "", _summary(alert_store.watchlist_row(c.store, name)))


def save_watchlist_text(c: Context, name: str, text: str, fmt: str) -> None:
    """Parse (V110 when invalid) and store a watchlist whose name must be ``name``."""
    if fmt not in FORMATS:
        raise ConfigError(f"format is one of {', '.join(FORMATS)}", code="V105", stage="http")
    parsed = parse_watchlist(text, fmt, name)
    if parsed.name != name:
        raise ConfigError(f"the watchlist is named {parsed.name!r}, not {name!r}", code="V105",
                          stage="http")
    alert_store.save_watchlist(c.store, parsed.name, parsed.title, fmt, text)


def _summary(row: dict) -> dict:
    rules = parse_watchlist(row["text"], row["format"], row["name"]).rules
    return {"name": row["name"], "title": row["title"], "format": row["format"],
            "active": bool(row["active"]), "updated_at": row["updated_at"],
            "rules": [{"id": r.id, "kind": r.kind} for r in rules],
            "feed": f"/watchlists/{row['name']}/feed.atom"}
