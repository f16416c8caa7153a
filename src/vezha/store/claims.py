"""Claim queries over the store: who said what, about whom, when, in which language.

``find_claims(store, ClaimQuery(speaker="Жданов", about="Лукашенко"))`` returns ``Claim``
records, newest first. Dates, language and the entity ids are filtered in SQL; names are
matched case-insensitively in Python (SQLite's LIKE folds ASCII only): a speaker matches by
entity id, or when the name given is a word of the speaker's name ("Жданов" → "Олег Жданов");
``about`` matches the entities a claim is about by id, name or alias, or its name keys.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..model import Claim, from_dict
from . import schema

__all__ = ["ClaimQuery", "find_claims", "claim_rows"]


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    speaker: str | None = None
    about: str | None = None
    date_from: str | None = None     # ISO date, inclusive
    date_to: str | None = None       # ISO date, inclusive
    language: str | None = None
    limit: int = 100


def find_claims(store: Any, query: ClaimQuery) -> list[Claim]:
    """Claims matching every filter given, newest first."""
    with store._read() as conn:
        rows = conn.execute(_select(query)).mappings().all()
        about_ids = _about_ids(conn, query.about) if query.about else set()
        about = _about_of(conn, [r["id"] for r in rows]) if query.about else {}
    out = []
    for r in rows:
        if query.speaker and not _speaker_matches(r, query.speaker):
            continue
        if query.about and not _about_matches(about.get(r["id"], ()), about_ids, query.about):
            continue
        out.append(_claim(r))
        if len(out) >= query.limit:
            break
    return out


def claim_rows(claims: list[Claim]) -> list[dict[str, Any]]:
    """Claims as JSON-ready dicts (the ``--json`` shape of ``vezha quotes``)."""
    from ..model import to_dict
    return [to_dict(c) for c in claims]


def _select(query: ClaimQuery):
    c, a = schema.claims, schema.articles
    stmt = select(c, a.c.language).join(a, a.c.id == c.c.article_id)
    if query.date_from:
        stmt = stmt.where(c.c.published >= query.date_from)
    if query.date_to:
        stmt = stmt.where(c.c.published <= query.date_to + "~")
    if query.language:
        stmt = stmt.where(a.c.language == query.language)
    return stmt.order_by(c.c.published.desc(), c.c.article_id, c.c.idx)


def _about_ids(conn, name: str) -> set[str]:
    """Entity ids whose name or an alias contains ``name`` (case-folded)."""
    want = name.casefold()
    ids = {r.id for r in conn.execute(select(schema.entities.c.id, schema.entities.c.name))
           if want in r.name.casefold()}
    al = schema.entity_aliases
    ids |= {r.entity_id for r in conn.execute(select(al.c.entity_id, al.c.alias)) if want in r.alias.casefold()}
    return ids


def _about_of(conn, claim_ids: list[str]) -> dict[str, list[str]]:
    ca = schema.claim_about
    out: dict[str, list[str]] = {}
    for r in conn.execute(select(ca.c.claim_id, ca.c.entity_id).where(ca.c.claim_id.in_(claim_ids))):
        out.setdefault(r.claim_id, []).append(r.entity_id)
    return out


def _speaker_matches(row, name: str) -> bool:
    want = name.casefold()
    if row["speaker_id"] == name:
        return True
    words = row["speaker_name"].casefold().split()
    return want == row["speaker_name"].casefold() or want in words or (len(want) > 3 and want in " ".join(words))


def _about_matches(entity_ids, known: set[str], name: str) -> bool:
    want = name.casefold()
    return any(e in known or e == name or (e.startswith("name:") and want in e) for e in entity_ids)


def _claim(r) -> Claim:
    loads = json.loads
    return from_dict(Claim, {**r, "hedges": loads(r["hedges_json"]), "about": loads(r["about_json"]),
                             "via": loads(r["via_json"])})
