"""The rows of the exports and of the claims API: claims and articles, newest first.

``claim_page`` is one page of claims by offset (the ``/api/claims`` page). ``iter_claims`` and
``iter_articles`` read every matching row a batch at a time, each batch in its own read
transaction, by keyset: after the last row read in the order (date newest first, the undated
last, then the row's key), so a batch reads only its own rows (by offset, the 55th batch of a
speaker with 54,546 claims first stepped over 54,000 of them: 17.5 s for the whole export).
The same order on SQLite and PostgreSQL (NULLs placed explicitly).
"""
from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, Iterator, Sequence

from sqlalchemy import Connection, and_, select, tuple_

from ..model import Claim
from .schema import articles, claim_about, claims

__all__ = ["claim_page", "iter_claims", "iter_articles", "claim_record"]

CLAIM_FIELDS = tuple(f.name for f in fields(Claim))
JSON_FIELDS = frozenset({"hedges", "about", "via"})     # stored as <name>_json
ARTICLE_COLUMNS = [c for c in articles.c if c.name not in ("sentences_json", "meta_json", "run_id")]


def claim_page(store: Any, *, speaker: str | None = None, about: str | None = None,
               limit: int = 100, offset: int = 0) -> tuple[list[dict[str, Any]], bool]:
    """One page of claims, newest first, by speaker id and/or entity id; (claims, has_more)."""
    c = claims.c
    stmt = (_claims(speaker, about).order_by(c.published.desc().nulls_last(), c.article_id, c.idx)
            .limit(limit + 1).offset(offset))
    with store._read() as conn:
        rows = conn.execute(stmt).mappings().all()
    return [claim_record(r) for r in rows[:limit]], len(rows) > limit


def iter_claims(store: Any, *, speaker: str | None = None, about: str | None = None,
                batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching claim in ``claim_page``'s order, read ``batch`` at a time."""
    c = claims.c
    for rows in _batches(store, _claims(speaker, about), c.published, (c.article_id, c.idx), batch):
        yield from (claim_record(r) for r in rows)


def iter_articles(store: Any, *, language: str | None = None,
                  batch: int = 200) -> Iterator[dict[str, Any]]:
    """Every stored article (metadata and text, no analyses), newest first."""
    stmt = select(*ARTICLE_COLUMNS)
    if language:
        stmt = stmt.where(articles.c.language == language)
    for rows in _batches(store, stmt, articles.c.published, (articles.c.id,), batch):
        yield from (dict(r) for r in rows)


def claim_record(row: Any) -> dict[str, Any]:
    """A claims row (with the article's title and language when joined) as a JSON-ready dict:
    ``to_dict`` of its Claim, built from the row's columns directly (a timeline lists
    thousands; the round trip through the dataclass was most of its time)."""
    out = {name: json.loads(row[f"{name}_json"]) if name in JSON_FIELDS else row[name]
           for name in CLAIM_FIELDS}
    return out | {k: row[k] for k in ("title", "language") if k in row}


def _claims(speaker: str | None, about: str | None):
    """The claims (with their article's title and language) by ``speaker`` and about ``about``."""
    stmt = select(claims, articles.c.title, articles.c.language).join(
        articles, articles.c.id == claims.c.article_id)
    if speaker:
        stmt = stmt.where(claims.c.speaker_id == speaker)
    if about:
        stmt = stmt.where(claims.c.id.in_(
            select(claim_about.c.claim_id).where(claim_about.c.entity_id == about)))
    return stmt


def _batches(store: Any, stmt, date, keys: Sequence[Any], size: int) -> Iterator[list[Any]]:
    """The rows of ``stmt`` by (``date`` newest first, undated last, ``keys``), ``size`` a read."""
    last = None
    while True:
        with store._read() as conn:
            rows = _after(conn, stmt, date, keys, last, size)
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1]


def _after(conn: Connection, stmt, date, keys: Sequence[Any], last: Any, size: int) -> list[Any]:
    """Up to ``size`` rows after ``last``: the rest of its date, then the older dates, then the
    undated, each part in an order an index on (filter, date) serves."""
    dated, undated = (date.desc(), *keys), tuple(keys)
    if last is None:
        parts = [(date.is_not(None), dated), (date.is_(None), undated)]
    else:
        rest = tuple_(*keys) > tuple_(*(last[k.name] for k in keys))
        when = last[date.name]
        parts = ([(and_(date.is_(None), rest), undated)] if when is None else
                 [(and_(date == when, rest), undated), (date < when, dated), (date.is_(None), undated)])
    rows: list[Any] = []
    for where, order in parts:
        if len(rows) < size:
            rows += conn.execute(stmt.where(where).order_by(*order).limit(size - len(rows))).mappings().all()
    return rows
