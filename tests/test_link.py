"""Linking: one entity id for every mention of one entity, in an article and across languages."""
from __future__ import annotations

import pytest

from vezha.kb import KB, alias_key, load_kb, make_id
from vezha.link import link
from vezha.model import Alias, Article, Doc, Entity, Mention


def doc_with(text: str, mentions: list[tuple[str, str, str]], lang: str = "uk") -> Doc:
    """A doc whose mentions are (surface, type, base form), found in order in ``text``."""
    out, pos = [], 0
    for surface, type_, lemma in mentions:
        start = text.index(surface, pos)
        out.append(Mention(start, start + len(surface), surface, type_, lemma=lemma))
        pos = start + len(surface)
    return Doc(article=Article(id="t", text=text, source="t", language=lang), mentions=tuple(out))


@pytest.fixture(scope="module")
def kb() -> KB:
    return load_kb()


def ids(doc: Doc, kb: KB) -> list[str]:
    return [m.entity_id for m in link(doc, kb).mentions]


@pytest.mark.parametrize("name, other", [
    ("Путін", "Путин"), ("Путін", "Putin"), ("Зеленський", "Зеленский"), ("Зеленський", "Zelensky"),
    ("Тереза Мей", "Тереза Мэй"), ("Європа", "Европа"), ("Україна", "Украина"),
])
def test_alias_keys_fall_together_across_uk_ru_en(name, other):
    assert alias_key(name) == alias_key(other)


def test_surname_and_inflected_surname_join_the_full_name_in_an_article(kb):
    doc = doc_with("Олег Сидоренко сказав. Сидоренко вважає. За словами Сидоренка, так.",
                   [("Олег Сидоренко", "PER", "Олег Сидоренко"), ("Сидоренко", "PER", "Сидоренко"),
                    ("Сидоренка", "PER", "Сидоренко")])
    assert len(set(ids(doc, kb))) == 1


def test_abbreviation_in_parentheses_joins_its_expansion(kb):
    doc = doc_with("Аналітики Центру стратегічних студій (ЦСС) пишуть.",
                   [("Центру стратегічних студій", "ORG", "Центр стратегічних студій"), ("ЦСС", "ORG", "ЦСС")])
    assert len(set(ids(doc, kb))) == 1


@pytest.mark.parametrize("uk, ru, type_", [
    ("Путін", "Путин", "PER"), ("ОДКБ", "Организация договора о коллективной безопасности", "ORG"),
    ("Інститут з вивчення війни", "ISW", "ORG"), ("Мінськ", "Минск", "LOC"), ("Кремль", "Кремль", "ORG"),
])
def test_one_id_across_languages_through_the_kb(uk, ru, type_, kb):
    a = ids(doc_with(f"Тут {uk}.", [(uk, type_, uk)]), kb)
    b = ids(doc_with(f"Здесь {ru}.", [(ru, type_, ru)], "ru"), kb)
    assert a == b and a[0] == kb.lookup(uk, type_) != ""


def test_new_entities_get_the_same_id_in_either_language(kb):
    a = ids(doc_with("Тереза Мей прибула.", [("Тереза Мей", "PER", "Тереза Мей")]), kb)
    b = ids(doc_with("Тереза Мэй прибыла.", [("Тереза Мэй", "PER", "Тереза Мэй")], "ru"), kb)
    assert a == b == [make_id("PER", "Тереза Мей")]


def test_the_kb_grows_and_links_a_lone_surname_across_articles(kb):
    first = link(doc_with("Іван Петренко сказав.", [("Іван Петренко", "PER", "Іван Петренко")]), kb)
    grown = kb.learn(first.entities)
    later = ids(doc_with("Петренко додав.", [("Петренко", "PER", "Петренко")]), grown)
    assert later == [first.mentions[0].entity_id]


@pytest.mark.parametrize("text, person, role", [
    ("Про це розповів військовий експерт Олег Жданов.", "Олег Жданов", "військовий експерт"),
    ("Головнокомандувач ЗСУ Валерій Залужний заявив.", "Валерій Залужний", "Головнокомандувач ЗСУ"),
])
def test_roles_before_a_person_become_attributes(text, person, role, kb):
    doc = link(doc_with(text, [(person, "PER", person)]), kb)
    assert doc.mentions[0].attrs.get("role") == role


def test_doc_entities_carry_aliases(kb):
    doc = link(doc_with("Путіна і Путін.", [("Путіна", "PER", "Путін"), ("Путін", "PER", "Путін")]), kb)
    (ent,) = doc.entities
    assert ent.id == "PER-Vladimir-Putin" and Alias("Путін", "uk") in ent.aliases


def test_learn_merges_new_aliases_into_known_entities():
    kb = KB().learn([Entity("ORG-X", "Ікс", "ORG", (Alias("Ікс", "uk"),))])
    kb = kb.learn([Entity("ORG-X", "Икс", "ORG", (Alias("Икс", "ru"),))])
    assert {a.language for a in kb.entities["ORG-X"].aliases} == {"uk", "ru"}
