"""Read-side queries the web pages and the HTTP API need beyond the other query modules.

Filtered search (``search_articles``, in ``store/search.py``), speaker pages
(``speaker_profile``), entity pages (``entity_page``: the profile of ``store/entities.py`` plus
mentions over time and who speaks about it), the graph of who talks about whom (``graph``), a
timeline of articles and claims for a query (``timeline``); the rows of the exports
(``claim_page``, ``iter_claims``, ``iter_articles``) come from ``store/exports.py``. Every
query is SQLAlchemy Core with bound parameters; full-text matching goes through the store's
dialect module, so it runs on any backend the store supports.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any, Iterable

from sqlalchemy import Connection, select, tuple_

from ..errors import StoreError
from ..kb import KB
from .claim_aggregates import speaker_about, speaker_months
from .entities import entity_profile
from .exports import claim_page, claim_record, iter_articles, iter_claims
from .schema import articles, claim_about, claims, entities, entity_articles, entity_months
from .search import (COUNT_CAP, MAX_CANDIDATES, SearchPage, SearchQuery, resolve_entity,
                     search_articles, search_ids)

__all__ = ["SearchQuery", "SearchPage", "search_articles", "resolve_entity", "speaker_profile", "entity_page",
           "graph", "timeline", "claim_page", "iter_claims", "iter_articles", "claim_record",
           "MAX_CANDIDATES", "COUNT_CAP"]

TOP = 20
PAGE = 50                   # claims on a page of a speaker's
CLAIMS_WINDOW = 1_000       # an entity page's newest claims: from those in its latest articles


# --- speakers ---------------------------------------------------------------------------------

def speaker_profile(store: Any, speaker_id: str, limit: int = PAGE,
                    before: str | None = None) -> dict[str, Any]:
    """One page of a speaker's claims, newest first (``before``: the ``claims_next`` cursor of
    the page before), and over all their claims (from the aggregates of
    ``store/claim_aggregates.py``): counts by modality (firm = asserted, the rest hedged), by
    month, and whom they talk about."""
    with store._read() as conn:
        rows = _newest(conn, claims.c.speaker_id == speaker_id, limit + 1, before)
        modality, by_month = _speaker_months(conn, speaker_id)
        if not modality:
            raise StoreError("no claims by this speaker", code="V504", source=speaker_id)
        about = _about_counts(conn, speaker_id)
        entity = conn.execute(select(entities.c.name, entities.c.type)
                              .where(entities.c.id == speaker_id)).first()
        name = rows[0]["speaker_name"] if rows else _speaker_names(conn, [speaker_id])[speaker_id]
    total, firm = sum(modality.values()), modality.get("asserted", 0)
    page = [claim_record(r) for r in rows[:limit]]
    return {"id": speaker_id, "name": name, "type": entity.type if entity else "",
            "is_entity": entity is not None, "claims": page, "claims_before": before,
            "claims_next": claim_cursor(page[-1]) if len(rows) > limit else None,
            "total": total, "modality": modality, "firm": firm, "hedged": total - firm,
            "by_month": by_month, "about": about}


def claim_cursor(claim: dict[str, Any]) -> str:
    """The keyset cursor after ``claim`` in a newest-first list of claims: "date|id"."""
    return f"{claim['published'] or ''}|{claim['id']}"


def _newest(conn: Connection, where, limit: int, before: str | None) -> list[Any]:
    """Up to ``limit`` claims matching ``where``, newest first by (published, id) after the
    cursor ``before``; dated claims first, then the undated (NULL sorts apart on each backend),
    each read by keyset so that only the page's rows are read."""
    c = claims.c
    published, _, claim_id = (before or "").partition("|")
    rows: list[Any] = []
    if not before or published:
        dated = where & c.published.is_not(None)
        if before:
            dated = dated & (tuple_(c.published, c.id) < tuple_(published, claim_id))
        rows += _page(conn, dated, (c.published.desc(), c.id.desc()), limit)
    if len(rows) < limit:
        undated = where & c.published.is_(None)
        if before and not published:
            undated = undated & (c.id < claim_id)
        rows += _page(conn, undated, (c.id.desc(),), limit - len(rows))
    return rows


def _page(conn: Connection, where, order, limit: int) -> list[Any]:
    """The claims matching ``where`` in ``order``, ``limit`` of them, with their article's title
    and language (chosen on the claims table alone, so only those rows meet the article rows)."""
    ids = select(claims.c.id).where(where).order_by(*order).limit(limit).scalar_subquery()
    stmt = _claims_select().where(claims.c.id.in_(ids)).order_by(*order)
    return list(conn.execute(stmt).mappings())


def _speaker_months(conn: Connection, speaker_id: str) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """A speaker's claims by modality and by month (periods in order, "?" when undated)."""
    m = speaker_months.c
    modality: Counter = Counter()
    months: Counter = Counter()
    for period, mode, n in conn.execute(select(m.period, m.modality, m.claims)
                                        .where(m.speaker_id == speaker_id)):
        modality[mode] += n
        months[period] += n
    return dict(modality), [{"period": p or "?", "count": months[p]} for p in sorted(months)]


def _speaker_names(conn: Connection, speaker_ids: Iterable[str]) -> dict[str, str]:
    """The name each speaker went by in their latest claim (an index lookup each, in one
    statement per 500 speakers)."""
    c, m = claims.c, speaker_months.c
    latest = (select(c.speaker_name).where(c.speaker_id == m.speaker_id)
              .order_by(c.published.desc(), c.id.desc()).limit(1).scalar_subquery())
    ids, found = sorted(set(speaker_ids)), {}
    for i in range(0, len(ids), 500):
        stmt = select(m.speaker_id, latest).where(m.speaker_id.in_(ids[i:i + 500])).group_by(m.speaker_id)
        found |= dict(conn.execute(stmt).all())
    return {sid: found.get(sid) or sid for sid in ids}


def _claims_select():
    return select(claims, articles.c.title, articles.c.language).join(
        articles, articles.c.id == claims.c.article_id)


def _about_counts(conn: Connection, speaker_id: str) -> list[dict[str, Any]]:
    """The TOP entities a speaker made most claims about (exact, from speaker_about)."""
    a = speaker_about.c
    stmt = (select(a.entity_id, entities.c.name, entities.c.type, a.claims)
            .outerjoin(entities, entities.c.id == a.entity_id).where(a.speaker_id == speaker_id)
            .order_by(a.claims.desc(), a.entity_id).limit(TOP))
    return [{"id": e, "name": name or e.removeprefix("name:"), "type": t or "", "claims": k,
             "is_entity": name is not None} for e, name, t, k in conn.execute(stmt)]


# --- entities ---------------------------------------------------------------------------------

def entity_page(store: Any, name: str, kb: KB | None = None,
                before: str | None = None) -> dict[str, Any]:
    """The entity profile plus mentions per month (exact, from entity_months), who speaks
    about it (exact over all its claims, from speaker_about) and what they say: its TOP newest
    claims, over all of them when it is in at most CLAIMS_WINDOW articles, else over those in
    its latest CLAIMS_WINDOW articles (``claims_window`` says which)."""
    profile = entity_profile(store, name, kb, before)
    eid = profile["id"]
    sampled = profile["article_count"] > CLAIMS_WINDOW
    with store._read() as conn:
        stmt = (select(entity_months.c.period, entity_months.c.mentions)
                .where(entity_months.c.entity_id == eid).order_by(entity_months.c.period))
        timeline = [{"period": p or "?", "count": n} for p, n in conn.execute(stmt)]
        speakers = _speakers_about(conn, eid)
        said = _newest_about(conn, claims.c.id.in_(_claims_about(eid, sampled)))
    return {**profile, "timeline": timeline, "speakers": speakers,
            "claims": [claim_record(r) for r in said],
            "claims_window": CLAIMS_WINDOW if sampled else None}


def _speakers_about(conn: Connection, eid: str) -> list[dict[str, Any]]:
    """The TOP speakers who made most claims about ``eid`` (exact, from speaker_about), each
    by the name they went by in their latest claim."""
    a = speaker_about.c
    rows = conn.execute(select(a.speaker_id, a.claims).where(a.entity_id == eid)
                        .order_by(a.claims.desc(), a.speaker_id).limit(TOP)).all()
    names = _speaker_names(conn, [s for s, _ in rows])
    return [{"id": s, "name": names[s], "claims": k} for s, k in rows]


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


def _newest_about(conn: Connection, where) -> list[Any]:
    """The TOP newest claims matching ``where`` (dated first, ids ascending within one date),
    listed newest first (undated last on each backend)."""
    c = claims.c
    picked = (select(c.id).where(where).order_by(c.published.is_(None), c.published.desc(), c.id)
              .limit(TOP).scalar_subquery())
    stmt = (_claims_select().where(c.id.in_(picked))
            .order_by(c.published.is_(None), c.published.desc(), c.article_id, c.idx))
    return list(conn.execute(stmt).mappings())


# --- graph and timeline -----------------------------------------------------------------------

def graph(store: Any, entity: str | None = None, limit: int = 150) -> dict[str, Any]:
    """Who talks about whom: speaker → entity edges weighted by claims, the heaviest first,
    over all claims (exact, from speaker_about); with ``entity``, the edges from and to it."""
    with store._read() as conn:
        rows = _edges(conn, entity, limit)
        names = _speaker_names(conn, dict.fromkeys(s for s, _, _ in rows))
        found = _entity_names(conn, {e for _, e, _ in rows})
    nodes: dict[str, dict[str, Any]] = {}
    for sid, eid, _ in rows:
        nodes.setdefault(sid, {"id": sid, "label": names[sid], "kind": "speaker", "type": ""})
        name, etype = found.get(eid, (eid.removeprefix("name:"), ""))
        nodes.setdefault(eid, {"id": eid, "label": name, "kind": "entity", "type": etype})
    edges = [{"from": s, "to": e, "weight": k} for s, e, k in rows]
    return {"nodes": list(nodes.values()), "edges": edges}


def _edges(conn: Connection, entity: str | None, limit: int) -> list[tuple[str, str, int]]:
    """(speaker id, entity id, claims), heaviest first: every edge, or those from and to
    ``entity`` (each side read by its index, heaviest first, then merged)."""
    a = speaker_about.c
    stmt = (select(a.speaker_id, a.entity_id, a.claims).where(a.speaker_id != a.entity_id)
            .order_by(a.claims.desc(), a.speaker_id, a.entity_id).limit(limit))
    if not entity:
        return [tuple(r) for r in conn.execute(stmt)]
    rows = {(s, e): k for side in (a.speaker_id, a.entity_id)
            for s, e, k in conn.execute(stmt.where(side == entity))}
    return sorted(((s, e, k) for (s, e), k in rows.items()), key=lambda r: (-r[2], r[0], r[1]))[:limit]


def _entity_names(conn: Connection, ids: set[str]) -> dict[str, tuple[str, str]]:
    """(name, type) of those of ``ids`` that are stored entities."""
    e = entities.c
    found: dict[str, tuple[str, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = sorted(ids)[i:i + 500]
        found |= {r.id: (r.name, r.type) for r in conn.execute(
            select(e.id, e.name, e.type).where(e.id.in_(chunk)))}
    return found


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
