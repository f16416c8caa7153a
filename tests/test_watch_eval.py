"""Rules evaluated as articles are stored: planted matches alert, the samples do not."""
from __future__ import annotations

import pytest

from vezha.store import open_store
from vezha.store.alerts import find_alerts, save_watchlist
from vezha.watch import load_watcher, parse_watchlist

from conftest import EXAMPLES

BELARUS = (EXAMPLES / "watchlists" / "belarus.yaml").read_text(encoding="utf-8")


@pytest.fixture
def watched_store(tmp_path, run_resources):
    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    wl = parse_watchlist(BELARUS)
    save_watchlist(store, wl.name, wl.title, "yaml", BELARUS)
    yield store, load_watcher(store, kb=run_resources["kb"])
    store.close()


def store_all(store, watcher, docs):
    for doc in docs:
        store.save_doc(doc)
        watcher(doc)
    return {a.rule: a for a in find_alerts(store)}


def test_every_rule_kind_hits_its_planted_match(watched_store, watch_docs):
    store, watcher = watched_store
    alerts = store_all(store, watcher, [watch_docs["minsk-a"]])
    assert set(alerts) == {"lukashenko", "lukashenko-on-csto", "strikes-in-belarus",
                           "a50-movements", "belarus-burst"}
    csto = alerts["lukashenko-on-csto"].sources[0]
    assert csto.kind == "claim" and "ОДКБ" in csto.text and csto.quote >= 0
    strike = alerts["strikes-in-belarus"].sources[0]
    assert strike.kind == "event" and "Мачулищах" in strike.text     # Minsk is in Belarus
    assert alerts["belarus-burst"].statistic.startswith("Poisson tail")


def test_a_reprint_is_one_alert_with_two_sources(watched_store, watch_docs):
    store, watcher = watched_store
    alerts = store_all(store, watcher, [watch_docs["minsk-a"], watch_docs["minsk-b"]])
    for rule in ("lukashenko", "lukashenko-on-csto", "strikes-in-belarus", "a50-movements"):
        assert {s.article_id for s in alerts[rule].sources} == {"minsk-a", "minsk-b"}, rule
    assert len(find_alerts(store)) == 5


def test_a_claim_against_an_earlier_one_is_a_contradiction(watched_store, watch_docs):
    store, watcher = watched_store
    alerts = store_all(store, watcher, [watch_docs["minsk-a"], watch_docs["turn"]])
    change = alerts["lukashenko-changes"]
    assert change.sources[0].article_id == "turn"
    assert "contradicts" in change.summary and "Білорусь не " in change.sources[0].detail


def test_a_reprinted_claim_is_no_repeat_by_the_speaker(watched_store, watch_docs):
    store, watcher = watched_store
    alerts = store_all(store, watcher, [watch_docs["minsk-a"], watch_docs["minsk-b"]])
    assert "lukashenko-changes" not in alerts


def test_the_samples_raise_no_alert(tmp_path, run_resources, pipeline, watched_store):
    from vezha.runner import ingest_into
    from vezha.settings import load_settings
    store, watcher = watched_store
    settings = load_settings(env={}, db_url="sqlite://")
    report = ingest_into(store, [EXAMPLES / "articles", EXAMPLES / "pages"], settings,
                         run_resources, pipeline=pipeline, on_stored=watcher)
    assert report.stored >= 5 and find_alerts(store) == []


def test_ingest_calls_the_watcher_after_each_stored_article(tmp_path, run_resources, pipeline,
                                                           watched_store):
    from vezha.runner import ingest_into
    from vezha.settings import load_settings
    store, watcher = watched_store
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "turn.txt").write_text(__import__("conftest").WATCH_TEXTS["turn"][2], encoding="utf-8")
    seen = []
    ingest_into(store, [folder], load_settings(env={}, db_url="sqlite://"), run_resources,
                pipeline=pipeline, on_stored=lambda doc: seen.append(watcher(doc)))
    assert len(seen) == 1 and seen[0] and find_alerts(store)[0].rule == "lukashenko"
