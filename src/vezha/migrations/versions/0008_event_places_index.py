"""Events: a covering index (place, type, day_from, day_to) for the map's counts by place.

``/map.json`` counts the matching events by place and type; with this index the count reads the
index only (every event at 100,000 articles: 0.25 s -> 0.03 s on SQLite).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NAME = "ix_events_places"


def upgrade() -> None:
    if NAME not in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("events")}:
        op.create_index(NAME, "events", ["place", "type", "day_from", "day_to"])


def downgrade() -> None:
    op.drop_index(NAME, table_name="events")
