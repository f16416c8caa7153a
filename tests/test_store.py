"""The store: round trips, idempotent upserts, lemma search, entity counts, migrations, errors."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select, text

from vezha.errors import StoreError
from vezha.model import (Alias, Article, Claim, Doc, Entity, Event, Failure, Mention, Paragraph,
                         Place, Quote, Segment, Sentence, Speaker, TimeExpr, Token)
from vezha.store import open_store
from vezha.store.schema import entities, entity_aliases, metadata

TEXT = "Лукашенко заявив у Мінську: «Ми готові». Зустріч з Лукашенком відбулася 3 березня."


def full_doc(article_id: str = "a1", text: str = TEXT) -> Doc:
    """A Doc with at least one record of every kind."""
    article = Article(
        id=article_id, text=text, source="news/a1.txt", title="Заява Лукашенка",
        url="https://example.org/a1", outlet="example.org", author="Автор",
        published="2023-03-04", language="uk", content_hash="hash-" + article_id,
        segments=(Segment(0, 41, "body", "line"), Segment(42, len(text), "body")),
        paragraphs=(Paragraph(0, len(text), "uk"),), meta={"relpath": "a1.txt"})
    tokens = (Token(0, 9, "Лукашенко", "лукашенко", "NOUN", "NOUN,anim"),
              Token(10, 16, "заявив", "заявити", "VERB", "VERB,perf", True))
    speaker = Speaker("Олександр Лукашенко", "Q-luk", "PER", 0, 9, "name")
    return Doc(
        article=article,
        sentences=(Sentence(0, 41, tokens, "uk"), Sentence(42, len(text), (), "uk")),
        mentions=(Mention(0, 9, "Лукашенко", "PER", "Лукашенко", "Q-luk", 0.9, {"role": "президент"}),
                  Mention(19, 26, "Мінську", "LOC", "Мінськ", "Q-minsk")),
        entities=(Entity("Q-luk", "Олександр Лукашенко", "PER", (Alias("Лукашенко", "uk"),),
                         {"country": "BY"}),
                  Entity("Q-minsk", "Мінськ", "LOC")),
        quotes=(Quote(29, 38, "Ми готові", "direct", speaker, "заявив", 10, 16,
                      via=(Speaker("БелТА", type="ORG"),), hedges=("нібито",), rule="colon"),),
        claims=(Claim(f"{article_id}:0", article_id, "Q-luk", "Олександр Лукашенко", 29, 38, "Ми готові",
                      "direct", "заявив", ("нібито",), "hedged", ("Q-minsk",), ("БелТА",), 0,
                      "2023-03-04"),),
        times=(TimeExpr(73, 82, "3 березня", "2023-03-03", "day", "day_month"),),
        places=(Place("Q-minsk", "Мінськ", 53.9, 27.56, "BY", "Minsk", 0.8),),
        events=(Event("meeting", 42, 49, "Зустріч", "2023-03-03", "Q-minsk", ("Q-luk",), 0.7, 1),),
    )


@pytest.fixture
def store(store_url, resources):
    """A fresh store on SQLite and on PostgreSQL (skipped when no server answers)."""
    morph = resources.get("morph")
    with open_store(store_url, lemmatize=morph.lemma) as opened:
        yield opened


def test_saved_doc_comes_back_equal(store):
    doc = full_doc()
    store.save_doc(doc)
    assert store.get_doc("a1") == doc


def test_unknown_article_is_none(store):
    assert store.get_doc("nope") is None


def test_saving_twice_changes_nothing(store):
    store.save_doc(full_doc())
    before = store.stats()["counts"]
    store.save_doc(full_doc())
    assert store.stats()["counts"] == before
    assert store.get_doc("a1") == full_doc()


def test_resave_replaces_children_and_recounts_entities(store):
    store.save_doc(full_doc("a1"))
    store.save_doc(full_doc("a2"))
    smaller = dataclasses.replace(full_doc("a1"), mentions=full_doc().mentions[1:])
    store.save_doc(smaller)
    with store.engine.connect() as conn:
        counts = dict(conn.execute(select(entities.c.id, entities.c.mention_count)).all())
        aliases = conn.execute(select(entity_aliases.c.alias, entity_aliases.c.count)
                               .where(entity_aliases.c.entity_id == "Q-luk")).all()
    assert counts == {"Q-luk": 1, "Q-minsk": 2}
    assert ("Лукашенко", 1) in aliases
    assert store.get_doc("a1") == smaller


def test_mention_of_unknown_entity_gets_a_minimal_entity(store):
    doc = dataclasses.replace(full_doc(), entities=())
    store.save_doc(doc)
    with store.engine.connect() as conn:
        names = dict(conn.execute(select(entities.c.id, entities.c.name)).all())
    assert names == {"Q-luk": "Лукашенко", "Q-minsk": "Мінськ"}


def test_has_article_compares_the_content_hash(store):
    store.save_doc(full_doc())
    assert store.has_article("a1", "hash-a1")
    assert not store.has_article("a1", "other")
    assert not store.has_article("a2", "hash-a1")


def test_runs_and_failures_are_recorded(store):
    run = store.begin_run("ingest", ["x.txt", "y.html"])
    store.record_failure(Failure("y.html", "V206", "ingest", "no main text"), run_id=run)
    store.finish_run(run, "done", {"stored": 1})
    assert store.failures(run) == [Failure("y.html", "V206", "ingest", "no main text")]
    assert store.failures(run + 1) == []
    last = store.stats()["last_run"]
    assert (last["status"], last["counts"], last["inputs"]) == ("done", {"stored": 1},
                                                                ["x.txt", "y.html"])


def analysed(pipeline, resources, article_id, text, language="uk", title=None):
    article = Article(id=article_id, text=text, source=f"{article_id}.txt", title=title,
                      language=language, content_hash=article_id)
    return pipeline(article, resources)


SEARCH_DOCS = {
    "genitive": "Опозиція вимагає відставки Лукашенка після виборів.",
    "instrumental": "Переговори з Лукашенком тривали три години.",
    "other": "Уряд ухвалив бюджет на наступний рік.",
    "russian": "Переговоры с Лукашенко продолжились в Минске.",
}


@pytest.fixture
def search_store(store, pipeline, resources):
    for key, body in SEARCH_DOCS.items():
        lang = "ru" if key == "russian" else "uk"
        store.save_doc(analysed(pipeline, resources, key, body, lang))
    return store


@pytest.mark.parametrize("query, language, expected", [
    ("Лукашенко", "uk", {"genitive", "instrumental"}),
    ("лукашенка", None, {"genitive", "instrumental", "russian"}),
    ("Лукашенко переговори", "uk", {"instrumental"}),
    ("бюджети", None, {"other"}),
    ("Минском", "ru", {"russian"}),
    ("немаєтакогослова", None, set()),
])
def test_search_finds_every_inflected_form(search_store, query, language, expected):
    hits = search_store.search(query, language=language)
    assert {h.article_id for h in hits} == expected


def test_search_snippet_marks_the_matched_word_in_the_original_text(search_store):
    (hit,) = search_store.search("Лукашенко", language="uk", limit=1, offset=1) or [None]
    assert hit is not None
    marked = [hit.snippet[s:e] for s, e in hit.marks]
    assert marked in (["Лукашенка"], ["Лукашенком"])
    assert SEARCH_DOCS[hit.article_id][hit.start:hit.start + len(hit.snippet)] == hit.snippet


@pytest.mark.parametrize("query", ['"', 'Лукашенко" OR "', "NEAR(a b)", "*", "a AND", "'; DROP"])
def test_search_treats_operators_as_plain_words(search_store, query):
    search_store.search(query)          # no FTS syntax error, no SQL injection
    assert search_store.stats()["counts"]["articles"] == len(SEARCH_DOCS)


def test_search_without_tokens_lemmatises_the_raw_text(store):
    doc = Doc(article=Article(id="raw", text="Зустріч із Лукашенком скасували.", source="raw.txt",
                              language="uk", content_hash="raw"))
    store.save_doc(doc)
    assert [h.article_id for h in store.search("Лукашенко")] == ["raw"]


def test_schema_is_migrated_to_match_the_tables(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diffs if "articles_fts" not in str(d)] == []


def test_sqlite_runs_with_wal_and_foreign_keys(store):
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_reopening_a_store_keeps_its_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'again.db'}"
    with open_store(url) as first:
        first.save_doc(full_doc())
    with open_store(url) as second:
        with second.engine.connect() as conn:
            (n,) = conn.execute(select(func.count()).select_from(entities)).one()
        assert second.get_doc("a1") == full_doc() and n == 2


@pytest.mark.parametrize("url, code", [
    ("mysql://localhost/vezha", "V505"),
    ("postgresql+psycopg2://localhost/vezha", "V505"),
    ("postgresql://nobody@127.0.0.1:1/vezha", "V501"),
    ("not a url", "V505"),
    ("sqlite:////nonexistent-folder/sub/vezha.db", "V501"),
])
def test_bad_database_urls_fail_with_a_code(url, code):
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert info.value.code == code and info.value.exit_code == 6


def test_a_crash_while_writing_leaves_no_partial_article(store, monkeypatch):
    dialect = store.dialect

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")
    store.save_doc(full_doc("a1"))
    monkeypatch.setattr(dialect, "fts_replace", crash)
    with pytest.raises(RuntimeError):
        store.save_doc(full_doc("a2"))
    assert store.get_doc("a2") is None and store.get_doc("a1") == full_doc("a1")
    assert store.stats()["counts"]["mentions"] == 2


def test_a_batch_is_saved_all_or_none(store):
    broken = dataclasses.replace(full_doc("b2"), claims=full_doc("b1").claims)   # duplicate claim id
    with pytest.raises(StoreError) as info:
        store.save_docs([full_doc("b1"), broken])
    assert info.value.code == "V503"
    assert store.get_doc("b1") is None
    assert store.save_docs([full_doc("b1"), full_doc("b2")]) == 2


def test_a_database_from_a_newer_vezha_fails_with_v502(tmp_path):
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    with open_store(url) as first, first.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert info.value.code == "V502"


def test_stats_name_the_most_quoted_speakers_and_mentioned_entities(store):
    store.save_doc(full_doc("a1"))
    store.save_doc(full_doc("a2"))
    figures = store.stats()
    assert figures["top_speakers"] == {"Олександр Лукашенко": 2}
    assert figures["top_entities"] == {"Мінськ (LOC)": 2, "Олександр Лукашенко (PER)": 2}
    assert figures["mention_types"] == {"LOC": 2, "PER": 2}


def test_fts_rows_of_an_older_sqlite_database_are_renumbered_by_migration_0005(tmp_path):
    from sqlalchemy import create_engine
    from vezha.store.store import upgrade
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    upgrade(engine, "0004")
    with open_store(url) as current:                    # brought to head, then made "old":
        current.save_doc(full_doc("a1"))
    with engine.begin() as conn:                        # an FTS row with an unrelated rowid
        conn.execute(text("UPDATE articles_fts SET rowid = 999"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    engine.dispose()
    with open_store(url) as store:
        store.save_doc(full_doc("a1"))                  # replaces its index row, no duplicate
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT rowid, article_id FROM articles_fts")).all()
        assert rows == [(1, "a1")] and [h.article_id for h in store.search("заява")] == ["a1"]
