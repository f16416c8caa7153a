"""Near-duplicate stories: reprints and rewrites of one story across outlets, by MinHash LSH.

An article's fingerprint is the MinHash of the word shingles (``SHINGLE`` consecutive
lowercased words) of its body segments: promo, related-links and caption segments are left
out, so a reprint with other boilerplate still matches. ``MinHashLSH`` finds candidate pairs
above ``THRESHOLD``; pairs whose estimated Jaccard similarity reaches it are joined
(union-find) into groups. A group is named by its first article (earliest publication date,
then id), which is what "who published it first" means here.

``THRESHOLD`` was measured on our own variants of the bundled samples
(``tests/test_dedup.py``): reprints with changed boilerplate score 0.85–1.0, rewrites with
reordered paragraphs and an edited sentence 0.6–0.85, different stories below 0.05.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from datasketch import MinHash, MinHashLSH

from .model import Article

__all__ = ["StoryGroup", "Fingerprinted", "body_text", "shingles", "fingerprint",
           "group_stories", "THRESHOLD", "SHINGLE", "NUM_PERM", "SKIPPED_SEGMENTS"]

THRESHOLD = 0.5             # estimated Jaccard similarity of shingles that makes one story
SHINGLE = 3                 # words per shingle
NUM_PERM = 128              # MinHash permutations: ±0.09 standard error at J = 0.5
SKIPPED_SEGMENTS = frozenset({"promo", "related", "caption"})
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Fingerprinted:
    """One article as dedup sees it: id, publication date (or None) and its MinHash."""
    article_id: str
    published: str | None
    minhash: MinHash


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """Articles telling one story: ``first`` published first; members with similarity to it."""
    first: str
    members: tuple[tuple[str, float], ...]   # (article_id, estimated Jaccard to ``first``)


def body_text(article: Article) -> str:
    """The article's text without promo, related-links and caption segments."""
    skipped = [s for s in article.segments if s.kind in SKIPPED_SEGMENTS]
    if not skipped:
        return article.text
    parts, at = [], 0
    for seg in sorted(skipped, key=lambda s: s.start):
        parts.append(article.text[at:seg.start])
        at = max(at, seg.end)
    parts.append(article.text[at:])
    return "\n".join(parts)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Every run of ``size`` consecutive lowercased words (the words themselves when fewer)."""
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < size:
        return set(words)
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def fingerprint(article: Article, num_perm: int = NUM_PERM) -> Fingerprinted:
    """The article's MinHash over the shingles of its body."""
    minhash = MinHash(num_perm=num_perm)
    minhash.update_batch([s.encode("utf-8") for s in shingles(body_text(article))])
    return Fingerprinted(article.id, article.published, minhash)


def group_stories(prints: Iterable[Fingerprinted], threshold: float = THRESHOLD
                  ) -> list[StoryGroup]:
    """Groups of two or more articles whose bodies are near-duplicates, largest first."""
    prints = list(prints)
    by_id = {p.article_id: p for p in prints}
    parent = {p.article_id: p.article_id for p in prints}
    lsh = MinHashLSH(threshold=threshold, num_perm=prints[0].minhash.hashvalues.size
                     if prints else NUM_PERM)
    for p in prints:
        for other in lsh.query(p.minhash):
            if p.minhash.jaccard(by_id[other].minhash) >= threshold:
                _union(parent, p.article_id, other)
        lsh.insert(p.article_id, p.minhash)
    return _groups(parent, by_id)


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[str, str], a: str, b: str) -> None:
    parent[_find(parent, a)] = _find(parent, b)


def _groups(parent: dict[str, str], by_id: dict[str, Fingerprinted]) -> list[StoryGroup]:
    members: dict[str, list[str]] = {}
    for aid in parent:
        members.setdefault(_find(parent, aid), []).append(aid)
    groups = [_group([by_id[a] for a in ids]) for ids in members.values() if len(ids) > 1]
    return sorted(groups, key=lambda g: (-len(g.members), g.first))


def _group(prints: Sequence[Fingerprinted]) -> StoryGroup:
    ordered = sorted(prints, key=lambda p: (p.published or "9999", p.article_id))
    first = ordered[0]
    return StoryGroup(first.article_id, tuple(
        (p.article_id, round(float(p.minhash.jaccard(first.minhash)), 3)) for p in ordered))
