"""The watchlist and alert tables (migration 0004, written by ``vezha.watch``; queries in
``store/alerts.py``), on the store's one ``MetaData``; ``vezha.store.schema`` exports them.

An alert is keyed by (watchlist, rule, story): reprints of one story add sources to one
alert. ``alert_deliveries`` records what each channel already got.
"""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from .columns import metadata, span

__all__ = ["watchlists", "alerts", "alert_sources", "alert_deliveries"]

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
    *span(),
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
