"""Base forms of mentions: the whole name in the nominative, by the ``baseform`` stage."""
from __future__ import annotations

import dataclasses

import pytest

from vezha import baseform, text
from vezha.baseform import apply_edit, edit_of
from vezha.model import Article, Doc, Mention


def base_form_in(sentence: str, mention: str, type_: str, lang: str, resources) -> str:
    art = Article(id="t", text=sentence, source="test", language=lang)
    doc = text.run(Doc(article=art), resources)
    start = sentence.index(mention)
    doc = dataclasses.replace(doc, mentions=(Mention(start, start + len(mention), mention, type_),))
    return baseform.run(doc, resources).mentions[0].lemma


INFLECTED_NAMES = [
    ("Про це розповів Олегом Ждановим записаний ролик.", "Олегом Ждановим", "Олег Жданов"),
    ("За словами Жданова, наступ зупинився.", "Жданова", "Жданов"),
    ("Одне з завдань Путіна — утримати союзників.", "Путіна", "Путін"),
    ("Путін поїде до Лукашенка наступного тижня.", "Лукашенка", "Лукашенко"),
    ("Зустріч з Лукашенко тривала годину.", "Лукашенко", "Лукашенко"),
    ("Заява Юлії Тимошенко з'явилася зранку.", "Юлії Тимошенко", "Юлія Тимошенко"),
    ("Ми говорили з Анною Петровою про вибори.", "Анною Петровою", "Анна Петрова"),
    ("Лист передали Петру Порошенку особисто.", "Петру Порошенку", "Петро Порошенко"),
]

MULTIWORD_ORGS_AND_PLACES = [
    ("Дані Генштабу ЗСУ оприлюднили ввечері.", "Генштабу ЗСУ", "ORG", "Генштаб ЗСУ"),
    ("Про це пишуть аналітики в Інституті з вивчення війни.", "Інституті з вивчення війни", "ORG",
     "Інститут з вивчення війни"),
    ("Він хоче зберегти Організації договору про колективну безпеку цілісність.",
     "Організації договору про колективну безпеку", "ORG", "Організація договору про колективну безпеку"),
    ("Рішення Верховного суду оскаржили.", "Верховного суду", "ORG", "Верховний суд"),
    ("Делегація прибула до Великої Британії вчора.", "Великої Британії", "LOC", "Велика Британія"),
    ("Ми бачили Сполучених Штатів Америки посла.", "Сполучених Штатів Америки", "LOC", "Сполучені Штати Америки"),
    ("Переговори пройшли у Мінську минулого року.", "Мінську", "LOC", "Мінськ"),
    ("Удари завдавали з території Білорусі.", "Білорусі", "LOC", "Білорусь"),
    ("Перемовини із Заходом тривають.", "Заходом", "LOC", "Захід"),
    ("Він прилетів до Нью-Йорка вранці.", "Нью-Йорка", "LOC", "Нью-Йорк"),
    ("Голова Європейської комісії виступила в парламенті.", "Європейської комісії", "ORG", "Європейська комісія"),
]

KEPT_AS_WRITTEN = [
    ("Білорусь не вийде з ОДКБ найближчим часом.", "ОДКБ", "ORG"),
    ("Звіт ISW вийшов уночі.", "ISW", "ORG"),
    ("Літак А-50У збили над морем.", "А-50У", "PRO"),
    ("Компанія Ryanair скасувала рейси.", "Ryanair", "ORG"),
    ("Газ транспортує «Укртрансгаз».", "«Укртрансгаз»", "ORG"),
]

RUSSIAN = [
    ("Это сказал Владимиру Путину министр.", "Владимиру Путину", "PER", "Владимир Путин"),
    ("Решение Верховного суда Пакистана отменили.", "Верховного суда Пакистана", "ORG", "Верховный суд Пакистана"),
    ("Работа Европейского союза продолжается.", "Европейского союза", "ORG", "Европейский союз"),
    ("Мы встретили Марию Захарову у входа.", "Марию Захарову", "PER", "Мария Захарова"),
]


@pytest.mark.parametrize("sentence, mention, expected", INFLECTED_NAMES)
def test_inflected_person_names_get_their_nominative(sentence, mention, expected, resources):
    assert base_form_in(sentence, mention, "PER", "uk", resources) == expected


@pytest.mark.parametrize("sentence, mention, type_, expected", MULTIWORD_ORGS_AND_PLACES)
def test_multiword_names_inflect_head_and_agreeing_words_only(sentence, mention, type_, expected, resources):
    assert base_form_in(sentence, mention, type_, "uk", resources) == expected


@pytest.mark.parametrize("sentence, mention, type_", KEPT_AS_WRITTEN)
def test_abbreviations_latin_codes_and_quoted_nominatives_stay(sentence, mention, type_, resources):
    assert base_form_in(sentence, mention, type_, "uk", resources) == mention


@pytest.mark.parametrize("sentence, mention, type_, expected", RUSSIAN)
def test_russian_names_get_their_nominative(sentence, mention, type_, expected, resources):
    assert base_form_in(sentence, mention, type_, "ru", resources) == expected


@pytest.mark.parametrize("word, lemma, edit", [
    ("Путіна", "Путін", "1:"), ("Мінськ", "Мінськ", "0:"), ("Терезою", "Тереза", "2:а"),
])
def test_edits_round_trip(word, lemma, edit):
    assert edit_of(word, lemma) == edit
    assert apply_edit(word, edit) == lemma
