"""An Atom feed per watchlist (feedgen): one entry per alert, its sources linked.

An entry's id is ``urn:vezha:alert:<id>`` and its ``updated`` the alert's last new source, so
a feed reader shows each alert once and notices when reprints add sources.
"""
from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Iterable

from feedgen.feed import FeedGenerator

from ..store.alerts import Alert
from .present import source_link

__all__ = ["atom_feed"]


def atom_feed(watchlist: str, title: str, alerts: Iterable[Alert], base_url: str = "") -> bytes:
    """The feed of ``watchlist`` as Atom XML (UTF-8)."""
    alerts = list(alerts)
    feed = FeedGenerator()
    feed.id(f"urn:vezha:watchlist:{watchlist}")
    feed.title(title or f"Vezha: {watchlist}")
    feed.link(href=f"{base_url.rstrip('/')}/watchlists/{watchlist}/feed.atom", rel="self")
    feed.updated(_time(max((a.updated_at for a in alerts), default="1970-01-01T00:00:00+00:00")))
    feed.author({"name": "Vezha"})
    for alert in reversed(alerts):              # feedgen prepends: keep newest first
        _entry(feed, alert, base_url)
    return feed.atom_str(pretty=True)


def _entry(feed: FeedGenerator, alert: Alert, base_url: str) -> None:
    entry = feed.add_entry()
    entry.id(f"urn:vezha:alert:{alert.id}")
    entry.title(f"{alert.rule}: {alert.summary}"[:300])
    entry.published(_time(alert.created_at))
    entry.updated(_time(alert.updated_at))
    if alert.sources:
        first = alert.sources[0]
        entry.link(href=source_link(base_url, first.article_id, first.quote))
    entry.content(_content(alert, base_url), type="html")


def _content(alert: Alert, base_url: str) -> str:
    items = "".join(
        f'<li><a href="{escape(source_link(base_url, s.article_id, s.quote))}">'
        f'{escape(s.outlet or s.title or s.article_id)}</a> {escape(s.published or "")}: '
        f'«{escape(s.text[:300])}»</li>' for s in alert.sources)
    stat = f"<p>{escape(alert.statistic)}</p>" if alert.statistic else ""
    return f"<p>{escape(alert.summary)}</p>{stat}<ul>{items}</ul>"


def _time(stamp: str) -> datetime:
    value = datetime.fromisoformat(stamp)
    return value if value.tzinfo else value.replace(tzinfo=datetime.now().astimezone().tzinfo)
