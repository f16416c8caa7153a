"""Ingestion: files, folders, feeds, JSONL dumps and URLs in; Articles (or Failures) out.

``iter_articles`` never raises for bad input: each bad file, record, feed item or URL comes
out as a ``Failure(source, code, "ingest", message)`` and the batch goes on. The parsers
(``parse_text``, ``parse_html``, ``parse_feed``, ``parse_jsonl_line``, ``decode``) are pure;
reading files and fetching URLs happen here and in ``fetch``.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

import httpx

from ..errors import IngestError
from ..langid import LangId
from ..model import Article, Failure
from ..settings import Settings
from .decode import decode
from .feed import looks_like_feed, parse_feed
from .fetch import Resolver, fetch_url, resolve_host
from .html import parse_html
from .jsonl import parse_jsonl_line, record_source
from .paragraphs import label_languages
from .residue import mark_segments
from .sources import expand, is_url, kind_of
from .text import parse_text

__all__ = ["iter_articles", "parse_text", "parse_html", "parse_feed", "parse_jsonl_line",
           "decode", "fetch_url", "mark_segments", "label_languages", "expand"]

Output = Iterator[Article | Failure]
HTML_TAGS = (b"<html", b"<!doctype html", b"<head", b"<body")
SNIFF_BYTES = 2048
CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([-\w.:]+)", re.I)


def iter_articles(sources: Iterable[str], settings: Settings, *, langid: LangId,
                  client: httpx.Client | None = None, resolve: Resolver = resolve_host) -> Output:
    """Articles of every source (file, folder, URL) in order; a Failure for each bad input."""
    own = client is None
    client = client or httpx.Client()
    try:
        for source in sources:
            for item in _source(str(source), settings, client, resolve):
                if isinstance(item, Article):
                    item = label_languages(item, langid, debug=settings.debug_rules)
                yield item
    finally:
        if own:
            client.close()


def _failure(exc: IngestError, source: str) -> Failure:
    return Failure(exc.source or source, exc.code, "ingest", exc.reason)


def _source(source: str, settings: Settings, client: httpx.Client, resolve: Resolver) -> Output:
    if is_url(source):
        yield from _guarded(source, lambda: _url(source, settings, client, resolve), keep_source=True)
        return
    try:
        files = expand(source)
    except IngestError as exc:
        yield _failure(exc, source)
        return
    for path, relpath in files:
        yield from _guarded(str(path), lambda: _file(path, relpath, settings))


def _guarded(source: str, produce: Callable[[], Iterable[Article | Failure]],
             keep_source: bool = False) -> Output:
    """Run a reader; an IngestError (or an unforeseen parser crash) becomes one Failure."""
    try:
        yield from produce()
    except IngestError as exc:
        yield Failure(source, exc.code, "ingest", exc.reason) if keep_source else _failure(exc, source)
    except OSError as exc:
        yield Failure(source, "V216", "ingest", f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a reader bug or a pathological input must not stop the batch
        yield Failure(source, "V216", "ingest", f"unexpected {type(exc).__name__}: {exc}")


def _with_meta(items: Iterable[Article | Failure], **meta: str) -> Output:
    for item in items:
        yield dataclasses.replace(item, meta={**item.meta, **meta}) if isinstance(item, Article) else item


def _file(path: Path, relpath: str, settings: Settings) -> Output:
    kind = kind_of(path)
    if kind == "jsonl":         # streamed a line at a time: the size limit applies to each line
        yield from _with_meta(_jsonl(path, settings.max_file_bytes, settings.max_html_nodes),
                              relpath=relpath)
        return
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise IngestError(f"{size} bytes is over the {settings.max_file_bytes}-byte limit",
                          code="V205", source=str(path))
    data = path.read_bytes()
    yield from _with_meta(_parse(data, str(path), kind, settings), relpath=relpath)


def _parse(data: bytes, source: str, kind: str, settings: Settings, url: str | None = None,
           charset: str | None = None) -> Output:
    if kind in ("feed", "sniff") and looks_like_feed(data):
        yield from parse_feed(data, source, max_items=settings.max_feed_items)
    elif kind in ("html", "feed", "sniff") and _looks_like_html(data, kind):
        yield parse_html(data, source, url=url, max_nodes=settings.max_html_nodes, charset=charset)
    elif kind == "feed":
        raise IngestError("neither an RSS/Atom feed nor an HTML page", code="V207", source=source)
    else:
        yield parse_text(data, source, charset=charset)


def _looks_like_html(data: bytes, kind: str) -> bool:
    """An .html file, or a document that starts with markup and has an html, head or body tag."""
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return kind == "html" or (head.startswith(b"<") and any(tag in head for tag in HTML_TAGS))


def _jsonl(path: Path, cap: int, max_nodes: int) -> Output:
    with path.open("rb") as handle:
        for lineno, line in enumerate(_capped_lines(handle, cap), start=1):
            where = record_source(str(path), lineno)
            if line is None:
                yield Failure(where, "V205", "ingest", f"line is over the {cap}-byte limit")
            elif line.strip():
                yield from _guarded(where, lambda: iter([parse_jsonl_line(line, str(path), lineno,
                                                                          max_nodes)]))


def _capped_lines(handle: BinaryIO, cap: int) -> Iterator[bytes | None]:
    """The lines of a binary file, None for a line longer than ``cap`` (never held whole)."""
    while line := handle.readline(cap + 1):
        if len(line) <= cap or line.endswith(b"\n"):
            yield line
            continue
        while (rest := handle.readline(cap + 1)) and not rest.endswith(b"\n"):
            pass
        yield None


def _url(url: str, settings: Settings, client: httpx.Client, resolve: Resolver) -> Output:
    body, final_url, content_type = fetch_url(url, settings, client, resolve)
    mime, _, params = content_type.partition(";")
    kind = "html" if "html" in mime else "text" if mime.strip() == "text/plain" else "sniff"
    charset = CHARSET_PARAM.search(params)
    for item in _parse(body, url, kind, settings, url=final_url, charset=charset and charset.group(1)):
        yield _url_meta(item, final_url) if isinstance(item, Article) else item


def _url_meta(article: Article, final_url: str) -> Article:
    if article.url:
        return article
    return dataclasses.replace(article, url=final_url, meta={**article.meta, "final_url": final_url})
