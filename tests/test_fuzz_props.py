"""Property tests over every parser: hostile input gets an answer (an Article or an
IngestError with its code), never another exception, and spans stay inside the text.

Modest example counts keep the default suite fast; ``python -m fuzz run --inputs 100000`` is
the big run (README "Hardening").
"""
from __future__ import annotations

import dataclasses
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from vezha.errors import IngestError
from vezha.ingest import decode, parse_feed, parse_html, parse_jsonl_line, parse_text
from vezha.ingest.build import make_article
from vezha.model import Article, Doc, Failure
from vezha.pipeline import default_pipeline
from vezha.text import _defuse

FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

FRAGMENTS = ["Міністр заявив, що ", "сказала вона", "за його словами", "«", "»", "„", "“", "”",
             '"', "—", "–", " - ", "•", "\n", "\n\n", ". ", "25 липня 2024 року", "у понеділок",
             "вчора", "2007р.", "з 1 по 5 травня", "в 90-х", "о 15:30", "12.03.2023", "сообщил",
             "по словам", "said", "according to", "Іван Петренко", "Анна", "Київ", ": ", ", ",
             "(", ")", "...", "…", "\u200b", "\u00a0", "\r\n", "XX ст.", "ООН"]
NEWSY = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)
CODECS = st.sampled_from(["utf-8", "cp1251", "koi8_u", "koi8_r", "mac_cyrillic", "utf-16", "latin-1"])


def spans_inside(article: Article) -> None:
    for part in (*article.segments, *article.paragraphs):
        assert 0 <= part.start <= part.end <= len(article.text)


@FAST
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "cp1251", "koi8-u", "bogus"]))
def test_decode_answers_any_bytes(data, declared):
    try:
        assert isinstance(decode(data, "x", declared), str)
    except IngestError as err:
        assert err.code in ("V203", "V204")


@FAST
@given(NEWSY, CODECS, st.binary(max_size=20))
def test_parse_text_answers_any_encoded_text(text, codec, junk):
    data = text.encode(codec, errors="replace") + junk
    try:
        article = parse_text(data, "x.txt")
    except IngestError as err:
        assert err.code in ("V202", "V203", "V204")
    else:
        assert article.text.strip() and article.id
        spans_inside(article)


TAG = st.sampled_from(["p", "div", "article", "li", "ul", "table", "td", "script", "style", "h1",
                       "blockquote", "a", "br", "span", "main", "nav"])
HTML = st.recursive(NEWSY, lambda inner: st.tuples(TAG, st.lists(inner, max_size=4), st.booleans())
                    .map(lambda t: f"<{t[0]}>{''.join(t[1])}" + (f"</{t[0]}>" if t[2] else "")),
                    max_leaves=30)


@SLOW
@given(HTML, CODECS)
def test_parse_html_answers_any_markup(body, codec):
    page = f"<html><head><title>T</title></head><body>{body}</body></html>".encode(codec, "replace")
    try:
        article = parse_html(page, "x.html", max_nodes=5000)
    except IngestError as err:
        assert err.code in ("V202", "V203", "V204", "V206", "V215")
    else:
        spans_inside(article)


ITEM = st.tuples(NEWSY, NEWSY, st.sampled_from(["", "Mon, 02 Jan 2024 10:00:00 +0200", "2024-99-99", "вчора"]))


@FAST
@given(st.lists(ITEM, max_size=6), st.booleans(), st.integers(0, 300))
def test_parse_feed_answers_any_items(items, atom, cut):
    from xml.sax.saxutils import escape
    if atom:
        body = "".join(f"<entry><title>{escape(t)}</title><updated>{d}</updated><content>{escape(c)}"
                       "</content></entry>" for t, c, d in items)
        doc = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{body}</feed>'
    else:
        body = "".join(f"<item><title>{escape(t)}</title><pubDate>{d}</pubDate><description>"
                       f"{escape(c)}</description></item>" for t, c, d in items)
        doc = f'<rss version="2.0"><channel><title>F</title>{body}</channel></rss>'
    data = doc.encode()[: len(doc.encode()) - cut]
    try:
        out = parse_feed(data, "x.xml", max_items=4)
    except IngestError as err:
        assert err.code == "V207"
    else:
        assert len(out) <= 4
        for item in out:
            assert isinstance(item, Failure) or (spans_inside(item) is None and item.text.strip())


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | NEWSY,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=10)
RECORD = st.dictionaries(st.sampled_from(["id", "url", "title", "text", "html", "published", "outlet",
                                          "author"]), JSON, max_size=8)


@FAST
@given(RECORD, st.booleans())
def test_parse_jsonl_line_answers_any_record(record, ascii_only):
    line = json.dumps(record, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    try:
        article = parse_jsonl_line(line, "dump.jsonl", 3, max_nodes=5000)
    except IngestError as err:
        assert err.code in ("V202", "V203", "V206", "V209", "V210", "V215")
    else:
        spans_inside(article)


def _doc(text: str, language: str, published: str | None) -> Doc:
    article = make_article(text, "x", published=published)
    return Doc(article=dataclasses.replace(article, language=language))


def run_stages(names, text, language, published, resources) -> Doc:
    doc = _doc(text.replace("\x00", "0"), language, published)
    text = doc.article.text
    for stage in default_pipeline(names).stages:
        doc = stage.run(doc, resources)
    for item in (*doc.sentences, *doc.quotes, *doc.times):
        assert 0 <= item.start <= item.end <= len(text)
    for item in (*doc.quotes, *doc.times):
        assert item.text == text[item.start:item.end]
    return doc


LANG = st.sampled_from(["uk", "uk", "ru", "en"])
PUBLISHED = st.sampled_from([None, "2024-03-01", "1999-12-31", "2030-01-01"])


@SLOW
@given(NEWSY.filter(str.strip), LANG, PUBLISHED)
def test_time_grammar_answers_any_text(resources, text, language, published):
    run_stages(("text", "times"), text, language, published, resources)


@SLOW
@given(NEWSY.filter(str.strip), LANG)
def test_quote_rules_answer_any_text(resources, text, language):
    doc = run_stages(("text", "quotes", "speakers"), text, language, None, resources)
    for quote in doc.quotes:
        assert quote.start < quote.end


@FAST
@given(NEWSY)
def test_defused_text_keeps_every_offset(text):
    out = _defuse(text)
    assert len(out) == len(text)
    assert all(a == b or (a.isspace() and b == "_") for a, b in zip(text, out))
