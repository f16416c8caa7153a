"""Writing Docs inside a transaction: replace their rows, upsert their entities, reindex.

Called by ``Store.save_doc`` / ``save_docs`` with an open connection; the caller owns the
transaction, so a batch of documents shares one (the Dask writer) or each has its own. A
batch is written table by table — one DELETE ... IN and one executemany INSERT per table —
and the entity counts and aliases it touched are moved by the difference its articles make
(``counts``; ``refresh_entities`` recounts from scratch). What the articles hold after the
write is counted from the rows inserted (``counts.grouped``), once, for the entity counts and
the entity aggregates (``aggregates.sync_articles``) alike.
"""
from __future__ import annotations

from operator import itemgetter
from types import ModuleType
from typing import Any, Iterable, Sequence

from sqlalchemy import Connection, Table, bindparam, delete, distinct, func, select, update

from ..model import Doc
from . import aggregates, bulk, claim_aggregates, counts, fts
from .rows import doc_rows, entity_row
from .schema import CHILD_TABLES, articles, entities, entity_aliases, mentions

__all__ = ["write_doc", "write_docs", "refresh_entities", "prepare_doc", "doc_id", "Prepared"]

ARTICLE_COLUMNS = tuple(c.name for c in articles.columns if c.name != "id")
ENTITY_COLUMNS = ("name", "type", "attrs_json", "aliases_json", "updated_at")
CHUNK = 500     # ids per IN (...) list
SET_COUNTS = (update(entities).where(entities.c.id == bindparam("eid"))
              .values(mention_count=bindparam("n"), article_count=bindparam("a")))

# One doc as it is written, built by ``prepare_doc`` from the doc alone (no connection, no
# run id, no clock): plain dicts and lists, so a Dask worker builds it and the one writer only
# runs the SQL. Keys: id, source, rows (by table), entities, linked (mention entity ids with
# their minimal rows), fts (title lemmas, body lemmas), mentions and quotes (counts).
Prepared = dict[str, Any]


def write_doc(conn: Connection, dialect: ModuleType, doc: Doc, *, run_id: int | None, now: str,
              lemmatize: fts.Lemmatize | None = None) -> None:
    """Replace every row of ``doc.article.id`` with the rows of ``doc`` (idempotent)."""
    write_docs(conn, dialect, [doc], run_id=run_id, now=now, lemmatize=lemmatize)


def prepare_doc(doc: Doc, lemmatize: fts.Lemmatize | None = None) -> Prepared:
    """Everything ``write_docs`` writes for ``doc`` that depends on the doc alone."""
    return {"id": doc.article.id, "source": doc.article.source,
            "rows": doc_rows(doc, run_id=None, now=""),
            "entities": [entity_row(e, "") for e in doc.entities],
            "linked": [(m.entity_id, {"id": m.entity_id, "name": m.lemma or m.text,
                                      "type": m.type}) for m in doc.mentions if m.entity_id],
            "fts": (fts.title_lemmas(doc, lemmatize), fts.doc_lemmas(doc, lemmatize)),
            "mentions": len(doc.mentions), "quotes": len(doc.quotes)}


def doc_id(item: Doc | Prepared) -> str:
    return item["id"] if isinstance(item, dict) else item.article.id


def write_docs(conn: Connection, dialect: ModuleType, docs: Sequence[Doc | Prepared], *,
               run_id: int | None, now: str, lemmatize: fts.Lemmatize | None = None) -> None:
    """Replace the rows of every doc's id with its rows (the last doc wins for a repeated id).
    A doc may come prepared (``prepare_doc``, on a worker); ``lemmatize`` serves the others."""
    batch = list({doc_id(d): d for d in docs}.values())
    if not batch:
        return
    batch = [d if isinstance(d, dict) else prepare_doc(d, lemmatize) for d in batch]
    ids = [p["id"] for p in batch]
    stored = _stored_ids(conn, ids)     # only these can have child rows (foreign keys)
    before = counts.contribution(conn, stored)
    rows = _rows(batch, run_id, now)
    groups = counts.grouped(rows["articles"], rows.get("mentions", ()))   # read back by neither
    claim_aggregates.sync_claims(conn, stored, rows)     # before the old claims go
    for table in reversed(CHILD_TABLES):
        _delete_in(conn, table, stored)
    dialect.upsert(conn, articles, rows["articles"], keys=["id"], update=ARTICLE_COLUMNS)
    _write_entities(conn, dialect, batch, now)
    for table in CHILD_TABLES:
        if rows[table.name]:
            _insert_many(conn, table, rows[table.name])
    dialect.fts_replace(conn, [(p["id"], *p["fts"]) for p in batch])
    counts.apply_difference(conn, dialect, before, counts.contribution_of(groups))
    counts.declare_aliases(conn, dialect, {e["id"] for p in batch for e in p["entities"]})
    aggregates.sync_articles(conn, ids, groups)


def _rows(batch: Sequence[Prepared], run_id: int | None, now: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for p in batch:
        for name, found in p["rows"].items():
            out.setdefault(name, []).extend(found)
    for row in out["articles"]:
        row.update(run_id=run_id, stored_at=now)
    return out


def _insert_many(conn: Connection, table: Table, rows: list[dict]) -> None:
    """The rows by plain driver SQL (``bulk``), the values in the first row's key order. Rows
    of different keys (none the write path builds) go through SQLAlchemy."""
    columns = tuple(rows[0])
    if len(columns) < 2 or any(r.keys() != rows[0].keys() for r in rows):
        conn.execute(table.insert(), rows)
        return
    bulk.insert_rows(conn, table, columns, list(map(itemgetter(*columns), rows)))


def _delete_in(conn: Connection, table, ids: list[str]) -> None:
    for i in range(0, len(ids), CHUNK):
        conn.execute(delete(table).where(table.c.article_id.in_(ids[i:i + CHUNK])))


def _stored_ids(conn: Connection, article_ids: list[str]) -> list[str]:
    """Those of ``article_ids`` already stored: a new article has no rows to delete, which
    spares a one-article transaction (``vezha ingest``) twelve of its statements."""
    found: list[str] = []
    for i in range(0, len(article_ids), CHUNK):
        query = select(articles.c.id).where(articles.c.id.in_(article_ids[i:i + CHUNK]))
        found += conn.execute(query).scalars()
    return found


def _write_entities(conn: Connection, dialect: ModuleType, batch: Sequence[Prepared],
                    now: str) -> None:
    """Upsert the docs' entities; mentions linked to an unknown id get a minimal entity row."""
    declared = {e["id"]: {**e, "updated_at": now} for p in batch for e in p["entities"]}
    dialect.upsert(conn, entities, list(declared.values()), keys=["id"], update=ENTITY_COLUMNS)
    minimal = {eid: {**row, "updated_at": now}
               for p in batch for eid, row in p["linked"] if eid not in declared}
    dialect.insert_ignore(conn, entities, list(minimal.values()))


def refresh_entities(conn: Connection, dialect: ModuleType, ids: Iterable[str]) -> None:
    """Recompute mention and article counts and the alias table of ``ids`` from the mentions."""
    ids = sorted(set(ids))
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        _refresh_counts(conn, chunk)
        _refresh_aliases(conn, dialect, chunk)


def _refresh_counts(conn: Connection, ids: list[str]) -> None:
    query = (select(mentions.c.entity_id, func.count(), func.count(distinct(mentions.c.article_id)))
             .where(mentions.c.entity_id.in_(ids)).group_by(mentions.c.entity_id))
    found = {eid: (n, a) for eid, n, a in conn.execute(query)}
    conn.execute(SET_COUNTS, [{"eid": eid, "n": found.get(eid, (0, 0))[0],
                               "a": found.get(eid, (0, 0))[1]} for eid in ids])


def _refresh_aliases(conn: Connection, dialect: ModuleType, ids: list[str]) -> None:
    conn.execute(delete(entity_aliases).where(entity_aliases.c.entity_id.in_(ids)))
    query = (select(mentions.c.entity_id, counts.ALIAS, articles.c.language, func.count())
             .join(articles, articles.c.id == mentions.c.article_id)
             .where(mentions.c.entity_id.in_(ids))
             .group_by(mentions.c.entity_id, counts.ALIAS, articles.c.language))
    dialect.insert_ignore(conn, entity_aliases, [{"entity_id": e, "alias": a, "language": lang, "count": n}
                                                 for e, a, lang, n in conn.execute(query)])
    counts.declare_aliases(conn, dialect, ids)

