"""Bytes to text: BOM, UTF-8, the declared charset, charset-normalizer, and a Cyrillic check.

charset-normalizer sometimes confuses cp1251, koi8-u and mac-cyrillic on short texts. So the
candidates (declared charset, charset-normalizer's pick, then the Cyrillic code pages) are
scored by how much their non-ASCII words look like real words: all Ukrainian/Russian letters
or all Latin letters, cased as words are (``слово``, ``Слово``, ``СЛОВО``). A wrong code page
gives case flips (``пРО``), mixed scripts (``cafй``) or symbols inside words, and loses.
A declared charset that decodes the sample into well-shaped words (all but
``CLEAN_ILL_SHARE`` of their characters: a stray ``›``) is taken without detection or scoring
the rest: a page mislabelled shows itself by many ill-shaped words (a tenth and more). The
detected one is not trusted so: on a short text a wrong code page can split words into
well-shaped pieces (``“кра»на`` for mac-cyrillic ``Україна`` read as cp1251). That spares a windows-1251 page that says so the detection and six scorings
(~3.5 ms of a 5 ms read).
"""
from __future__ import annotations

import codecs
import re

import charset_normalizer

from ..errors import IngestError

__all__ = ["decode", "declared_charset", "plausibility", "is_binary", "CYRILLIC_CODECS"]

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
CYRILLIC_CODECS = ("cp1251", "koi8_u", "koi8_r", "mac_cyrillic", "iso8859_5", "cp866")
SAMPLE_BYTES = 65_536
MAX_UTF8_ERRORS = 0.001     # share of characters that may be broken in a text still taken as UTF-8
BINARY_SNIFF_BYTES = 8_192
CLEAN_ILL_SHARE = 0.01      # ill-shaped characters per well-shaped one a clean decoding may have

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([-\w.:]+)""", re.I)

CYR = "а-яёіїєґА-ЯЁІЇЄҐ"
LAT = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
WORD_SHAPES = (
    re.compile(rf"^[{CYR}]?[а-яёіїєґ]+$"),          # слово, Слово
    re.compile(r"^[А-ЯЁІЇЄҐ]+$"),                 # СЛОВО
    re.compile(rf"^[{LAT}]?[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f]+$"),  # word, Café
    re.compile(rf"^[A-Z\u00c0-\u00d6\u00d8-\u00de]+$"),                   # WORD
)
# the shapes as one pattern: a word is well-shaped when any of them matches (one call, not four)
WELL_SHAPED = re.compile("|".join(f"(?:{p.pattern})" for p in WORD_SHAPES))
# words are what lies between spaces, ASCII punctuation, digits and typographic punctuation
NON_WORD = re.compile(r"[\s!-@\[-`{-~«»„“”‘’‚…–—№©®°•·\u00a0]+")


def is_binary(data: bytes) -> bool:
    """NUL bytes near the start (and no UTF-16/32 BOM) mean a binary file."""
    if any(data.startswith(bom) for bom, name in BOMS if name != "utf-8-sig"):
        return False
    return b"\x00" in data[:BINARY_SNIFF_BYTES]


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or an XML declaration names, if Python knows it."""
    head = data[:4096]
    match = META_CHARSET.search(head) or XML_ENCODING.search(head)
    return _codec(match.group(1).decode("ascii", "ignore")) if match else None


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """The text of ``data``; IngestError V203 (binary) or V204 (undecodable)."""
    if is_binary(data):
        raise IngestError("input is binary (NUL bytes)", code="V203", source=source)
    for bom, name in BOMS:
        if data.startswith(bom):
            return _strict(data, name, source)
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= MAX_UTF8_ERRORS * len(text):   # UTF-8, a few bad bytes (a cut page)
        return text
    name = _best_codec(data, _codec(declared) if declared else declared_charset(data))
    if name is None:
        raise IngestError("no text encoding fits these bytes", code="V204", source=source)
    return data.decode(name, errors="replace")


def _strict(data: bytes, name: str, source: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise IngestError(f"invalid {name}: {exc.reason} at byte {exc.start}", code="V204",
                          source=source) from exc


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _best_codec(data: bytes, declared: str | None) -> str | None:
    """The declared code page when it decodes into well-shaped words; otherwise, among it,
    the detected one and the Cyrillic code pages, the most plausible (first wins ties)."""
    sample = data[:SAMPLE_BYTES]
    if declared and _clean(sample, declared):
        return declared
    names = [n for n in (declared, _detected(sample), *CYRILLIC_CODECS) if n]
    scored = []
    for name in dict.fromkeys(_codec(n) or n for n in names):
        text = _try(sample, name)
        if text is not None:
            scored.append((plausibility(text), -len(scored), name))
    best = max(scored, default=None)
    return best[2] if best and best[0] > 0 else None


def _detected(sample: bytes) -> str | None:
    match = charset_normalizer.from_bytes(sample).best()
    return match.encoding if match else None


def _try(sample: bytes, name: str) -> str | None:
    try:
        return sample.decode(name)
    except UnicodeDecodeError as exc:
        # a multi-byte sequence cut by the sample boundary is fine; anything else is not
        return sample[:exc.start].decode(name) if exc.start >= len(sample) - 4 else None
    except LookupError:
        return None


def _clean(sample: bytes, name: str) -> bool:
    """``sample`` decodes in ``name`` into non-ASCII words, (nearly) all well-shaped."""
    text = _try(sample, name)
    if text is None:
        return False
    well, ill = _shapes(text)
    return well > 0 and ill <= CLEAN_ILL_SHARE * well


def plausibility(text: str) -> int:
    """Characters in well-shaped non-ASCII words minus twice those in ill-shaped ones."""
    well, ill = _shapes(text)
    return well - 2 * ill


def _shapes(text: str) -> tuple[int, int]:
    """Characters in well-shaped and in ill-shaped non-ASCII words."""
    well = ill = 0
    shaped = WELL_SHAPED.match
    for word in NON_WORD.split(text):
        if not word.isascii():
            if shaped(word):
                well += len(word)
            else:
                ill += len(word)
    return well, ill
