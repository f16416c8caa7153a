"""Speaker resolution: mentions and their entity ids, pronouns, role nouns, organisations."""
from __future__ import annotations

import dataclasses
import re

import pytest

from vezha import claims, quotes, speakers
from vezha.model import Article, Doc, Mention


def mention(text: str, surface: str, typ: str, lemma: str, eid: str, nth: int = 0) -> Mention:
    start = [m.start() for m in re.finditer(re.escape(surface), text)][nth]
    return Mention(start, start + len(surface), surface, typ, lemma, eid)


def analyse(resources, text: str, mentions=()):
    from vezha import text as text_stage
    doc = text_stage.run(Doc(Article(id="t", text=text, source="t", language="uk")), resources)
    doc = dataclasses.replace(doc, mentions=tuple(mentions))
    for stage in (quotes, speakers, claims):
        doc = stage.run(doc, resources)
    return doc


ZHDANOV = ("Про це розповів військовий експерт Олег Жданов. "
           "«Ворог готує наступ», – зауважив експерт. За словами Жданова, резерви вже є.")


def test_named_speaker_takes_the_entity_of_its_mention(resources):
    ms = [mention(ZHDANOV, "Олег Жданов", "PER", "Олег Жданов", "per:zhdanov"),
          mention(ZHDANOV, "Жданова", "PER", "Жданов", "per:zhdanov")]
    doc = analyse(resources, ZHDANOV, ms)
    last = doc.quotes[-1]
    assert (last.speaker.name, last.speaker.entity_id) == ("Олег Жданов", "per:zhdanov")
    assert last.speaker.resolved_from == "name"


def test_role_noun_resolves_to_the_person_titled_so(resources):
    ms = [mention(ZHDANOV, "Олег Жданов", "PER", "Олег Жданов", "per:zhdanov")]
    doc = analyse(resources, ZHDANOV, ms)
    direct = next(q for q in doc.quotes if q.kind == "direct")
    assert (direct.speaker.entity_id, direct.speaker.resolved_from) == ("per:zhdanov", "role")


def test_speakers_work_without_mentions(resources):
    doc = analyse(resources, ZHDANOV)
    assert {q.speaker.name for q in doc.quotes} == {"Олег Жданов"}


@pytest.mark.parametrize("text,expected,how", [
    ("Ольга Кравчук прибула до Львова. Вона наголосила, що реформа триває.", "Ольга Кравчук", "pronoun"),
    ("Ігор Мельник прибув до Києва. «Криза минула», – сказав він.", "Ігор Мельник", "pronoun"),
    ("Аналітик Ігор Мельник оцінив ринок. На його думку, ціни знизяться.", "Ігор Мельник", "pronoun"),
    ("Аналітик Ігор Мельник оцінив ринок. Фахівець додав, що ціни знизяться.", "Ігор Мельник", "role"),
    ("Прем'єр-міністр Данії вважає, що проєкт треба зупинити.", "прем'єр-міністр Данії", "role"),
    ("У Міністерстві оборони заявили, що обстріли тривають.", "Міністерство оборони", "organisation"),
])
def test_pronouns_roles_and_bodies(resources, text, expected, how):
    (quote,) = analyse(resources, text).quotes
    assert (quote.speaker.name, quote.speaker.resolved_from) == (expected, how)


def test_pronoun_prefers_the_person_named_in_its_own_sentence(resources):
    text = ('Аналітик Ігор Мельник згадав нараду.\n\nКоли Ольга Кравчук виступала, вона сказала: "Податків не буде",\n'
            "– розповів він.")
    doc = analyse(resources, text)
    by_text = {q.text: q.speaker.name for q in doc.quotes}
    assert by_text["Податків не буде"] == "Ольга Кравчук"
    assert by_text['Коли Ольга Кравчук виступала, вона сказала: "Податків не буде"'] == "Ігор Мельник"


def test_surname_in_another_case_becomes_the_full_name(resources):
    doc = analyse(resources, "Ігор Мельник відкрив форум. За словами Мельника, ринок зростає.")
    assert doc.quotes[0].speaker.name == "Ігор Мельник"


@pytest.mark.parametrize("text,expected", [
    ("Скаргу подали чотири компанії - Ryanair, Wizzair, Iberia і IAG. Вони вважають, що правила порушено.",
     "Ryanair, Wizzair, Iberia і IAG"),
    ("Сім профспілок, до яких входять працівники Ryanair, заявили, що страйк продовжиться.",
     "профспіл"),
])
def test_plural_and_relative_clause_subjects(resources, text, expected):
    (quote,) = analyse(resources, text).quotes
    assert expected in quote.speaker.name


def test_company_noun_is_the_company_most_named(resources):
    text = ("Лоукостер Ryanair скасував рейси до Польщі. Ryanair працює у 37 країнах. "
            "Речник компанії заявив, що страйки не мають виправдання.")
    quote = analyse(resources, text).quotes[-1]
    assert quote.speaker.name == "Ryanair"


def test_document_speaks_for_its_author(resources):
    text = ("ACN оприлюднила доповідь про переслідування. "
            "«Ситуація погіршилася», – йдеться в доповіді.")
    (quote,) = analyse(resources, text).quotes
    assert (quote.speaker.name, quote.speaker.resolved_from) == ("ACN", "document")


@pytest.mark.parametrize("text,expected", [
    ("Глава Ryanair Майкл О'Лірі прибув до Варшави. Ryanair відкриває бази. "
     "«Ми відкриємо нові бази», – сказав виконавчий директор компанії.", "Майкл О'Лірі"),
    ("Голова Нафтогазу Андрій Коболєв прибув до Відня. «Транзит триватиме», – сказав керівник Нафтогазу.",
     "Андрій Коболєв"),
])
def test_head_of_a_body_is_the_person_introduced_so(resources, text, expected):
    assert analyse(resources, text).quotes[-1].speaker.name == expected


@pytest.mark.parametrize("lang,text,expected", [
    ("uk", "Ціни зростуть, передає УНН з посиланням на \"Польське радіо\".", "Польське радіо"),
    ("ru", "Адвокат Саиф уль-Мулук во Франкфурте-на-Майне заявил, что его допрашивали.", "Саиф"),
    ("ru", "Газопровод угрожает безопасности, говорят даже российские эксперты.", "эксперт"),
])
def test_quoted_names_prepositions_and_plural_roles(resources, text, lang, expected):
    from vezha import text as text_stage
    doc = text_stage.run(Doc(Article(id="t", text=text, source="t", language=lang)), resources)
    for stage in (quotes, speakers):
        doc = stage.run(doc, resources)
    (quote,) = doc.quotes
    assert expected in quote.speaker.name


@pytest.mark.parametrize("text,expected", [
    ("Дональд Трамп виступив. «Ми розглянемо це», – заявив він. Олена Зеркаль виступила у Брюсселі. "
     "Вона додала, що звіт фінальний.", "Олена Зеркаль"),
    ("Ігор Мельник виступив. Він заявив журналістам, що ринок зростає.", "Ігор Мельник"),
])
def test_pronoun_gender_and_addressees(resources, text, expected):
    assert analyse(resources, text).quotes[-1].speaker.name == expected


def test_verb_on_is_not_about_speech(resources):
    text = "«Ми готові», – розповіла на брифінгу заступник міністра Олена Зеркаль."
    (quote,) = analyse(resources, text).quotes
    assert quote.text == "Ми готові" and quote.speaker.name in ("Олена Зеркаль", "Зеркаль")
