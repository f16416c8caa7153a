"""PostgreSQL specifics: URL forms, the tsvector index of migration 0002, title weighting.
(The store, batch and repeats tests also run on PostgreSQL through ``store_url``.)"""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from vezha.model import Article, Doc
from vezha.store import open_store


@pytest.fixture
def pg_store(pg_url):
    """An empty store in the session's PostgreSQL database (skipped without a server)."""
    from conftest import _pg_engine
    engine = _pg_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    with open_store(pg_url) as opened:
        yield opened


def doc(aid: str, title: str, body: str) -> Doc:
    return Doc(article=Article(id=aid, text=body, source=aid, title=title, language="uk",
                               content_hash=aid))


def test_a_plain_postgresql_url_means_psycopg(pg_store, pg_url):
    plain = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with open_store(plain) as store:
        assert store.engine.dialect.driver == "psycopg"


def test_the_lemma_index_is_a_weighted_tsvector_with_a_gin_index(pg_store):
    with pg_store.engine.connect() as conn:
        index = conn.execute(text("SELECT indexdef FROM pg_indexes "
                                  "WHERE tablename = 'articles_fts' AND indexdef LIKE '%gin%'")
                             ).scalar_one()
        assert "tsv" in index


def test_a_title_match_ranks_above_a_body_match(pg_store):
    pg_store.save_docs([doc("body", "Новини дня", "Переговори тривали довго. Бюджет ухвалили."),
                        doc("title", "Бюджет ухвалили", "Переговори тривали довго.")])
    assert [h.article_id for h in pg_store.search("бюджет")] == ["title", "body"]


def test_a_resaved_article_is_indexed_once(pg_store):
    pg_store.save_doc(doc("a", "Бюджет", "Перший текст."))
    pg_store.save_doc(doc("a", "Бюджет", "Другий текст."))
    assert [h.article_id for h in pg_store.search("бюджет")] == ["a"]
    assert pg_store.search("перший") == [] and len(pg_store.search("другий")) == 1
