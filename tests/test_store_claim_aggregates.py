"""Claim aggregates stay equal to a recount from the claims through saves, re-saves and
changes; migration 0009 rebuilds them; speaker pages page their claims by keyset (dated claims
newest first, then the undated) and the graph reads its edges from them."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from sqlalchemy import select, text

from vezha.errors import StoreError
from vezha.model import Article, Claim, Doc, Entity, Mention
from vezha.store import explore, open_store
from vezha.store.claim_aggregates import speaker_about, speaker_months


def doc(aid: str, published: str | None, *said: tuple[str, str, tuple[str, ...]]) -> Doc:
    """An article with one claim per (speaker id, modality, entity ids it is about)."""
    claims = tuple(Claim(f"{aid}:{i}", aid, sid, sid.title(), 0, 5, f"слова {i}", "direct",
                         modality=mode, about=about, published=published)
                   for i, (sid, mode, about) in enumerate(said))
    ids = {e for _, _, about in said for e in about}
    return Doc(article=Article(id=aid, text="Слова тут.", source=aid, language="uk",
                               published=published),
               claims=claims, entities=tuple(Entity(e, e.title(), "LOC") for e in sorted(ids)))


# Each step saves these docs (one batch); after each, the aggregates must equal a recount.
STEPS = [
    ("two articles", [doc("a1", "2024-01-05", ("ivan", "asserted", ("kyiv", "lviv")),
                          ("olha", "hedged", ("kyiv",))),
                      doc("a2", "2024-02-01", ("ivan", "asserted", ("kyiv",)))]),
    ("the same again (idempotent)", [doc("a1", "2024-01-05", ("ivan", "asserted", ("kyiv", "lviv")),
                                         ("olha", "hedged", ("kyiv",)))]),
    ("a1 changes speaker, modality and subjects", [doc("a1", "2024-01-05", ("olha", "reported", ("odesa",)))]),
    ("a1 moves a month", [doc("a1", "2024-03-09", ("olha", "reported", ("odesa",)))]),
    ("an undated article and one without claims", [doc("a3", None, ("ivan", "hedged", ("lviv",))),
                                                    doc("a4", "2024-03-01")]),
    ("a2 loses every claim", [doc("a2", "2024-02-01")]),
    ("a batch repeating one id (the last wins)", [doc("a5", "2024-04-01", ("ivan", "asserted", ())),
                                                  doc("a5", "2024-04-02", ("olha", "asserted", ("kyiv",)))]),
    ("a speaker about themself", [doc("a6", "2024-04-03", ("kyiv", "asserted", ("kyiv", "lviv")))]),
]


def recount(conn) -> dict[str, dict]:
    """The aggregates computed afresh from the claims table."""
    months = Counter()
    for sid, published, mode in conn.execute(text("SELECT speaker_id, published, modality FROM claims")):
        months[(sid, (published or "")[:7], mode)] += 1
    about = conn.execute(text("SELECT c.speaker_id, a.entity_id, COUNT(*) FROM claim_about AS a "
                              "JOIN claims AS c ON c.id = a.claim_id GROUP BY c.speaker_id, a.entity_id"))
    return {"months": dict(months), "about": {(s, e): n for s, e, n in about}}


def stored(conn) -> dict[str, dict]:
    m, a = speaker_months.c, speaker_about.c
    return {"months": {(s, p, mode): n for s, p, mode, n in conn.execute(
                select(m.speaker_id, m.period, m.modality, m.claims))},
            "about": {(s, e): n for s, e, n in conn.execute(select(a.speaker_id, a.entity_id, a.claims))}}


def test_claim_aggregates_equal_a_recount_after_every_save(store):
    for name, docs in STEPS:
        store.save_docs(docs)
        with store.engine.connect() as conn:
            assert stored(conn) == recount(conn), name


def test_migration_0009_rebuilds_the_claim_aggregates(tmp_path):
    url = f"sqlite:///{tmp_path / 'v.db'}"
    with open_store(url) as store:
        for _, docs in STEPS:
            store.save_docs(docs)
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM speaker_about"))
            conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    with open_store(url) as store, store.engine.connect() as conn:    # migrated to head again
        assert stored(conn) == recount(conn) and stored(conn)["about"]


def test_speaker_page_counts_over_every_claim_and_pages_its_claims_by_keyset(store):
    store.save_docs([doc(f"d{i:02d}", f"2024-0{1 + i % 9}-1{i % 10}" if i % 4 else None,
                         ("ivan", "hedged" if i % 3 else "asserted", ("kyiv",)))
                     for i in range(23)])
    first = explore.speaker_profile(store, "ivan", limit=5)
    assert (first["total"], first["firm"], first["hedged"]) == (23, 8, 15)
    assert sum(m["count"] for m in first["by_month"]) == 23 and first["by_month"][0]["period"] == "?"
    assert first["about"] == [{"id": "kyiv", "name": "Kyiv", "type": "LOC", "claims": 23, "is_entity": True}]
    seen, page = [], first
    while True:
        seen += [(c["published"], c["id"]) for c in page["claims"]]
        if not page["claims_next"]:
            break
        page = explore.speaker_profile(store, "ivan", limit=5, before=page["claims_next"])
    dated = sorted((s for s in seen if s[0]), reverse=True)
    undated = sorted((s for s in seen if not s[0]), reverse=True)
    assert seen == dated + undated and len(seen) == 23


def test_speaker_page_of_nobody_is_not_found(store):
    store.save_docs(STEPS[0][1])
    with pytest.raises(StoreError) as err:
        explore.speaker_profile(store, "nobody")
    assert err.value.code == "V504"


@pytest.mark.parametrize("focus, edges", [
    (None, [("ivan", "kyiv", 2), ("ivan", "lviv", 1), ("olha", "kyiv", 1)]),
    ("olha", [("olha", "kyiv", 1)]),
    ("lviv", [("ivan", "lviv", 1)]),
])
def test_graph_edges_are_exact_claim_counts_heaviest_first(store, focus, edges):
    store.save_docs(STEPS[0][1] + [doc("s1", "2024-01-07", ("ivan", "asserted", ("ivan",)))])
    data = explore.graph(store, focus)
    assert [(e["from"], e["to"], e["weight"]) for e in data["edges"]] == edges
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert {e["from"] for e in data["edges"]} <= {"ivan", "olha"} and labels.get("kyiv", "Kyiv") == "Kyiv"


def spoken(aid: str, published: str, *said: tuple[str, str, tuple[str, ...]]) -> Doc:
    """``doc`` whose article also mentions every entity its claims are about."""
    made = doc(aid, published, *said)
    return replace(made, mentions=tuple(Mention(0, 5, "Слова", "LOC", "слово", e.id) for e in made.entities))


ABOUT_KYIV = [spoken("e0", "2023-12-01", ("petro", "asserted", ("kyiv",))),
              spoken("e1", "2024-01-01", ("ivan", "asserted", ("kyiv",)), ("ivan", "hedged", ("kyiv",))),
              spoken("e2", "2024-01-02", ("ivan", "asserted", ("kyiv",))),
              spoken("e3", "2024-01-03", ("olha", "asserted", ("kyiv",)), ("petro", "asserted", ("lviv",))),
              spoken("e4", "2024-01-04", ("olha", "hedged", ("kyiv", "lviv")))]
EXACT_SPEAKERS = [("ivan", "Ivan", 3), ("olha", "Olha", 2), ("petro", "Petro", 1)]


@pytest.mark.parametrize("window, listed, claims_window", [
    (10, ["e4:0", "e3:0", "e2:0", "e1:0", "e1:1", "e0:0"], None),     # every claim about it
    (2, ["e4:0", "e3:0"], 2),                                         # its latest 2 articles' only
])
def test_entity_page_counts_its_speakers_over_every_claim(store, monkeypatch, window, listed, claims_window):
    monkeypatch.setattr(explore, "CLAIMS_WINDOW", window)
    store.save_docs(ABOUT_KYIV)
    page = explore.entity_page(store, "kyiv")
    assert [(s["id"], s["name"], s["claims"]) for s in page["speakers"]] == EXACT_SPEAKERS
    assert [c["id"] for c in page["claims"]] == listed
    assert page["claims_window"] == claims_window
