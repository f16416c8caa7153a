"""Writing one Doc inside a transaction: replace the article's rows, upsert its entities, reindex.

Called by ``Store.save_doc`` / ``save_docs`` with an open connection; the caller owns the
transaction, so a batch of documents can share one (the Dask writer) or each have its own.
"""
from __future__ import annotations

from types import ModuleType
from typing import Iterable

from sqlalchemy import Connection, delete, distinct, func, select, update

from ..model import Doc
from . import fts
from .rows import doc_rows, entity_row, loads
from .schema import CHILD_TABLES, articles, entities, entity_aliases, mentions

__all__ = ["write_doc", "refresh_entities"]

ARTICLE_COLUMNS = tuple(c.name for c in articles.columns if c.name != "id")
ENTITY_COLUMNS = ("name", "type", "attrs_json", "aliases_json", "updated_at")
CHUNK = 500     # ids per IN (...) list


def write_doc(conn: Connection, dialect: ModuleType, doc: Doc, *, run_id: int | None, now: str,
              lemmatize: fts.Lemmatize | None = None) -> None:
    """Replace every row of ``doc.article.id`` with the rows of ``doc`` (idempotent)."""
    aid = doc.article.id
    touched = _entity_ids(conn, aid)
    rows = doc_rows(doc, run_id=run_id, now=now)
    for table in reversed(CHILD_TABLES):
        conn.execute(delete(table).where(table.c.article_id == aid))
    dialect.upsert(conn, articles, rows["articles"], keys=["id"], update=ARTICLE_COLUMNS)
    _write_entities(conn, dialect, doc, now)
    for table in CHILD_TABLES:
        if rows[table.name]:
            conn.execute(table.insert(), rows[table.name])
    dialect.fts_replace(conn, aid, fts.title_lemmas(doc, lemmatize), fts.doc_lemmas(doc, lemmatize))
    refresh_entities(conn, dialect, touched | {m.entity_id for m in doc.mentions if m.entity_id})


def _entity_ids(conn: Connection, article_id: str) -> set[str]:
    query = select(mentions.c.entity_id).distinct().where(mentions.c.article_id == article_id)
    return {eid for (eid,) in conn.execute(query) if eid}


def _write_entities(conn: Connection, dialect: ModuleType, doc: Doc, now: str) -> None:
    """Upsert the doc's entities; mentions linked to an unknown id get a minimal entity row."""
    dialect.upsert(conn, entities, [entity_row(e, now) for e in doc.entities], keys=["id"],
                   update=ENTITY_COLUMNS)
    known = {e.id for e in doc.entities}
    minimal = {m.entity_id: {"id": m.entity_id, "name": m.lemma or m.text, "type": m.type,
                             "updated_at": now}
               for m in doc.mentions if m.entity_id and m.entity_id not in known}
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
    counts = {eid: (n, a) for eid, n, a in conn.execute(query)}
    for eid in ids:
        n, a = counts.get(eid, (0, 0))
        conn.execute(update(entities).where(entities.c.id == eid)
                     .values(mention_count=n, article_count=a))


def _refresh_aliases(conn: Connection, dialect: ModuleType, ids: list[str]) -> None:
    conn.execute(delete(entity_aliases).where(entity_aliases.c.entity_id.in_(ids)))
    alias = func.coalesce(func.nullif(mentions.c.lemma, ""), mentions.c.text)
    query = (select(mentions.c.entity_id, alias, articles.c.language, func.count())
             .join(articles, articles.c.id == mentions.c.article_id)
             .where(mentions.c.entity_id.in_(ids))
             .group_by(mentions.c.entity_id, alias, articles.c.language))
    rows = [{"entity_id": e, "alias": a, "language": lang, "count": n}
            for e, a, lang, n in conn.execute(query)]
    declared = select(entities.c.id, entities.c.aliases_json).where(entities.c.id.in_(ids))
    rows += [{"entity_id": eid, "alias": a["name"], "language": a.get("language", ""), "count": 0}
             for eid, text in conn.execute(declared) for a in loads(text, [])]
    dialect.insert_ignore(conn, entity_aliases, rows)

