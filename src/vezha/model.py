"""Vezha's data model: every record that crosses a stage boundary.

All records are frozen, slotted dataclasses. Spans are half-open ``[start, end)``
character offsets into the text of the document they belong to. Every record has a
JSON round trip: ``to_dict(record)`` and ``from_dict(Type, data)``.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = [
    "Segment", "Paragraph", "Article", "Token", "Sentence", "Mention", "Entity", "Alias",
    "Speaker", "Quote", "Claim", "TimeExpr", "Place", "Event", "Doc", "Failure", "SearchHit",
    "SEGMENT_KINDS", "ENTITY_TYPES", "QUOTE_KINDS", "to_dict", "from_dict",
]

SEGMENT_KINDS = ("title", "body", "promo", "related", "caption")
ENTITY_TYPES = ("PER", "ORG", "LOC", "PRO", "EVT")
QUOTE_KINDS = ("direct", "indirect", "mixed")


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the article text with a role: main ``body``, a ``promo`` line, a ``related`` news block."""
    start: int
    end: int
    kind: str
    rule: str = ""          # which cleaning rule marked it (debugging, provenance)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph (block separated by blank lines or a line break) with its own language."""
    start: int
    end: int
    language: str           # uk, ru, en or other


@dataclass(frozen=True, slots=True)
class Article:
    """What ingestion produces: cleaned text plus metadata and provenance."""
    id: str                 # stable: from the canonical URL, a record id, or the content hash
    text: str
    source: str             # path, URL or "file.jsonl#12" the record came from
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None    # ISO date (YYYY-MM-DD) when known, else None: never guessed
    language: str = "other"
    content_hash: str = ""
    segments: tuple[Segment, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    lemma: str = ""
    pos: str = ""           # coarse part of speech (pymorphy3 POS, e.g. NOUN, VERB, ADJF)
    tag: str = ""           # full morphological tag as a string
    is_space_before: bool = True


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...] = ()
    language: str = "uk"


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention: type, base form of the whole mention, canonical entity id."""
    start: int
    end: int
    text: str
    type: str               # PER, ORG, LOC, PRO, EVT
    lemma: str = ""
    entity_id: str = ""
    score: float = 1.0
    attrs: dict[str, str] = field(default_factory=dict)   # titles and roles: {"role": "військовий експерт"}


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    language: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity of the knowledge base."""
    id: str
    name: str
    type: str
    aliases: tuple[Alias, ...] = ()
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to, with how it was resolved."""
    name: str
    entity_id: str = ""
    type: str = "PER"
    start: int = -1         # the span naming the speaker in the text (a role noun or pronoun too), -1 if none
    end: int = -1
    resolved_from: str = ""  # "name", "role", "pronoun", "organisation", "outlet", ...


@dataclass(frozen=True, slots=True)
class Quote:
    """An attributed statement in the text."""
    start: int
    end: int
    text: str
    kind: str               # direct, indirect, mixed
    speaker: Speaker | None = None
    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    via: tuple[Speaker, ...] = ()    # source chain: "заявив X, пише Y" -> via (Y,)
    parent: int = -1        # index of the enclosing quote in Doc.quotes, for nested quotes
    hedges: tuple[str, ...] = ()
    rule: str = ""          # the rule that attributed it (debug mode)


@dataclass(frozen=True, slots=True)
class Claim:
    """A quote as a stored claim: speaker, content, what it is about, and when it was made."""
    id: str
    article_id: str
    speaker_id: str
    speaker_name: str
    start: int
    end: int
    text: str
    kind: str
    cue: str = ""
    hedges: tuple[str, ...] = ()
    modality: str = "asserted"      # asserted, hedged, conditional, reported
    about: tuple[str, ...] = ()     # entity ids
    via: tuple[str, ...] = ()       # entity ids or names of the chain
    sentence: int = -1
    published: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpr:
    start: int
    end: int
    text: str
    value: str | None       # ISO 8601 date, month, year, week, or "a/b" interval; None if unresolvable
    granularity: str = ""   # day, week, month, season, year, interval
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    entity_id: str
    name: str
    lat: float
    lon: float
    country: str = ""       # ISO 3166 alpha-2
    admin1: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    start: int              # the trigger span
    end: int
    trigger: str
    time: str | None = None
    place: str | None = None                    # entity id
    participants: tuple[str, ...] = ()          # entity ids
    confidence: float = 1.0
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class Doc:
    """An article with everything the pipeline found in it."""
    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()

    @property
    def text(self) -> str:
        return self.article.text


@dataclass(frozen=True, slots=True)
class Failure:
    """One input that could not be ingested or analysed, with a stable error code."""
    source: str
    code: str
    stage: str
    message: str
    article_id: str = ""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found by a full-text search, with a snippet cut from its original text."""
    article_id: str
    title: str | None
    snippet: str            # a sentence (or window) of the original text
    score: float            # higher is better
    published: str | None = None
    language: str = ""
    start: int = 0          # where the snippet starts in the article's text
    marks: tuple[tuple[int, int], ...] = ()   # matched words, offsets relative to the snippet

    def marked(self, open: str = "[", close: str = "]") -> str:
        """The snippet with every matched word wrapped in ``open``/``close``."""
        out, last = [], 0
        for s, e in self.marks:
            out += [self.snippet[last:s], open, self.snippet[s:e], close]
            last = e
        return "".join(out) + self.snippet[last:]


# --- JSON round trip -------------------------------------------------------------------------

T = TypeVar("T")
_HINTS: dict[type, dict[str, Any]] = {}


def to_dict(record: Any) -> Any:
    """A record (or a tuple/list/dict of them) as plain JSON-ready values."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (tuple, list)):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record of type ``cls`` from ``to_dict`` output; unknown keys are ignored."""
    hints = _hints(cls)
    kwargs = {name: _convert(hints[name], value) for name, value in data.items() if name in hints}
    return cls(**kwargs)


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        (item, *_) = typing.get_args(hint)
        return tuple(_convert(item, v) for v in value)
    if origin is dict:
        return dict(value)
    if dataclasses.is_dataclass(hint):
        return from_dict(hint, value)
    return value
