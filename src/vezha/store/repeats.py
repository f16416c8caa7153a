"""Who repeated it: near-duplicate stories and quotes repeated across articles and outlets.

* ``update_story_groups(store)`` fingerprints every stored article (``vezha.dedup``), groups
  reprints and rewrites and rewrites the ``story_groups`` table; ``story_groups(store)``
  reads the groups back.
* ``repeated_quotes(store)``: quotes by one speaker (the same entity id, else the same
  normalised name) whose normalised texts match (``quote_similarity`` at least ``SIMILAR``)
  in two or more articles, shown once with every source and the first to publish it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Iterator

from sqlalchemy import Connection, delete, insert, select

from ..dedup import THRESHOLD, StoryGroup, fingerprint, group_stories
from ..model import Article, Segment
from .schema import articles, quotes, segments, story_groups as groups_table
from .store import transaction

__all__ = ["QuoteSource", "RepeatedQuote", "repeated_quotes", "quote_similarity",
           "update_story_groups", "story_groups", "SIMILAR"]

SIMILAR = 0.6       # word-set similarity of two quote texts that makes them one quote
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class QuoteSource:
    """One article that carries the quote."""
    article_id: str
    outlet: str | None
    url: str | None
    published: str | None
    title: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class RepeatedQuote:
    """A quote shown once: its speaker, its text as first published, every source."""
    speaker: str
    speaker_id: str | None
    text: str
    first: QuoteSource
    sources: tuple[QuoteSource, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({s.outlet or "" for s in self.sources} - {""}))


def quote_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in WORD.findall(text))


def quote_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap of two word sets over the smaller one: a shortened quote still matches."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b)) if min(len(a), len(b)) >= 3 else float(a == b)


def repeated_quotes(store: Any, *, speaker: str | None = None, min_sources: int = 2,
                    limit: int = 100) -> list[RepeatedQuote]:
    """Quotes found in at least ``min_sources`` articles, most repeated first."""
    with transaction(store.engine, "read", write=False) as conn:
        rows = list(_quote_rows(conn))
    by_speaker: dict[str, list[dict]] = {}
    for row in rows:
        key = row["speaker_entity_id"] or _name_key(row["speaker_name"])
        if speaker is None or speaker.lower() in (key.lower(), row["speaker_name"].lower()):
            by_speaker.setdefault(key, []).append(row)
    found = [q for group in by_speaker.values() for q in _cluster(group)
             if len({s.article_id for s in q.sources}) >= min_sources]
    found.sort(key=lambda q: (-len(q.sources), q.first.published or "9999", q.text))
    return found[:limit]


def _quote_rows(conn: Connection) -> Iterator[dict]:
    query = (select(quotes.c.article_id, quotes.c.start, quotes.c.end, quotes.c.text,
                    quotes.c.speaker_name, quotes.c.speaker_entity_id, articles.c.outlet,
                    articles.c.url, articles.c.published, articles.c.title)
             .join(articles, articles.c.id == quotes.c.article_id)
             .where(quotes.c.speaker_name.is_not(None), quotes.c.speaker_name != "")
             .order_by(articles.c.published, quotes.c.article_id, quotes.c.start))
    for row in conn.execute(query):
        yield dict(row._mapping)


def _name_key(name: str) -> str:
    return " ".join(WORD.findall(name.lower()))


def _cluster(rows: list[dict]) -> list[RepeatedQuote]:
    """Greedy: each quote joins the first earlier quote it matches (rows come oldest first).

    The earlier quotes a quote can match are found by prefix filtering (``_Index``), not by
    comparing it with every one: the same clusters as that scan (``tests/test_repeats.py``
    checks both on random quotes), in time about linear in the speaker's quotes."""
    ordered = sorted(rows, key=lambda r: (r["published"] or "9999", r["article_id"]))
    words = [quote_words(r["text"]) for r in ordered]
    index = _Index(words)
    members: list[list[dict]] = []
    for row, w in zip(ordered, words):
        home = index.first_match(w)
        if home is None:
            index.add(w, len(members))
            members.append([row])
        else:
            members[home].append(row)
    return [_repeated(m) for m in members]


class _Index:
    """The first word sets of the clusters, to find the first that a word set matches.

    ``quote_similarity`` ≥ ``SIMILAR`` needs |A ∩ B| ≥ ⌈SIMILAR · min(|A|, |B|)⌉, so the
    smaller set shares one of its |S| − ⌈SIMILAR·|S|⌉ + 1 rarest words (its prefix) with the
    other: a query probes its prefix against every word of the clusters and all its words
    against the clusters' prefixes; what it finds is checked by ``quote_similarity``. Sets
    under 3 words match only an equal set."""

    def __init__(self, all_words: list[frozenset[str]]) -> None:
        df: dict[str, int] = {}
        for w in all_words:
            for x in w:
                df[x] = df.get(x, 0) + 1
        self.rank = {x: (n, x) for x, n in df.items()}     # rarest first, then by the word
        self.sets: list[frozenset[str]] = []
        self.cluster: list[int] = []
        self.by_word: dict[str, list[int]] = {}
        self.by_prefix: dict[str, list[int]] = {}
        self.small: dict[frozenset[str], int] = {}

    def _prefix(self, w: frozenset[str]) -> list[str]:
        keep = len(w) - math.ceil(SIMILAR * len(w) - 1e-9) + 1
        return sorted(w, key=self.rank.__getitem__)[:keep]

    def add(self, w: frozenset[str], cluster: int) -> None:
        if len(w) < 3:
            self.small.setdefault(w, cluster)
            return
        k = len(self.sets)
        self.sets.append(w)
        self.cluster.append(cluster)
        for x in w:
            self.by_word.setdefault(x, []).append(k)
        for x in self._prefix(w):
            self.by_prefix.setdefault(x, []).append(k)

    def first_match(self, w: frozenset[str]) -> int | None:
        if len(w) < 3:
            return self.small.get(w)
        found: set[int] = set()
        for x in self._prefix(w):
            found.update(self.by_word.get(x, ()))
        for x in w:
            found.update(self.by_prefix.get(x, ()))
        for k in sorted(found):
            if quote_similarity(self.sets[k], w) >= SIMILAR:
                return self.cluster[k]
        return None


def _repeated(rows: list[dict]) -> RepeatedQuote:
    sources = tuple(QuoteSource(r["article_id"], r["outlet"], r["url"], r["published"],
                                r["title"], r["start"], r["end"], r["text"]) for r in rows)
    first = rows[0]
    return RepeatedQuote(first["speaker_name"], first["speaker_entity_id"], first["text"],
                         sources[0], sources)


# --- near-duplicate stories

def update_story_groups(store: Any, threshold: float = THRESHOLD) -> list[StoryGroup]:
    """Fingerprint every stored article, group near-duplicates, rewrite ``story_groups``."""
    with transaction(store.engine, "read", write=False) as conn:
        groups = group_stories((fingerprint(a) for a in _articles(conn)), threshold)
    rows = [{"article_id": aid, "group_id": g.first, "similarity": sim}
            for g in groups for aid, sim in g.members]
    with transaction(store.engine, "save story groups", write=True) as conn:
        conn.execute(delete(groups_table))
        if rows:
            conn.execute(insert(groups_table), rows)
    return groups


def _articles(conn: Connection) -> Iterator[Article]:
    """Stored articles with their boilerplate segments (what dedup leaves out)."""
    skipped: dict[str, list[Segment]] = {}
    query = select(segments).where(segments.c.kind != "body")
    for r in conn.execute(query):
        skipped.setdefault(r.article_id, []).append(Segment(r.start, r.end, r.kind))
    columns = (articles.c.id, articles.c.text, articles.c.published, articles.c.language)
    for r in conn.execute(select(*columns).order_by(articles.c.id)):
        yield Article(id=r.id, text=r.text, source="", published=r.published,
                      language=r.language, segments=tuple(skipped.get(r.id, ())))


def story_groups(store: Any) -> list[StoryGroup]:
    """The stored groups, largest first; members ordered as published."""
    query = (select(groups_table.c.group_id, groups_table.c.article_id,
                    groups_table.c.similarity, articles.c.published)
             .join(articles, articles.c.id == groups_table.c.article_id))
    members: dict[str, list] = {}
    with transaction(store.engine, "read", write=False) as conn:
        for gid, aid, sim, published in conn.execute(query):
            members.setdefault(gid, []).append((published or "9999", aid, sim))
    groups = [StoryGroup(gid, tuple((aid, sim) for _, aid, sim in sorted(m)))
              for gid, m in members.items()]
    return sorted(groups, key=lambda g: (-len(g.members), g.first))
