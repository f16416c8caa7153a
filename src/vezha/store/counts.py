"""Entity counts and aliases kept by difference: what a batch's articles held before it was
written against what they hold after.

``write.refresh_entities`` recounts every mention of an entity; for an entity in most articles
of a large store (Україна in 90,909 of 100k) that was 11 s a transaction. Here the write path
reads the mentions of the batch's articles only: once before their old rows are deleted, once
after the new ones are inserted, and adds the difference to ``entities.mention_count``,
``entities.article_count`` and ``entity_aliases.count``. Saving an article again changes
nothing; an alias whose count falls to zero goes unless the entity declares it. What the
batch holds after is counted from the rows it inserts (``grouped``), not read back: the same
groups feed ``aggregates.sync_articles``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import ModuleType
from typing import Iterable

from sqlalchemy import Connection, and_, bindparam, delete, func, select, update

from .aggregates import difference
from .rows import loads
from .schema import articles, entities, entity_aliases, mentions

__all__ = ["Contribution", "contribution", "contribution_of", "grouped", "stored_groups",
           "apply_difference", "declare_aliases", "ALIAS", "Group"]

CHUNK = 500     # ids per IN (...) list
AliasKey = tuple[str, str, str]          # (entity id, alias, language)
Group = tuple[str, str, str, str, str]   # (article id, entity id, alias, language, published)
ALIAS = func.coalesce(func.nullif(mentions.c.lemma, ""), mentions.c.text)   # a mention's alias


@dataclass
class Contribution:
    """What some articles add to the entity counts."""
    mentions: Counter = field(default_factory=Counter)     # entity id -> mentions
    articles: Counter = field(default_factory=Counter)     # entity id -> articles
    aliases: Counter = field(default_factory=Counter)      # AliasKey -> mentions


def contribution(conn: Connection, article_ids: Iterable[str]) -> Contribution:
    """The stored mentions of ``article_ids``, counted per entity and per alias."""
    return contribution_of(stored_groups(conn, article_ids))


def stored_groups(conn: Connection, article_ids: Iterable[str]) -> Counter:
    """The stored linked mentions of ``article_ids``, counted by ``Group``."""
    ids, out = sorted(set(article_ids)), Counter()
    published = func.coalesce(articles.c.published, "")
    language = func.coalesce(articles.c.language, "")
    for i in range(0, len(ids), CHUNK):
        query = (select(mentions.c.article_id, mentions.c.entity_id, ALIAS, language, published,
                        func.count())
                 .join(articles, articles.c.id == mentions.c.article_id)
                 .where(mentions.c.article_id.in_(ids[i:i + CHUNK]), mentions.c.entity_id != "")
                 .group_by(mentions.c.article_id, mentions.c.entity_id, ALIAS, language, published))
        out.update({tuple(row[:5]): row[5] for row in conn.execute(query)})
    return out


def grouped(article_rows: Iterable[dict], mention_rows: Iterable[dict]) -> Counter:
    """The linked mentions of rows being inserted, counted by ``Group``: what ``stored_groups``
    returns once they are stored (``ALIAS`` and the coalesced columns done alike), without
    reading them back."""
    about = {a["id"]: (a["language"] or "", a["published"] or "") for a in article_rows}
    out: Counter = Counter()
    for m in mention_rows:
        if m["entity_id"]:
            out[(m["article_id"], m["entity_id"], m["lemma"] or m["text"],
                 *about[m["article_id"]])] += 1
    return out


def contribution_of(groups: Counter) -> Contribution:
    """What mentions counted by ``Group`` add to the entity and alias counts."""
    out = Contribution()
    seen: set[tuple[str, str]] = set()
    for (aid, eid, name, language, _), n in groups.items():
        out.mentions[eid] += n
        out.aliases[(eid, name, language)] += n
        if (eid, aid) not in seen:
            seen.add((eid, aid))
            out.articles[eid] += 1
    return out


def apply_difference(conn: Connection, dialect: ModuleType, old: Contribution,
                     new: Contribution) -> None:
    """Add ``new - old`` to the entities' counts and their aliases' counts."""
    _add_counts(conn, difference(new.mentions, old.mentions), difference(new.articles, old.articles))
    _add_aliases(conn, dialect, difference(new.aliases, old.aliases))


def declare_aliases(conn: Connection, dialect: ModuleType, entity_ids: Iterable[str]) -> None:
    """Make sure every alias an entity declares has a row (count 0 until a mention uses it)."""
    ids = sorted(set(entity_ids))
    rows = [{"entity_id": eid, "alias": a["name"], "language": a.get("language", ""), "count": 0}
            for eid, aliases in _declared(conn, ids).items() for a in aliases]
    dialect.insert_ignore(conn, entity_aliases, rows)


SET_COUNTS = (update(entities).where(entities.c.id == bindparam("eid"))
              .values(mention_count=entities.c.mention_count + bindparam("dn"),
                      article_count=entities.c.article_count + bindparam("da")))
ADD_ALIAS = (update(entity_aliases)
             .where(and_(entity_aliases.c.entity_id == bindparam("eid"),
                         entity_aliases.c.alias == bindparam("name"),
                         entity_aliases.c.language == bindparam("lang")))
             .values(count=entity_aliases.c.count + bindparam("d")))


def _add_counts(conn: Connection, mentions_: dict, articles_: dict) -> None:
    rows = [{"eid": eid, "dn": mentions_.get(eid, 0), "da": articles_.get(eid, 0)}
            for eid in sorted(mentions_.keys() | articles_.keys())]
    if rows:
        conn.execute(SET_COUNTS, rows)


def _add_aliases(conn: Connection, dialect: ModuleType, delta: dict[AliasKey, int]) -> None:
    if not delta:
        return
    keys = sorted(delta)
    dialect.insert_ignore(conn, entity_aliases, [{"entity_id": e, "alias": a, "language": lang,
                                                  "count": 0} for e, a, lang in keys])
    conn.execute(ADD_ALIAS, [{"eid": e, "name": a, "lang": lang, "d": delta[(e, a, lang)]}
                             for e, a, lang in keys])
    _drop_unused(conn, [k for k in keys if delta[k] < 0])


def _drop_unused(conn: Connection, keys: list[AliasKey]) -> None:
    """Aliases no mention uses any more, unless their entity declares them."""
    declared = _declared(conn, sorted({e for e, _, _ in keys}))
    kept = {(e, a["name"], a.get("language", "")) for e, aliases in declared.items() for a in aliases}
    gone = [k for k in keys if k not in kept]
    if gone:
        c = entity_aliases.c
        conn.execute(delete(entity_aliases).where(and_(
            c.entity_id == bindparam("eid"), c.alias == bindparam("name"),
            c.language == bindparam("lang"), c.count <= 0)),
            [{"eid": e, "name": a, "lang": lang} for e, a, lang in gone])


def _declared(conn: Connection, ids: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for i in range(0, len(ids), CHUNK):
        query = select(entities.c.id, entities.c.aliases_json).where(entities.c.id.in_(ids[i:i + CHUNK]))
        out.update((eid, loads(text, [])) for eid, text in conn.execute(query))
    return out
