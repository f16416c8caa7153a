"""Entity aggregates kept in step with the mentions: what entity pages read at any store size.

``entity_articles`` has one row per (article, entity linked in it): the article's date and the
entity's mentions there. ``entity_pairs`` counts the articles two entities share (both
directions) and ``entity_months`` the mentions per month. ``sync_articles`` is called by the
write path once a batch's rows are replaced: it recounts the batch's ``entity_articles`` rows
from their mentions and adds the difference between the old rows and the new ones to the pairs
and months, so saving an article again changes nothing (idempotent) and a changed article moves
its counts. The write path passes the batch's mentions counted from the rows it inserted
(``counts.grouped``, which also moves the entity counts), so they are not read back; without
them they are counted from the stored mentions. Migration 0007 created the tables and
backfilled them.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import permutations
from typing import Iterable

from sqlalchemy import Connection, Table, delete, func, select

from . import bulk
from .schema import articles, entity_articles, entity_months, entity_pairs, mentions

__all__ = ["sync_articles", "difference", "add_counts"]

CHUNK = 500     # ids per IN (...) list
Rows = dict[tuple[str, str], tuple[str, int]]     # (article id, entity id) -> (published, mentions)


def sync_articles(conn: Connection, article_ids: Iterable[str],
                  groups: Counter | None = None) -> None:
    """Bring the aggregates of ``article_ids`` in line with their stored mentions, given as
    ``groups`` (``counts.grouped``: every linked mention of those articles) or read here."""
    ids = sorted(set(article_ids))
    counted = None if groups is None else _rows_of(groups)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        old = _stored(conn, chunk)
        new = _counted(conn, chunk) if counted is None else _within(counted, chunk)
        if old != new:
            _replace(conn, chunk, new)
            add_counts(conn, entity_pairs, "articles", difference(_pairs(new), _pairs(old)))
            add_counts(conn, entity_months, "mentions", difference(_months(new), _months(old)))


def _stored(conn: Connection, ids: list[str]) -> Rows:
    e = entity_articles.c
    query = select(e.article_id, e.entity_id, e.published, e.mentions).where(e.article_id.in_(ids))
    return {(a, eid): (p, n) for a, eid, p, n in conn.execute(query)}


def _counted(conn: Connection, ids: list[str]) -> Rows:
    published = func.coalesce(articles.c.published, "")
    query = (select(mentions.c.article_id, mentions.c.entity_id, published, func.count())
             .join(articles, articles.c.id == mentions.c.article_id)
             .where(mentions.c.article_id.in_(ids), mentions.c.entity_id != "")
             .group_by(mentions.c.article_id, mentions.c.entity_id, published))
    return {(a, eid): (p, n) for a, eid, p, n in conn.execute(query)}


def _rows_of(groups: Counter) -> Rows:
    """``_counted``'s rows from mentions counted by ``counts.Group``."""
    out: Rows = {}
    for (aid, eid, _, _, published), n in groups.items():
        out[(aid, eid)] = (published, out.get((aid, eid), ("", 0))[1] + n)
    return out


def _within(rows: Rows, ids: list[str]) -> Rows:
    chosen = set(ids)
    return {key: value for key, value in rows.items() if key[0] in chosen}


def _replace(conn: Connection, ids: list[str], rows: Rows) -> None:
    conn.execute(delete(entity_articles).where(entity_articles.c.article_id.in_(ids)))
    bulk.insert_rows(conn, entity_articles, ("article_id", "entity_id", "published", "mentions"),
                     [(a, eid, p, n) for (a, eid), (p, n) in sorted(rows.items())], arrays=True)


def _pairs(rows: Rows) -> Counter:
    """(entity, other) -> articles of ``rows`` mentioning both."""
    by_article: dict[str, list[str]] = defaultdict(list)
    for article_id, eid in rows:
        by_article[article_id].append(eid)
    return Counter(pair for eids in by_article.values() for pair in permutations(eids, 2))


def _months(rows: Rows) -> Counter:
    """(entity, YYYY-MM) -> mentions in ``rows``."""
    out: Counter = Counter()
    for (_, eid), (published, n) in rows.items():
        out[(eid, published[:7])] += n
    return out


def difference(new: Counter, old: Counter) -> dict[tuple, int]:
    """new - old, keeping negative counts (Counter's ``-`` drops them) and leaving out zeros."""
    delta = Counter(new)
    delta.subtract(old)
    return {key: n for key, n in delta.items() if n}


def add_counts(conn: Connection, table: Table, column: str, delta: dict[tuple, int]) -> None:
    """Add ``delta`` to ``column`` of the rows keyed by its keys (the table's primary key, in
    key order, so concurrent PostgreSQL writers lock rows in one order); rows that fall to zero
    are deleted."""
    if not delta:
        return
    keys = tuple(c.name for c in table.primary_key.columns)
    names = ", ".join(keys)
    bulk.insert_rows(conn, table, (*keys, column), [(*key, n) for key, n in sorted(delta.items())],
                     f"ON CONFLICT ({names}) DO UPDATE SET "
                     f"{column} = {table.name}.{column} + excluded.{column}", arrays=True)
    touched = sorted({key[0] for key, n in delta.items() if n < 0})
    for i in range(0, len(touched), CHUNK):
        conn.execute(delete(table).where(table.c[keys[0]].in_(touched[i:i + CHUNK]),
                                         table.c[column] <= 0))
