"""PostgreSQL full-text index over lemmas: a tsvector column with a GIN index.

SQLite got its FTS5 table ``articles_fts`` in 0001; on PostgreSQL this revision creates the
table of the same name holding our own lemma strings, with a generated, weighted ``tsv``
(title A, body B) under the 'simple' configuration. Nothing happens on SQLite.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PG_FTS = (
    "CREATE TABLE articles_fts ("
    " article_id VARCHAR PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
    " title TEXT NOT NULL DEFAULT '',"
    " lemmas TEXT NOT NULL DEFAULT '',"
    " tsv TSVECTOR GENERATED ALWAYS AS ("
    "  setweight(to_tsvector('simple'::regconfig, title), 'A') ||"
    "  setweight(to_tsvector('simple'::regconfig, lemmas), 'B')) STORED)",
    "CREATE INDEX ix_articles_fts_tsv ON articles_fts USING GIN (tsv)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS articles_fts")
