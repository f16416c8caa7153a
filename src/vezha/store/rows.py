"""Docs to table rows and back, pure: no connection here, only dicts keyed by column name."""
from __future__ import annotations

import dataclasses
import json
from typing import Any, Mapping, Sequence

from ..model import (Alias, Article, Claim, Doc, Entity, Event, Mention, Paragraph, Place, Quote,
                     Segment, Sentence, TimeExpr, Token, from_dict, to_dict)
from .eventkeys import doc_event_keys

__all__ = ["doc_rows", "article_from_row", "sentences_from_json", "children_from_rows",
           "entity_row", "entity_from_row", "dumps", "loads"]

Row = dict[str, Any]
SCALARS = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}      # field names of each record class


def dumps(value: Any) -> str:
    """JSON text as stored: UTF-8 kept readable, compact."""
    if not value and isinstance(value, (dict, tuple, list)):
        return "{}" if isinstance(value, dict) else "[]"     # most attrs, hedges, via
    return json.dumps(to_dict(value), ensure_ascii=False, separators=(",", ":"))


def _plain(record: Any) -> Row:
    """``to_dict`` of one record, its field names kept per class and its plain values taken
    as they are (the generic ``to_dict`` was two thirds of preparing a doc's rows)."""
    names = _FIELDS.get(type(record))
    if names is None:
        names = _FIELDS[type(record)] = tuple(f.name for f in dataclasses.fields(record))
    out = {}
    for name in names:
        value = getattr(record, name)
        out[name] = value if isinstance(value, SCALARS) else to_dict(value)
    return out


def loads(value: str | None, default: Any = None) -> Any:
    return default if value is None else json.loads(value)


def doc_rows(doc: Doc, *, run_id: int | None, now: str) -> dict[str, list[Row]]:
    """Every row one Doc is stored as, by table name (entities apart: see ``entity_row``)."""
    aid = doc.article.id
    return {
        "articles": [_article_row(doc, run_id, now)],
        "segments": _indexed(aid, doc.article.segments, _span_row),
        "paragraphs": _indexed(aid, doc.article.paragraphs, _span_row),
        "article_entities": _indexed(aid, doc.entities, lambda e: {"entity_id": e.id}),
        "mentions": _indexed(aid, doc.mentions, _mention_row),
        "quotes": _indexed(aid, doc.quotes, _quote_row),
        "claims": _indexed(aid, doc.claims, _claim_row),
        "claim_about": [{"claim_id": c.id, "article_id": aid, "entity_id": e}
                        for c in doc.claims for e in dict.fromkeys(c.about)],
        "times": _indexed(aid, doc.times, _plain),
        "places": _indexed(aid, doc.places, _plain),
        "events": _indexed(aid, doc.events, _event_keyed(doc)),
    }


def _indexed(aid: str, records: Sequence[Any], row) -> list[Row]:
    return [{**row(r), "article_id": aid, "idx": i} for i, r in enumerate(records)]


def _article_row(doc: Doc, run_id: int | None, now: str) -> Row:
    a = doc.article
    return {"id": a.id, "text": a.text, "source": a.source, "title": a.title, "url": a.url,
            "outlet": a.outlet, "author": a.author, "published": a.published,
            "language": a.language, "content_hash": a.content_hash, "meta_json": dumps(a.meta),
            "sentences_json": json.dumps([_sentence_row(s) for s in doc.sentences],
                                         ensure_ascii=False, separators=(",", ":")),
            "run_id": run_id, "stored_at": now}


def _sentence_row(s: Sentence) -> list[Any]:
    return [s.start, s.end, s.language,
            [[t.start, t.end, t.text, t.lemma, t.pos, t.tag, t.is_space_before] for t in s.tokens]]


def _span_row(record: Segment | Paragraph) -> Row:
    return _plain(record)


def _mention_row(m: Mention) -> Row:
    row = _plain(m)
    row["attrs_json"] = dumps(row.pop("attrs"))
    return row


def _quote_row(q: Quote) -> Row:
    row = {k: v for k, v in _plain(q).items() if k not in ("speaker", "via", "hedges")}
    return {**row, "speaker_name": q.speaker.name if q.speaker else None,
            "speaker_entity_id": q.speaker.entity_id if q.speaker else None,
            "speaker_json": dumps(q.speaker) if q.speaker else None,
            "via_json": dumps(q.via), "hedges_json": dumps(q.hedges)}


def _claim_row(c: Claim) -> Row:
    row = {k: v for k, v in _plain(c).items() if k not in ("hedges", "about", "via")}
    return {**row, "hedges_json": dumps(c.hedges), "about_json": dumps(c.about),
            "via_json": dumps(c.via)}


def _event_keyed(doc: Doc):
    keys = doc_event_keys(doc)          # the days and country events are found by (0006)
    return lambda e: {**_event_row(e), **keys(e)}


def _event_row(e: Event) -> Row:
    row = _plain(e)
    row["participants_json"] = dumps(row.pop("participants"))
    return row


def entity_row(entity: Entity, now: str) -> Row:
    return {"id": entity.id, "name": entity.name, "type": entity.type,
            "attrs_json": dumps(entity.attrs), "aliases_json": dumps(entity.aliases),
            "updated_at": now}


def entity_from_row(row: Mapping[str, Any]) -> Entity:
    return Entity(id=row["id"], name=row["name"], type=row["type"],
                  aliases=tuple(from_dict(Alias, a) for a in loads(row["aliases_json"], [])),
                  attrs=loads(row["attrs_json"], {}))


# --- back ------------------------------------------------------------------------------------

def article_from_row(row: Mapping[str, Any], segments: Sequence[Mapping[str, Any]],
                     paragraphs: Sequence[Mapping[str, Any]]) -> Article:
    return Article(id=row["id"], text=row["text"], source=row["source"], title=row["title"],
                   url=row["url"], outlet=row["outlet"], author=row["author"],
                   published=row["published"], language=row["language"],
                   content_hash=row["content_hash"],
                   segments=tuple(from_dict(Segment, dict(r)) for r in segments),
                   paragraphs=tuple(from_dict(Paragraph, dict(r)) for r in paragraphs),
                   meta=loads(row["meta_json"], {}))


def sentences_from_json(value: str) -> tuple[Sentence, ...]:
    return tuple(Sentence(start=s, end=e, language=lang, tokens=tuple(Token(*t) for t in toks))
                 for s, e, lang, toks in loads(value, []))


def children_from_rows(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, tuple]:
    """The Doc fields other than article and entities, from rows ordered by ``idx``."""
    return {
        "mentions": tuple(_mention(r) for r in rows["mentions"]),
        "quotes": tuple(_quote(r) for r in rows["quotes"]),
        "claims": tuple(_claim(r) for r in rows["claims"]),
        "times": tuple(from_dict(TimeExpr, dict(r)) for r in rows["times"]),
        "places": tuple(from_dict(Place, dict(r)) for r in rows["places"]),
        "events": tuple(_event(r) for r in rows["events"]),
    }


def _mention(r: Mapping[str, Any]) -> Mention:
    return from_dict(Mention, {**r, "attrs": loads(r["attrs_json"], {})})


def _quote(r: Mapping[str, Any]) -> Quote:
    speaker = loads(r["speaker_json"])
    return from_dict(Quote, {**r, "speaker": speaker, "via": loads(r["via_json"], []),
                             "hedges": loads(r["hedges_json"], [])})


def _claim(r: Mapping[str, Any]) -> Claim:
    return from_dict(Claim, {**r, "hedges": loads(r["hedges_json"], []),
                             "about": loads(r["about_json"], []), "via": loads(r["via_json"], [])})


def _event(r: Mapping[str, Any]) -> Event:
    return from_dict(Event, {**r, "participants": loads(r["participants_json"], [])})
