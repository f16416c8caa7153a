"""Full-text search with filters, as the web pages and the HTTP API ask for it.

``search_articles`` ranks through the store's dialect module (FTS5 bm25 on SQLite, ts_rank on
PostgreSQL), narrows the candidates by outlet, dates, entity (``entity_articles``, one
primary-key lookup per candidate) and speaker, counts the matches up to COUNT_CAP and cuts a
snippet of each hit from one read of the page's articles (``read.read_hit_sources``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from ..kb import KB
from ..model import SearchHit
from . import fts, read
from .entities import find_entity
from .schema import articles, claims, entity_articles

__all__ = ["SearchQuery", "SearchPage", "search_articles", "search_ids", "resolve_entity",
           "MAX_CANDIDATES", "COUNT_CAP"]

MAX_CANDIDATES = 20_000     # ranked full-text hits a filtered search looks through
COUNT_CAP = 10_000          # a search counts its matches up to this many ("10,000+")
CHUNK = 500                 # ids per IN (...) list


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A full-text query with its filters; dates are ISO (YYYY-MM-DD), inclusive."""
    q: str
    language: str | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None       # entity id
    speaker: str | None = None      # speaker id (claims.speaker_id) or exact speaker name
    limit: int = 20
    offset: int = 0

    @property
    def filtered(self) -> bool:
        return any((self.outlet, self.date_from, self.date_to, self.entity, self.speaker))


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    has_more: bool
    total: int | None = None        # matching articles (None with a language filter alone)
    total_capped: bool = False      # there are more than ``total`` ("10,000+")


def search_articles(store: Any, query: SearchQuery) -> SearchPage:
    """Hits best first, with snippets; filters beyond language narrow the ranked full-text
    candidates. The ranking is over the newest RANK_WINDOW matches (``store/sqlite.py``,
    ``store/postgres.py``), and so are the candidates a filtered search looks through; an
    unfiltered total is counted up to COUNT_CAP matches."""
    page, more, total, capped = search_ids(store, query)
    return SearchPage(tuple(_hits(store, query.q, page)), more, total, capped)


def search_ids(store: Any, query: SearchQuery
               ) -> tuple[list[tuple[str, float]], bool, int | None, bool]:
    """(page of (article id, score), has more, total or None, total capped): what
    ``search_articles`` finds, before its snippets are cut."""
    if not query.filtered:
        ranked = _ranked(store, query, query.limit + 1, query.offset)
        total = None if query.language else _count(store, query.q)
        capped = total is not None and total > COUNT_CAP
        return (ranked[:query.limit], len(ranked) > query.limit,
                min(total, COUNT_CAP) if total is not None else None, capped)
    ranked = _ranked(store, query, MAX_CANDIDATES, 0)
    with store._read() as conn:
        allowed = _allowed(conn, query, [aid for aid, _ in ranked])
    kept = [(aid, score) for aid, score in ranked if aid in allowed]
    window = store.dialect.RANK_WINDOW or MAX_CANDIDATES
    return (kept[query.offset:query.offset + query.limit], len(kept) > query.offset + query.limit,
            len(kept), len(ranked) >= min(window, MAX_CANDIDATES))


def _count(store: Any, q: str) -> int:
    """Articles matching ``q``, counted up to COUNT_CAP + 1."""
    groups = fts.query_groups(q, store.lemmatize)
    if not groups:
        return 0
    with store._read() as conn:
        return store.dialect.fts_count(conn, store.dialect.fts_expression(groups), COUNT_CAP + 1)


def resolve_entity(store: Any, name: str, kb: KB) -> str:
    """The id of the entity called ``name`` (an id, alias or KB alias), else ``name`` itself."""
    with store._read() as conn:
        return find_entity(conn, name, kb) or name


def _ranked(store: Any, query: SearchQuery, limit: int, offset: int) -> list[tuple[str, float]]:
    """(article id, score) of the full-text matches, best first."""
    languages = (query.language,) if query.language in fts.QUERY_LANGUAGES else fts.QUERY_LANGUAGES
    groups = fts.query_groups(query.q, store.lemmatize, languages)
    if not groups:
        return []
    with store._read() as conn:
        return store.dialect.fts_search(conn, store.dialect.fts_expression(groups),
                                        language=query.language, limit=limit, offset=offset)


def _allowed(conn: Connection, query: SearchQuery, ids: list[str]) -> set[str]:
    """Those of ``ids`` that pass the filters: dates and outlet checked on the articles and the
    entity on ``entity_articles`` (primary-key lookups), a chunk of ids at a time; the speaker's
    articles read once."""
    allowed = set(ids)
    if query.outlet or query.date_from or query.date_to:
        allowed = _each_chunk(conn, sorted(allowed), lambda chunk: _filter(
            select(articles.c.id).where(articles.c.id.in_(chunk)), query))
    if query.entity:
        e = entity_articles.c
        allowed = _each_chunk(conn, sorted(allowed), lambda chunk: select(e.article_id).where(
            e.article_id.in_(chunk), e.entity_id == query.entity))
    if query.speaker:
        allowed &= _speaker_articles(conn, query.speaker)
    return allowed


def _each_chunk(conn: Connection, ids: list[str], stmt_of) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), CHUNK):
        found |= {aid for (aid,) in conn.execute(stmt_of(ids[i:i + CHUNK]))}
    return found


def _filter(stmt, query: SearchQuery):
    if query.outlet:
        stmt = stmt.where(articles.c.outlet == query.outlet)
    if query.date_from:
        stmt = stmt.where(articles.c.published >= query.date_from)
    if query.date_to:
        stmt = stmt.where(articles.c.published <= query.date_to + "~")
    return stmt


def _speaker_articles(conn: Connection, speaker: str) -> set[str]:
    """The articles quoting ``speaker``: by speaker id (indexed), else by exact speaker name (a
    scan of the claims, once; an OR of the two in every chunk's query scanned them per chunk)."""
    for column in (claims.c.speaker_id, claims.c.speaker_name):
        found = {a for (a,) in conn.execute(select(claims.c.article_id).where(column == speaker)
                                            .distinct())}
        if found:
            return found
    return set()


def _hits(store: Any, q: str, page: list[tuple[str, float]]) -> list[SearchHit]:
    """The hits of ``page`` with their snippets, the articles read in one query."""
    groups = fts.query_groups(q, store.lemmatize)
    terms = {t for group in groups for t in group}
    with store._read() as conn:
        found = read.read_hit_sources(conn, [aid for aid, _ in page])
    return [_hit(found[aid], score, terms, store.lemmatize) for aid, score in page if aid in found]


def _hit(a: dict[str, Any], score: float, terms: set[str], lemmatize) -> SearchHit:
    text, start, marks = fts.snippet_of(a["text"], a["language"], a["sentences"], a["tokens"],
                                        terms, lemmatize)
    return SearchHit(article_id=a["id"], title=a["title"], snippet=text, score=round(score, 4),
                     published=a["published"], language=a["language"], start=start, marks=marks)
