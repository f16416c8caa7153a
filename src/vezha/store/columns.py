"""The store's one ``MetaData`` (with its constraint naming convention) and the column makers
the table modules share: ``schema`` (documents and runs), ``schema_watch`` (watchlists and
alerts), ``schema_aggregates`` (entity aggregates)."""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String

__all__ = ["metadata", "NAMING", "article_fk", "span"]

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


def article_fk() -> Column:
    """``article_id``: the owning article, rows deleted with it."""
    return Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False, index=True)


def span() -> tuple[Column, Column]:
    """``start`` and ``end``: a half-open character span of ``articles.text``."""
    return Column("start", Integer, nullable=False), Column("end", Integer, nullable=False)
