"""Many rows into one table at once, by plain driver SQL: what the write path and the entity
aggregates insert and upsert.

SQLAlchemy's per-row parameter handling cost more than the database's work, so the rows go
to the driver as tuples in ``columns`` order (no column needs conversion: all are text or
numbers), as one ``executemany`` (psycopg pipelines it). ``arrays``: on PostgreSQL, one array
per column in ONE statement instead (``INSERT ... SELECT * FROM unnest(...)``), for many small
rows (the aggregates' thousands per batch: 0.4 ms of client CPU per article less than
executemany); rows with long text cost ~1 ms each as arrays (the articles) and go by
executemany. ``suffix`` is an ``ON CONFLICT`` clause, the same on both databases.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

from sqlalchemy import Connection, Table

__all__ = ["insert_rows"]

PG_ARRAYS = {int: "int8", float: "float8", bool: "bool"}    # any other column: text


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple],
                suffix: str = "", *, arrays: bool = False) -> None:
    """INSERT ``rows`` (tuples in ``columns`` order) into ``table``, ``suffix`` appended;
    ``arrays``: as one array per column on PostgreSQL."""
    if not rows:
        return
    columns = tuple(columns)
    if arrays and conn.dialect.name == "postgresql":
        values = list(map(list, zip(*rows)))
        for i, kind in enumerate(_kinds(table, columns)):
            if kind is not str:     # psycopg refuses an array of mixed int and float
                values[i] = [None if v is None else kind(v) for v in values[i]]
        conn.exec_driver_sql(_unnest_sql(conn.dialect, table, columns, suffix), tuple(values))
    else:
        conn.exec_driver_sql(_values_sql(conn.dialect, table.name, columns, suffix), rows)


@lru_cache(maxsize=64)
def _kinds(table: Table, columns: tuple[str, ...]) -> tuple[type, ...]:
    return tuple(t if t in PG_ARRAYS else str
                 for t in (table.c[c].type.python_type for c in columns))


@lru_cache(maxsize=256)
def _values_sql(dialect: Any, table: str, columns: tuple[str, ...], suffix: str) -> str:
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    return (f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join([mark] * len(columns))}) {suffix}")


@lru_cache(maxsize=256)
def _unnest_sql(dialect: Any, table: Table, columns: tuple[str, ...], suffix: str) -> str:
    quote = dialect.identifier_preparer.quote
    arrays = ", ".join(f"%s::{PG_ARRAYS.get(kind, 'text')}[]" for kind in _kinds(table, columns))
    return (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
            f"SELECT * FROM unnest({arrays}) {suffix}")
