"""Base forms of mentions: the whole name in the nominative, by the ``baseform`` stage."""
from __future__ import annotations

import dataclasses

import pytest

from vezha import baseform, text
from vezha.baseform import apply_edit, edit_of
from vezha.model import Article, Doc, Mention


def base_forms_in(text_: str, mentions: list[tuple[str, str]], lang: str, resources) -> list[str]:
    """Base forms of several mentions [(surface, type)] of one document, found in order."""
    doc = text.run(Doc(article=Article(id="t", text=text_, source="test", language=lang)), resources)
    out, pos = [], 0
    for surface, type_ in mentions:
        start = text_.index(surface, pos)
        pos = start + len(surface)
        out.append(Mention(start, pos, surface, type_))
    return [m.lemma for m in baseform.run(dataclasses.replace(doc, mentions=tuple(out)), resources).mentions]


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


# (language, sentence, mention, type, base form), one block per rule of vezha.baseform(_names)
AGREEMENT = [   # head and adjectives share case, number and gender
    ("uk", "Делегація працювала у Великій Британії.", "Великій Британії", "LOC", "Велика Британія"),
    ("uk", "Засідання Консервативної партії відбулося.", "Консервативної партії", "ORG", "Консервативна партія"),
    ("ru", "Выборы в Северной Ирландии прошли спокойно.", "Северной Ирландии", "LOC", "Северная Ирландия"),
    ("uk", "Про це повідомили Українські Новини.", "Українські Новини", "ORG", "Українські Новини"),
    ("uk", "Справу розглядали у Вищому суді.", "Вищому суді", "ORG", "Вищий суд"),
    ("uk", "Рішення Стокгольмського арбітражу оскаржать.", "Стокгольмського арбітражу", "ORG",
     "Стокгольмський арбітраж"),
    ("uk", "Заяву Ради ЄС оприлюднили.", "Ради ЄС", "ORG", "Рада ЄС"),
    ("uk", "Рада ЄС ухвалила рішення.", "Рада ЄС", "ORG", "Рада ЄС"),
    ("ru", "Газопровод Голубой поток работает.", "Голубой поток", "PRO", "Голубой поток"),
    ("ru", "Мощность Голубого потока выросла.", "Голубого потока", "PRO", "Голубой поток"),
]
HYPHEN_NUMBER_AND_YO = [   # a number after a hyphen is kept; "ё" only where the text has it
    ("uk", "Будівництво Північного потоку-2 зупинили.", "Північного потоку-2", "PRO", "Північний потік-2"),
    ("ru", "Запуск Северного потока-2 отложили.", "Северного потока-2", "PRO", "Северный поток-2"),
    ("uk", "Санкції проти «Північного потоку-2» посилили.", "«Північного потоку-2»", "PRO",
     "«Північний потік-2»"),
    ("ru", "Посол Соединенного Королевства выступил.", "Соединенного Королевства", "LOC", "Соединенное Королевство"),
    ("ru", "Это слова Герхарда Шрёдера.", "Герхарда Шрёдера", "PER", "Герхард Шрёдер"),
]
FOREIGN_SURNAMES = [   # unknown surnames beside a male first name lose the case ending
    ("ru", "Мы встретились с Майклом Гоувом вчера.", "Майклом Гоувом", "PER", "Майкл Гоув"),
    ("ru", "Отравление Сергея Скрипаля расследуют.", "Сергея Скрипаля", "PER", "Сергей Скрипаль"),
    ("ru", "Письмо Саиду Джавиду отправили.", "Саиду Джавиду", "PER", "Саид Джавид"),
    ("uk", "Заява Майкла Гоува прозвучала ввечері.", "Майкла Гоува", "PER", "Майкл Гоув"),
    ("uk", "Зустріч з Джоном Гренеллом тривала.", "Джоном Гренеллом", "PER", "Джон Гренелл"),
    ("uk", "Заява Олександра Усика пролунала.", "Олександра Усика", "PER", "Олександр Усик"),
    ("ru", "Ричард Гренелл заявил об этом в среду.", "Ричард Гренелл", "PER", "Ричард Гренелл"),
    ("uk", "Лист передали Терезі  Мей.", "Терезі  Мей", "PER", "Тереза Мей"),
    ("uk", "Заява Естер Макві пролунала.", "Естер Макві", "PER", "Естер Макві"),
    ("uk", "Лист Стівену Барклі надіслали.", "Стівену Барклі", "PER", "Стівен Барклі"),
    ("ru", "Встреча с Маттео Сальвини прошла.", "Маттео Сальвини", "PER", "Маттео Сальвини"),
    ("uk", "Візит президента Білорусі скасували.", "президента Білорусі", "PER", "президент Білорусі"),
]
ABBREVIATIONS_ADJECTIVES_GROUPS = [
    ("ru", "Представитель МИДа ответил журналистам.", "МИДа", "ORG", "МИД"),
    ("ru", "Заявление британского МИДа опубликовано.", "британского МИДа", "ORG", "британский МИД"),
    ("ru", "Среди британских политиков нет единства.", "британских", "LOC", "британский"),
    ("ru", "Поддержка консерваторов падает.", "консерваторов", "PER", "консерваторы"),
    ("ru", "Последствия Брекзита обсуждают.", "Брекзита", "EVT", "Брекзит"),
    ("ru", "Переговоры в Берлине завершились.", "Берлине", "LOC", "Берлин"),
    ("ru", "Сборная Милана победила.", "Милана", "LOC", "Милан"),
    ("uk", "КИЇВ. Уряд ухвалив рішення.", "КИЇВ", "LOC", "Київ"),
    ("ru", "МОСКВА. Правительство приняло решение.", "МОСКВА", "LOC", "МОСКВА"),
]


@pytest.mark.parametrize("lang, sentence, mention, type_, expected",
                         AGREEMENT + HYPHEN_NUMBER_AND_YO + FOREIGN_SURNAMES + ABBREVIATIONS_ADJECTIVES_GROUPS)
def test_base_form_rules(lang, sentence, mention, type_, expected, resources):
    assert base_form_in(sentence, mention, type_, lang, resources) == expected


DOCUMENTS = [   # rules over the whole document: gender from agreement, one name per document
    ("ru", "Зульфия Бегум была освобождена в среду. Адвокат Зульфии Бегум доволен. Дело Зульфии Бегум закрыто.",
     [("Зульфия Бегум", "PER"), ("Зульфии Бегум", "PER"), ("Зульфии Бегум", "PER")],
     ["Зульфия Бегум"] * 3),
    ("ru", "Алия Хатун заявила о давлении. Адвокат Алии Хатун ответил.",
     [("Алия Хатун", "PER"), ("Алии Хатун", "PER")], ["Алия Хатун"] * 2),
    ("uk", "Аміна Бібі заявила про тиск. Адвокат Аміни Бібі відповів.",
     [("Аміна Бібі", "PER"), ("Аміни Бібі", "PER")], ["Аміна Бібі"] * 2),
    ("ru", "Позиция Майкла Гоува не изменилась, сказал помощник Гоува.",
     [("Майкла Гоува", "PER"), ("Гоува", "PER")], ["Майкл Гоув", "Гоув"]),
    ("ru", "Адвокат Хадии Хан подал жалобу.", [("Хадии Хан", "PER")], ["Хадия Хан"]),
    ("ru", "Мы говорили о Евсевии Петрове вчера.", [("Евсевии Петрове", "PER")], ["Евсевий Петров"]),
    ("uk", "Заява Олександра Усика пролунала.", [("Олександра Усика", "PER")], ["Олександр Усик"]),
]


@pytest.mark.parametrize("lang, text_, mentions, expected", DOCUMENTS)
def test_base_forms_agree_across_the_document(lang, text_, mentions, expected, resources):
    assert base_forms_in(text_, mentions, lang, resources) == expected
