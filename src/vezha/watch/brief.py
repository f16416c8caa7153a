"""A daily briefing over a watchlist: what the store holds on its entities in a time window.

``build_briefing(store, watchlist, since, until)`` gathers, for articles published in the
window (an article without a publication date counts on the day it was stored): the top claims by or about the watched entities (reprints counted as sources of one
claim, most sources first), the events that involve them (by participant, place or the
country of the place) on a timeline, the mentions per day of each watched entity (the window
plus ``BASELINE_DAYS`` before it, for the chart) and the watchlist's alerts. Every item links
back to its article span (``present.source_link``). ``parse_since`` reads ``24h``, ``7d`` or
a date. Rendering is in ``render.py``.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select

from ..errors import ConfigError
from ..kb import KB
from ..store import alerts as alert_store
from ..store.repeats import SIMILAR, quote_similarity, quote_words
from ..store.schema import articles, claim_about, claims, events, mentions, places, quotes
from ..store.store import transaction
from .change import polarity
from .evaluate import Compiled
from .present import alert_record, source_link

__all__ = ["Briefing", "build_briefing", "parse_since", "watched", "TOP_CLAIMS", "TOP_EVENTS",
           "BASELINE_DAYS"]

TOP_CLAIMS = 15
TOP_EVENTS = 60
CLAIM_POOL = 2000           # newest claims in the window considered for the top
BASELINE_DAYS = 14
DURATION = re.compile(r"^(\d+)\s*([hd])$")


@dataclass
class Briefing:
    watchlist: str
    title: str
    since: str              # first day (inclusive)
    until: str              # last day (inclusive)
    generated_at: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sources(self) -> list[dict[str, Any]]:
        """Every source link of the briefing, once each, in order of appearance."""
        seen: dict[str, dict[str, Any]] = {}
        items = [*self.claims, *self.events,
                 *(s for x in [*self.claims, *self.events, *self.alerts] for s in x["sources"])]
        for item in items:
            seen.setdefault(item["link"], {"link": item["link"], "article_id": item["article_id"],
                                           "title": item.get("title"), "outlet": item.get("outlet")})
        return list(seen.values())


def parse_since(since: str, until: dt.date) -> dt.date:
    """The first day of a window ending on ``until``: ``24h`` and ``1d`` mean that day alone."""
    match = DURATION.match(since.strip().lower())
    if match:
        n, unit = int(match[1]), match[2]
        days = max(1, -(-n // 24)) if unit == "h" else max(1, n)
        return until - dt.timedelta(days=days - 1)
    try:
        return dt.date.fromisoformat(since)
    except ValueError:
        raise ConfigError(f"--since wants 24h, 7d or a date (YYYY-MM-DD), not {since!r}",
                          code="V102", source="--since") from None


def watched(rules: tuple[Compiled, ...], kb: KB) -> tuple[dict[str, str], frozenset[str]]:
    """Watched entity ids with a display name, and the watched countries' ISO codes."""
    names: dict[str, str] = {}
    countries: set[str] = set()
    for c in rules:
        for target in (c.entity, c.speaker, c.about, c.place, c.participant):
            countries |= target.countries
            for eid in sorted(target.ids):
                known = kb.entities.get(eid)
                names.setdefault(eid, known.name if known else eid)
    return names, frozenset(countries)


def build_briefing(store: Any, name: str, title: str, rules: tuple[Compiled, ...], kb: KB,
                   since: dt.date, until: dt.date, base_url: str = "") -> Briefing:
    ids, countries = watched(rules, kb)
    window = (since.isoformat(), (until + dt.timedelta(days=1)).isoformat())   # [first, after)
    with transaction(store.engine, "read", write=False) as conn:
        brief = Briefing(name, title, since.isoformat(), until.isoformat(),
                         dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        brief.entities = _mention_series(conn, ids, since, until)
        brief.claims = _top_claims(conn, set(ids), window, base_url)
        brief.events = _timeline(conn, set(ids), countries, window, base_url)
    found = alert_store.find_alerts(store, watchlist=name, limit=1000)
    brief.alerts = [alert_record(a, base_url) for a in found
                    if a.published is None or window[0] <= a.published < window[1]]
    return brief


def _day():
    """An article's day: its publication date, else the day it was stored."""
    return func.substr(func.coalesce(articles.c.published, articles.c.stored_at), 1, 10)


def _mention_series(conn: Any, ids: dict[str, str], since: dt.date, until: dt.date) -> list[dict]:
    first, day = since - dt.timedelta(days=BASELINE_DAYS), _day()
    query = (select(mentions.c.entity_id, day, func.count())
             .select_from(mentions.join(articles, articles.c.id == mentions.c.article_id))
             .where(mentions.c.entity_id.in_(sorted(ids)), day >= first.isoformat(),
                    day < (until + dt.timedelta(days=1)).isoformat())
             .group_by(mentions.c.entity_id, day))
    counts: dict[str, dict[str, int]] = {}
    for eid, d, n in conn.execute(query):
        counts.setdefault(eid, {})[d] = n
    days = [(first + dt.timedelta(days=k)).isoformat() for k in range((until - first).days + 1)]
    return [{"id": eid, "name": label, "days": days,
             "counts": [counts.get(eid, {}).get(d, 0) for d in days],
             "in_window": sum(counts.get(eid, {}).get(d, 0) for d in days if d >= since.isoformat())}
            for eid, label in ids.items()]


def _top_claims(conn: Any, ids: set[str], window: tuple[str, str], base_url: str) -> list[dict]:
    c, a, q = claims.c, articles.c, quotes.c
    about = select(claim_about.c.claim_id).where(claim_about.c.entity_id.in_(sorted(ids)))
    query = (select(c.id, c.article_id, c.speaker_id, c.speaker_name, c.text, c.start, c.end,
                    _day().label("published"), a.outlet, a.title, q.idx)
             .join(articles, a.id == c.article_id)
             .outerjoin(quotes, and_(q.article_id == c.article_id, q.start == c.start,
                                     q.end == c.end))
             .where(_day() >= window[0], _day() < window[1],
                    c.speaker_id.in_(sorted(ids)) | c.id.in_(about))
             .order_by(_day().desc(), c.id).limit(CLAIM_POOL))
    groups: list[tuple[tuple[str, int], frozenset[str], list[dict]]] = []
    for r in conn.execute(query).mappings():
        row = {**r, "link": source_link(base_url, r["article_id"],
                                        -1 if r["idx"] is None else r["idx"])}
        key, words = (r["speaker_id"], polarity(r["text"])), quote_words(r["text"])
        home = next((g for g in groups if g[0] == key
                     and quote_similarity(g[1], words) >= SIMILAR), None)
        if home is None:
            groups.append((key, words, [row]))
        elif all(x["article_id"] != r["article_id"] for x in home[2]):
            home[2].append(row)
    ranked = sorted(groups, key=lambda g: -len(g[2]))[:TOP_CLAIMS]
    return [{**g[2][-1], "sources": [_source(r) for r in reversed(g[2])]} for g in ranked]


def _source(r: dict) -> dict[str, Any]:
    return {k: r[k] for k in ("article_id", "outlet", "title", "published", "link")}


def _timeline(conn: Any, ids: set[str], countries: frozenset[str], window: tuple[str, str],
              base_url: str) -> list[dict]:
    e, a = events.c, articles.c
    query = (select(e.article_id, e.idx, e.type, e.trigger, e.time, e.place, e.participants_json,
                    e.start, _day().label("published"), a.outlet, a.title)
             .join(articles, a.id == e.article_id)
             .where(_day() >= window[0], _day() < window[1]))
    rows = conn.execute(query).mappings().all()
    geo = _places(conn, window)
    found = []
    for r in rows:
        people = set(json.loads(r["participants_json"]))
        name, country = geo.get((r["article_id"], r["place"]), ("", ""))
        if r["place"] in ids or people & ids or country in countries:
            found.append({**r, "name": name, "participants": sorted(people),
                          "day": r["time"] or r["published"] or "",
                          "link": source_link(base_url, r["article_id"])})
    found.sort(key=lambda x: (x["day"], x["article_id"], x["idx"]))
    return _dedupe_events(found)[:TOP_EVENTS]


def _places(conn: Any, window: tuple[str, str]) -> dict[tuple[str, str], tuple[str, str]]:
    """(article id, place id) -> (name, country) for the window's articles."""
    in_window = select(articles.c.id).where(_day() >= window[0], _day() < window[1])
    query = select(places.c.article_id, places.c.entity_id, places.c.name, places.c.country).where(
        places.c.article_id.in_(in_window))
    return {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(query)}


def _dedupe_events(found: list[dict]) -> list[dict]:
    """One line per (day, type, trigger, place): reprints become extra sources of it."""
    lines: dict[tuple, dict] = {}
    for ev in found:
        key = (ev["day"], ev["type"], ev["trigger"].lower(), ev["place"])
        line = lines.setdefault(key, {**ev, "sources": []})
        line["sources"].append(_source(ev))
    return list(lines.values())
