"""Watchlists and alerts: the rules analysts watch, the hits with their sources, deliveries.

``alerts`` is keyed by (watchlist, rule, story): reprints of one story are one alert with many
``alert_sources``; ``alert_deliveries`` records, per channel, that an alert went out, so a
restart does not send it again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _span() -> list[sa.Column]:
    return [sa.Column("start", sa.Integer, nullable=False),
            sa.Column("end", sa.Integer, nullable=False)]


def upgrade() -> None:
    op.create_table(
        "watchlists",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("format", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("active", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("watchlist", sa.String, nullable=False, index=True),
        sa.Column("rule", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("story", sa.String, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("statistic", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.Text),
        sa.Column("published", sa.String, index=True),
        sa.Column("created_at", sa.String, nullable=False, index=True),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.UniqueConstraint("watchlist", "rule", "story", name="uq_alerts_watchlist_rule_story"),
    )
    op.create_table(
        "alert_sources",
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("article_id", sa.String, nullable=False, index=True),
        sa.Column("kind", sa.String, nullable=False),
        *_span(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("quote", sa.Integer, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("added_at", sa.String, nullable=False),
        sa.UniqueConstraint("alert_id", "article_id", "kind", "start",
                            name="uq_alert_sources_alert_id_article_id_kind_start"),
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("channel", sa.String, primary_key=True),
        sa.Column("delivered_at", sa.String),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("alert_deliveries", "alert_sources", "alerts", "watchlists"):
        op.drop_table(table)
