"""The store's tables, as SQLAlchemy Core, dialect-neutral (SQLite now, PostgreSQL later).

Every child table carries ``article_id`` and an ``idx`` (position in the Doc's tuple), so one
article's rows are replaced in one transaction and a Doc is rebuilt in its original order.
Offsets ``start``/``end`` are half-open character offsets into ``articles.text``. Columns
named ``*_json`` hold JSON text. Times of day are ISO 8601 UTC strings.

The watchlist and alert tables are declared in ``store/schema_watch.py``, the entity
aggregates in ``store/schema_aggregates.py``, the shared ``MetaData`` and column makers in
``store/columns.py``; all are exported here.

The full-text index over lemmas is dialect-specific and lives in ``store/sqlite.py``
(FTS5 table ``articles_fts``); it is not declared here. Changes to these tables go through a
new Alembic revision in ``vezha/migrations/versions``.
"""
from __future__ import annotations

from sqlalchemy import (Column, Float, ForeignKey, Index, Integer, String, Table, Text,
                        UniqueConstraint)

from .columns import article_fk, metadata, span

__all__ = [
    "metadata", "articles", "segments", "paragraphs", "mentions", "entities", "entity_aliases",
    "article_entities", "quotes", "claims", "claim_about", "times", "places", "events",
    "failures", "runs", "story_groups", "CHILD_TABLES", "FTS_TABLE",
    "watchlists", "alerts", "alert_sources", "alert_deliveries",
    "entity_articles", "entity_pairs", "entity_months",
]

FTS_TABLE = "articles_fts"


runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", String, nullable=False),
    Column("inputs_json", Text, nullable=False, default="[]"),
    Column("status", String, nullable=False, default="running"),   # running, done, interrupted, failed
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("counts_json", Text, nullable=False, default="{}"),
)

articles = Table(
    "articles", metadata,
    Column("id", String, primary_key=True),
    Column("text", Text, nullable=False),
    Column("source", String, nullable=False),
    Column("title", Text),
    Column("url", String, index=True),
    Column("outlet", String),
    Column("author", String),
    Column("published", String, index=True),
    Column("language", String, nullable=False, default="other"),
    Column("content_hash", String, nullable=False, default=""),
    Column("meta_json", Text, nullable=False, default="{}"),
    Column("sentences_json", Text, nullable=False, default="[]"),   # compact sentences + tokens
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Column("stored_at", String, nullable=False),
)

segments = Table(
    "segments", metadata,
    article_fk(), Column("idx", Integer, nullable=False), *span(),
    Column("kind", String, nullable=False),
    Column("rule", String, nullable=False, default=""),
)

paragraphs = Table(
    "paragraphs", metadata,
    article_fk(), Column("idx", Integer, nullable=False), *span(),
    Column("language", String, nullable=False),
)

entities = Table(
    "entities", metadata,
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String, nullable=False, index=True),
    Column("attrs_json", Text, nullable=False, default="{}"),
    Column("aliases_json", Text, nullable=False, default="[]"),    # Entity.aliases as last given
    Column("mention_count", Integer, nullable=False, default=0),   # recomputed from mentions
    Column("article_count", Integer, nullable=False, default=0),
    Column("updated_at", String, nullable=False),
)

entity_aliases = Table(
    "entity_aliases", metadata,
    Column("entity_id", String, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("alias", Text, nullable=False, index=True),
    Column("language", String, nullable=False, default=""),
    Column("count", Integer, nullable=False, default=0),            # mentions with this base form
    UniqueConstraint("entity_id", "alias", "language"),
)

article_entities = Table(
    "article_entities", metadata,
    article_fk(), Column("idx", Integer, nullable=False),
    Column("entity_id", String, nullable=False, index=True),
)

mentions = Table(
    "mentions", metadata,
    article_fk(), Column("idx", Integer, nullable=False), *span(),
    Column("text", Text, nullable=False),
    Column("type", String, nullable=False, index=True),
    Column("lemma", Text, nullable=False, default=""),
    Column("entity_id", String, nullable=False, default="", index=True),
    Column("score", Float, nullable=False, default=1.0),
    Column("attrs_json", Text, nullable=False, default="{}"),
)

quotes = Table(
    "quotes", metadata,
    article_fk(), Column("idx", Integer, nullable=False), *span(),
    Column("text", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("speaker_name", Text),
    Column("speaker_entity_id", String, index=True),
    Column("speaker_json", Text),                                   # the whole Speaker or null
    Column("cue", String, nullable=False, default=""),
    Column("cue_start", Integer, nullable=False, default=-1),
    Column("cue_end", Integer, nullable=False, default=-1),
    Column("via_json", Text, nullable=False, default="[]"),
    Column("parent", Integer, nullable=False, default=-1),
    Column("hedges_json", Text, nullable=False, default="[]"),
    Column("rule", String, nullable=False, default=""),
)

claims = Table(
    "claims", metadata,
    Column("id", String, primary_key=True),      # unique across articles, e.g. "<article_id>:<n>"
    article_fk(), Column("idx", Integer, nullable=False),
    Column("speaker_id", String, nullable=False, index=True),
    Column("speaker_name", Text, nullable=False),
    *span(),
    Column("text", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("cue", String, nullable=False, default=""),
    Column("hedges_json", Text, nullable=False, default="[]"),
    Column("modality", String, nullable=False, default="asserted"),
    Column("about_json", Text, nullable=False, default="[]"),
    Column("via_json", Text, nullable=False, default="[]"),
    Column("sentence", Integer, nullable=False, default=-1),
    Column("published", String, index=True),
)

# One row per (claim, entity it is about): lets "claims about X" be a plain indexed join.
claim_about = Table(
    "claim_about", metadata,
    Column("claim_id", String, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False,
           index=True),
    article_fk(),
    Column("entity_id", String, nullable=False, index=True),
)

times = Table(
    "times", metadata,
    article_fk(), Column("idx", Integer, nullable=False), *span(),
    Column("text", Text, nullable=False),
    Column("value", String, index=True),
    Column("granularity", String, nullable=False, default=""),
    Column("rule", String, nullable=False, default=""),
)

places = Table(
    "places", metadata,
    article_fk(), Column("idx", Integer, nullable=False),
    Column("entity_id", String, nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("country", String, nullable=False, default=""),
    Column("admin1", String, nullable=False, default=""),
    Column("confidence", Float, nullable=False, default=1.0),
)

events = Table(
    "events", metadata,
    article_fk(), Column("idx", Integer, nullable=False), *span(),
    Column("type", String, nullable=False, index=True),
    Column("trigger", Text, nullable=False),
    Column("time", String),
    Column("place", String),
    Column("participants_json", Text, nullable=False, default="[]"),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("sentence", Integer, nullable=False, default=-1),
    Column("day_from", String), Column("day_to", String),     # store/eventkeys.py (0006)
    Column("country", String, nullable=False, default=""),
    Index("ix_events_newest", "day_to", "article_id", "start"),
    Index("ix_events_places", "place", "type", "day_from", "day_to"),      # the map (0008)
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL"), index=True),
    Column("source", Text, nullable=False),
    Column("code", String, nullable=False, index=True),
    Column("stage", String, nullable=False, default=""),
    Column("message", Text, nullable=False, default=""),
    Column("article_id", String, nullable=False, default=""),
    Column("created_at", String, nullable=False),
)

# Near-duplicate stories (migration 0003, written by ``vezha.dedup``): the article's group is
# the id of the group's earliest article; similarity is the MinHash Jaccard estimate to it.
story_groups = Table(
    "story_groups", metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", String, nullable=False, index=True),
    Column("similarity", Float, nullable=False, default=1.0),
)

# Tables whose rows belong to one article (deleted and re-inserted when it is saved again),
# in insertion order (a table before those that refer to it); delete in reverse.
CHILD_TABLES = (segments, paragraphs, article_entities, mentions, quotes, claims, claim_about,
                times, places, events)


# The other families of tables, on the same MetaData; imported after the tables above so the
# MetaData lists every table in the same order as when they were one module.
from .schema_watch import alert_deliveries, alert_sources, alerts, watchlists  # noqa: E402
from .schema_aggregates import entity_articles, entity_months, entity_pairs  # noqa: E402
