"""Entity profiles over the store: ``vezha entity NAME``.

``entity_profile(store, name)`` finds an entity by id, by an alias (any case), by the seed
knowledge base (Путін / Путин / Putin) or by the alias key, and returns a JSON-ready dict:
its aliases in each language with counts, mention and article counts, the articles that
mention it (newest first, a page at a time: ``before`` is the ``next`` cursor of the page
before) and the entities that co-occur with it most often. Everything is read from the
aggregates of ``store/aggregates.py`` (index lookups), never by counting over its mentions.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, tuple_

from ..errors import StoreError
from ..kb import KB, alias_key, load_kb
from ..model import Alias, Entity
from .schema import articles, entities, entity_aliases, entity_articles, entity_pairs

__all__ = ["entity_profile", "find_entity", "profile_lines", "stored_entities", "cursor"]

TOP_ARTICLES = 20
TOP_COOCCURRING = 10


def entity_profile(store: Any, name: str, kb: KB | None = None,
                   before: str | None = None) -> dict[str, Any]:
    """The profile of the entity called ``name``; StoreError V504 when none matches."""
    with store.engine.connect() as conn:
        eid = find_entity(conn, name, kb if kb is not None else load_kb())
        if not eid:
            raise StoreError(f"no entity named {name!r}", code="V504", source=name)
        row = conn.execute(select(entities).where(entities.c.id == eid)).mappings().first()
        return {
            "id": eid, "name": row["name"], "type": row["type"],
            "attrs": json.loads(row["attrs_json"] or "{}"),
            "mention_count": row["mention_count"], "article_count": row["article_count"],
            "aliases": _aliases(conn, eid, kb), **_articles(conn, eid, before),
            "cooccurring": _cooccurring(conn, eid),
        }


def find_entity(conn: Connection, name: str, kb: KB) -> str:
    """The id of the best-known entity matching ``name`` (id, alias, KB alias, alias key), or ""."""
    if conn.execute(select(entities.c.id).where(entities.c.id == name)).first():
        return name
    by_alias = (select(entity_aliases.c.entity_id)
                .where(func.lower(entity_aliases.c.alias) == name.lower())
                .group_by(entity_aliases.c.entity_id)
                .order_by(func.sum(entity_aliases.c.count).desc()))
    found = conn.execute(by_alias).scalar()
    if found:
        return found
    known = kb.lookup(name)
    if known and conn.execute(select(entities.c.id).where(entities.c.id == known)).first():
        return known
    key = alias_key(name)
    rows = conn.execute(select(entity_aliases.c.entity_id, entity_aliases.c.alias, entity_aliases.c.count))
    best = max(((n, e) for e, a, n in rows if alias_key(a) == key), default=(0, ""))
    return best[1]


def _aliases(conn: Connection, eid: str, kb: KB | None) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    query = (select(entity_aliases.c.alias, entity_aliases.c.language, entity_aliases.c.count)
             .where(entity_aliases.c.entity_id == eid).order_by(entity_aliases.c.count.desc()))
    for alias, lang, count in conn.execute(query):
        out[lang or "?"].append({"alias": alias, "count": count})
    seed = (kb or load_kb()).entities.get(eid)
    for alias in seed.aliases if seed else ():
        if all(a["alias"] != alias.name for a in out[alias.language]):
            out[alias.language].append({"alias": alias.name, "count": 0})
    return dict(out)


def _articles(conn: Connection, eid: str, before: str | None) -> dict[str, Any]:
    """One page of the entity's articles, newest first, after the cursor ``before``
    (keyset pagination on (date, id)); ``articles_next`` is the cursor of the next page."""
    e = entity_articles.c
    query = (select(e.article_id, articles.c.title, e.published, e.mentions)
             .join(articles, articles.c.id == e.article_id).where(e.entity_id == eid)
             .order_by(e.published.desc(), e.article_id.desc()).limit(TOP_ARTICLES + 1))
    if before:
        published, _, article_id = before.partition("|")
        query = query.where(tuple_(e.published, e.article_id) < tuple_(published, article_id))
    rows = conn.execute(query).all()
    page = [{"id": a, "title": t, "published": p or None, "mentions": n}
            for a, t, p, n in rows[:TOP_ARTICLES]]
    more = len(rows) > TOP_ARTICLES
    return {"articles": page, "articles_before": before,
            "articles_next": cursor(page[-1]) if more else None}


def cursor(article: dict[str, Any]) -> str:
    """The keyset cursor after ``article`` of an entity's article list: "date|id"."""
    return f"{article['published'] or ''}|{article['id']}"


def _cooccurring(conn: Connection, eid: str) -> list[dict[str, Any]]:
    """The entities sharing the most articles with ``eid`` (exact counts, from entity_pairs)."""
    p = entity_pairs.c
    query = (select(entities.c.id, entities.c.name, entities.c.type, p.articles)
             .join(entities, entities.c.id == p.other_id).where(p.entity_id == eid)
             .order_by(p.articles.desc(), p.other_id).limit(TOP_COOCCURRING))
    return [{"id": i, "name": n, "type": t, "articles": c} for i, n, t, c in conn.execute(query)]


def profile_lines(profile: dict[str, Any]) -> list[str]:
    """The profile as plain text lines for the terminal."""
    lines = [f"{profile['name']}  [{profile['type']}]  {profile['id']}",
             f"mentions {profile['mention_count']}  articles {profile['article_count']}"]
    lines += [f"role: {profile['attrs']['role']}"] if profile["attrs"].get("role") else []
    for lang, aliases in sorted(profile["aliases"].items()):
        lines.append(f"aliases {lang}: " + ", ".join(
            f"{a['alias']} ({a['count']})" if a["count"] else a["alias"] for a in aliases))
    lines += ["articles:"] + [f"  {a['published'] or '?':10}  {a['id']}  {a['title'] or ''}  ({a['mentions']})"
                              for a in profile["articles"]]
    lines += ["co-occurring:"] + [f"  {c['name']}  [{c['type']}]  {c['articles']} articles"
                                  for c in profile["cooccurring"]]
    return lines


def stored_entities(db_url: str) -> list[Entity]:
    """Entities and aliases an existing SQLite store holds (for ``load_kb``); none when the
    database file does not exist yet. Read with plain SQL so that loading never migrates."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or not Path(url.database).exists():
        return []
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            # an empty file (a first run killed before its migrations committed): nothing yet
            return _read_entities(conn) if _has_entities(conn) else []
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read entities: {exc}", code="V501", source=db_url) from exc
    finally:
        engine.dispose()


def _read_entities(conn) -> list[Entity]:
    aliases: dict[str, list[Alias]] = defaultdict(list)
    for eid, alias, lang in conn.execute(select(entity_aliases.c.entity_id, entity_aliases.c.alias,
                                                entity_aliases.c.language)):
        aliases[eid].append(Alias(alias, lang))
    rows = conn.execute(select(entities.c.id, entities.c.name, entities.c.type)).all()
    return [Entity(i, n, t, tuple(aliases.get(i, ()))) for i, n, t in rows]


def _has_entities(conn) -> bool:
    found = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                 "AND name IN ('entities', 'entity_aliases')").scalar()
    return found == 2
