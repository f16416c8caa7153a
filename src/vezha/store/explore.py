"""Read-side queries the web pages and the HTTP API need beyond the other query modules.

Filtered search (``search_articles``, in ``store/search.py``), speaker pages (``speaker_profile``), entity pages
(``entity_page``: the profile of ``store/entities.py`` plus mentions over time and who speaks
about it), the graph of who talks about whom (``graph``), a timeline of articles and claims
for a query (``timeline``) and the rows of the exports (``claim_page``, ``iter_claims``,
``iter_articles``). Every query is SQLAlchemy Core with bound parameters; full-text matching
goes through the store's dialect module, so it runs on any backend the store supports.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from typing import Any, Iterator

from sqlalchemy import Connection, func, select

from ..errors import StoreError
from ..kb import KB
from ..model import Claim, from_dict, to_dict
from .entities import entity_profile
from .schema import articles, claim_about, claims, entities, entity_articles, entity_months
from .search import (COUNT_CAP, MAX_CANDIDATES, SearchPage, SearchQuery, resolve_entity,
                     search_articles, search_ids)

__all__ = ["SearchQuery", "SearchPage", "search_articles", "resolve_entity", "speaker_profile", "entity_page",
           "graph", "timeline", "claim_page", "iter_claims", "iter_articles", "claim_record",
           "MAX_CANDIDATES", "COUNT_CAP"]

TOP = 20
GRAPH_WINDOW = 20_000       # the graph is drawn from this many latest claims
CLAIMS_WINDOW = 1_000       # an entity page's speakers: from the claims in its latest articles


# --- speakers ---------------------------------------------------------------------------------

def speaker_profile(store: Any, speaker_id: str, limit: int = 200) -> dict[str, Any]:
    """A speaker's latest ``limit`` claims (in date order) and, over all their claims: counts
    by modality (firm = asserted, the rest hedged), by month, and whom they talk about."""
    mine = claims.c.speaker_id == speaker_id
    with store._read() as conn:
        rows = _latest(conn, mine, limit)
        if not rows:
            raise StoreError("no claims by this speaker", code="V504", source=speaker_id)
        modality = dict(conn.execute(select(claims.c.modality, func.count()).where(mine)
                                     .group_by(claims.c.modality)).all())
        by_month = _months(conn, mine)
        about = _about_counts(conn, mine)
        entity = conn.execute(select(entities.c.name, entities.c.type)
                              .where(entities.c.id == speaker_id)).first()
    total, firm = sum(modality.values()), modality.get("asserted", 0)
    return {"id": speaker_id, "name": rows[-1]["speaker_name"],
            "type": entity.type if entity else "", "is_entity": entity is not None,
            "claims": [claim_record(r) for r in rows], "total": total, "modality": modality,
            "firm": firm, "hedged": total - firm, "by_month": by_month, "about": about}


def _latest(conn: Connection, where, limit: int, newest_first: bool = False) -> list[Any]:
    """The latest ``limit`` claims matching ``where``, with their article's title and language
    (chosen on the claims table alone, so only those rows meet the wide article rows)."""
    ids = (select(claims.c.id).where(where)
           .order_by(claims.c.published.desc(), claims.c.id).limit(limit))
    date = claims.c.published.desc() if newest_first else claims.c.published
    stmt = _claims_select().where(claims.c.id.in_(ids)).order_by(date, claims.c.article_id,
                                                                  claims.c.idx)
    return conn.execute(stmt).mappings().all()


def _months(conn: Connection, where) -> list[dict[str, Any]]:
    month = func.substr(claims.c.published, 1, 7)
    stmt = select(month, func.count()).where(where).group_by(month).order_by(month)
    return [{"period": p or "?", "count": n} for p, n in conn.execute(stmt)]


def _claims_select():
    return select(claims, articles.c.title, articles.c.language).join(
        articles, articles.c.id == claims.c.article_id)


def _about_counts(conn: Connection, where) -> list[dict[str, Any]]:
    n = func.count(func.distinct(claims.c.id))
    stmt = (select(claim_about.c.entity_id, entities.c.name, entities.c.type, n)
            .join(claims, claims.c.id == claim_about.c.claim_id)
            .outerjoin(entities, entities.c.id == claim_about.c.entity_id).where(where)
            .group_by(claim_about.c.entity_id, entities.c.name, entities.c.type)
            .order_by(n.desc(), claim_about.c.entity_id).limit(TOP))
    return [{"id": e, "name": name or e.removeprefix("name:"), "type": t or "", "claims": k,
             "is_entity": name is not None} for e, name, t, k in conn.execute(stmt)]


def claim_record(row: Any) -> dict[str, Any]:
    """A claims row (with the article's title and language when joined) as a JSON-ready dict."""
    loads = json.loads
    claim = from_dict(Claim, {**row, "hedges": loads(row["hedges_json"]),
                              "about": loads(row["about_json"]), "via": loads(row["via_json"])})
    extra = {k: row[k] for k in ("title", "language") if k in row}
    return {**to_dict(claim), **extra}


# --- entities ---------------------------------------------------------------------------------

def entity_page(store: Any, name: str, kb: KB | None = None,
                before: str | None = None) -> dict[str, Any]:
    """The entity profile plus mentions per month (exact, from entity_months) and who speaks
    about it, with what: over all its claims when it is in at most CLAIMS_WINDOW articles, else
    over the claims in its latest CLAIMS_WINDOW articles (``claims_window`` says which)."""
    profile = entity_profile(store, name, kb, before)
    eid = profile["id"]
    sampled = profile["article_count"] > CLAIMS_WINDOW
    with store._read() as conn:
        stmt = (select(entity_months.c.period, entity_months.c.mentions)
                .where(entity_months.c.entity_id == eid).order_by(entity_months.c.period))
        timeline = [{"period": p or "?", "count": n} for p, n in conn.execute(stmt)]
        speakers, said = _who_speaks(conn, claims.c.id.in_(_claims_about(eid, sampled)))
    return {**profile, "timeline": timeline, "speakers": speakers,
            "claims": [claim_record(r) for r in said],
            "claims_window": CLAIMS_WINDOW if sampled else None}


def _claims_about(eid: str, sampled: bool):
    """The ids of the claims about ``eid`` (those in its latest CLAIMS_WINDOW articles when
    ``sampled``: a claim is about the entities mentioned inside it, so it is in one of them;
    joined on the article so that SQLite looks up those articles' claims, not all of them)."""
    about = claim_about.c
    if not sampled:
        return select(about.claim_id).where(about.entity_id == eid)
    e = entity_articles.c
    latest = (select(e.article_id).where(e.entity_id == eid)
              .order_by(e.published.desc(), e.article_id.desc()).limit(CLAIMS_WINDOW)).subquery()
    return (select(about.claim_id).join(latest, latest.c.article_id == about.article_id)
            .where(about.entity_id == eid))


def _who_speaks(conn: Connection, where) -> tuple[list[dict[str, Any]], list[Any]]:
    """The TOP speakers of the claims matching ``where`` and their TOP latest claims, newest
    first, from one read of those claims (two queries over them cost twice as much)."""
    c = claims.c
    rows = conn.execute(select(c.id, c.speaker_id, c.speaker_name, c.published).where(where)).all()
    counts = Counter((r.speaker_id, r.speaker_name) for r in rows)
    speakers = [{"id": s, "name": name, "claims": k} for (s, name), k in counts.most_common(TOP)]
    newest = sorted(sorted(rows, key=lambda r: r.id),       # ids ascending within one date
                    key=lambda r: (r.published is not None, r.published or ""), reverse=True)
    ids = [r.id for r in newest[:TOP]]
    stmt = _claims_select().where(c.id.in_(ids)).order_by(c.published.desc(), c.article_id, c.idx)
    return speakers, conn.execute(stmt).mappings().all() if ids else []


# --- graph and timeline -----------------------------------------------------------------------

def graph(store: Any, entity: str | None = None, limit: int = 150) -> dict[str, Any]:
    """Who talks about whom: speaker → entity edges weighted by claims (the heaviest first),
    over the latest GRAPH_WINDOW claims (by or about ``entity`` when given)."""
    with store._read() as conn:
        rows = conn.execute(_edges(entity, limit)).all()
    nodes: dict[str, dict[str, Any]] = {}
    for sid, sname, eid, ename, etype, _ in rows:
        nodes.setdefault(sid, {"id": sid, "label": sname, "kind": "speaker", "type": ""})
        nodes.setdefault(eid, {"id": eid, "label": ename or eid.removeprefix("name:"),
                               "kind": "entity", "type": etype or ""})
    edges = [{"from": s, "to": e, "weight": k} for s, _, e, _, _, k in rows]
    return {"nodes": list(nodes.values()), "edges": edges}


def _edges(entity: str | None, limit: int):
    """(speaker id, speaker name, entity id, entity name, type, claims) grouped, heaviest first,
    over the latest GRAPH_WINDOW claims (of ``entity`` as speaker or subject, when given)."""
    n = func.count(func.distinct(claims.c.id))
    keys = (claims.c.speaker_id, claims.c.speaker_name, claim_about.c.entity_id,
            entities.c.name, entities.c.type)
    return (select(*keys, n).join(claim_about, claim_about.c.claim_id == claims.c.id)
            .outerjoin(entities, entities.c.id == claim_about.c.entity_id)
            .where(claims.c.id.in_(_window(entity)),
                   claims.c.speaker_id != claim_about.c.entity_id).group_by(*keys)
            .order_by(n.desc(), claims.c.speaker_id, claim_about.c.entity_id).limit(limit))


def _window(entity: str | None):
    """The ids of the latest GRAPH_WINDOW claims, or of those by or about ``entity``."""
    stmt = select(claims.c.id)
    if entity:
        about = select(claim_about.c.claim_id).where(claim_about.c.entity_id == entity)
        stmt = stmt.where((claims.c.speaker_id == entity) | claims.c.id.in_(about))
    return stmt.order_by(claims.c.published.desc()).limit(GRAPH_WINDOW)


def timeline(store: Any, query: SearchQuery) -> dict[str, Any]:
    """Articles matching ``query`` and their claims, by date, with counts per month (the
    articles' titles and dates only: no snippets)."""
    page, *_ = search_ids(store, replace(query, limit=min(query.limit, 500), offset=0))
    ids = [aid for aid, _ in page]
    meta = select(articles.c.id, articles.c.title, articles.c.published, articles.c.language)
    with store._read() as conn:
        found = conn.execute(meta.where(articles.c.id.in_(ids))).all() if ids else []
        said = conn.execute(_claims_select().where(claims.c.article_id.in_(ids))
                            .order_by(claims.c.published, claims.c.article_id, claims.c.idx)
                            ).mappings().all() if ids else []
    items = sorted(({"date": p, "id": i, "title": t, "language": lang} for i, t, p, lang in found),
                   key=lambda a: (a["date"] or "9999", a["id"]))
    claim_rows = [claim_record(r) for r in said]
    periods = Counter((a["date"] or "?")[:7] for a in items)
    claim_periods = Counter((c["published"] or "?")[:7] for c in claim_rows)
    return {"q": query.q, "articles": items, "claims": claim_rows,
            "periods": [{"period": p, "articles": periods[p], "claims": claim_periods[p]}
                        for p in sorted(set(periods) | set(claim_periods))]}


# --- claims lists and exports -----------------------------------------------------------------

def claim_page(store: Any, *, speaker: str | None = None, about: str | None = None,
               limit: int = 100, offset: int = 0) -> tuple[list[dict[str, Any]], bool]:
    """One page of claims, newest first, by speaker id and/or entity id; (claims, has_more)."""
    stmt = _claims_where(speaker, about).limit(limit + 1).offset(offset)
    with store._read() as conn:
        rows = conn.execute(stmt).mappings().all()
    return [claim_record(r) for r in rows[:limit]], len(rows) > limit


def _claims_where(speaker: str | None, about: str | None):
    stmt = _claims_select()
    if speaker:
        stmt = stmt.where(claims.c.speaker_id == speaker)
    if about:
        stmt = stmt.where(claims.c.id.in_(
            select(claim_about.c.claim_id).where(claim_about.c.entity_id == about)))
    return stmt.order_by(claims.c.published.desc(), claims.c.article_id, claims.c.idx)


def iter_claims(store: Any, *, speaker: str | None = None, about: str | None = None,
                batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching claim, newest first, read a batch at a time."""
    offset = 0
    while True:
        page, more = claim_page(store, speaker=speaker, about=about, limit=batch, offset=offset)
        yield from page
        if not more:
            return
        offset += batch


def iter_articles(store: Any, *, language: str | None = None,
                  batch: int = 200) -> Iterator[dict[str, Any]]:
    """Every stored article (metadata and text, no analyses), newest first."""
    cols = [c for c in articles.c if c.name not in ("sentences_json", "meta_json", "run_id")]
    stmt = select(*cols).order_by(articles.c.published.desc(), articles.c.id)
    if language:
        stmt = stmt.where(articles.c.language == language)
    offset = 0
    while True:
        with store._read() as conn:
            rows = conn.execute(stmt.limit(batch).offset(offset)).mappings().all()
        yield from (dict(r) for r in rows)
        if len(rows) < batch:
            return
        offset += batch
