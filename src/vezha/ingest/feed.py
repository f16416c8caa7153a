"""RSS and Atom feeds with feedparser: one Article per item, a Failure per broken item.

An item's text is its title, a blank line, then its full content or else its summary (only
the title for a headline-only item);
an item with none of these and no link is broken (V208) and the others still come out. A
document feedparser cannot read as a feed at all fails with V207. ``published`` is the item's
publication date, else its update date, as the publisher wrote it (its local day).
"""
from __future__ import annotations

import re
from typing import Any

import feedparser

from ..errors import IngestError
from ..model import Article, Failure
from .build import make_article, with_title
from .html import fragment_text
from .ids import iso_date

__all__ = ["parse_feed", "looks_like_feed", "adapt_entry"]

FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
SNIFF_BYTES = 2048


def looks_like_feed(data: bytes | str) -> bool:
    """An RSS, Atom or RDF root element near the start."""
    head = data[:SNIFF_BYTES]
    return bool(FEED_ROOT.search(head.encode("utf-8", "ignore") if isinstance(head, str) else head))


def _date(entry: Any) -> str | None:
    for key in ("published", "updated"):   # dict.get: feedparser's own get maps one to the other, warning
        value = iso_date(dict.get(entry, key)) or iso_date(tuple(dict.get(entry, f"{key}_parsed") or ()))
        if value:
            return value
    return None


def _body(entry: Any) -> str:
    parts = entry.get("content") or []
    detail = parts[0] if parts else entry.get("summary_detail") or {}
    value = detail.get("value") or entry.get("summary") or ""
    return fragment_text(value) if value else ""


def adapt_entry(entry: Any, source: str, outlet: str | None) -> Article:
    """A feedparser entry as an Article; IngestError V208 when it has no text and no link."""
    title = fragment_text(entry.get("title") or "") or None
    text = with_title(title, _body(entry))
    link = entry.get("link") or None
    if not text:
        raise IngestError("feed item has no title, text or content", code="V208", source=source)
    meta = {"guid": entry["id"]} if entry.get("id") else {}
    return make_article(text, source, empty_code="V208", title=title, url=link, outlet=outlet,
                        author=entry.get("author"), published=_date(entry), meta=meta)


def parse_feed(data: bytes | str, source: str, max_items: int | None = None) -> list[Article | Failure]:
    """Articles (and Failures for broken items) of an RSS/Atom feed; IngestError V207 if unreadable."""
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser is meant not to raise; keep a bad feed from stopping a batch
        raise IngestError(f"feed parser failed: {exc}", code="V207", source=source) from exc
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "not an RSS or Atom document"
        raise IngestError(f"feed could not be parsed: {reason}", code="V207", source=source)
    outlet = fragment_text(parsed.feed.get("title") or "") or None
    out: list[Article | Failure] = []
    for index, entry in enumerate(parsed.entries[:max_items], start=1):
        item_source = f"{source}#{index}"
        try:
            out.append(adapt_entry(entry, item_source, outlet))
        except IngestError as exc:
            out.append(Failure(item_source, exc.code, "ingest", exc.reason))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:  # an item feedparser half-read
            out.append(Failure(item_source, "V208", "ingest", f"{type(exc).__name__}: {exc}"))
    return out
