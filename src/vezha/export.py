"""Docs as records of the evaluation contract (``../shared/eval/README.md``), one JSON line each.

Keys: ``id``, ``text``, ``language``, ``published``, ``url``, ``title``, ``entities`` (from the
mentions; ``geo`` when a Place is known for the entity), ``quotes`` (speaker as an object with
``name`` and ``entity_id``), ``times`` and ``events``. ``debug`` adds the rule that decided each
quote and time value.
"""
from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

from .model import Doc, Event, Mention, Place, Quote, Speaker, TimeExpr

__all__ = ["doc_to_record", "record_id", "to_jsonl", "CONTRACT_KEYS"]

CONTRACT_KEYS = ("id", "text", "language", "published", "url", "title", "entities", "quotes",
                 "times", "events")
URL_PREFIXES = ("http://", "https://")


def record_id(doc: Doc) -> str:
    """The id the scorers match on: the record's own id, else the path relative to the folder
    analysed, else the URL of a fetched page, else the file name."""
    article = doc.article
    meta = article.meta
    if meta.get("record_id"):
        return meta["record_id"]
    if meta.get("relpath"):
        return meta["relpath"]
    if article.source.lower().startswith(URL_PREFIXES):
        return article.url or article.source
    return PurePosixPath(article.source.replace("\\", "/")).name or article.id


def doc_to_record(doc: Doc, doc_id: str | None = None, *, debug: bool = False) -> dict[str, Any]:
    """One contract record for ``doc``."""
    article = doc.article
    places = {p.entity_id: p for p in doc.places}
    return {
        "id": doc_id or record_id(doc),
        "text": article.text,
        "language": article.language,
        "published": article.published,
        "url": article.url,
        "title": article.title,
        "entities": [_mention(m, places.get(m.entity_id)) for m in doc.mentions],
        "quotes": [_quote(q, debug) for q in doc.quotes],
        "times": [_time(t, debug) for t in doc.times],
        "events": [_event(e) for e in doc.events],
    }


def to_jsonl(record: dict[str, Any]) -> str:
    """One JSON line, UTF-8 kept readable."""
    return json.dumps(record, ensure_ascii=False)


def _mention(m: Mention, place: Place | None) -> dict[str, Any]:
    out: dict[str, Any] = {"start": m.start, "end": m.end, "text": m.text, "type": m.type,
                           "lemma": m.lemma, "entity_id": m.entity_id}
    if place is not None and m.entity_id:
        out["geo"] = {"lat": place.lat, "lon": place.lon, "country": place.country,
                      "admin1": place.admin1}
    return out


def _speaker(s: Speaker | None) -> dict[str, Any] | None:
    return None if s is None else {"name": s.name, "entity_id": s.entity_id}


def _quote(q: Quote, debug: bool) -> dict[str, Any]:
    out = {"start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
           "speaker": _speaker(q.speaker), "cue": q.cue, "via": [_speaker(v) for v in q.via],
           "hedges": list(q.hedges)}
    if debug:
        out["rule"] = q.rule
    return out


def _time(t: TimeExpr, debug: bool) -> dict[str, Any]:
    out = {"start": t.start, "end": t.end, "text": t.text, "value": t.value,
           "granularity": t.granularity}
    if debug:
        out["rule"] = t.rule
    return out


def _event(e: Event) -> dict[str, Any]:
    return {"type": e.type, "start": e.start, "end": e.end, "trigger": e.trigger, "time": e.time,
            "place": e.place, "participants": list(e.participants)}
