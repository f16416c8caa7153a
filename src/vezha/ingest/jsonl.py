"""JSONL dumps: one record a line, ``{"url", "title", "text" or "html", "published", "id"}``.

The article text is the record's title, a blank line, then its text (or the main text of its
html), as in the gold texts; a text that already starts with its title is kept as it is.
"""
from __future__ import annotations

import json
import re

from ..errors import IngestError
from ..model import Article
from .build import make_article, with_title
from .html import parse_html
from .ids import iso_date
from .text import normalise_newlines

__all__ = ["parse_jsonl_line", "record_source"]

# JSON may escape a lone UTF-16 surrogate ("\\ud800"); no UTF-8 text (nor the store) can hold one.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def record_source(source: str, lineno: int) -> str:
    """How a record is named in failures and provenance: ``dump.jsonl:17``."""
    return f"{source}:{lineno}"


def _record(line: str | bytes, where: str) -> dict:
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, ValueError) as exc:
        raise IngestError(f"not valid JSON: {exc}", code="V209", source=where) from exc
    if not isinstance(record, dict):
        raise IngestError(f"a record must be a JSON object, not {type(record).__name__}",
                          code="V209", source=where)
    return {key: LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value
            for key, value in record.items()}


def _string(record: dict, key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value.strip() else None


def parse_jsonl_line(line: str | bytes, source: str, lineno: int,
                     max_nodes: int | None = None) -> Article:
    """The Article of one JSONL line; IngestError V209 (bad JSON) or V210 (no text or html);
    an ``html`` field is held to ``max_nodes`` elements (V215) as HTML files are."""
    where = record_source(source, lineno)
    record = _record(line, where)
    text, html = _string(record, "text"), _string(record, "html")
    if not (text or html):
        raise IngestError("record has neither text nor html", code="V210", source=where)
    page = None if text else parse_html(html, where, url=_string(record, "url"), max_nodes=max_nodes)
    title = _string(record, "title") or (page.title if page else None)
    body = normalise_newlines(text) if text else page.text
    return make_article(with_title(_string(record, "title"), body), where, title=title,
                        url=page.url if page else _string(record, "url"),
                        **_metadata(record, page), meta=_meta(record, page))


def _metadata(record: dict, page: Article | None) -> dict[str, str | None]:
    """outlet, author and published: the record's own, else the page's."""
    fallback = page or Article(id="", text="", source="")
    return {"outlet": _string(record, "outlet") or fallback.outlet,
            "author": _string(record, "author") or fallback.author,
            "published": iso_date(record.get("published")) or fallback.published}


def _meta(record: dict, page: Article | None) -> dict[str, str]:
    record_id = record.get("id")
    key = record_id if record_id not in (None, "") else record.get("url") or ""
    return {**(page.meta if page else {}), "record_id": str(key)}
