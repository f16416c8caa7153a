"""SQLite: the FTS5 row of an article takes the article row's rowid.

Replacing an article's index row then deletes by rowid instead of scanning the FTS table for
its (unindexed) ``article_id``. Existing rows are renumbered; PostgreSQL has nothing to do.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

RENUMBER = (
    "CREATE TEMP TABLE fts_copy AS SELECT a.rowid AS rid, f.article_id, f.title, f.lemmas "
    "FROM articles_fts AS f JOIN articles AS a ON a.id = f.article_id",
    "DELETE FROM articles_fts",
    "INSERT INTO articles_fts (rowid, article_id, title, lemmas) "
    "SELECT rid, article_id, title, lemmas FROM fts_copy",
    "DROP TABLE fts_copy",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in RENUMBER:
            op.execute(statement)


def downgrade() -> None:
    """Nothing to undo: any rowids are valid for revision 0004."""
