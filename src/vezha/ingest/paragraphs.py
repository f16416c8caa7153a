"""Paragraphs (split on blank lines and before bullets) and their languages."""
from __future__ import annotations

import dataclasses
import re
from collections import Counter

from ..langid import LangId
from ..model import Article, Paragraph, Segment
from .residue import is_bullet

__all__ = ["split_paragraphs", "label_languages", "BODY_KINDS"]

BODY_KINDS = ("body", "title")
LINE = re.compile(r"[^\n]*\n?")


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Spans of non-blank line runs, a bullet line starting a new one; edges trimmed of spaces."""
    spans: list[list[int]] = []
    open_ = False
    for match in LINE.finditer(text):
        line = match.group().rstrip("\n")
        if not line.strip():
            open_ = False
            continue
        if not open_ or is_bullet(line):
            spans.append([match.start(), match.start() + len(line)])
            open_ = True
        else:
            spans[-1][1] = match.start() + len(line)
    return tuple(Paragraph(*_trim(text, s, e), "other") for s, e in spans)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def label_languages(article: Article, langid: LangId, debug: bool = False) -> Article:
    """Detect each paragraph's language; the article's is that of most body characters
    (or the one a file header declared). ``debug`` records each paragraph's deciding rule in
    ``meta["language_rules"]``."""
    found = [langid.explain(article.text[p.start:p.end]) for p in article.paragraphs]
    paragraphs = tuple(dataclasses.replace(p, language=language)
                       for p, (language, _) in zip(article.paragraphs, found))
    language = article.meta.get("declared_language") or _majority(paragraphs, article.segments)
    meta = {**article.meta, "language_rules": " ".join(rule for _, rule in found)} if debug else article.meta
    return dataclasses.replace(article, paragraphs=paragraphs, language=language, meta=meta)


def _majority(paragraphs: tuple[Paragraph, ...], segments: tuple[Segment, ...]) -> str:
    body = [s for s in segments if s.kind in BODY_KINDS] or list(segments)
    weights: Counter[str] = Counter()
    for p in paragraphs:
        weights[p.language] += sum(max(0, min(p.end, s.end) - max(p.start, s.start)) for s in body)
    if not weights or not any(weights.values()):
        weights = Counter({p.language: p.end - p.start for p in paragraphs})
    return weights.most_common(1)[0][0] if weights else "other"
