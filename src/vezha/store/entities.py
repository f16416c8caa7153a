"""Entity profiles over the store: ``vezha entity NAME``.

``entity_profile(store, name)`` finds an entity by id, by an alias (any case), by the seed
knowledge base (Путін / Путин / Putin) or by the alias key, and returns a JSON-ready dict:
its aliases in each language with counts, mention and article counts, the articles that
mention it and the entities that co-occur with it most often.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from ..errors import StoreError
from ..kb import KB, alias_key, load_kb
from ..model import Alias, Entity
from .schema import articles, entities, entity_aliases, mentions

__all__ = ["entity_profile", "find_entity", "profile_lines", "stored_entities"]

TOP_ARTICLES = 20
TOP_COOCCURRING = 10


def entity_profile(store: Any, name: str, kb: KB | None = None) -> dict[str, Any]:
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
            "aliases": _aliases(conn, eid, kb), "articles": _articles(conn, eid),
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


def _articles(conn: Connection, eid: str) -> list[dict[str, Any]]:
    query = (select(articles.c.id, articles.c.title, articles.c.published, func.count())
             .join(mentions, mentions.c.article_id == articles.c.id)
             .where(mentions.c.entity_id == eid)
             .group_by(articles.c.id, articles.c.title, articles.c.published)
             .order_by(articles.c.published.desc(), articles.c.id).limit(TOP_ARTICLES))
    return [{"id": a, "title": t, "published": p, "mentions": n} for a, t, p, n in conn.execute(query)]


def _cooccurring(conn: Connection, eid: str) -> list[dict[str, Any]]:
    mine = select(mentions.c.article_id).where(mentions.c.entity_id == eid).distinct().subquery()
    query = (select(entities.c.id, entities.c.name, entities.c.type,
                    func.count(func.distinct(mentions.c.article_id)).label("n"))
             .join(entities, entities.c.id == mentions.c.entity_id)
             .where(mentions.c.article_id.in_(select(mine.c.article_id)), mentions.c.entity_id != eid)
             .group_by(entities.c.id, entities.c.name, entities.c.type)
             .order_by(func.count(func.distinct(mentions.c.article_id)).desc(), entities.c.id)
             .limit(TOP_COOCCURRING))
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
            if not _has_entities(conn):     # an empty file (a first run killed before its
                return []                   # migrations committed): nothing stored yet
            aliases: dict[str, list[Alias]] = defaultdict(list)
            for eid, alias, lang in conn.execute(select(entity_aliases.c.entity_id, entity_aliases.c.alias,
                                                        entity_aliases.c.language)):
                aliases[eid].append(Alias(alias, lang))
            rows = conn.execute(select(entities.c.id, entities.c.name, entities.c.type)).all()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read entities: {exc}", code="V501", source=db_url) from exc
    finally:
        engine.dispose()
    return [Entity(i, n, t, tuple(aliases.get(i, ()))) for i, n, t in rows]


def _has_entities(conn) -> bool:
    found = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                 "AND name IN ('entities', 'entity_aliases')").scalar()
    return found == 2
