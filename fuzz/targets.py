"""Fuzz targets: each generates one input from an rng and runs one parser or stages on it.

A target's ``run(data, ctx)`` may raise a ``VezhaError`` (the input was refused: that is an
answer); any other exception, a broken invariant (``Invariant``) or a stage failure wrapped
as V301 is a crash. Stages are called directly, not through ``Pipeline``, so a bug keeps its
own traceback.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from vezha.model import Article, Doc, Failure

from . import gen

__all__ = ["TARGETS", "Target", "Context", "Invariant", "WEIGHTS"]


class Invariant(AssertionError):
    """An output that breaks the data model's promises (a span outside the text ...)."""


@dataclass
class Context:
    """Settings and the heavy resources, loaded on first use."""
    settings: Any
    items: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def langid(self):
        from vezha.langid import load_langid
        return load_langid(self.settings)

    def resources(self, stages: tuple[str, ...]):
        from vezha.pipeline import Resources, default_pipeline, load_resources
        pipeline = default_pipeline(stages)
        missing = pipeline.resources - set(self.items)
        if missing:
            self.items.update(load_resources(self.settings, missing).items)
        return pipeline.stages, Resources(self.settings, self.items)


@dataclass(frozen=True)
class Target:
    name: str
    make: Callable[[random.Random], bytes]
    run: Callable[[bytes, Context], Any]


def _span(what: str, start: int, end: int, size: int) -> None:
    if not 0 <= start <= end <= size:
        raise Invariant(f"{what} span [{start}, {end}) outside a text of {size}")


def check_article(article: Article) -> None:
    if not article.text.strip() or "\x00" in article.text:
        raise Invariant("an article with no text or with NUL")
    for part in (*article.segments, *article.paragraphs):
        _span(type(part).__name__, part.start, part.end, len(article.text))


def check_doc(doc: Doc) -> None:
    text = doc.article.text
    for group in (doc.sentences, doc.mentions, doc.quotes, doc.times):
        for item in group:
            _span(type(item).__name__, item.start, item.end, len(text))
            own = getattr(item, "text", None)
            if isinstance(own, str) and group is not doc.sentences and own != text[item.start:item.end]:
                raise Invariant(f"{type(item).__name__} text {own!r} is not its span")


def _decode(data: bytes, ctx: Context) -> None:
    from vezha.ingest import decode
    rng = random.Random(data)
    declared = rng.choice((None, None, "utf-8", "cp1251", "koi8-u", "bogus", "utf-16", "x-mac-cyrillic"))
    if not isinstance(decode(data, "fuzz", declared), str):
        raise Invariant("decode returned no str")


def _text(data: bytes, ctx: Context) -> None:
    from vezha.ingest import label_languages, parse_text
    article = parse_text(data, "fuzz.txt")
    check_article(article)
    check_article(label_languages(article, ctx.langid))


def _html(data: bytes, ctx: Context) -> None:
    from vezha.ingest import parse_html
    check_article(parse_html(data, "fuzz.html", url="https://news.example/a",
                             max_nodes=ctx.settings.max_html_nodes))


def _feed(data: bytes, ctx: Context) -> None:
    from vezha.ingest import parse_feed
    for item in parse_feed(data, "fuzz.xml", max_items=ctx.settings.max_feed_items):
        if not isinstance(item, Failure):
            check_article(item)


def _jsonl(data: bytes, ctx: Context) -> None:
    from vezha.ingest import parse_jsonl_line
    check_article(parse_jsonl_line(data, "fuzz.jsonl", 1, ctx.settings.max_html_nodes))


def _article(data: bytes) -> Article:
    from vezha.ingest.build import make_article
    rng = random.Random(data)
    text = data.decode("utf-8", "replace").replace("\x00", " ")
    day = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(15000))
    article = make_article(text, "fuzz", published=rng.choice((None, day.isoformat())))
    return dataclasses.replace(article, language=rng.choice(("uk", "uk", "ru", "en", "other")))


def _stages(names: tuple[str, ...]) -> Callable[[bytes, Context], None]:
    def run(data: bytes, ctx: Context) -> None:
        stages, resources = ctx.resources(names)
        doc = Doc(article=_article(data))
        for stage in stages:
            doc = stage.run(doc, resources)
        check_doc(doc)
    return run


def _prose(rng: random.Random) -> bytes:
    return gen.prose(rng).encode("utf-8", "surrogatepass")


def _raw(rng: random.Random) -> bytes:
    if rng.random() < 0.3:
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 400)))
    return gen.text_bytes(rng)


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("decode", _raw, _decode),
    Target("text", gen.text_bytes, _text),
    Target("html", gen.html_bytes, _html),
    Target("feed", gen.feed_bytes, _feed),
    Target("jsonl", gen.jsonl_line, _jsonl),
    Target("times", _prose, _stages(("text", "times"))),
    Target("quotes", _prose, _stages(("text", "quotes", "speakers"))),
    Target("pipeline", _prose, _stages(("text", "ner", "baseform", "link", "quotes", "speakers",
                                        "claims", "times", "places", "events"))),
)}

# Share of the inputs of ``--target all`` each target gets (the slow ones get fewer).
WEIGHTS = {"decode": 20, "text": 20, "html": 12, "feed": 12, "jsonl": 16, "times": 9,
           "quotes": 9, "pipeline": 2}
