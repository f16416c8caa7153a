"""Reading Docs, failures and statistics back from the tables (dialect-neutral Core queries)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, func, select

from ..model import Doc, Failure
from .rows import article_from_row, children_from_rows, entity_from_row, loads, sentences_from_json
from .schema import (article_entities, articles, claims, entities, events, failures, mentions,
                     paragraphs, places, quotes, runs, segments, times)

__all__ = ["read_doc", "read_light_doc", "read_hit_sources", "read_failures", "read_stats",
           "read_runs"]

CHILDREN = (mentions, quotes, claims, times, places, events)
TOP = 5     # speakers and entities listed by stats
HIT_COLUMNS = (articles.c.id, articles.c.title, articles.c.published, articles.c.language,
               articles.c.text, articles.c.sentences_json)
COUNTED = {"articles": articles, "mentions": mentions, "entities": entities, "quotes": quotes,
           "claims": claims, "times": times, "places": places, "events": events,
           "failures": failures, "runs": runs}


def _children(conn: Connection, table: Table, article_id: str) -> list[dict[str, Any]]:
    query = select(table).where(table.c.article_id == article_id).order_by(table.c.idx)
    return [dict(r._mapping) for r in conn.execute(query)]


def _article_row(conn: Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
    return None if row is None else dict(row._mapping)


def read_light_doc(conn: Connection, article_id: str) -> Doc | None:
    """The article with its sentences and tokens only (what snippets need)."""
    row = _article_row(conn, article_id)
    if row is None:
        return None
    article = article_from_row(row, (), ())
    return Doc(article=article, sentences=sentences_from_json(row["sentences_json"]))


def read_hit_sources(conn: Connection, article_ids: list[str]) -> dict[str, dict[str, Any]]:
    """What a search hit's snippet needs of each article, in one query: its id, title, date,
    language and text, ``sentences`` as (start, end) and ``tokens`` as (start, end, text,
    lemma) tuples, read from the compact JSON of ``rows.py`` without building Tokens."""
    out = {}
    for row in conn.execute(select(*HIT_COLUMNS).where(articles.c.id.in_(article_ids))).mappings():
        found = loads(row["sentences_json"], [])
        out[row["id"]] = {**row, "sentences": [(s, e) for s, e, _, _ in found],
                          "tokens": [(t[0], t[1], t[2], t[3]) for *_, toks in found for t in toks]}
    return out


def read_doc(conn: Connection, article_id: str) -> Doc | None:
    """The whole Doc as it was saved, rebuilt from its rows."""
    row = _article_row(conn, article_id)
    if row is None:
        return None
    article = article_from_row(row, _children(conn, segments, article_id),
                               _children(conn, paragraphs, article_id))
    children = children_from_rows({t.name: _children(conn, t, article_id) for t in CHILDREN})
    return Doc(article=article, sentences=sentences_from_json(row["sentences_json"]),
               entities=_entities(conn, article_id), **children)


def _entities(conn: Connection, article_id: str) -> tuple:
    query = (select(entities).join(article_entities, article_entities.c.entity_id == entities.c.id)
             .where(article_entities.c.article_id == article_id).order_by(article_entities.c.idx))
    return tuple(entity_from_row(r._mapping) for r in conn.execute(query))


def read_failures(conn: Connection, run_id: int | None = None) -> list[tuple[int | None, Failure]]:
    """(run id, failure) pairs, oldest first; those of one run when ``run_id`` is given."""
    query = select(failures).order_by(failures.c.id)
    if run_id is not None:
        query = query.where(failures.c.run_id == run_id)
    return [(r.run_id, Failure(source=r.source, code=r.code, stage=r.stage, message=r.message,
                               article_id=r.article_id)) for r in conn.execute(query)]


def read_runs(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The latest runs, newest first."""
    query = select(runs).order_by(runs.c.id.desc()).limit(limit)
    return [{**{k: v for k, v in r._mapping.items() if not k.endswith("_json")},
             "inputs": loads(r.inputs_json, []), "counts": loads(r.counts_json, {})}
            for r in conn.execute(query)]


def read_stats(conn: Connection) -> dict[str, Any]:
    """Row counts; articles by language, mentions by type, failures by code; the most quoted
    speakers and most mentioned entities; the last run."""
    counts = {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
              for name, t in COUNTED.items()}
    return {
        "counts": counts,
        "languages": _group(conn, articles.c.language),
        "mention_types": _group(conn, mentions.c.type),
        "failure_codes": _group(conn, failures.c.code),
        "top_speakers": _group(conn, quotes.c.speaker_name, TOP),
        "top_entities": _top_entities(conn, TOP),
        "last_run": next(iter(read_runs(conn, 1)), None),
    }


def _group(conn: Connection, column, limit: int | None = None) -> dict[str, int]:
    query = (select(column, func.count()).where(column.is_not(None)).group_by(column)
             .order_by(func.count().desc(), column).limit(limit))
    return {key: n for key, n in conn.execute(query)}


def _top_entities(conn: Connection, limit: int) -> dict[str, int]:
    query = (select(entities.c.name, entities.c.type, entities.c.mention_count)
             .where(entities.c.mention_count > 0)
             .order_by(entities.c.mention_count.desc(), entities.c.name).limit(limit))
    return {f"{name} ({kind})": n for name, kind, n in conn.execute(query)}
