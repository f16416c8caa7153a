"""Assemble an Article from extracted text and metadata: id, hash, segments, paragraphs."""
from __future__ import annotations

from ..errors import IngestError, describe
from ..model import Article
from .ids import article_id, content_hash, domain, iso_date
from .paragraphs import split_paragraphs
from .residue import mark_segments

__all__ = ["make_article", "with_title"]


def make_article(text: str, source: str, *, empty_code: str = "V202", title: str | None = None,
                 url: str | None = None, outlet: str | None = None, author: str | None = None,
                 published: object = None, meta: dict[str, str] | None = None) -> Article:
    """An Article over ``text`` (kept exactly); IngestError ``empty_code`` when it has no text."""
    if "\x00" in text:
        raise IngestError("text contains NUL characters", code="V203", source=source)
    if not text.strip():
        raise IngestError(f"no text: {describe(empty_code)}", code=empty_code, source=source)
    title = _clean(title)
    meta = dict(meta or {})
    return Article(
        id=article_id(text, url), text=text, source=source, title=title, url=_clean(url),
        outlet=_clean(outlet) or domain(url), author=_clean(author), published=iso_date(published),
        language=meta.get("declared_language", "other"), content_hash=content_hash(text),
        segments=mark_segments(text, title), paragraphs=split_paragraphs(text), meta=meta,
    )


def with_title(title: str | None, body: str) -> str:
    """``title``, a blank line, then ``body`` (the convention of the gold texts), unless the body
    already starts with the title or there is none."""
    title = _clean(title)
    if not title or body.lstrip().startswith(title):
        return body
    return f"{title}\n\n{body}" if body.strip() else title


def _clean(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None
