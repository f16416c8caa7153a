"""Near-duplicate stories: one row per article that belongs to a group of reprints/rewrites.

``story_groups.group_id`` is the id of the group's earliest article; ``similarity`` the
estimated Jaccard similarity (MinHash) of the article's body to that first one.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_groups",
        sa.Column("article_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("group_id", sa.String, nullable=False, index=True),
        sa.Column("similarity", sa.Float, nullable=False, server_default="1.0"),
    )


def downgrade() -> None:
    op.drop_table("story_groups")
