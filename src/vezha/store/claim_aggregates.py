"""Claim aggregates kept in step with the claims: what speaker pages and the graph read.

``speaker_months`` counts a speaker's claims by month and modality (the speaker page's chart,
total, firm and hedged); ``speaker_about`` counts the claims a speaker made about each entity
(whom they talk about, and the edges of the graph of who talks about whom). ``sync_claims``
is called by the write path once per batch, before the batch's old rows are deleted: it
subtracts what the stored claims of those articles counted and adds what the new rows count
(only the difference is written, so saving an article again changes nothing). The index
``ix_claims_speaker_latest`` lets a speaker's claims be read newest first a page at a time.
Migration 0009 created the tables and the index and backfilled them from the claims.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import Column, Connection, Index, Integer, String, Table, func, select

from .aggregates import add_counts, difference
from .schema import claim_about, claims, metadata

__all__ = ["speaker_months", "speaker_about", "sync_claims", "tally", "stored_tally"]

CHUNK = 500     # ids per IN (...) list

speaker_months = Table(
    "speaker_months", metadata,
    Column("speaker_id", String, primary_key=True),
    Column("period", String, primary_key=True),                    # YYYY-MM, "" when undated
    Column("modality", String, primary_key=True),
    Column("claims", Integer, nullable=False, default=0),
)

speaker_about = Table(
    "speaker_about", metadata,
    Column("speaker_id", String, primary_key=True),
    Column("entity_id", String, primary_key=True),
    Column("claims", Integer, nullable=False, default=0),          # claims by one about the other
    Index("ix_speaker_about_speaker", "speaker_id", "claims"),
    Index("ix_speaker_about_entity", "entity_id", "claims"),
    Index("ix_speaker_about_top", "claims"),
)

# A speaker's claims newest first, by keyset on (published, id): declared on the claims table.
LATEST = Index("ix_claims_speaker_latest", claims.c.speaker_id, claims.c.published, claims.c.id)

Tally = dict[str, Counter]      # "months": (speaker, period, modality) -> n; "about": (speaker, entity) -> n


def sync_claims(conn: Connection, stored_ids: Sequence[str],
                rows: Mapping[str, list[dict[str, Any]]]) -> None:
    """Move the aggregates by what the claim rows about to be written (``rows`` by table name)
    change against the stored claims of ``stored_ids`` (the articles they replace)."""
    old, new = stored_tally(conn, stored_ids), tally(rows.get("claims", ()), rows.get("claim_about", ()))
    for name, table in (("months", speaker_months), ("about", speaker_about)):
        add_counts(conn, table, "claims", difference(new[name], old[name]))


def tally(claim_rows: Iterable[dict[str, Any]], about_rows: Iterable[dict[str, Any]]) -> Tally:
    """The counts some claims rows and their claim_about rows make."""
    speaker = {}
    months: Counter = Counter()
    for c in claim_rows:
        speaker[c["id"]] = c["speaker_id"]
        months[(c["speaker_id"], (c.get("published") or "")[:7], c["modality"])] += 1
    about = Counter((speaker[a["claim_id"]], a["entity_id"]) for a in about_rows)
    return {"months": months, "about": about}


def stored_tally(conn: Connection, article_ids: Sequence[str]) -> Tally:
    """The counts the stored claims of ``article_ids`` make."""
    c, a = claims.c, claim_about.c
    out: Tally = {"months": Counter(), "about": Counter()}
    period = func.substr(func.coalesce(c.published, ""), 1, 7)
    for i in range(0, len(article_ids), CHUNK):
        chunk = list(article_ids[i:i + CHUNK])
        months = (select(c.speaker_id, period, c.modality, func.count())
                  .where(c.article_id.in_(chunk)).group_by(c.speaker_id, period, c.modality))
        about = (select(c.speaker_id, a.entity_id, func.count()).join(claims, c.id == a.claim_id)
                 .where(a.article_id.in_(chunk)).group_by(c.speaker_id, a.entity_id))
        out["months"].update({(s, p, m): n for s, p, m, n in conn.execute(months)})
        out["about"].update({(s, e): n for s, e, n in conn.execute(about)})
    return out
