"""Pure view models for the templates: an article cut into marked pieces, snippets, bar charts.

Nothing here makes HTML: the article text is cut into plain-text pieces by the offsets of its
segments, mentions and quotes, and the templates (autoescape on) wrap each piece. Text from an
article never becomes markup.
"""
from __future__ import annotations

from typing import Any, Sequence

from ..model import ENTITY_TYPES, Doc, SearchHit, to_dict

__all__ = ["article_view", "snippet_pieces", "bars", "safe_url", "hit_record"]

SET_APART = ("promo", "related", "caption")


def article_view(doc: Doc) -> dict[str, Any]:
    """The article as JSON-ready data plus ``blocks``: segments cut into marked pieces."""
    a = doc.article
    claims = {(c.start, c.end): c for c in doc.claims}
    quotes = [_quote(i, q, claims.get((q.start, q.end))) for i, q in enumerate(doc.quotes)]
    return {
        "article": {k: v for k, v in to_dict(a).items() if k != "paragraphs"},
        "source_url": safe_url(a.url),
        "mentions": to_dict(doc.mentions), "entities": to_dict(doc.entities),
        "quotes": quotes, "claims": to_dict(doc.claims), "times": to_dict(doc.times),
        "events": to_dict(doc.events), "blocks": _blocks(doc),
    }


def _quote(i: int, q: Any, claim: Any) -> dict[str, Any]:
    speaker = q.speaker
    sid = claim.speaker_id if claim else (speaker.entity_id if speaker else "")
    return {"index": i, "text": q.text, "kind": q.kind, "cue": q.cue, "hedges": list(q.hedges),
            "start": q.start, "end": q.end, "speaker_name": speaker.name if speaker else "",
            "speaker_id": sid, "modality": claim.modality if claim else ""}


def safe_url(url: str | None) -> str:
    """``url`` when it is http(s), else "": never a javascript: or data: link."""
    return url if url and url.lower().startswith(("http://", "https://")) else ""


def _segments(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, kind) covering the whole text: the stored segments, gaps as body."""
    out, pos, n = [], 0, len(doc.text)
    for s in sorted(doc.article.segments, key=lambda s: (s.start, s.end)):
        start, end = max(s.start, pos), min(s.end, n)
        if start > pos:
            out.append((pos, start, "body"))
        if end > start:
            out.append((start, end, s.kind))
            pos = end
    return out + ([(pos, n, "body")] if pos < n else [])


def _blocks(doc: Doc) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for start, end, kind in _segments(doc):
        if blocks and blocks[-1]["kind"] == kind and kind == "body":
            blocks[-1]["pieces"] += _pieces(doc, start, end)
            continue
        blocks.append({"kind": kind, "apart": kind in SET_APART,
                       "pieces": _pieces(doc, start, end)})
    return [b for b in map(_trim, blocks) if b["pieces"]]


def _trim(block: dict[str, Any]) -> dict[str, Any]:
    """The block without the blank lines it starts or ends with (they only separate blocks)."""
    pieces = [dict(p) for p in block["pieces"]]
    while pieces and not pieces[0]["text"].strip():
        pieces.pop(0)
    while pieces and not pieces[-1]["text"].strip():
        pieces.pop()
    if pieces:
        pieces[0]["text"] = pieces[0]["text"].lstrip("\n")
        pieces[-1]["text"] = pieces[-1]["text"].rstrip()
    return {**block, "pieces": pieces}


def _pieces(doc: Doc, start: int, end: int) -> list[dict[str, Any]]:
    spans = [(m.start, m.end) for m in doc.mentions] + [(q.start, q.end) for q in doc.quotes]
    cuts = sorted({start, end} | {x for s, e in spans for x in (s, e) if start < x < end})
    return [_piece(doc, a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _piece(doc: Doc, a: int, b: int) -> dict[str, Any]:
    mention = next((m for m in doc.mentions if m.start <= a and b <= m.end), None)
    quote = max(((i, q) for i, q in enumerate(doc.quotes) if q.start <= a and b <= q.end),
                key=lambda iq: iq[1].start, default=None)
    piece: dict[str, Any] = {"text": doc.text[a:b], "quote": quote[0] if quote else -1,
                             "quote_start": bool(quote and quote[1].start == a)}
    if mention is not None:
        piece["type"] = mention.type if mention.type in ENTITY_TYPES else "X"
        piece["entity_id"] = mention.entity_id
    return piece


def snippet_pieces(hit: SearchHit) -> list[dict[str, Any]]:
    """The snippet as [{"text", "mark"}] pieces."""
    out, last = [], 0
    for s, e in hit.marks:
        out += [{"text": hit.snippet[last:s], "mark": False}, {"text": hit.snippet[s:e], "mark": True}]
        last = e
    return [p for p in out + [{"text": hit.snippet[last:], "mark": False}] if p["text"]]


def hit_record(hit: SearchHit) -> dict[str, Any]:
    return {**to_dict(hit), "marked": hit.marked("<<", ">>"), "pieces": snippet_pieces(hit)}


def bars(rows: Sequence[dict[str, Any]], key: str = "count", *, width: int = 640,
         height: int = 140) -> dict[str, Any]:
    """An SVG bar chart as numbers: one bar per row (its ``period`` labelled), scaled to fit."""
    top = max((r[key] for r in rows), default=0) or 1
    step = min(width / max(len(rows), 1), 60)
    out = []
    for i, r in enumerate(rows):
        h = round((height - 30) * r[key] / top, 1)
        out.append({"x": round(i * step + 2, 1), "w": round(max(step - 4, 1), 1), "h": h,
                    "y": round(height - 20 - h, 1), "label": r["period"], "value": r[key],
                    "tx": round(i * step + step / 2, 1)})
    return {"width": width, "height": height, "bars": out, "label_y": height - 6,
            "sparse": max(1, len(rows) // 12)}
