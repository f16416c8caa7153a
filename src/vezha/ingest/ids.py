"""Stable article ids, content hashes and ISO dates: the same input always gives the same values."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["article_id", "content_hash", "normalise_url", "normalise_text", "iso_date", "domain"]

TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|ref)$")
SPACES = re.compile(r"\s+")
ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, tracking parameters and a trailing slash
    (a URL that cannot be split, such as ``https://[.em0``, is kept as it is)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING_PARAMS.match(k)])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def normalise_text(text: str) -> str:
    """NFC, whitespace runs collapsed to one space, trimmed: what the content id is computed on."""
    return SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """sha1 of the exact text."""
    return _sha1(text)


def article_id(text: str, url: str | None = None) -> str:
    """``u-`` + sha1 of the normalised canonical URL when known, else ``h-`` + sha1 of the normalised text."""
    if url:
        return "u-" + _sha1(normalise_url(url))[:16]
    return "h-" + _sha1(normalise_text(text))[:16]


def domain(url: str | None) -> str | None:
    """The host of a URL without ``www.``, or None."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:          # "Invalid IPv6 URL" and the like: no domain
        return None
    return host[4:] if host and host.startswith("www.") else host


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD from an ISO string, an RFC 822 date, a date or a time tuple; None when unknown."""
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, tuple) and len(value) >= 3:
        return _checked(f"{value[0]:04d}-{value[1]:02d}-{value[2]:02d}")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if ISO_PREFIX.match(value):
        return _checked(value[:10])
    try:
        return parsedate_to_datetime(value).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        return None


def _checked(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None
