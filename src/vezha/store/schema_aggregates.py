"""The entity aggregate tables (migration 0007, kept by ``store/aggregates.py`` from the
mentions of each saved batch): what entity pages read instead of scanning every mention of an
entity. On the store's one ``MetaData``; ``vezha.store.schema`` exports them.
"""
from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from .columns import metadata

__all__ = ["entity_articles", "entity_pairs", "entity_months"]

entity_articles = Table(
    "entity_articles", metadata,
    Column("article_id", String, primary_key=True),
    Column("entity_id", String, primary_key=True),
    Column("published", String, nullable=False, default=""),       # the article's, "" when none
    Column("mentions", Integer, nullable=False, default=0),
    Index("ix_entity_articles_latest", "entity_id", "published", "article_id"),
)

entity_pairs = Table(                                              # stored in both directions
    "entity_pairs", metadata,
    Column("entity_id", String, primary_key=True),
    Column("other_id", String, primary_key=True),
    Column("articles", Integer, nullable=False, default=0),        # articles mentioning both
    Index("ix_entity_pairs_top", "entity_id", "articles"),
)

entity_months = Table(
    "entity_months", metadata,
    Column("entity_id", String, primary_key=True),
    Column("period", String, primary_key=True),                    # YYYY-MM, "" when undated
    Column("mentions", Integer, nullable=False, default=0),
)
