"""The bundled sample articles (examples/) parse as their formats, and their gold is exact."""
from __future__ import annotations

import html
import importlib.util
import json
import re
from pathlib import Path

import feedparser
import pytest
from charset_normalizer import from_bytes

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOLD = EXAMPLES / "gold" / "samples.jsonl"
LEGACY = {"pages/energy-strikes.html", "pages/grain-brief.html"}
UTF8_FILES = sorted(
    str(p.relative_to(EXAMPLES)) for p in EXAMPLES.rglob("*")
    if p.is_file() and p.suffix in {".txt", ".html", ".rss", ".atom", ".jsonl", ".py", ".md"}
    and str(p.relative_to(EXAMPLES)) not in LEGACY
)
GOLD_KEYS = {"id", "language", "published", "text", "entities", "quotes", "times"}
ENTITY_KEYS = {"start", "end", "text", "type", "lemma"}
TIME_PART = r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?"
TIME_VALUE = rf"{TIME_PART}(/{TIME_PART})?"
QUOTE_KEYS = {"start", "end", "text", "speaker", "aliases", "kind", "cue", "optional"}


def gold_records() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def load_build_gold():
    path = EXAMPLES / "gold" / "build_gold.py"
    spec = importlib.util.spec_from_file_location("examples_build_gold", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plain(markup: str) -> str:
    """Markup to whitespace-normalised text (enough to look paragraphs up in it)."""
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def squash(text: str) -> str:
    return " ".join(text.split())


def published_text(source: str, record_id: str) -> str:
    path = EXAMPLES / source
    if source == "pages/energy-strikes.html":
        return plain(path.read_bytes().decode("cp1251"))
    if source.endswith(".rss"):
        entry = next(e for e in feedparser.parse(str(path)).entries if e.id == record_id)
        return squash(entry.title) + " " + plain(entry.content[0].value)
    if source.endswith(".jsonl"):
        rec = next(json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()
                   if json.loads(l)["id"] == record_id)
        return squash(rec["title"]) + " " + plain(rec.get("html") or rec.get("text"))
    return plain(path.read_text(encoding="utf-8"))


def test_gold_has_eight_samples_six_uk_two_ru():
    records = gold_records()
    assert len(records) == 8
    assert sorted(r["language"] for r in records) == ["ru"] * 2 + ["uk"] * 6
    assert len({r["id"] for r in records}) == 8


@pytest.mark.parametrize("record", gold_records(), ids=lambda r: r["id"])
def test_gold_records_follow_the_contract(record):
    assert GOLD_KEYS <= record.keys()
    assert re.fullmatch(r"20(22|23|24)-\d\d-\d\d", record["published"])
    assert all(ENTITY_KEYS <= e.keys() for e in record["entities"])
    assert {e["type"] for e in record["entities"]} <= {"PER", "ORG", "LOC", "PRO", "EVT"}
    assert all(QUOTE_KEYS <= q.keys() for q in record["quotes"])
    assert {q["kind"] for q in record["quotes"]} <= {"direct", "indirect", "mixed"}
    assert all(q["speaker"] in q["aliases"] for q in record["quotes"])
    assert all(re.fullmatch(TIME_VALUE, t["value"]) for t in record["times"])


@pytest.mark.parametrize("record", gold_records(), ids=lambda r: r["id"])
def test_gold_offsets_point_at_their_text(record):
    text = record["text"]
    for span in record["entities"] + record["quotes"] + record["times"]:
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"]:span["end"]] == span["text"]


def test_gold_file_is_what_build_gold_writes():
    assert GOLD.read_text(encoding="utf-8") == load_build_gold().build_all()


@pytest.mark.parametrize("record", gold_records(), ids=lambda r: r["id"])
def test_gold_text_is_the_published_article(record):
    source = record["source"].removeprefix("examples/")
    published = published_text(source, record["id"])
    for block in record["text"].split("\n\n"):
        for line in block.split("\n") if block.startswith("  • ") else [block]:
            assert squash(line.removeprefix("  • ")) in published


@pytest.mark.parametrize("name", UTF8_FILES)
def test_utf8_sample_files_decode(name):
    assert (EXAMPLES / name).read_bytes().decode("utf-8")


LEGACY_PAGES = [
    # file, encoding we expect, words the decoded page must contain
    ("pages/energy-strikes.html", "cp1251", ["Укренерго", "підстанції", "Кудрицький"]),
    ("pages/grain-brief.html", "koi8_u", ["зерном", "Міністр", "Україна", "кукурудзи"]),
]


@pytest.mark.parametrize("name", sorted(LEGACY))
def test_legacy_pages_are_not_utf8(name):
    with pytest.raises(UnicodeDecodeError):
        (EXAMPLES / name).read_bytes().decode("utf-8")


def test_cp1251_page_declares_its_charset():
    raw = (EXAMPLES / "pages/energy-strikes.html").read_bytes()
    assert b'<meta charset="windows-1251">' in raw
    assert "Укренерго" in raw.decode("cp1251")


def test_koi8u_page_declares_no_charset():
    assert b"charset" not in (EXAMPLES / "pages/grain-brief.html").read_bytes().lower()


@pytest.mark.parametrize("name, encoding, words", LEGACY_PAGES)
def test_charset_normalizer_decodes_legacy_pages(name, encoding, words):
    best = from_bytes((EXAMPLES / name).read_bytes()).best()
    assert best is not None
    assert best.encoding == encoding
    assert all(word in str(best) for word in words)


@pytest.mark.parametrize("name, version, entries", [
    ("feeds/news.rss", "rss20", 2),
    ("feeds/news.atom", "atom10", 1),
])
def test_feeds_parse_without_bozo(name, version, entries):
    feed = feedparser.parse(str(EXAMPLES / name))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert len(feed.entries) == entries
    assert all(e.title and e.link and e.get("published") for e in feed.entries)


def test_rss_has_one_full_item_and_escaped_descriptions():
    feed = feedparser.parse(str(EXAMPLES / "feeds/news.rss"))
    assert [bool(e.get("content")) for e in feed.entries] == [True, False]
    assert all("<p>" in e.summary for e in feed.entries)
    assert "&lt;p&gt;" in (EXAMPLES / "feeds/news.rss").read_text(encoding="utf-8")


def test_jsonl_dump_records_have_the_required_keys():
    lines = (EXAMPLES / "dumps/articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 2
    for rec in records:
        assert {"id", "url", "title", "published"} <= rec.keys()
        assert ("text" in rec) != ("html" in rec)
    assert [("text" in r, "html" in r) for r in records] == [(True, False), (False, True)]


def all_gold_text() -> str:
    return "\n\n".join(r["text"] for r in gold_records())


QUOTE_PATTERNS = [
    ("straight quotes", r'"[^"\n]+", – '),
    ("guillemets", r"«[^»\n]+», – "),
    ("low-high quotes", r"„[^“\n]+“, – "),
    ("lost opening mark", r'[^"\n]+",\n– розповів'),
    ("nested quote", r"„[^“\n]*«[^»\n]+»[^“\n]*“"),
    ("source chain", r"заявив \w+, пише Інтерфакс-Україна"),
    ("headline X: ...", r"^\w+: "),
    ("related block", r"останні новини\n\n  • "),
    ("promo line", r"Зверніть увагу: "),
    ("russian cue", r"По мнению|по словам|По словам"),
]


@pytest.mark.parametrize("name, pattern", QUOTE_PATTERNS, ids=[p[0] for p in QUOTE_PATTERNS])
def test_samples_cover_the_quote_patterns(name, pattern):
    assert re.search(pattern, all_gold_text(), flags=re.MULTILINE)
