"""The pages analysts look at; each is one route with its ``.json`` twin and its ``/api`` twin.

Every route parses its input, calls one query function of ``vezha.store.explore`` (or the
store) and hands the result to ``render``, which answers JSON for ``*.json`` and ``/api/...``
paths and HTML otherwise.
"""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from ..errors import StoreError
from ..model import to_dict
from ..store import explore
from . import geo
from .common import ctx, paging, render
from .render import article_view, bars, hit_record

__all__ = ["router", "search_query"]

router = APIRouter()
Lang = Literal["uk", "ru", "en"]
Date = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=100_000)]
API = {"tags": ["read"]}


def search_query(q: str, lang: Lang | None = None, outlet: str | None = None,
                 date_from: Date = None, date_to: Date = None, entity: str | None = None,
                 speaker: str | None = None, limit: Limit = 20,
                 offset: Offset = 0) -> explore.SearchQuery:
    return explore.SearchQuery(q, lang, outlet or None, date_from, date_to, entity or None,
                               speaker or None, limit, offset)


@router.get("/", include_in_schema=False)
@router.get("/index.json", include_in_schema=False)
def home(request: Request):
    return render(request, "home.html", {"stats": ctx(request).store.stats()})


@router.get("/search", include_in_schema=False)
@router.get("/search.json", include_in_schema=False)
@router.get("/api/search", summary="Lemma-aware full-text search with filters", **API)
def search(request: Request, q: Annotated[str, Query(max_length=500)] = "",
           lang: Lang | None = None, outlet: str | None = None,
           date_from: Date = None, date_to: Date = None, entity: str | None = None,
           speaker: str | None = None, limit: Limit = 20, offset: Offset = 0):
    c = ctx(request)
    eid = explore.resolve_entity(c.store, entity, c.kb) if entity else None
    query = search_query(q, lang, outlet, date_from, date_to, eid, speaker, limit, offset)
    page = explore.search_articles(c.store, query) if q.strip() else None
    data = {"q": q, "filters": {"lang": lang, "outlet": outlet, "date_from": date_from,
                                "date_to": date_to, "entity": entity, "speaker": speaker},
            "hits": [hit_record(h) for h in page.hits] if page else [],
            "total": page.total if page else 0, "total_capped": bool(page and page.total_capped)}
    return render(request, "search.html",
                  paging(request, data, limit, offset, bool(page and page.has_more)))


@router.get("/article/{article_id:path}", include_in_schema=False)
@router.get("/article/{article_id:path}.json", include_in_schema=False)
@router.get("/api/articles/{article_id:path}", summary="One article with entities and quotes",
            **API)
def article(request: Request, article_id: str):
    doc = ctx(request).store.get_doc(article_id)
    if doc is None:
        raise StoreError("no article with this id", code="V504", source=article_id)
    return render(request, "article.html", article_view(doc))


@router.get("/speaker/{speaker_id:path}", include_in_schema=False)
@router.get("/speaker/{speaker_id:path}.json", include_in_schema=False)
@router.get("/api/speakers/{speaker_id:path}",
            summary="A speaker's claims over time, whom they talk about, hedged vs firm", **API)
def speaker(request: Request, speaker_id: str, limit: Annotated[int, Query(ge=1, le=200)] = 50,
            before: Annotated[str | None, Query(max_length=500)] = None):
    data = explore.speaker_profile(ctx(request).store, speaker_id, limit, before)
    return render(request, "speaker.html", {**data, "chart": bars(data["by_month"])})


@router.get("/entity/{entity_id:path}", include_in_schema=False)
@router.get("/entity/{entity_id:path}.json", include_in_schema=False)
@router.get("/api/entities/{entity_id:path}",
            summary="An entity: aliases, mentions over time, co-occurring, who speaks about it",
            **API)
def entity(request: Request, entity_id: str, events: geo.Filters,
           before: Annotated[str | None, Query(max_length=500)] = None):
    c = ctx(request)
    data = explore.entity_page(c.store, entity_id, c.kb, before)
    return render(request, "entity.html", {**data, "chart": bars(data["timeline"]),
                                           "events": geo.entity_events(c.store, data["id"], events)})


@router.get("/graph", include_in_schema=False)
@router.get("/graph.json", include_in_schema=False)
@router.get("/api/graph", summary="Who talks about whom: speaker → entity edges", **API)
def graph(request: Request, entity: str | None = None,
          limit: Annotated[int, Query(ge=1, le=1000)] = 150):
    data = explore.graph(ctx(request).store, entity or None, limit)
    return render(request, "graph.html", {**data, "entity": entity or ""})


@router.get("/timeline", include_in_schema=False)
@router.get("/timeline.json", include_in_schema=False)
@router.get("/api/timeline", summary="Articles and claims for a query, by date", **API)
def timeline(request: Request, q: Annotated[str, Query(max_length=500)] = "",
             lang: Lang | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 200):
    store = ctx(request).store
    data = (explore.timeline(store, search_query(q, lang, limit=limit)) if q.strip()
            else {"q": q, "articles": [], "claims": [], "periods": []})
    return render(request, "timeline.html", {**data, "chart": bars(data["periods"], "articles")})


@router.get("/api/claims", summary="Claims, newest first, by speaker id and entity id", **API)
def claims(request: Request, speaker: str | None = None, about: str | None = None,
           limit: Limit = 50, offset: Offset = 0):
    found, more = explore.claim_page(ctx(request).store, speaker=speaker, about=about,
                                     limit=limit, offset=offset)
    return render(request, "", paging(request, {"claims": found}, limit, offset, more))


@router.get("/stats.json", include_in_schema=False)
@router.get("/api/stats", summary="What the store holds", **API)
def stats(request: Request):
    return render(request, "", to_dict(ctx(request).store.stats()))
