"""The places stage and the gazetteer: LOC mentions to coordinates, country and oblast."""
import importlib.util
from pathlib import Path

import pytest

from vezha.gazetteer import DATA_DIR, distance_km, name_key, parse_table
from vezha.model import Mention
from vezha.places import build_context, geocode, geocode_mentions


@pytest.fixture(scope="module")
def gazetteer():
    from vezha.gazetteer import load_gazetteer
    return load_gazetteer()


def loc(lemma, text=None, entity_id="", start=0):
    text = text or lemma
    return Mention(start, start + len(text), text, "LOC", lemma, entity_id)


@pytest.mark.parametrize("lemma,country,admin1", [
    ("Харківщина", "UA", "Kharkiv Oblast"),        # "на Харківщині"
    ("Слобожанщина", "UA", "Kharkiv Oblast"),
    ("Донеччина", "UA", "Donetsk Oblast"),
    ("Донбас", "UA", ""),
    ("Північ України", "UA", ""),
    ("Київ", "UA", "Kyiv"),
    ("Бахмут", "UA", "Donetsk Oblast"),
    ("Ізюм", "UA", "Kharkiv Oblast"),
    ("Мінськ", "BY", "BY.04"),
    ("Білорусь", "BY", ""),
    ("Белоруссия", "BY", ""),
    ("Харьков", "UA", "Kharkiv Oblast"),            # Russian name from GeoNames
    ("Одеса", "UA", "Odesa Oblast"),                # not Odessa, Texas
    ("Донецьк", "UA", "Donetsk Oblast"),            # not Donetsk, Rostov oblast
])
def test_places_resolve_to_country_and_oblast(gazetteer, lemma, country, admin1):
    found = geocode(loc(lemma), gazetteer)
    assert (found.entry.country, found.entry.admin1) == (country, admin1)


@pytest.mark.parametrize("lemma", ["Захід", "Запад", "Європа", "Нарнія"])
def test_geopolitical_terms_and_unknown_names_get_no_place(gazetteer, lemma):
    assert geocode(loc(lemma), gazetteer) is None


def test_context_settles_an_ambiguous_name(gazetteer):
    alone = [loc("Миколаїв")]
    with_oblast = [loc("Львівщина"), loc("Миколаїв")]
    plain = geocode(alone[0], gazetteer, build_context(alone, gazetteer))
    near_lviv = geocode(with_oblast[1], gazetteer, build_context(with_oblast, gazetteer))
    assert plain.entry.admin1 == "Mykolaiv Oblast"
    assert near_lviv.entry.admin1 == "Lviv Oblast"
    assert "context_admin1" in near_lviv.rule
    assert near_lviv.confidence < 1.0


def test_one_place_per_entity_with_confidence(gazetteer):
    mentions = [loc("Київ", "Києві", "LOC-Kyiv"), loc("Київ", "Київ", "LOC-Kyiv", 10), loc("Захід")]
    (place,) = geocode_mentions(mentions, gazetteer, "uk")
    assert place.entity_id == "LOC-Kyiv"
    assert distance_km(place.lat, place.lon, 50.45, 30.52) < 25
    assert 0 < place.confidence <= 1


def test_mentions_without_entity_id_get_a_place_id(gazetteer):
    (place,) = geocode_mentions([loc("Харківщина")], gazetteer)
    assert place.entity_id == "LOC-UA-Kharkiv-Oblast"


@pytest.mark.parametrize("name,key", [("  «Кривий  Ріг» ", "кривий ріг"), ("Слов’янськ", "слов'янськ"),
                                      ("Орёл", "орел")])
def test_name_keys_fold_spaces_quotes_and_apostrophes(name, key):
    assert name_key(name) == key


def test_the_ukrainian_table_has_every_oblast_crimea_kyiv_and_sevastopol():
    rows, oblasts = parse_table(DATA_DIR / "ua.tsv")
    assert len([e for _, e in rows if e.kind == "oblast"]) == 25       # 24 oblasts + Crimea
    assert {oblasts["12"], oblasts["20"]} == {"Kyiv", "Sevastopol"}
    assert len(oblasts) == 27


def test_self_written_gold_precision(gazetteer):
    from conftest import GOLDEN
    spec = importlib.util.spec_from_file_location("places_gold", GOLDEN / "places" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    figures = build.score(build.parse_src(GOLDEN / "places" / "self.src.txt"), gazetteer)
    assert figures["mentions"] >= 100
    assert figures["precision"] >= 0.95, figures["wrong"]
    assert figures["coverage"] >= 0.90


@pytest.mark.parametrize("lemma,country", [("Пакистане", "PK"), ("Франции", "FR"), ("Англія", "GB"),
                                           ("ФРГ", "DE"), ("Вестмінстер", "GB")])
def test_inflected_base_forms_and_news_places_abroad(gazetteer, lemma, country):
    assert geocode(loc(lemma), gazetteer).entry.country == country


def test_bsnlp_loc_mentions_by_country(shared_dir, gazetteer):
    """6,482 LOC mentions of the SlavicNER uk/ru data, judged through their entity ids."""
    spec = importlib.util.spec_from_file_location("places_bsnlp", Path(__file__).parent / "golden" / "places" / "bsnlp.py")
    bsnlp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bsnlp)
    figures = bsnlp.score(gazetteer, shared_dir / "data" / "bsnlp" / "slavicner" / "ner")
    assert figures["mentions"] > 6000
    assert figures["precision"] >= 0.99, figures["wrong"]
    assert figures["coverage"] >= 0.95


@pytest.mark.parametrize("lemma,country,admin1,near", [
    ("Бахмутський район", "UA", "Donetsk Oblast", (48.59, 38.0)),
    ("Покровський район", "UA", "Donetsk Oblast", (48.28, 37.18)),    # Pokrovsk, not Pokrov
    ("Бучанська громада", "UA", "Kyiv Oblast", (50.55, 30.21)),
    ("Сватівський район", "UA", "Luhansk Oblast", (49.41, 38.15)),   # Сватів- → Сватове
    ("Белгородская область", "RU", "RU.09", (50.6, 36.6)),
])
def test_raions_hromadas_and_foreign_oblasts_go_to_their_centre(gazetteer, lemma, country, admin1, near):
    found = geocode(loc(lemma), gazetteer)
    assert (found.entry.country, found.entry.admin1) == (country, admin1)
    assert distance_km(found.entry.lat, found.entry.lon, *near) < 25
    assert found.rule.startswith("area_centre") and found.confidence <= 0.6


def test_a_mention_borrows_its_linked_entity_name(gazetteer):
    from vezha.model import Alias, Entity
    from vezha.places import with_entity_names
    odd = loc("Харківа", "Харківа", "LOC-Kharkiv")                     # a wrong base form
    entity = Entity("LOC-Kharkiv", "Харків", "LOC", (Alias("Kharkiv", "en"),))
    (fixed,) = with_entity_names([odd], [entity], gazetteer)
    assert fixed.lemma == "Харків"
    assert geocode(fixed, gazetteer).entry.admin1 == "Kharkiv Oblast"
