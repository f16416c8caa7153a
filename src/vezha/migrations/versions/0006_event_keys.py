"""Events keep the days they cover and their place's country, with a newest-first index.

``day_from``/``day_to`` (ISO dates: the event's time value, else its article's publication day)
and ``country`` (ISO code of its place) are written by ``store/eventkeys.py`` with every saved
event; existing rows are backfilled here. Event queries (the web timeline, the map, ``vezha
events``) then filter and sort in SQL on ``ix_events_newest`` instead of reading every event.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    conn = op.get_bind()
    have = {c["name"] for c in sa.inspect(conn).get_columns("events")}
    for column in (sa.Column("day_from", sa.String), sa.Column("day_to", sa.String),
                   sa.Column("country", sa.String, nullable=False, server_default="")):
        if column.name not in have:     # a database stamped back by hand may have them
            op.add_column("events", column)
    _backfill(conn)
    if "ix_events_newest" not in {i["name"] for i in sa.inspect(conn).get_indexes("events")}:
        op.create_index("ix_events_newest", "events", ["day_to", "article_id", "start"])


def downgrade() -> None:
    op.drop_index("ix_events_newest", table_name="events")
    with op.batch_alter_table("events") as batch:
        for name in ("country", "day_to", "day_from"):
            batch.drop_column(name)


def _backfill(conn) -> None:
    """Every stored event's keys, computed as ``eventkeys.event_keys`` computes them on save."""
    from vezha.model import Event
    from vezha.store.eventkeys import event_keys
    countries = {(r[0], r[1]): r[2] for r in conn.execute(sa.text(
        "SELECT article_id, entity_id, country FROM places WHERE country <> ''"))}
    rows = conn.execute(sa.text(
        "SELECT e.article_id, e.idx, e.time, e.place, a.published FROM events AS e "
        "JOIN articles AS a ON a.id = e.article_id")).all()
    update = sa.text("UPDATE events SET day_from = :day_from, day_to = :day_to, "
                     "country = :country WHERE article_id = :aid AND idx = :idx")
    for i in range(0, len(rows), BATCH):
        conn.execute(update, [_keys(r, countries, Event, event_keys) for r in rows[i:i + BATCH]])


def _keys(r, countries, Event, event_keys) -> dict:
    event = Event("", 0, 0, "", time=r.time, place=r.place)
    keys = event_keys(event, r.published, {r.place: countries.get((r.article_id, r.place), "")})
    return {**keys, "aid": r.article_id, "idx": r.idx}
