"""RSS and Atom feeds: one Article per item, a Failure per broken item, V207 for a non-feed."""
from __future__ import annotations

from pathlib import Path

import pytest

from vezha.errors import IngestError
from vezha.ingest import parse_feed
from vezha.ingest.feed import looks_like_feed
from vezha.model import Article, Failure

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _read(name):
    return parse_feed((FIXTURES / name).read_bytes(), name)


def test_rss_items():
    first, second = _read("feed.rss")
    assert (first.source, first.title, first.url, first.outlet, first.published) == (
        "feed.rss#1", "У Полтаві відкрили новий міст", "https://poltava-news.example/2023/10/05/mist",
        "Полтавські вісті", "2023-10-05")
    assert first.text == ("У Полтаві відкрили новий міст\n\n"
                          "Міський голова заявив, що рух мостом відновлять уже в понеділок.\n\nРемонт тривав пів року.")
    assert first.segments[0].kind == "title"
    assert second.text == "Графік відключень світла на вихідні"      # a headline-only item
    assert first.id.startswith("u-") and first.id != second.id


def test_atom_entry():
    (entry,) = _read("feed.atom")
    assert (entry.title, entry.url, entry.outlet, entry.author, entry.published) == (
        "Вінниця отримала нові тролейбуси", "https://podillia.example/news/trolleybus",
        "Вісті Поділля", "Марія Коваль", "2023-10-07")
    assert entry.text == ("Вінниця отримала нові тролейбуси\n\n"
                          "До міста прибули п'ять нових тролейбусів.\n\n  • з пандусами\n  • з кондиціонерами")
    assert entry.meta["guid"] == "urn:example:podillia:1"


def test_broken_item_fails_and_the_others_come_out():
    items = _read("broken-items.rss")
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Article"]
    assert items[1] == Failure("broken-items.rss#2", "V208", "ingest", items[1].message)
    assert items[2].published is None                  # "yesterday" is not a date


@pytest.mark.parametrize("data", [(FIXTURES / "unparsable.xml").read_bytes(), b"", b"plain words"])
def test_not_a_feed_raises_v207(data):
    with pytest.raises(IngestError) as err:
        parse_feed(data, "f.xml")
    assert err.value.code == "V207"


def test_max_items():
    items = parse_feed((FIXTURES / "feed.rss").read_bytes(), "f.rss", max_items=1)
    assert len(items) == 1 and isinstance(items[0], Article)


# (head of a document, is a feed)
SNIFFS = [
    (b'<?xml version="1.0"?>\n<rss version="2.0">', True),
    (b'<feed xmlns="http://www.w3.org/2005/Atom">', True),
    (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', True),
    (b"<!DOCTYPE html><html><body>", False),
    (b"feed me", False),
]


@pytest.mark.parametrize("head, expected", SNIFFS)
def test_feed_sniffing(head, expected):
    assert looks_like_feed(head) is expected
