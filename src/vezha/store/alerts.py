"""Watchlists, alerts, their sources and deliveries in the store (``vezha watch``, ``vezha alerts``).

* ``save_watchlist`` / ``watchlist_rows`` / ``watchlist_row``: watchlists as written (YAML/TOML).
* ``record_hit``: a rule's hit becomes a source of an alert keyed by (watchlist, rule, story).
  The story is the article's group in ``story_groups`` when ``vezha stories`` ran, else the
  alert whose first article's MinHash (``fingerprint``) is a near-duplicate of this one
  (``vezha.dedup.THRESHOLD``), else a new one named by this article: one story reprinted by
  ten outlets is one alert with ten sources.
* ``find_alerts``: alerts with their sources, newest first; ``pending`` / ``mark_delivered`` /
  ``mark_failed``: what a delivery channel has not had yet, recorded in ``alert_deliveries``
  so that a restart sends nothing twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
from sqlalchemy import Connection, and_, delete, insert, select, update

from ..dedup import THRESHOLD
from ..errors import StoreError
from .schema import alert_deliveries, alert_sources, alerts, articles, story_groups, watchlists
from .store import now, transaction

__all__ = ["Alert", "AlertSource", "save_watchlist", "watchlist_rows", "watchlist_row",
           "delete_watchlist", "record_hit", "find_alerts", "pending", "mark_delivered",
           "mark_failed", "encode_fingerprint", "FINGERPRINT_CANDIDATES"]

FINGERPRINT_CANDIDATES = 2000   # latest alerts of a rule a new article is compared with


@dataclass(frozen=True, slots=True)
class AlertSource:
    """One article carrying the alert's evidence, with the span (and quote) that hit."""
    article_id: str
    kind: str
    start: int
    end: int
    text: str
    quote: int
    detail: str
    added_at: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    watchlist: str
    rule: str
    kind: str
    story: str
    subject: str
    summary: str
    statistic: str
    published: str | None
    created_at: str
    updated_at: str
    sources: tuple[AlertSource, ...] = ()


# --- watchlists

def save_watchlist(store: Any, name: str, title: str, fmt: str, text: str) -> None:
    """Store (or replace) a watchlist as written; it becomes active."""
    row = {"name": name, "title": title, "format": fmt, "text": text, "active": 1,
           "updated_at": now()}
    with transaction(store.engine, f"save watchlist {name}", write=True) as conn:
        conn.execute(delete(watchlists).where(watchlists.c.name == name))
        conn.execute(insert(watchlists).values(row))


def delete_watchlist(store: Any, name: str) -> None:
    with transaction(store.engine, f"delete watchlist {name}", write=True) as conn:
        conn.execute(delete(watchlists).where(watchlists.c.name == name))


def watchlist_rows(store: Any, active_only: bool = False) -> list[dict[str, Any]]:
    query = select(watchlists).order_by(watchlists.c.name)
    if active_only:
        query = query.where(watchlists.c.active == 1)
    with transaction(store.engine, "read", write=False) as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def watchlist_row(store: Any, name: str) -> dict[str, Any]:
    """The stored watchlist called ``name``; StoreError V504 when there is none."""
    with transaction(store.engine, "read", write=False) as conn:
        row = conn.execute(select(watchlists).where(watchlists.c.name == name)).mappings().first()
    if row is None:
        raise StoreError(f"no watchlist named {name!r}", code="V504", source=name)
    return dict(row)


# --- alerts

def encode_fingerprint(hashvalues: Any) -> str:
    return np.asarray(hashvalues, dtype="<u8").tobytes().hex()


def _decode(text: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(text), dtype="<u8")


def record_hit(store: Any, hit: Any, fingerprint: str | None, published: str | None) -> tuple[int, bool]:
    """Add ``hit`` (a ``vezha.watch.Hit``) to its alert; (alert id, whether the alert is new)."""
    ev = hit.evidence
    with transaction(store.engine, "record an alert", write=True) as conn:
        story = hit.story or _group(conn, ev.article_id) or ev.article_id
        alert_id = _story_alert(conn, hit, story, fingerprint)
        new = alert_id is None
        if new:
            alert_id = _new_alert(conn, hit, story, fingerprint, published)
        if not _has_source(conn, alert_id, ev):
            conn.execute(insert(alert_sources).values(
                alert_id=alert_id, article_id=ev.article_id, kind=ev.kind, start=ev.start,
                end=ev.end, text=ev.text, quote=ev.quote, detail=ev.detail, added_at=now()))
            conn.execute(update(alerts).where(alerts.c.id == alert_id).values(
                updated_at=now(), statistic=hit.statistic or alerts.c.statistic))
        return alert_id, new


def _group(conn: Connection, article_id: str) -> str:
    query = select(story_groups.c.group_id).where(story_groups.c.article_id == article_id)
    return conn.execute(query).scalar() or ""


def _story_alert(conn: Connection, hit: Any, story: str, fingerprint: str | None) -> int | None:
    """The alert of this story: by its key, by the article itself, else by a near-duplicate."""
    same_rule = and_(alerts.c.watchlist == hit.watchlist, alerts.c.rule == hit.rule)
    for key in dict.fromkeys((story, hit.evidence.article_id)):
        found = conn.execute(select(alerts.c.id).where(same_rule, alerts.c.story == key)).scalar()
        if found is not None or hit.story:
            return found
    return _near_duplicate(conn, same_rule, fingerprint) if fingerprint else None


def _near_duplicate(conn: Connection, same_rule: Any, fingerprint: str) -> int | None:
    query = (select(alerts.c.id, alerts.c.fingerprint)
             .where(same_rule, alerts.c.fingerprint.is_not(None))
             .order_by(alerts.c.id.desc()).limit(FINGERPRINT_CANDIDATES))
    rows = conn.execute(query).all()
    if not rows:
        return None
    mine = _decode(fingerprint)
    scores = [float(np.mean(_decode(f) == mine)) if len(f) == len(fingerprint) else 0.0
              for _, f in rows]
    best = int(np.argmax(scores))
    return rows[best][0] if scores[best] >= THRESHOLD else None


def _new_alert(conn: Connection, hit: Any, story: str, fingerprint: str | None,
               published: str | None) -> int:
    stamp = now()
    row = {"watchlist": hit.watchlist, "rule": hit.rule, "kind": hit.kind,
           "story": story, "subject": hit.subject,
           "summary": hit.summary, "statistic": hit.statistic, "fingerprint": fingerprint,
           "published": published, "created_at": stamp, "updated_at": stamp}
    return conn.execute(insert(alerts).values(row)).inserted_primary_key[0]


def _has_source(conn: Connection, alert_id: int, ev: Any) -> bool:
    s = alert_sources.c
    query = select(s.alert_id).where(s.alert_id == alert_id, s.article_id == ev.article_id,
                                     s.kind == ev.kind, s.start == ev.start)
    return conn.execute(query).first() is not None


def find_alerts(store: Any, *, watchlist: str | None = None, since: str | None = None,
                ids: Iterable[int] | None = None, limit: int = 200) -> list[Alert]:
    """Alerts (created at or after ``since``, an ISO time) with their sources, newest first."""
    query = select(alerts).order_by(alerts.c.created_at.desc(), alerts.c.id.desc()).limit(limit)
    if watchlist:
        query = query.where(alerts.c.watchlist == watchlist)
    if since:
        query = query.where(alerts.c.updated_at >= since)
    if ids is not None:
        query = query.where(alerts.c.id.in_(list(ids)))
    with transaction(store.engine, "read", write=False) as conn:
        rows = conn.execute(query).mappings().all()
        sources = _sources(conn, [r["id"] for r in rows])
    return [Alert(**{k: r[k] for k in _ALERT_FIELDS}, sources=tuple(sources.get(r["id"], ())))
            for r in rows]


_ALERT_FIELDS = ("id", "watchlist", "rule", "kind", "story", "subject", "summary", "statistic",
                 "published", "created_at", "updated_at")


def _sources(conn: Connection, ids: list[int]) -> dict[int, list[AlertSource]]:
    s, a = alert_sources.c, articles.c
    out: dict[int, list[AlertSource]] = {}
    for i in range(0, len(ids), 500):
        query = (select(alert_sources, a.outlet, a.url, a.title, a.published)
                 .outerjoin(articles, a.id == s.article_id).where(s.alert_id.in_(ids[i:i + 500]))
                 .order_by(s.alert_id, a.published, s.article_id, s.start))
        for r in conn.execute(query).mappings():
            out.setdefault(r["alert_id"], []).append(AlertSource(
                r["article_id"], r["kind"], r["start"], r["end"], r["text"], r["quote"],
                r["detail"], r["added_at"], r["outlet"], r["url"], r["title"], r["published"]))
    return out


# --- deliveries

def pending(store: Any, channel: str, watchlist: str | None = None, limit: int = 500) -> list[Alert]:
    """Alerts ``channel`` has not delivered yet, oldest first."""
    done = select(alert_deliveries.c.alert_id).where(
        alert_deliveries.c.channel == channel, alert_deliveries.c.delivered_at.is_not(None))
    query = select(alerts.c.id).where(alerts.c.id.not_in(done)).order_by(alerts.c.id).limit(limit)
    if watchlist:
        query = query.where(alerts.c.watchlist == watchlist)
    with transaction(store.engine, "read", write=False) as conn:
        ids = list(conn.execute(query).scalars())
    return sorted(find_alerts(store, ids=ids, limit=len(ids) or 1), key=lambda a: a.id) if ids else []


def mark_delivered(store: Any, alert_id: int, channel: str) -> None:
    _delivery(store, alert_id, channel, delivered_at=now(), error="")


def mark_failed(store: Any, alert_id: int, channel: str, error: str) -> None:
    _delivery(store, alert_id, channel, delivered_at=None, error=error[:500])


def _delivery(store: Any, alert_id: int, channel: str, **values: Any) -> None:
    d = alert_deliveries.c
    key = (d.alert_id == alert_id) & (d.channel == channel)
    with transaction(store.engine, f"record delivery of alert {alert_id}", write=True) as conn:
        row = conn.execute(select(d.attempts).where(key)).first()
        if row is None:
            conn.execute(insert(alert_deliveries).values(alert_id=alert_id, channel=channel,
                                                         attempts=1, **values))
        else:
            conn.execute(update(alert_deliveries).where(key).values(attempts=row[0] + 1, **values))
