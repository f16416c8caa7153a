"""Alerts as records and links: what the CLI, the web pages, the feed and the webhook show.

A source links back to its span in the web app: ``{base_url}/article/{id}#q{n}`` for a quote,
``{base_url}/article/{id}`` otherwise.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..model import to_dict
from ..store.alerts import Alert, AlertSource

__all__ = ["alert_record", "source_link", "alert_line"]


def source_link(base_url: str, article_id: str, quote_index: int = -1) -> str:
    link = f"{base_url.rstrip('/')}/article/{quote(article_id, safe='')}"
    return f"{link}#q{quote_index}" if quote_index >= 0 else link


def alert_record(alert: Alert, base_url: str = "") -> dict[str, Any]:
    """The alert as JSON-ready values, each source with its ``link``."""
    record = to_dict(alert)
    record["sources"] = [{**to_dict(s), "link": source_link(base_url, s.article_id, s.quote)}
                         for s in alert.sources]
    record["outlets"] = sorted({s.outlet for s in alert.sources if s.outlet})
    return record


def alert_line(alert: Alert) -> str:
    """One line: time, watchlist/rule, summary, how many sources."""
    outlets = ", ".join(_source_name(s) for s in alert.sources[:5])
    more = f" +{len(alert.sources) - 5}" if len(alert.sources) > 5 else ""
    stat = f" [{alert.statistic}]" if alert.statistic else ""
    return (f"#{alert.id} {alert.created_at}  {alert.watchlist}/{alert.rule}  {alert.summary}"
            f"{stat}  — {len(alert.sources)} source(s): {outlets}{more}")


def _source_name(source: AlertSource) -> str:
    return source.outlet or source.article_id
