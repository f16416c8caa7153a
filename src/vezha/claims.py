"""The claims stage: every attributed quote becomes a ``Claim`` record for the knowledge base.

A claim keeps the speaker (entity id, else a name key), the content span and kind, the cue,
its hedges and modality, the entities it is about (mentions inside the span, the speaker's own
excepted), the chain it came through, its sentence index, the article and the publication date.
Modality rules, in order: ``conditional`` ("якщо вірити", "якщо" before or in the content),
``hedged`` (a hedge word inside), ``reported`` (it reached us through a source chain),
``asserted`` otherwise.
"""
from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from functools import lru_cache

from . import cues
from .model import Claim, Doc, Quote
from .pipeline import Resources, Stage

__all__ = ["STAGE", "run", "claims_of", "modality", "claim_id", "speaker_key"]

CONDITIONAL_BEFORE = 40     # characters before a quote searched for "якщо вірити ..."


def run(doc: Doc, resources: Resources) -> Doc:
    """Add one claim per attributed quote."""
    return dataclasses.replace(doc, claims=claims_of(doc))


STAGE = Stage(name="claims", run=run, needs=frozenset({"quotes", "speakers"}),
              provides=frozenset({"claims"}))


def claims_of(doc: Doc) -> tuple[Claim, ...]:
    names = None if doc.mentions else _names(doc)
    return tuple(_claim(doc, q, names) for q in doc.quotes if q.speaker is not None)


def _claim(doc: Doc, q: Quote, names) -> Claim:
    article = doc.article
    speaker = speaker_key(q.speaker.name, q.speaker.entity_id)
    return Claim(
        id=claim_id(article.id, q), article_id=article.id, speaker_id=speaker,
        speaker_name=q.speaker.name, start=q.start, end=q.end, text=q.text, kind=q.kind,
        cue=q.cue, hedges=q.hedges, modality=modality(doc.text, q), about=_about(doc, q, names),
        via=tuple(speaker_key(v.name, v.entity_id) for v in q.via),
        sentence=_sentence(doc, q.start), published=article.published)


def claim_id(article_id: str, q: Quote) -> str:
    """Stable: the article, the span and the speaker."""
    name = q.speaker.name if q.speaker else ""
    raw = f"{article_id}:{q.start}:{q.end}:{name}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def speaker_key(name: str, entity_id: str = "") -> str:
    """The entity id, else a name key ("name:олег жданов")."""
    return entity_id or "name:" + re.sub(r"\s+", " ", name.lower()).strip()


def modality(text: str, q: Quote) -> str:
    before = text[max(0, q.start - CONDITIONAL_BEFORE):q.start].lower()
    content = f" {q.text.lower()} "
    if any(_has(before + content, c) for c in cues.CONDITIONALS[:3] + cues.CONDITIONALS[3:5]):
        return "conditional"
    if q.hedges:
        return "hedged"
    if q.via:
        return "reported"
    return "asserted"


def _has(text: str, word: str) -> bool:
    return word in text and _word_pattern(word).search(text) is not None


@lru_cache(maxsize=256)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


def _about(doc: Doc, q: Quote, names) -> tuple[str, ...]:
    """Entity ids of the mentions inside the quote; without mentions, name keys of the names."""
    own = q.speaker.entity_id if q.speaker else ""
    if names is None:
        ids = [m.entity_id or speaker_key(m.lemma or m.text) for m in doc.mentions
               if q.start <= m.start and m.end <= q.end]
    else:
        ids = [speaker_key(name) for start, end, name in names if q.start <= start and end <= q.end]
    return tuple(dict.fromkeys(i for i in ids if i and i != own))


def _names(doc: Doc) -> list[tuple[int, int, str]]:
    """Names found by the speaker-phrase rules, as (start, end, base form), when no mentions exist."""
    from .quote_text import build_context
    from .speaker_phrases import phrases
    ctx = build_context(doc)
    found = [p for p in phrases(ctx, 0, len(ctx.words)) if p.kind in ("person", "name", "organisation")]
    return [(ctx.words[p.start].start, ctx.words[p.end - 1].end,
             " ".join(w.lemma or w.text for w in ctx.words[p.start:p.end])) for p in found]


def _sentence(doc: Doc, offset: int) -> int:
    starts = [s.start for s in doc.sentences]
    i = bisect.bisect_right(starts, offset) - 1
    return i if i >= 0 and offset < doc.sentences[i].end else -1
