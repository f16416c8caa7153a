"""Search at scale: totals counted up to a cap, ranking the newest matches (on SQLite and
PostgreSQL alike), the entity filter on the aggregates and the speaker filter by id or by exact
name."""
from __future__ import annotations

import dataclasses

import pytest

from vezha.model import Claim
from vezha.store import open_store, search

from test_store_aggregates import doc


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        yield opened


def quoted(aid: str, speaker_id: str, speaker_name: str):
    """An article in which ``speaker_name`` says its first word."""
    d = doc(aid, "2024-01-01", "kyiv")
    claim = Claim(f"{aid}:0", aid, speaker_id, speaker_name, 0, 6, d.text[:6], "direct")
    return dataclasses.replace(d, claims=(claim,))


def test_a_search_counts_its_matches_up_to_a_cap(store, monkeypatch):
    store.save_docs([doc(f"d{i}", "2024-01-01", "kyiv") for i in range(4)])
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    page = search.search_articles(store, search.SearchQuery("Україна", limit=2))
    assert (page.total, page.total_capped, len(page.hits), page.has_more) == (3, True, 2, True)
    monkeypatch.setattr(search, "COUNT_CAP", 10)
    page = search.search_articles(store, search.SearchQuery("Україна", limit=2))
    assert (page.total, page.total_capped) == (4, False)


def test_search_ranks_the_newest_matches_only(store, monkeypatch):
    monkeypatch.setattr(store.dialect, "RANK_WINDOW", 2)
    for i in range(4):                  # stored one by one: e3 is the newest
        store.save_doc(doc(f"e{i}", "2024-01-01", "kyiv"))
    store.save_doc(doc("e0", "2024-01-02", "kyiv"))     # stored again: keeps its place
    assert {h.article_id for h in store.search("Україна", limit=10)} == {"e2", "e3"}
    page = search.search_articles(store, search.SearchQuery("Україна", entity="kyiv"))
    assert {h.article_id for h in page.hits} == {"e2", "e3"}     # a filter sees the window only
    assert (page.total, page.total_capped) == (2, True)


def test_entity_filter_reads_the_aggregate(store):
    store.save_docs([doc("f1", "2024-01-01", "kyiv"), doc("f2", "2024-01-01", "lviv")])
    page = search.search_articles(store, search.SearchQuery("Україна", entity="lviv"))
    assert [h.article_id for h in page.hits] == ["f2"] and page.total == 1


@pytest.mark.parametrize("speaker, expected", [
    ("PER-Olena", ["g1"]),                 # by speaker id
    ("Олена Пчілка", ["g1"]),              # by exact name
    ("Тарас", []),                         # neither
])
def test_speaker_filter_takes_an_id_or_an_exact_name(store, speaker, expected):
    store.save_docs([quoted("g1", "PER-Olena", "Олена Пчілка"), quoted("g2", "PER-Taras", "Тарас Шевчук")])
    page = search.search_articles(store, search.SearchQuery("Україна", speaker=speaker))
    assert [h.article_id for h in page.hits] == expected
