"""Exports read every row once, in one order on SQLite and PostgreSQL: batches by keyset give
the same rows in the same order as one page of everything (dates newest first, the undated
last), whatever the batch size, including batches that end inside one date."""
from __future__ import annotations

import pytest

from vezha.store import exports, open_store

from test_store_claim_aggregates import doc

DATES = ["2024-03-01", None, "2024-03-01", "2024-01-10", None, "2024-03-01", "2023-12-31"]


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        opened.save_docs([doc(f"x{i}", day, ("ivan", "asserted", ("kyiv",)),
                              ("olha", "hedged", ("lviv",)), ("ivan", "reported", ()))
                          for i, day in enumerate(DATES)])
        yield opened


@pytest.mark.parametrize("batch", [1, 2, 3, 5, 100])
@pytest.mark.parametrize("speaker, about", [(None, None), ("ivan", None), (None, "lviv")])
def test_claims_in_batches_are_one_page_of_everything(store, batch, speaker, about):
    everything, _ = exports.claim_page(store, speaker=speaker, about=about, limit=1000)
    read = list(exports.iter_claims(store, speaker=speaker, about=about, batch=batch))
    assert [c["id"] for c in read] == [c["id"] for c in everything]
    dates = [c["published"] for c in read]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[len(dated):] == [None] * (len(dates) - len(dated))


@pytest.mark.parametrize("batch", [1, 2, 4, 200])
def test_articles_in_batches_are_newest_first_and_undated_last(store, batch):
    read = [(a["published"], a["id"]) for a in exports.iter_articles(store, batch=batch)]
    dated = sorted(sorted(a for a in read if a[0]), key=lambda a: a[0], reverse=True)  # ids ascending
    assert read == dated + sorted(a for a in read if not a[0]) and len(read) == len(DATES)
