"""Entity aggregates: entity_articles, entity_pairs, entity_months, backfilled from the mentions.

An entity page used to count over every mention of its entity (4.7-8 s for one in 90% of
100,000 articles); it now reads these rows, which ``store/aggregates.py`` keeps in step with
each saved batch. ``entity_articles`` holds one row per (article, entity linked in it) with the
article's date and the mentions in it; ``entity_pairs`` the articles two entities share (both
directions); ``entity_months`` the mentions per month. They hold derived data only, so a
database stamped back by hand loses its copies and gets them rebuilt from the mentions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BACKFILL = (
    "INSERT INTO entity_articles (article_id, entity_id, published, mentions) "
    "SELECT m.article_id, m.entity_id, COALESCE(a.published, ''), COUNT(*) "
    "FROM mentions AS m JOIN articles AS a ON a.id = m.article_id WHERE m.entity_id <> '' "
    "GROUP BY m.article_id, m.entity_id, a.published",
    "INSERT INTO entity_pairs (entity_id, other_id, articles) "
    "SELECT x.entity_id, y.entity_id, COUNT(*) FROM entity_articles AS x "
    "JOIN entity_articles AS y ON y.article_id = x.article_id AND y.entity_id <> x.entity_id "
    "GROUP BY x.entity_id, y.entity_id",
    "INSERT INTO entity_months (entity_id, period, mentions) "
    "SELECT entity_id, SUBSTR(published, 1, 7), SUM(mentions) FROM entity_articles "
    "GROUP BY entity_id, SUBSTR(published, 1, 7)",
)


TABLES = ("entity_articles", "entity_pairs", "entity_months")


def upgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.create_table(
        "entity_articles",
        sa.Column("article_id", sa.String, primary_key=True),
        sa.Column("entity_id", sa.String, primary_key=True),
        sa.Column("published", sa.String, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_table(
        "entity_pairs",
        sa.Column("entity_id", sa.String, primary_key=True),
        sa.Column("other_id", sa.String, primary_key=True),
        sa.Column("articles", sa.Integer, nullable=False),
    )
    op.create_table(
        "entity_months",
        sa.Column("entity_id", sa.String, primary_key=True),
        sa.Column("period", sa.String, primary_key=True),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    for statement in BACKFILL:      # before the indexes: one sort each instead of row by row
        op.execute(statement)
    op.create_index("ix_entity_articles_latest", "entity_articles",
                    ["entity_id", "published", "article_id"])
    op.create_index("ix_entity_pairs_top", "entity_pairs", ["entity_id", "articles"])


def downgrade() -> None:
    op.drop_index("ix_entity_pairs_top", "entity_pairs")
    op.drop_index("ix_entity_articles_latest", "entity_articles")
    for table in TABLES:
        op.drop_table(table)
