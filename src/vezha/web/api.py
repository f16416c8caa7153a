"""Exports: claims as CSV and JSONL, articles as JSONL, streamed a batch at a time."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Iterator, Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from ..store import explore
from .common import ctx

__all__ = ["router", "csv_lines", "jsonl_lines", "CLAIM_COLUMNS"]

router = APIRouter(prefix="/api", tags=["export"])
CLAIM_COLUMNS = ("id", "article_id", "published", "language", "speaker_id", "speaker_name",
                 "kind", "modality", "cue", "hedges", "about", "via", "text", "title")
# A cell starting with one of these is read as a formula by spreadsheets: prefix it with '.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_lines(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[str]:
    """A header line, then one CSV line per row; lists joined by "; ", formulas defused."""
    yield _csv_line(columns)
    for row in rows:
        yield _csv_line([_cell(row.get(c)) for c in columns])


def _cell(value: Any) -> str:
    text = "; ".join(map(str, value)) if isinstance(value, (list, tuple)) else (
        "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_line(values: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _stream(lines: Iterator[str], media: str, name: str) -> StreamingResponse:
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return StreamingResponse((line.encode("utf-8") for line in lines), media_type=media,
                             headers=headers)


@router.get("/claims.csv", summary="Every claim as CSV (speaker id and entity id filters)")
def claims_csv(request: Request, speaker: str | None = None, about: str | None = None):
    rows = explore.iter_claims(ctx(request).store, speaker=speaker, about=about)
    return _stream(csv_lines(rows, CLAIM_COLUMNS), "text/csv; charset=utf-8", "claims.csv")


@router.get("/claims.jsonl", summary="Every claim as JSON lines")
def claims_jsonl(request: Request, speaker: str | None = None, about: str | None = None):
    rows = explore.iter_claims(ctx(request).store, speaker=speaker, about=about)
    return _stream(jsonl_lines(rows), "application/x-ndjson", "claims.jsonl")


@router.get("/articles.jsonl", summary="Every article (metadata and text) as JSON lines")
def articles_jsonl(request: Request, lang: Literal["uk", "ru", "en"] | None = None):
    rows = explore.iter_articles(ctx(request).store, language=lang)
    return _stream(jsonl_lines(rows), "application/x-ndjson", "articles.jsonl")
