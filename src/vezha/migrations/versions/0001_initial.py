"""Initial schema: articles and their analyses, entities, claims, times, places, events, runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SQLite only: the lemma full-text index (PostgreSQL gets a tsvector in its own revision).
SQLITE_FTS = ("CREATE VIRTUAL TABLE articles_fts USING fts5("
              "article_id UNINDEXED, title, lemmas, tokenize = 'unicode61 remove_diacritics 0')")

TABLES = ("runs", "articles", "segments", "paragraphs", "entities", "entity_aliases",
          "article_entities", "mentions", "quotes", "claims", "claim_about", "times", "places",
          "events", "failures")


def _article() -> list[sa.Column]:
    return [sa.Column("article_id", sa.String, sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name=None), nullable=False, index=True),
            sa.Column("idx", sa.Integer, nullable=False)]


def _span() -> list[sa.Column]:
    return [sa.Column("start", sa.Integer, nullable=False),
            sa.Column("end", sa.Integer, nullable=False)]


def _text(name: str, default: str = "", nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=nullable, server_default=None if nullable else default)


def _str(name: str, default: str = "") -> sa.Column:
    return sa.Column(name, sa.String, nullable=False, server_default=default)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("command", sa.String, nullable=False),
        _text("inputs_json", "[]"),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("started_at", sa.String, nullable=False),
        sa.Column("finished_at", sa.String),
        _text("counts_json", "{}"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.String, index=True),
        sa.Column("outlet", sa.String),
        sa.Column("author", sa.String),
        sa.Column("published", sa.String, index=True),
        sa.Column("language", sa.String, nullable=False),
        sa.Column("content_hash", sa.String, nullable=False),
        _text("meta_json", "{}"),
        _text("sentences_json", "[]"),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("stored_at", sa.String, nullable=False),
    )
    op.create_table("segments", *_article(), *_span(),
                    sa.Column("kind", sa.String, nullable=False), _str("rule"))
    op.create_table("paragraphs", *_article(), *_span(),
                    sa.Column("language", sa.String, nullable=False))
    op.create_table(
        "entities",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String, nullable=False, index=True),
        _text("attrs_json", "{}"),
        _text("aliases_json", "[]"),
        sa.Column("mention_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("article_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.String, nullable=False),
    )
    op.create_table(
        "entity_aliases",
        sa.Column("entity_id", sa.String, sa.ForeignKey("entities.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("alias", sa.Text, nullable=False, index=True),
        _str("language"),
        sa.Column("count", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("entity_id", "alias", "language"),
    )
    op.create_table("article_entities", *_article(),
                    sa.Column("entity_id", sa.String, nullable=False, index=True))
    op.create_table(
        "mentions", *_article(), *_span(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String, nullable=False, index=True),
        _text("lemma"),
        sa.Column("entity_id", sa.String, nullable=False, server_default="", index=True),
        sa.Column("score", sa.Float, nullable=False, server_default="1.0"),
        _text("attrs_json", "{}"),
    )
    op.create_table(
        "quotes", *_article(), *_span(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        _text("speaker_name", nullable=True),
        sa.Column("speaker_entity_id", sa.String, index=True),
        _text("speaker_json", nullable=True),
        _str("cue"),
        sa.Column("cue_start", sa.Integer, nullable=False, server_default="-1"),
        sa.Column("cue_end", sa.Integer, nullable=False, server_default="-1"),
        _text("via_json", "[]"),
        sa.Column("parent", sa.Integer, nullable=False, server_default="-1"),
        _text("hedges_json", "[]"),
        _str("rule"),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.String, primary_key=True), *_article(),
        sa.Column("speaker_id", sa.String, nullable=False, index=True),
        sa.Column("speaker_name", sa.Text, nullable=False),
        *_span(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        _str("cue"),
        _text("hedges_json", "[]"),
        sa.Column("modality", sa.String, nullable=False, server_default="asserted"),
        _text("about_json", "[]"),
        _text("via_json", "[]"),
        sa.Column("sentence", sa.Integer, nullable=False, server_default="-1"),
        sa.Column("published", sa.String, index=True),
    )
    op.create_table(
        "claim_about",
        sa.Column("claim_id", sa.String, sa.ForeignKey("claims.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("article_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("entity_id", sa.String, nullable=False, index=True),
    )
    op.create_table(
        "times", *_article(), *_span(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.String, index=True),
        _str("granularity"),
        _str("rule"),
    )
    op.create_table(
        "places", *_article(),
        sa.Column("entity_id", sa.String, nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        _str("country"),
        _str("admin1"),
        sa.Column("confidence", sa.Float, nullable=False, server_default="1.0"),
    )
    op.create_table(
        "events", *_article(), *_span(),
        sa.Column("type", sa.String, nullable=False, index=True),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("time", sa.String),
        sa.Column("place", sa.String),
        _text("participants_json", "[]"),
        sa.Column("confidence", sa.Float, nullable=False, server_default="1.0"),
        sa.Column("sentence", sa.Integer, nullable=False, server_default="-1"),
    )
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL"), index=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("code", sa.String, nullable=False, index=True),
        _str("stage"),
        _text("message"),
        sa.Column("article_id", sa.String, nullable=False, server_default=""),
        sa.Column("created_at", sa.String, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_FTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for name in reversed(TABLES):
        op.drop_table(name)
