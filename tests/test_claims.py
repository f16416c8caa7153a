"""Claims: one per attributed quote, with modality, what it is about, and store queries."""
from __future__ import annotations

import dataclasses

import pytest

from vezha.claims import claim_id, modality, speaker_key
from vezha.model import Article, Quote, Speaker
from vezha.store import open_store
from vezha.store.claims import ClaimQuery, find_claims

TEXT = ("Військовий експерт Олег Жданов оцінив ситуацію. На його думку, Лукашенко не вступить у війну. "
        "«Путін тисне на Мінськ», – зауважив експерт.")


def analyse(pipeline, resources, text=TEXT, **meta):
    art = Article(id=meta.get("id", "a1"), text=text, source="t", language=meta.get("lang", "uk"),
                  published=meta.get("published", "2022-12-18"))
    return pipeline(art, resources)


def test_every_attributed_quote_becomes_a_claim(pipeline, resources):
    doc = analyse(pipeline, resources)
    assert len(doc.claims) == len(doc.quotes) == 2
    claim = doc.claims[0]
    assert (claim.speaker_name, claim.kind, claim.published, claim.article_id) == \
        ("Олег Жданов", "indirect", "2022-12-18", "a1")
    quote = doc.quotes[0]
    assert claim.speaker_id == (quote.speaker.entity_id or speaker_key("Олег Жданов"))
    assert speaker_key("Олег Жданов") == "name:олег жданов"
    assert claim.sentence == 1


def test_claims_are_about_the_names_inside_them(pipeline, resources):
    about = [" ".join(c.about).lower() for c in analyse(pipeline, resources).claims]
    assert "лукашенко" in about[0] or "lukashenko" in about[0]
    assert "путін" in about[1] or "putin" in about[1]


def test_claims_without_mentions_are_about_name_keys(pipeline, resources):
    from vezha import claims
    doc = dataclasses.replace(analyse(pipeline, resources), mentions=())
    about = [c.about for c in claims.claims_of(doc)]
    assert "name:лукашенко" in about[0] and "name:путін" in about[1]


def test_claim_ids_are_stable_and_distinct(pipeline, resources):
    a, b = analyse(pipeline, resources).claims
    again = analyse(pipeline, resources).claims
    assert a.id != b.id and a.id == again[0].id


@pytest.mark.parametrize("before,content,hedges,via,expected", [
    ("", "ціни знизяться", (), (), "asserted"),
    ("", "ціни, можливо, знизяться", ("можливо",), (), "hedged"),
    ("Якщо вірити звіту, ", "ціни знизяться", (), (), "conditional"),
    ("", "ціни знизяться, якщо врожай буде добрим", (), (), "conditional"),
    ("", "ціни знизяться", (), (Speaker("Інтерфакс"),), "reported"),
])
def test_modality_rules(before, content, hedges, via, expected):
    text = before + content
    q = Quote(len(before), len(text), content, "indirect", Speaker("Х"), hedges=hedges, via=via)
    assert modality(text, q) == expected


def test_claim_id_depends_on_speaker_and_span():
    q = Quote(0, 5, "abcde", "direct", Speaker("А"))
    assert claim_id("a", q) != claim_id("a", dataclasses.replace(q, speaker=Speaker("Б")))


@pytest.fixture()
def store(pipeline, resources, tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'claims.db'}")
    st.save_doc(analyse(pipeline, resources))
    st.save_doc(analyse(pipeline, resources, "Иван Петров считает, что цены стабилизируются.",
                        id="a2", lang="ru", published="2023-03-01"))
    yield st
    st.close()


@pytest.mark.parametrize("query,count", [
    (ClaimQuery(), 3),
    (ClaimQuery(speaker="Жданов"), 2),
    (ClaimQuery(speaker="Олег Жданов"), 2),
    (ClaimQuery(speaker="Петров"), 1),
    (ClaimQuery(about="Лукашенко"), 1),
    (ClaimQuery(about="Путін"), 1),
    (ClaimQuery(date_from="2023-01-01"), 1),
    (ClaimQuery(date_to="2022-12-31"), 2),
    (ClaimQuery(language="ru"), 1),
    (ClaimQuery(speaker="Жданов", language="ru"), 0),
])
def test_store_queries(store, query, count):
    assert len(find_claims(store, query)) == count
