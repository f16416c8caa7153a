"""Plain-text articles, with the BSNLP 4-line header when there is one.

A BSNLP file starts: an id (``ua-1040``, ``ru-12``), a language (uk, ru, ua, en), a date or an
empty line, a URL. Those lines give ``published``, ``url`` and the declared language and are
dropped from the text. Otherwise the text is the whole file: CRLF becomes LF and a BOM goes,
nothing else changes (offsets matter).
"""
from __future__ import annotations

import re

from ..model import Article
from .build import make_article
from .decode import decode

__all__ = ["parse_text", "split_header", "guess_title"]

HEADER_ID = re.compile(r"^([a-z]{2}-[\w-]+|\d+)$")          # ua-1040, ru-ryanair-new-extra-7, 132
HEADER_LANGUAGE = {"uk": "uk", "ua": "uk", "ru": "ru", "en": "en"}
HEADER_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}\S*|\d{8,10})?$")  # a date, a timestamp, or nothing
HEADER_URL = re.compile(r"^(https?://\S+)?$")
MAX_TITLE = 150


def split_header(text: str) -> tuple[dict[str, str], str]:
    """(header fields, the rest of the text) for a BSNLP-style file, else ({}, text)."""
    lines = text.split("\n", 4)
    if len(lines) < 5:
        return {}, text
    ident, lang, day, url = (line.strip() for line in lines[:4])
    if not (HEADER_ID.match(ident) and lang in HEADER_LANGUAGE
            and HEADER_DATE.match(day) and HEADER_URL.match(url)):
        return {}, text
    return {"doc_id": ident, "language": HEADER_LANGUAGE[lang], "date": day, "url": url}, lines[4]


def guess_title(text: str) -> str | None:
    """The first line, when it is short, does not end a sentence and a blank line follows it."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not first or len(first) > MAX_TITLE or first.endswith((".", ",", ":", ";")):
        return None
    return first if rest.startswith("\n") or rest.startswith("\r\n") else None


def normalise_newlines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_text(data: bytes | str, source: str, charset: str | None = None) -> Article:
    """A plain-text article; IngestError V202 (empty), V203 (binary) or V204 (undecodable)."""
    text = normalise_newlines(data if isinstance(data, str) else decode(data, source, charset))
    header, text = split_header(text)
    meta = {"bsnlp_id": header["doc_id"], "declared_language": header["language"]} if header else {}
    return make_article(text, source, title=guess_title(text), url=header.get("url") or None,
                        published=header.get("date"), meta=meta)
