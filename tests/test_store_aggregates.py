"""Entity aggregates stay equal to a recount from the mentions through saves, re-saves and
changes; migration 0007 rebuilds them; entity pages page their articles by keyset and read
exact counts and co-occurrence from them."""
from __future__ import annotations

from collections import Counter
from itertools import permutations

from sqlalchemy import select, text

from vezha.model import Alias, Article, Doc, Entity, Mention
from vezha.store import entities as entity_queries
from vezha.store import explore, open_store
from vezha.store.schema import entity_articles, entity_months, entity_pairs


def doc(aid: str, published: str | None, *eids: str) -> Doc:
    """An article mentioning each of ``eids`` once (an id repeated: mentioned twice)."""
    words = [f"слово{i}" for i in range(len(eids))]
    text_ = " ".join(words) + " Україна."
    found, at = [], 0
    for word, eid in zip(words, eids):
        found.append(Mention(at, at + len(word), word, "LOC", word, eid))
        at += len(word) + 1
    return Doc(article=Article(id=aid, text=text_, source=aid, language="uk", published=published),
               mentions=tuple(found),
               entities=tuple(Entity(e, e.title(), "LOC") for e in dict.fromkeys(eids)))


# Each step saves these docs (one batch); after each, the aggregates must equal a recount.
STEPS = [
    ("two articles", [doc("a1", "2024-01-05", "kyiv", "lviv", "kyiv"),
                      doc("a2", "2024-02-01", "kyiv", "odesa")]),
    ("the same again (idempotent)", [doc("a1", "2024-01-05", "kyiv", "lviv", "kyiv")]),
    ("a1 loses lviv, gains odesa", [doc("a1", "2024-01-05", "kyiv", "odesa")]),
    ("a1 moves a month", [doc("a1", "2024-03-09", "kyiv", "odesa")]),
    ("an undated article and an empty one", [doc("a3", None, "lviv", "kyiv"), doc("a4", "2024-03-01")]),
    ("a2 loses every entity", [doc("a2", "2024-02-01")]),
    ("a batch repeating one id (the last wins)", [doc("a5", "2024-04-01", "lviv"),
                                                  doc("a5", "2024-04-02", "lviv", "odesa")]),
]


def recount(conn) -> dict[str, dict]:
    """The aggregates computed afresh from the mentions table."""
    rows = conn.execute(text(
        "SELECT m.article_id, m.entity_id, COALESCE(a.published, ''), COUNT(*) FROM mentions AS m "
        "JOIN articles AS a ON a.id = m.article_id WHERE m.entity_id <> '' "
        "GROUP BY m.article_id, m.entity_id, a.published")).all()
    by_article: dict[str, list[str]] = {}
    months: Counter = Counter()
    for aid, eid, published, n in rows:
        by_article.setdefault(aid, []).append(eid)
        months[(eid, published[:7])] += n
    pairs = Counter(p for eids in by_article.values() for p in permutations(eids, 2))
    return {"articles": {(a, e): (p, n) for a, e, p, n in rows},
            "pairs": dict(pairs), "months": dict(months)}


def stored(conn) -> dict[str, dict]:
    ea, ep, em = entity_articles.c, entity_pairs.c, entity_months.c
    return {"articles": {(a, e): (p, n) for a, e, p, n in conn.execute(
                select(ea.article_id, ea.entity_id, ea.published, ea.mentions))},
            "pairs": {(a, b): n for a, b, n in conn.execute(select(ep.entity_id, ep.other_id, ep.articles))},
            "months": {(e, p): n for e, p, n in conn.execute(select(em.entity_id, em.period, em.mentions))}}


def test_aggregates_equal_a_recount_after_every_save(store):
    for name, docs in STEPS:
        store.save_docs(docs)
        with store.engine.connect() as conn:
            assert stored(conn) == recount(conn), name


def test_migration_0007_rebuilds_the_aggregates_from_the_mentions(store_url):
    with open_store(store_url) as store:
        for _, docs in STEPS:
            store.save_docs(docs)
        with store.engine.begin() as conn:       # lose them, and make the database "old"
            conn.execute(entity_pairs.delete())
            conn.execute(text("UPDATE alembic_version SET version_num = '0006'"))
    with open_store(store_url) as store, store.engine.connect() as conn:
        assert stored(conn) == recount(conn) and stored(conn)["pairs"]


def test_entity_articles_come_a_page_at_a_time_newest_first(store, monkeypatch):
    monkeypatch.setattr(entity_queries, "TOP_ARTICLES", 2)
    days = ["2024-01-01", "2024-01-02", "2024-01-02", None, "2024-01-03"]
    store.save_docs([doc(f"b{i}", day, "kyiv") for i, day in enumerate(days)])
    pages, before = [], None
    while True:
        page = entity_queries.entity_profile(store, "kyiv", before=before)
        pages.append([(a["published"], a["id"]) for a in page["articles"]])
        before = page["articles_next"]
        if before is None:
            break
    assert pages == [[("2024-01-03", "b4"), ("2024-01-02", "b2")],
                     [("2024-01-02", "b1"), ("2024-01-01", "b0")], [(None, "b3")]]


def test_entity_page_counts_and_cooccurring_are_exact(store):
    store.save_docs([doc("c1", "2024-05-01", "kyiv", "lviv", "kyiv"), doc("c2", "2024-06-01", "kyiv", "lviv"),
                     doc("c3", "2024-06-02", "kyiv", "odesa")])
    page = explore.entity_page(store, "kyiv")
    assert (page["mention_count"], page["article_count"]) == (4, 3)
    assert [(c["id"], c["articles"]) for c in page["cooccurring"]] == [("lviv", 2), ("odesa", 1)]
    assert page["timeline"] == [{"period": "2024-05", "count": 2}, {"period": "2024-06", "count": 2}]
    assert page["claims_window"] is None


def entity_counts(conn) -> dict[str, object]:
    """Entity counts and aliases as the store holds them."""
    return {"entities": set(conn.execute(text(
                "SELECT id, mention_count, article_count FROM entities")).all()),
            "aliases": set(conn.execute(text(
                'SELECT entity_id, alias, language, "count" FROM entity_aliases')).all())}


def test_entity_counts_and_aliases_kept_by_difference_equal_a_full_recount(store):
    """The write path adds what a batch changes; ``refresh_entities`` recounts everything."""
    from vezha.store.write import refresh_entities
    declared = Doc(article=Article(id="d1", text="Київ.", source="d1", language="uk"),
                   mentions=(Mention(0, 4, "Київ", "LOC", "Київ", "kyiv"),),
                   entities=(Entity("kyiv", "Київ", "LOC", aliases=(Alias("Kiev", "en"),)),))
    for name, docs in STEPS + [("an entity declaring an alias", [declared])]:
        store.save_docs(docs)
        with store.engine.begin() as conn:
            kept = entity_counts(conn)
            ids = [eid for (eid,) in conn.execute(text("SELECT id FROM entities"))]
            refresh_entities(conn, store.dialect, ids)
            assert kept == entity_counts(conn), name


def test_mentions_counted_from_the_rows_inserted_equal_those_read_back(store):
    """The write path counts a batch's mentions from its rows (``counts.grouped``) instead of
    reading them back: the same groups as the stored mentions give, whatever the lemma,
    language or date holds."""
    from vezha.store import counts
    from vezha.store.rows import doc_rows
    mentions = (Mention(0, 4, "Київ", "LOC", "Київ", "kyiv"), Mention(5, 9, "Києва", "LOC", "", "kyiv"),
                Mention(10, 14, "Львів", "LOC", "Львів", ""), Mention(15, 19, "Одеса", "LOC", "Одеса", "odesa"),
                Mention(20, 25, "Києві", "LOC", "Київ", "kyiv"))
    docs = [Doc(article=Article(id=aid, text="Київ Києва Львів Одеса Києві.", source=aid,
                                language=language, published=published), mentions=mentions)
            for aid, language, published in [("g1", "uk", "2024-01-02"), ("g2", "", None),
                                             ("g3", "other", "2024-02-03")]]
    store.save_docs(docs)
    rows = [doc_rows(d, run_id=None, now="") for d in docs]
    counted = counts.grouped([r for d in rows for r in d["articles"]],
                             [r for d in rows for r in d["mentions"]])
    with store.engine.connect() as conn:
        assert counted == counts.stored_groups(conn, ["g1", "g2", "g3"])
    assert counted[("g2", "kyiv", "Київ", "", "")] == 2 and counted[("g1", "kyiv", "Києва", "uk", "2024-01-02")] == 1
