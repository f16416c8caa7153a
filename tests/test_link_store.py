"""The knowledge base grows with the store, and ``entity_profile`` reads it back."""
from __future__ import annotations

import pytest

from vezha.errors import StoreError
from vezha.kb import load_kb
from vezha.link import link
from vezha.model import Article, Doc, Mention
from vezha.settings import replace
from vezha.store import open_store
from vezha.store.entities import entity_profile


def linked(aid: str, text: str, mentions: list[tuple[str, str, str]], kb, lang: str = "uk") -> Doc:
    out = []
    for surface, type_, lemma in mentions:
        start = text.index(surface)
        out.append(Mention(start, start + len(surface), surface, type_, lemma=lemma))
    art = Article(id=aid, text=text, source=aid, language=lang, published="2022-12-01")
    return link(Doc(article=art, mentions=tuple(out)), kb)


@pytest.fixture()
def store_with_two_articles(tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    kb = load_kb()
    with open_store(url) as store:
        store.save_doc(linked("a1", "Іван Петренко зустрівся з Путіним у Мінську.",
                              [("Іван Петренко", "PER", "Іван Петренко"), ("Путіним", "PER", "Путін"),
                               ("Мінську", "LOC", "Мінськ")], kb))
        store.save_doc(linked("a2", "Путин и Петренко прибыли.",
                              [("Путин", "PER", "Путин"), ("Петренко", "PER", "Петренко")], kb, "ru"))
    return url


def test_kb_loaded_over_a_store_knows_its_new_entities(store_with_two_articles, settings):
    kb = load_kb(replace(settings, db_url=store_with_two_articles))
    assert kb.lookup("Іван Петренко", "PER") == "PER-Ivan-Petrenko"
    assert kb.surname("petrenko") == "PER-Ivan-Petrenko"


def test_kb_from_store_off_keeps_the_seed_kb_only(store_with_two_articles, settings):
    kb = load_kb(replace(settings, db_url=store_with_two_articles, kb_from_store=False))
    assert not kb.lookup("Іван Петренко", "PER")
    assert kb.lookup("Путін", "PER") == "PER-Vladimir-Putin"


def test_entity_profile_has_aliases_by_language_articles_and_cooccurring(store_with_two_articles):
    with open_store(store_with_two_articles) as store:
        profile = entity_profile(store, "Putin")
    assert profile["id"] == "PER-Vladimir-Putin"
    assert profile["mention_count"] == 2 and profile["article_count"] == 2
    assert {a["alias"] for a in profile["aliases"]["ru"]} >= {"Путин"}
    assert {a["alias"] for a in profile["aliases"]["uk"]} >= {"Путін"}
    assert {c["id"] for c in profile["cooccurring"]} >= {"LOC-Minsk"}


def test_unknown_entity_is_a_store_error(store_with_two_articles):
    with open_store(store_with_two_articles) as store, pytest.raises(StoreError) as err:
        entity_profile(store, "Нікого Такого")
    assert err.value.code == "V504"
