"""Everything PostgreSQL-specific in one place: upserts and the tsvector lemma index.

The twin of ``store/sqlite.py`` with the same functions. The index is the table
``articles_fts`` (created by migration 0002 on PostgreSQL only): our own lowercased lemma
strings, title and body, and a generated ``tsv`` column ``setweight(title, 'A') ||
setweight(lemmas, 'B')`` under the ``simple`` configuration (no stemming, no stop words: the
lemmas are already normal forms) with a GIN index. A query is built from bound parameters
only: one ``plainto_tsquery('simple', :term)`` per alternative, OR-ed within a group, AND-ed
across groups, so no user text is ever parsed as tsquery syntax.
"""
from __future__ import annotations

from functools import reduce
from typing import Any, Iterable, Sequence

from sqlalchemy import (BigInteger, Column, Connection, Engine, MetaData, String, Table, Text,
                        delete, event, func, literal, select)
from sqlalchemy.dialects.postgresql import ARRAY, REAL, REGCONFIG, TSVECTOR
from sqlalchemy.dialects.postgresql import insert as pg_insert

from .schema import FTS_TABLE, articles

__all__ = ["configure", "upsert", "insert_ignore", "fts_replace", "fts_delete", "fts_search",
           "fts_expression", "fts_count", "SearchRow", "CONFIG", "WEIGHTS", "fts_table",
           "RANK_WINDOW"]

CONFIG = "simple"
# ts_rank weights {D, C, B, A}: a title match (A) counts three times a body match (B).
WEIGHTS = "{0, 0, 0.33, 1.0}"

REAL_ARRAY = ARRAY(REAL)
# As on SQLite, only the RANK_WINDOW most recently stored matches are ranked (``seq``,
# migration 0010): a word in fewer articles is ranked over all of them; a language filter
# keeps the ranked matches in that language. ts_rank reads each ranked article's tsvector
# (~25 us each on this machine), so the window is smaller than SQLite's: 3,000 cost ~60 ms,
# 10,000 ~300 ms, every match of a word in 90% of 100,000 articles seconds.
RANK_WINDOW = 3_000

SearchRow = tuple[str, float]

# The index table as Core sees it (not in schema.metadata: it exists on PostgreSQL only).
fts_table = Table(FTS_TABLE, MetaData(),
                  Column("article_id", String, primary_key=True),
                  Column("title", Text), Column("lemmas", Text), Column("tsv", TSVECTOR),
                  Column("seq", BigInteger))


def configure(engine: Engine) -> None:
    """Plan every statement with its values (PostgreSQL has row locks and MVCC of its own)."""
    event.listen(engine, "connect", _on_connect)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # psycopg prepares a statement run five times, and PostgreSQL may then plan it once for
    # any values: the search's entity filter (500 ids IN (...) and one entity id) went from
    # 5-12 ms to 137 ms a chunk with that generic plan. Custom plans cost a planning each.
    dbapi_connection.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()


def upsert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]],
           keys: Iterable[str], update: Iterable[str]) -> None:
    """Insert ``rows``; on a conflict on ``keys`` overwrite the ``update`` columns."""
    if not rows:
        return
    stmt = pg_insert(table)
    stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                      set_={c: stmt.excluded[c] for c in update})
    conn.execute(stmt, list(rows))


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows``, skipping those that collide with an existing key."""
    if rows:
        conn.execute(pg_insert(table).on_conflict_do_nothing(), list(rows))


def fts_delete(conn: Connection, article_id: str) -> None:
    conn.execute(delete(fts_table).where(fts_table.c.article_id == article_id))


def fts_replace(conn: Connection, entries: Sequence[tuple[str, str, str]]) -> None:
    """Index articles' title lemmas and body lemmas (space-joined, lowercased): each entry is
    (article id, title lemmas, body lemmas); one upsert for them all."""
    rows = [{"article_id": aid, "title": title, "lemmas": lemmas} for aid, title, lemmas in entries]
    upsert(conn, fts_table, rows, keys=["article_id"], update=("title", "lemmas"))


def fts_expression(groups: Sequence[Sequence[str]]) -> Any:
    """A tsquery expression: each group's alternatives OR-ed, groups AND-ed, terms bound."""
    def term(t: str) -> Any:
        return func.plainto_tsquery(literal(CONFIG).cast(REGCONFIG), literal(t))

    def any_of(group: Sequence[str]) -> Any:
        return reduce(lambda a, b: a.op("||")(b), [term(t) for t in group])
    return reduce(lambda a, b: a.op("&&")(b), [any_of(g) for g in groups if g])


def fts_search(conn: Connection, match: Any, *, language: str | None, limit: int,
               offset: int) -> list[SearchRow]:
    """(article_id, score) of the articles matching a tsquery expression, best first, among
    the RANK_WINDOW most recently stored matches (chosen by ``seq`` without reading their
    tsvectors; only theirs are read, to rank them)."""
    _through_the_index(conn)
    f, ranked = fts_table.c, fts_table.alias("ranked")
    newest = (select(f.article_id).where(f.tsv.op("@@")(match))
              .order_by(f.seq.desc()).limit(RANK_WINDOW).subquery("newest"))
    rank = func.ts_rank(literal(WEIGHTS).cast(REAL_ARRAY), ranked.c.tsv, match).label("rank")
    query = (select(newest.c.article_id, rank)
             .join(ranked, ranked.c.article_id == newest.c.article_id)
             .join(articles, articles.c.id == newest.c.article_id)
             .order_by(rank.desc(), articles.c.published.desc().nulls_last(), articles.c.id)
             .limit(limit).offset(offset))
    if language is not None:
        query = query.where(articles.c.language == language)
    return [(row.article_id, float(row.rank)) for row in conn.execute(query)]


def fts_count(conn: Connection, match: Any, cap: int) -> int:
    """How many articles match, counted up to ``cap``."""
    _through_the_index(conn)
    found = select(fts_table.c.article_id).where(fts_table.c.tsv.op("@@")(match)).limit(cap)
    return conn.execute(select(func.count()).select_from(found.subquery())).scalar_one()


def _through_the_index(conn: Connection) -> None:
    """Have the rest of this transaction find matches by the GIN index (a bitmap scan, which
    reads no tsvector): the planner does not count what reading a tsvector costs (~20 us), so
    for a common word it would test every row (a sequential scan, or the ``seq`` index
    backwards), 0.6 s at 50,000 articles against 0.05 s."""
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
