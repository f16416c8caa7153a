"""Everything SQLite-specific in one place: connection pragmas, upserts and the FTS5 lemma index.

A PostgreSQL twin (``store/postgres.py``, tsvector over the same lemma column) will offer the
same functions; ``Store`` picks the module by ``engine.dialect.name``.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from sqlalchemy import Connection, Engine, Table, event, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .schema import FTS_TABLE

__all__ = ["configure", "upsert", "insert_ignore", "fts_replace", "fts_delete", "fts_search",
           "fts_expression", "fts_count", "SearchRow", "RANK_WINDOW"]

PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
           "PRAGMA busy_timeout=30000")

# An article's FTS row has the article row's rowid (migration 0005), so replacing it is a
# lookup by rowid; ``article_id`` is UNINDEXED, and a DELETE on it would scan the whole index.
FTS_DELETE = text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
                  "(SELECT rowid FROM articles WHERE id = :article_id)")
FTS_INSERT = text(f"INSERT INTO {FTS_TABLE} (rowid, article_id, title, lemmas) "
                  "SELECT rowid, :article_id, :title, :lemmas FROM articles WHERE id = :article_id")
# bm25 weights: a match in the title counts three times one in the body; lower is better.
# Rank inside the FTS table, then touch the articles table only for the page asked for, and
# rank the RANK_WINDOW most recently stored matches only (the rowid range of the newest ones
# is one cheap walk down the index): bm25 over every match of a word in 90% of 100,000
# articles cost ~110 ms, over the newest 10,000 ~25 ms. A word in fewer articles is ranked
# over all of them. A language filter keeps the ranked matches in that language.
RANK_WINDOW = 10_000
FTS_FLOOR = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match "
                 "ORDER BY rowid DESC LIMIT 1 OFFSET :window")
_RANKED = (f"SELECT rowid AS rid, article_id, bm25({FTS_TABLE}, 0.0, 3.0, 1.0) AS rank "
           f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match AND rowid >= :floor ORDER BY rank")
FTS_QUERY = text(f"{_RANKED} LIMIT :limit OFFSET :offset")
FTS_QUERY_LANGUAGE = text(
    f"SELECT r.article_id AS article_id, r.rank AS rank FROM ({_RANKED}) AS r "
    "JOIN articles AS a ON a.rowid = r.rid WHERE a.language = :language "
    "ORDER BY r.rank LIMIT :limit OFFSET :offset")
FTS_COUNT = text(f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} "
                 f"WHERE {FTS_TABLE} MATCH :match LIMIT :cap)")

SearchRow = tuple[str, float]


def configure(engine: Engine) -> None:
    """WAL journal, foreign keys, a busy timeout; writers take the write lock at BEGIN."""
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)


def _on_begin(conn: Connection) -> None:
    # A deferred transaction that later writes can fail at once with "database is locked"
    # when another process wrote meanwhile; IMMEDIATE waits (busy_timeout) for its turn.
    writes = conn.get_execution_options().get("vezha_write", True)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None     # the driver's own BEGIN off: _on_begin emits it
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        if "journal_mode" in pragma and _is_memory(dbapi_connection):
            continue
        cursor.execute(pragma)
    cursor.close()


def _is_memory(dbapi_connection: Any) -> bool:
    rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
    return any(row[2] == "" for row in rows if row[1] == "main")


def upsert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]],
           keys: Iterable[str], update: Iterable[str]) -> None:
    """Insert ``rows``; on a conflict on ``keys`` overwrite the ``update`` columns."""
    if not rows:
        return
    stmt = sqlite_insert(table)
    stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                      set_={c: stmt.excluded[c] for c in update})
    conn.execute(stmt, list(rows))


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows``, skipping those that collide with an existing key."""
    if rows:
        conn.execute(sqlite_insert(table).on_conflict_do_nothing(), list(rows))


def fts_delete(conn: Connection, article_id: str) -> None:
    conn.execute(FTS_DELETE, {"article_id": article_id})


def fts_replace(conn: Connection, entries: Sequence[tuple[str, str, str]]) -> None:
    """Index articles' title lemmas and body lemmas (space-joined, lowercased): each entry is
    (article id, title lemmas, body lemmas); one executemany DELETE and INSERT for them all."""
    if entries:
        conn.execute(FTS_DELETE, [{"article_id": aid} for aid, _, _ in entries])
        conn.execute(FTS_INSERT, [{"article_id": aid, "title": title, "lemmas": lemmas}
                                  for aid, title, lemmas in entries])


def fts_search(conn: Connection, match: str, *, language: str | None, limit: int,
               offset: int) -> list[SearchRow]:
    """(article_id, score) of the articles matching an FTS5 expression, best first, among the
    RANK_WINDOW most recently stored matches."""
    floor = conn.execute(FTS_FLOOR, {"match": match, "window": RANK_WINDOW - 1}).scalar() or 0
    params = {"match": match, "language": language, "limit": limit, "offset": offset,
              "floor": floor}
    query = FTS_QUERY if language is None else FTS_QUERY_LANGUAGE
    return [(row.article_id, -float(row.rank)) for row in conn.execute(query, params)]


def fts_count(conn: Connection, match: str, cap: int) -> int:
    """How many articles match, counted up to ``cap`` (a count of every match of a common
    word would cost what ranking them all did)."""
    return conn.execute(FTS_COUNT, {"match": match, "cap": cap}).scalar_one()


def fts_expression(groups: Sequence[Sequence[str]]) -> str:
    """An FTS5 MATCH string: each group's alternatives OR-ed, groups AND-ed, terms quoted."""
    return " AND ".join("(" + " OR ".join(_quote(t) for t in group) + ")"
                        for group in groups if group)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'
