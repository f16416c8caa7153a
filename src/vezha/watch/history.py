"""What the store already knows that rules compare against: earlier claims, daily mentions.

Read-only SQLAlchemy Core queries over the tables of ``vezha.store.schema``.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable

from sqlalchemy import func, or_, select

from ..model import Claim
from ..store.schema import articles, claim_about, claims, mentions, story_groups
from ..store.store import transaction

__all__ = ["earlier_claims", "daily_mentions", "article_texts", "story_group_of", "EARLIER_LIMIT"]

EARLIER_LIMIT = 500         # most earlier claims of one speaker compared with a new one


def earlier_claims(store: Any, speaker_id: str, article_id: str, published: str | None,
                   limit: int = EARLIER_LIMIT) -> list[Claim]:
    """Claims by ``speaker_id`` in other articles published on or before ``published``."""
    c = claims.c
    query = select(claims).where(c.speaker_id == speaker_id, c.article_id != article_id)
    if published:
        query = query.where(or_(c.published.is_(None), c.published <= published))
    query = query.order_by(c.published.desc(), c.id).limit(limit)
    with transaction(store.engine, "read", write=False) as conn:
        rows = conn.execute(query).mappings().all()
        about = _about(conn, [r["id"] for r in rows])
    return [_claim(r, about.get(r["id"], ())) for r in rows]


def _about(conn, ids: list[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for i in range(0, len(ids), 500):
        query = select(claim_about.c.claim_id, claim_about.c.entity_id).where(
            claim_about.c.claim_id.in_(ids[i:i + 500]))
        for cid, eid in conn.execute(query):
            out.setdefault(cid, []).append(eid)
    return {k: tuple(v) for k, v in out.items()}


def _claim(r: Any, about: tuple[str, ...]) -> Claim:
    return Claim(id=r["id"], article_id=r["article_id"], speaker_id=r["speaker_id"],
                 speaker_name=r["speaker_name"], start=r["start"], end=r["end"], text=r["text"],
                 kind=r["kind"], cue=r["cue"], hedges=tuple(json.loads(r["hedges_json"])),
                 modality=r["modality"], about=about, sentence=r["sentence"],
                 published=r["published"])


def daily_mentions(store: Any, entity_ids: Iterable[str], day: str, days: int) -> dict[str, int]:
    """Mentions of any of ``entity_ids`` per publication day, from ``days`` before ``day`` to it."""
    date = dt.date.fromisoformat(day[:10])
    first, after = (date - dt.timedelta(days=days)).isoformat(), (date + dt.timedelta(days=1)).isoformat()
    day_col = func.substr(articles.c.published, 1, 10)
    query = (select(day_col, func.count())
             .select_from(mentions.join(articles, articles.c.id == mentions.c.article_id))
             .where(mentions.c.entity_id.in_(sorted(entity_ids)),
                    articles.c.published >= first, articles.c.published < after)
             .group_by(day_col))
    with transaction(store.engine, "read", write=False) as conn:
        return {d: n for d, n in conn.execute(query)}


def article_texts(store: Any, ids: Iterable[str]) -> dict[str, str]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    query = select(articles.c.id, articles.c.text).where(articles.c.id.in_(ids))
    with transaction(store.engine, "read", write=False) as conn:
        return dict(conn.execute(query).all())


def story_group_of(store: Any, article_id: str) -> str:
    """The article's story group (``vezha stories``), or ""."""
    query = select(story_groups.c.group_id).where(story_groups.c.article_id == article_id)
    with transaction(store.engine, "read", write=False) as conn:
        return conn.execute(query).scalar() or ""
