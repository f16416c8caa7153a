"""The times stage: detection and resolution of uk/ru time expressions (TIMES.md conventions)."""
import datetime as dt
import json

import pytest

from vezha.model import Sentence, Token
from vezha.times import clause_tense, format_range, parse_times

GOLD = "times/self.jsonl"


@pytest.fixture(scope="module")
def morph():
    from vezha.morph import load_morph
    return load_morph()


@pytest.fixture(scope="module")
def dates():
    from vezha.times import load_dates
    return load_dates()


def times_of(text, published, morph, dates, lang="uk"):
    from vezha.text import segment
    found = parse_times(text, tuple(segment(text, morph, lang)), published, dates)
    return [(t.text, t.value) for t in found]


@pytest.mark.parametrize("published,text,expected", [
    # the reference article's expressions, published 2022-12-18
    ("2022-12-18", "Експерт згадав, як в липні тривали удари з Білорусі.", [("в липні", "2022-07")]),
    ("2022-12-18", "Війна може відбутися в лютому, березні, а в гіршому випадку – наприкінці січня.",
     [("в лютому", "2023-02"), ("березні", "2023-03"), ("наприкінці січня", "2023-01-21/2023-01-31")]),
    ("2022-12-18", "Зведення Генштабу з 1 до 15 грудня.", [("з 1 до 15 грудня", "2022-12-01/2022-12-15")]),
    ("2022-12-18", "Вторгнення почалося 24 лютого 2022 року.", [("24 лютого 2022 року", "2022-02-24")]),
    ("2022-12-18", "Вчора ворог обстріляв Херсон.", [("Вчора", "2022-12-17")]),
    ("2022-12-18", "Минулого тижня тривали бої.", [("Минулого тижня", "2022-W49")]),
    ("2022-12-18", "В ніч на 10 жовтня ворог атакував.", [("В ніч на 10 жовтня", "2022-10-09/2022-10-10")]),
    ("2022-12-18", "Наступ очікують на початку весни.", [("на початку весни", "2023-03")]),
    # Russian equivalents
    ("2023-03-15", "Вчера вечером ВСУ отразили атаки.", [("Вчера вечером", "2023-03-14")]),
    ("2023-03-15", "В конце января армия отступила.", [("В конце января", "2023-01-21/2023-01-31")]),
    ("2023-03-15", "Бои шли с 1 по 15 марта.", [("с 1 по 15 марта", "2023-03-01/2023-03-15")]),
    ("2023-03-15", "В ночь на 9 марта Россия выпустила ракеты.", [("В ночь на 9 марта", "2023-03-08/2023-03-09")]),
    # tense rule: the same month, past vs future
    ("2022-12-18", "У березні ворог відступив.", [("У березні", "2022-03")]),
    ("2022-12-18", "У березні ворог відступить.", [("У березні", "2023-03")]),
    ("2022-12-18", "У грудні ворог відступить.", [("У грудні", "2022-12")]),
    # coordinated months share a final year
    ("2022-12-18", "У травні, червні чи липні 2021 року.",
     [("У травні", "2021-05"), ("червні", "2021-06"), ("липні 2021 року", "2021-07")]),
    # seasons and weeks
    ("2022-12-18", "Цієї зими буде важко.", [("Цієї зими", "2022-12/2023-02")]),
    ("2022-10-20", "Этой зимой Европе грозит энергокризис.", [("Этой зимой", "2022-12/2023-02")]),
    ("2024-01-10", "Минулого тижня тривали атаки.", [("Минулого тижня", "2024-W01")]),
    ("2023-09-14", "У вівторок президент виступить в ООН.", [("У вівторок", "2023-09-19")]),
])
def test_expressions_resolve_against_the_publication_date(published, text, expected, morph, dates):
    lang = "ru" if any(w in text for w in ("Вчера", "конце", "ночь", "по 15")) else "uk"
    assert times_of(text, published, morph, dates, lang) == expected


@pytest.mark.parametrize("text", [
    "Протягом трьох днів тривали бої.",          # duration
    "Обстріли повторюються щодня.",              # rate
    "Бої тривають з 2014 року.",                 # open interval
    "До кінця року ситуація не зміниться.",
    "Про це 24 каналу розповів експерт.",        # a number that is not a date
    "Він подарував квіти на Марту.",             # a capitalised month inside a sentence is a name
])
def test_non_calendar_expressions_are_not_annotated(text, morph, dates):
    assert times_of(text, "2022-12-18", morph, dates) == []


@pytest.mark.parametrize("text,expected", [
    ("Вчора ворог обстріляв Херсон.", [("Вчора", None)]),
    ("У липні тривали удари.", [("У липні", None)]),
    ("Вторгнення почалося 24 лютого 2022 року.", [("24 лютого 2022 року", "2022-02-24")]),
])
def test_without_publication_date_relative_values_are_none(text, expected, morph, dates):
    assert times_of(text, None, morph, dates) == expected


def test_unresolved_values_say_why(morph, dates):
    from vezha.text import segment
    text = "Вчора ворог обстріляв Херсон."
    (t,) = parse_times(text, tuple(segment(text, morph, "uk")), None, dates)
    assert t.rule == "relative_day:no-published-date"


@pytest.mark.parametrize("a,b,value", [
    ((2022, 12, 1), (2022, 12, 15), "2022-12-01/2022-12-15"),
    ((2022, 7, 1), (2022, 7, 31), "2022-07"),
    ((2022, 1, 1), (2022, 12, 31), "2022"),
    ((2022, 12, 1), (2023, 2, 28), "2022-12/2023-02"),
    ((2022, 2, 24), (2022, 2, 24), "2022-02-24"),
])
def test_values_take_their_shortest_iso_form(a, b, value):
    assert format_range(dt.date(*a), dt.date(*b)) == value


def _tok(text, tag, pos="VERB", lemma=""):
    return Token(0, 0, text, lemma or text, pos, tag)


@pytest.mark.parametrize("verb,expected", [
    (_tok("відступив", "VERB,perf masc,past"), "past"),
    (_tok("відступить", "VERB,perf sing,3per,futr"), "future"),
    (_tok("може", "VERB,impf sing,3per,pres", lemma="могти"), "future"),
    (_tok("йде", "VERB,impf sing,3per,pres", lemma="йти"), ""),
])
def test_clause_tense_reads_the_verb_tag(verb, expected):
    month = Token(10, 17, "березні", "березень", "NOUN", "NOUN,loct")
    verb = Token(20, 30, verb.text, verb.lemma, verb.pos, verb.tag)
    assert clause_tense((month, verb), 10, 17) == expected


def test_self_written_gold_is_resolved(morph, dates):
    from conftest import GOLDEN
    from vezha.text import segment
    total = right = 0
    for line in (GOLDEN / GOLD).read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        lang = "ru" if "-ru-" in doc["id"] else "uk"
        pred = {(t.start, t.end): t.value for t in
                parse_times(doc["text"], tuple(segment(doc["text"], morph, lang)), doc["published"], dates)}
        for t in doc["times"]:
            total += 1
            right += pred.get((t["start"], t["end"])) == t["value"]
    assert total >= 150
    assert right / total >= 0.95


@pytest.mark.parametrize("published,text,expected", [
    # a bare weekday may be the publication day itself (a Monday paper's "у понеділок")
    ("2018-11-19", "Міністр заявив це у понеділок.", [("у понеділок", "2018-11-19")]),
    ("2018-07-13", "Міністри зустрілися минулої п'ятниці.", [("минулої п'ятниці", "2018-07-06")]),
    # "на" + date or weekday: something set for a day ahead, whatever the verb's tense
    ("2018-11-19", "Туск призначив саміт на 25 листопада.", [("на 25 листопада", "2018-11-25")]),
    # a date in apposition to a weekday falls on that weekday
    ("2018-11-21", "Вони зустрілися в середу, 21 листопада.", [("в середу", "2018-11-21"), ("21 листопада", "2018-11-21")]),
    ("2018-11-24", "Про це повідомили у ніч на суботу, 24 листопада.",
     [("у ніч на суботу, 24 листопада", "2018-11-23/2018-11-24")]),
    # the writer's "Нагадаємо" is not the clause's tense
    ("2018-11-24", "Нагадаємо, на початку листопада родина, налякана погрозами, попросила притулку.",
     [("на початку листопада", "2018-11-01/2018-11-10")]),
    ("2018-07-09", "Наприкінці березня - на початку квітня 2018 року компанія отримала дозвіл.",
     [("Наприкінці березня - на початку квітня 2018 року", "2018-03-21/2018-04-10")]),
    ("2018-07-09", "Протести зросли у порівнянні з 2017 роком.", [("2017 роком", "2017")]),
    ("2018-07-09", "Дані за період 2015-2017 років.", [("2015-2017 років", "2015/2017")]),
])
def test_news_conventions_found_on_dev_articles(published, text, expected, morph, dates):
    assert times_of(text, published, morph, dates) == expected


@pytest.mark.parametrize("text", [
    "Перехідний період після грудня 2020 року небажаний.",   # open interval blocks its span
    "Текст має з'явитися до кінця дня 23 листопада.",
    "Будівництво має завершитися до кінця 2019 року.",
])
def test_open_intervals_block_their_whole_span(text, morph, dates):
    assert times_of(text, "2018-11-21", morph, dates) == []


def test_bsnlp_dev_offsets_gold(shared_dir, morph, dates):
    """Hand-annotated times in the 20 BSNLP uk dev articles (offsets + values only in the repo)."""
    from conftest import GOLDEN
    from vezha.text import segment
    texts = {json.loads(line)["id"]: json.loads(line)["text"]
             for line in (shared_dir / "eval" / "gold" / "quotes-dev.jsonl").read_text(encoding="utf-8").splitlines()}
    total = right = 0
    for line in (GOLDEN / "times" / "dev-offsets.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = texts[doc["id"]]
        pred = {(t.start, t.end): t.value for t in parse_times(text, tuple(segment(text, morph, "uk")), doc["published"], dates)}
        total += len(doc["times"])
        right += sum(pred.get((t["start"], t["end"])) == t["value"] for t in doc["times"])
    assert total >= 80
    assert right / total >= 0.9


def test_bsnlp_russian_dev_offsets_gold(shared_dir, morph, dates):
    """Hand-annotated times in ten Russian shared-task articles (offsets + values only)."""
    from conftest import GOLDEN
    from vezha.text import segment
    total = right = 0
    for line in (GOLDEN / "times" / "dev-offsets-ru.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = (shared_dir / "data" / "bsnlp" / "shared-task" / doc["id"]).read_text(encoding="utf-8")
        pred = {(t.start, t.end): t.value for t in parse_times(text, tuple(segment(text, morph, "ru")), doc["published"], dates)}
        total += len(doc["times"])
        right += sum(pred.get((t["start"], t["end"])) == t["value"] for t in doc["times"])
    assert total >= 60
    assert right / total >= 0.9


def test_a_weekday_takes_the_date_it_stands_with(morph, dates):
    text = "Во вторник, 26 июня, королева дала согласие."
    assert times_of(text, "2018-07-09", morph, dates, "ru") == [("Во вторник", "2018-06-26"), ("26 июня", "2018-06-26")]


@pytest.mark.parametrize("text,expected", [
    ("Russian forces shelled Kharkiv yesterday morning.", [("yesterday morning", "2022-12-17")]),
    ("Talks may resume in February, March or at the end of January.",
     [("in February", "2023-02"), ("March", "2023-03"), ("at the end of January", "2023-01-21/2023-01-31")]),
    ("On Monday the minister met his counterpart.", [("On Monday", "2022-12-12")]),
    ("The summit will take place on July 11 in Vilnius.", [("on July 11", "2023-07-11")]),
    ("The invasion began on February 24, 2022.", [("on February 24, 2022", "2022-02-24")]),
    ("Last night air defence downed ten drones.", [("Last night", "2022-12-17/2022-12-18")]),
    ("Prices will rise next month.", [("next month", "2023-01")]),
    ("It may happen, officials said.", []),                     # "may" is no month
])
def test_english_expressions(text, expected, morph, dates):
    assert times_of(text, "2022-12-18", morph, dates, "en") == expected


def test_the_date_parser_resource_survives_pickling(dates):
    import pickle
    assert pickle.loads(pickle.dumps(dates)).parse("24.02.2022") == dt.date(2022, 2, 24)


@pytest.mark.parametrize("text,expected", [
    ("Ryanair скасує рейси 25 і 26 липня.", [("25", "2018-07-25"), ("26 липня", "2018-07-26")]),
    ("Рейси 1, 2 та 3 серпня скасовано.", [("1", "2018-08-01"), ("2", "2018-08-02"), ("3 серпня", "2018-08-03")]),
    ("Станом на жовтень 2007р. договір діяв.", [("на жовтень 2007р.", "2007-10")]),
])
def test_coordinated_days_and_glued_year_nouns(text, expected, morph, dates):
    assert times_of(text, "2018-07-25", morph, dates) == expected
