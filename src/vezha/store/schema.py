"""The store's tables, as SQLAlchemy Core, dialect-neutral (SQLite now, PostgreSQL later).

Every child table carries ``article_id`` and an ``idx`` (position in the Doc's tuple), so one
article's rows are replaced in one transaction and a Doc is rebuilt in its original order.
Offsets ``start``/``end`` are half-open character offsets into ``articles.text``. Columns
named ``*_json`` hold JSON text. Times of day are ISO 8601 UTC strings.

The full-text index over lemmas is dialect-specific and lives in ``store/sqlite.py``
(FTS5 table ``articles_fts``); it is not declared here. Changes to these tables go through a
new Alembic revision in ``vezha/migrations/versions``.
"""
from __future__ import annotations

from sqlalchemy import (Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

__all__ = [
    "metadata", "articles", "segments", "paragraphs", "mentions", "entities", "entity_aliases",
    "article_entities", "quotes", "claims", "claim_about", "times", "places", "events",
    "failures", "runs", "story_groups", "CHILD_TABLES", "FTS_TABLE",
    "watchlists", "alerts", "alert_sources", "alert_deliveries",
    "entity_articles", "entity_pairs", "entity_months",
]

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

FTS_TABLE = "articles_fts"


def _article_fk() -> Column:
    return Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False, index=True)


def _span() -> tuple[Column, Column]:
    return Column("start", Integer, nullable=False), Column("end", Integer, nullable=False)


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
    _article_fk(), Column("idx", Integer, nullable=False), *_span(),
    Column("kind", String, nullable=False),
    Column("rule", String, nullable=False, default=""),
)

paragraphs = Table(
    "paragraphs", metadata,
    _article_fk(), Column("idx", Integer, nullable=False), *_span(),
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
    _article_fk(), Column("idx", Integer, nullable=False),
    Column("entity_id", String, nullable=False, index=True),
)

mentions = Table(
    "mentions", metadata,
    _article_fk(), Column("idx", Integer, nullable=False), *_span(),
    Column("text", Text, nullable=False),
    Column("type", String, nullable=False, index=True),
    Column("lemma", Text, nullable=False, default=""),
    Column("entity_id", String, nullable=False, default="", index=True),
    Column("score", Float, nullable=False, default=1.0),
    Column("attrs_json", Text, nullable=False, default="{}"),
)

quotes = Table(
    "quotes", metadata,
    _article_fk(), Column("idx", Integer, nullable=False), *_span(),
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
    _article_fk(), Column("idx", Integer, nullable=False),
    Column("speaker_id", String, nullable=False, index=True),
    Column("speaker_name", Text, nullable=False),
    *_span(),
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
    _article_fk(),
    Column("entity_id", String, nullable=False, index=True),
)

times = Table(
    "times", metadata,
    _article_fk(), Column("idx", Integer, nullable=False), *_span(),
    Column("text", Text, nullable=False),
    Column("value", String, index=True),
    Column("granularity", String, nullable=False, default=""),
    Column("rule", String, nullable=False, default=""),
)

places = Table(
    "places", metadata,
    _article_fk(), Column("idx", Integer, nullable=False),
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
    _article_fk(), Column("idx", Integer, nullable=False), *_span(),
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

# --- watchlists and alerts (migration 0004, written by ``vezha.watch``; queries in
# ``store/alerts.py``). An alert is keyed by (watchlist, rule, story): reprints of one story
# add sources to one alert. ``alert_deliveries`` records what each channel already got.
watchlists = Table(
    "watchlists", metadata,
    Column("name", String, primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("format", String, nullable=False, default="yaml"),      # yaml or toml
    Column("text", Text, nullable=False),                          # the watchlist as written
    Column("active", Integer, nullable=False, default=1),
    Column("updated_at", String, nullable=False),
)

alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("watchlist", String, nullable=False, index=True),
    Column("rule", String, nullable=False),
    Column("kind", String, nullable=False),                        # entity, speaker, event, claims, burst
    Column("story", String, nullable=False),                       # first article of the story, or day:...
    Column("subject", Text, nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("statistic", Text, nullable=False, default=""),         # bursts: the statistic, named
    Column("fingerprint", Text),                                   # MinHash of the first article (hex)
    Column("published", String, index=True),
    Column("created_at", String, nullable=False, index=True),
    Column("updated_at", String, nullable=False),
    UniqueConstraint("watchlist", "rule", "story"),
)

alert_sources = Table(
    "alert_sources", metadata,
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("article_id", String, nullable=False, index=True),
    Column("kind", String, nullable=False),                        # mention, claim, event
    *_span(),
    Column("text", Text, nullable=False, default=""),
    Column("quote", Integer, nullable=False, default=-1),          # index in Doc.quotes (#q{n})
    Column("detail", Text, nullable=False, default=""),
    Column("added_at", String, nullable=False),
    UniqueConstraint("alert_id", "article_id", "kind", "start"),
)

alert_deliveries = Table(
    "alert_deliveries", metadata,
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
    Column("channel", String, primary_key=True),                   # webhook, cli, ...
    Column("delivered_at", String),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text, nullable=False, default=""),
)

# --- entity aggregates (migration 0007, kept by ``store/aggregates.py`` from the mentions of
# each saved batch): what entity pages read instead of scanning every mention of an entity.
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
