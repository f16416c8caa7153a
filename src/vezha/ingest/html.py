"""HTML pages: main text with trafilatura, date with htmldate, metadata; fragments to text.

The main text is rebuilt from trafilatura's XML body (``adapt_trafilatura_body``) so that blocks
are separated by a blank line and list items sit on their own ``•`` lines. The node count is
checked before extraction (V215). The date comes from htmldate without its extensive search,
so it is read from the page's markup or URL, never guessed from the text.
"""
from __future__ import annotations

import re
from typing import Any

import htmldate
import lxml.etree
import lxml.html
import trafilatura

from ..errors import IngestError
from ..model import Article
from .build import make_article
from .decode import decode

__all__ = ["parse_html", "fragment_text", "adapt_trafilatura_body", "count_nodes"]

BLOCK_TAGS = frozenset({"p", "head", "quote", "code"})
BULLET = "  • "          # list items as in the seed and gold texts
SPACES = re.compile(r"[ \t\u00a0\u2009\u200b]+")
BLANKS = re.compile(r"\n{3,}")
BULLET_LINE = re.compile(r"(?m)^• ")
# (pattern, what is put before the tag, what after): line and paragraph breaks of a fragment
FRAGMENT_MARKS = (
    (re.compile(r"(?i)<\s*br\s*/?\s*>"), "", "\n"),
    (re.compile(r"(?i)</\s*(p|div|h[1-6]|blockquote|tr|ul|ol)\s*>"), "", "\n\n"),
    (re.compile(r"(?i)<\s*li(\s[^>]*)?>"), "\n", BULLET),
)


def count_nodes(html: str) -> int:
    """Number of elements lxml parses out of ``html`` (0 when it parses nothing)."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return 0
    return sum(1 for _ in root.iter())


def _line(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _line(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _tidy(text: str) -> str:
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _list_lines(element: Any) -> list[str]:
    out = []
    for item in element.iter("item"):
        own = _tidy(_line(item).split("\n", 1)[0]) if len(item) else _tidy(_line(item))
        if own:
            out.append(BULLET + own)
    return out


def _table_lines(element: Any) -> list[str]:
    rows = []
    for row in element.iter("row"):
        cells = [_tidy(_line(cell)).replace("\n", " ") for cell in row.iter("cell")]
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def adapt_trafilatura_body(body: Any) -> str:
    """Text of trafilatura's XML body: blocks split by blank lines, list items as bullet lines."""
    blocks = []
    for element in body:
        if element.tag == "list":
            block = "\n".join(_list_lines(element))
        elif element.tag == "table":
            block = "\n".join(_table_lines(element))
        else:
            block = _tidy(_line(element))
        if block:
            blocks.append(block)
    return "\n\n".join(blocks)


def fragment_text(html: str) -> str:
    """Plain text of a small HTML fragment (a feed summary): breaks kept, tags dropped."""
    if "<" not in html:
        return "\n\n".join(_tidy(p) for p in html.split("\n\n") if _tidy(p))
    marked = html
    for pattern, before, after in FRAGMENT_MARKS:
        marked = pattern.sub(lambda m, b=before, a=after: b + m.group() + a, marked)
    try:
        text = lxml.html.fragment_fromstring(marked, create_parent="div").text_content()
    except (lxml.etree.ParserError, ValueError):
        return ""
    text = BLANKS.sub("\n\n", "\n".join(_tidy(line) for line in text.split("\n"))).strip()
    return BULLET_LINE.sub(BULLET, text)


def _extract(html: str, url: str | None, source: str) -> Any:
    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           include_tables=True, output_format="python")
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken pages
        raise IngestError(f"HTML could not be parsed: {type(exc).__name__}: {exc}", code="V206",
                          source=source) from exc


def _date(html: str, url: str | None) -> str | None:
    try:
        return htmldate.find_date(html, extensive_search=False, original_date=True, url=url)
    except Exception:  # htmldate is best effort: no date is an answer, not an error
        return None


def parse_html(data: bytes | str, source: str, url: str | None = None,
               max_nodes: int | None = None, charset: str | None = None) -> Article:
    """An article from an HTML page; IngestError V202/V203/V204, V215 (too many nodes), V206 (no text).
    ``charset`` is what the HTTP header declared; the page's own ``<meta>`` is read otherwise."""
    html = data if isinstance(data, str) else decode(data, source, charset)
    if not html.strip():
        raise IngestError("empty page", code="V202", source=source)
    if max_nodes is not None and count_nodes(html) > max_nodes:
        raise IngestError(f"more than {max_nodes} HTML elements", code="V215", source=source)
    doc = _extract(html, url, source)
    if doc is None or doc.body is None:
        raise IngestError("no main text found in the page", code="V206", source=source)
    canonical = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else url
    meta = {"final_url": url} if url else {}
    return make_article(adapt_trafilatura_body(doc.body), source, empty_code="V206",
                        title=doc.title, url=canonical, outlet=doc.sitename, author=doc.author,
                        published=_date(html, url), meta=meta)
