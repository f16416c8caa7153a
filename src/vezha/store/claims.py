"""Claim queries over the store: who said what, about whom, when, in which language.

``find_claims(store, ClaimQuery(speaker="Жданов", about="Лукашенко"))`` returns ``Claim``
records, newest first. Dates, language and the entity ids are filtered in SQL; names are
matched in SQL as typed, lowercased or capitalised (SQLite's LIKE folds ASCII only), then a
speaker is checked in Python: by entity id, or when the name given is a word of the speaker's
name ("Жданов" → "Олег Жданов"); ``about`` matches the entities a claim is about by id, name or
alias, or its name keys.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, union

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
    out = []
    for r in rows:
        if query.speaker and not _speaker_matches(r, query.speaker):
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
    if query.speaker:
        stmt = stmt.where(or_(c.c.speaker_id == query.speaker, _like_any(c.c.speaker_name, query.speaker)))
    if query.about:
        stmt = stmt.where(c.c.id.in_(_about(query.about)))
    return stmt.order_by(c.c.published.desc(), c.c.article_id, c.c.idx)


def _about(name: str):
    """Ids of the claims about an entity whose name or an alias contains ``name``, or whose
    name key does (claims made without recognised entities)."""
    e, al, ca = schema.entities, schema.entity_aliases, schema.claim_about
    ids = union(select(e.c.id).where(_like_any(e.c.name, name)),
                select(al.c.entity_id).where(_like_any(al.c.alias, name)))
    return select(ca.c.claim_id).where(or_(ca.c.entity_id == name, ca.c.entity_id.in_(ids),
                                           ca.c.entity_id.like(f"name:%{name.lower()}%")))


def _like_any(column, name: str):
    """``column`` contains ``name`` as typed, lowercased or capitalised (SQLite folds ASCII only)."""
    forms = {name, name.lower(), name[:1].upper() + name[1:].lower()}
    return or_(*[column.like(f"%{form}%") for form in sorted(forms)])


def _speaker_matches(row, name: str) -> bool:
    want = name.casefold()
    if row["speaker_id"] == name:
        return True
    words = row["speaker_name"].casefold().split()
    return want == row["speaker_name"].casefold() or want in words or (len(want) > 3 and want in " ".join(words))


def _claim(r) -> Claim:
    loads = json.loads
    return from_dict(Claim, {**r, "hedges": loads(r["hedges_json"]), "about": loads(r["about_json"]),
                             "via": loads(r["via_json"])})
