"""Quote detection and attribution on self-written sentences, one row per pattern."""
from __future__ import annotations

import dataclasses

import pytest

from vezha.model import Article

# (name, language, text, [(content, speaker name, kind)]) - every quote the text must yield.
CASES = [
    ("direct_dash_cue", "uk",
     "«Ми не відступимо з цих позицій», – заявив міністр оборони Петро Коваль.",
     [("Ми не відступимо з цих позицій", "Петро Коваль", "direct")]),
    ("direct_low_high_marks", "uk",
     "„Податки не зростуть до кінця року“, – сказала Ольга Кравчук.",
     [("Податки не зростуть до кінця року", "Ольга Кравчук", "direct")]),
    ("direct_several_sentences", "uk",
     '"Ціни стабілізуються. Зарплати зростуть. Ми це гарантуємо", - сказав Ігор Мельник.',
     [("Ціни стабілізуються. Зарплати зростуть. Ми це гарантуємо", "Ігор Мельник", "direct")]),
    ("direct_after_colon_cue", "uk",
     'Ігор Мельник сказав журналістам: "Криза минула".',
     [("Криза минула", "Ігор Мельник", "direct")]),
    ("lost_opening_mark", "uk",
     "Економіст Ігор Мельник прокоментував звіт.\n\n"
     "Ціни зростатимуть ще два місяці. Потім ринок заспокоїться,\n– розповів він.",
     [("Ціни зростатимуть ще два місяці. Потім ринок заспокоїться", "Ігор Мельник", "direct")]),
    ("nested_quote", "uk",
     "Економіст Ігор Мельник згадав нараду.\n\n"
     'Коли депутати сперечалися про бюджет, прем\'єр Ольга Кравчук сказала: "Податків не буде",\n'
     "– розповів Мельник.",
     [("Податків не буде", "Ольга Кравчук", "direct"),
      ("Коли депутати сперечалися про бюджет, прем'єр Ольга Кравчук сказала: \"Податків не буде\"",
       "Ігор Мельник", "direct")]),
    ("za_slovamy", "uk",
     "Ігор Мельник виступив на форумі. За словами Ігоря Мельника, інфляція сповільниться.",
     [("інфляція сповільниться", "Ігор Мельник", "indirect")]),
    ("na_dumku_pronoun", "uk",
     "Ігор Мельник виступив на форумі. На його думку, інфляція сповільниться.",
     [("інфляція сповільниться", "Ігор Мельник", "indirect")]),
    ("vvazhaie_shcho", "uk",
     "Ігор Мельник вважає, що ціни стабілізуються навесні.",
     [("ціни стабілізуються навесні", "Ігор Мельник", "indirect")]),
    ("zaiavyla_pro", "uk",
     "Ольга Кравчук заявила про необхідність нових реформ.",
     [("необхідність нових реформ", "Ольга Кравчук", "indirect")]),
    ("mixed_with_quoted_fragment", "uk",
     'Ольга Кравчук заявила, що уряд "не боїться труднощів".',
     [('уряд "не боїться труднощів"', "Ольга Кравчук", "mixed")]),
    ("trailing_cue", "uk",
     "Бюджет буде ухвалено до грудня, заявив прем'єр-міністр Денис Шевчук.",
     [("Бюджет буде ухвалено до грудня", "Денис Шевчук", "indirect")]),
    ("source_chain", "uk",
     "Бюджет буде ухвалено до грудня, заявив прем'єр-міністр Денис Шевчук, пише Інтерфакс-Україна.",
     [("Бюджет буде ухвалено до грудня", "Денис Шевчук", "indirect")]),
    ("pronoun_speaker", "uk",
     "Ігор Мельник виступив на форумі. Він зазначив, що економіка зростає.",
     [("економіка зростає", "Ігор Мельник", "indirect")]),
    ("role_noun_speaker", "uk",
     "Військовий експерт Олег Гнатенко прокоментував обстріли. «Ворог змінив тактику», – зауважив експерт.",
     [("Ворог змінив тактику", "Олег Гнатенко", "direct")]),
    ("organisation_u_X_vvazhaiut", "uk",
     "В ЄС вважають, що переговори завершено.",
     [("переговори завершено", ("ЄС", "Європейський Союз"), "indirect")]),
    ("organisation_impersonal_after_a_name", "uk",
     "Після візиту Терези Мей у Брюсселі кажуть, що переговори тривають.",
     [("переговори тривають", "Брюссель", "indirect")]),
    ("organisation_subject", "uk",
     "Пакистанська поліція повідомила, що затримала двох підозрюваних.",
     [("затримала двох підозрюваних", "Пакистанська поліція", "indirect")]),
    ("passive_document", "uk",
     "Аналітики посилаються на звіт Нацбанку, в якому стверджується, що інфляція знизиться.",
     [("інфляція знизиться", "Нацбанк", "indirect")]),
    ("about_this", "uk",
     "Уряд підвищить мінімальну зарплату з січня. Про це заявив прем'єр-міністр Денис Шевчук.",
     [("Уряд підвищить мінімальну зарплату з січня", "Денис Шевчук", "indirect")]),
    ("outlet_by_site", "uk",
     "Уряд ухвалив бюджет, повідомляє tsn.ua.",
     [("Уряд ухвалив бюджет", "tsn.ua", "indirect")]),
    ("headline_with_name", "uk",
     "Мельник: Ціни на пальне знизяться\n\nЕкономіст Ігор Мельник оцінив ринок.",
     [("Ціни на пальне знизяться", "Ігор Мельник", "indirect")]),
    ("ru_lost_opening", "ru",
     "Экономист Иван Петров оценил рынок.\n\nЦены вырастут еще на два месяца. Потом рынок успокоится,\n— рассказал он.",
     [("Цены вырастут еще на два месяца. Потом рынок успокоится", "Иван Петров", "direct")]),
    ("headline", "uk",
     "Експерт: Ціни на пальне знизяться\n\nПро ринок розповів аналітик Ігор Мельник.",
     [("Ціни на пальне знизяться", "Ігор Мельник", "indirect")]),
    ("bullets", "uk",
     "За словами аналітика Ігоря Мельника, уряд зосередиться на двох речах:\n\n"
     "• підвищення пенсій для всіх;\n• ремонт доріг у регіонах.\n\nІнша новина дня.",
     [("уряд зосередиться на двох речах", "Ігор Мельник", "indirect"),
      ("підвищення пенсій для всіх", "Ігор Мельник", "indirect"),
      ("ремонт доріг у регіонах", "Ігор Мельник", "indirect")]),
    ("colon_then_quote", "uk",
     "Компанія «Нафтогаз» звітувала. Ігор Мельник розповів, що план має дві частини: «Спершу реформи. Потім інвестиції».",
     [("план має дві частини", "Ігор Мельник", "indirect"),
      ("Спершу реформи. Потім інвестиції", "Ігор Мельник", "direct")]),
    ("ru_direct", "ru",
     "«Мы не отступим», — заявил министр Иван Петров.",
     [("Мы не отступим", "Иван Петров", "direct")]),
    ("ru_po_slovam", "ru",
     "Иван Петров выступил на форуме. По словам Ивана Петрова, инфляция замедлится.",
     [("инфляция замедлится", "Иван Петров", "indirect")]),
    ("ru_v_X_schitayut", "ru",
     "В Кремле считают, что переговоры бесполезны.",
     [("переговоры бесполезны", "Кремль", "indirect")]),
    ("ru_ob_etom", "ru",
     "Правительство повысит пенсии с января. Об этом заявил премьер-министр Иван Петров.",
     [("Правительство повысит пенсии с января", "Иван Петров", "indirect")]),
    ("ru_pronoun", "ru",
     "Иван Петров выступил на форуме. Он отметил, что экономика растет.",
     [("экономика растет", "Иван Петров", "indirect")]),
    ("ru_schitaet", "ru",
     "Иван Петров считает, что цены стабилизируются весной.",
     [("цены стабилизируются весной", "Иван Петров", "indirect")]),
]

CASES += [
    ("en_direct_comma_inside", "en",
     '"We will not retreat," said Defence Minister Peter Koval.',
     [("We will not retreat", "Peter Koval", "direct")]),
    ("en_said_that", "en",
     "Theresa May said that the deal was the best possible.",
     [("the deal was the best possible", "Theresa May", "indirect")]),
    ("en_according_to", "en",
     "Theresa May arrived. According to May, talks will continue.",
     [("talks will continue", "Theresa May", "indirect")]),
    ("en_trailing_subject", "en",
     "Theresa May arrived in Brussels. The talks will continue next week, May said.",
     [("The talks will continue next week", "Theresa May", "indirect")]),
    ("uk_trailing_subject", "uk",
     "Олег Жданов прокоментував заяву. Білорусь не вступить у війну, Жданов вважає.",
     [("Білорусь не вступить у війну", "Олег Жданов", "indirect")]),
]

NO_QUOTES = [
    ("title_in_marks", "Компанія «Укрзалізниця» отримала нові вагони."),
    ("plain_narrative", "Уряд ухвалив бюджет на наступний рік."),
    ("infinitive_not_cue", "Білорусь може оголосити про вихід з договору."),
    ("section_heading", "Ситуація в регіоні: останні новини\n\nДощі пройдуть у четвер."),
]


def analyse(pipeline, resources, text: str, lang: str = "uk"):
    return pipeline(Article(id="t", text=text, source="t", language=lang), resources)


def speaker_ok(name: str, expected) -> bool:
    """The full name, or the surname alone (as the scorer accepts); or one of several names
    (the knowledge base's canonical name when entities are recognised)."""
    if isinstance(expected, tuple):
        return any(speaker_ok(name, e) for e in expected)
    return name == expected or name == expected.split()[-1] or expected.startswith(name)


@pytest.mark.parametrize("name,lang,text,expected", CASES, ids=[c[0] for c in CASES])
def test_every_pattern_is_attributed(pipeline, resources, name, lang, text, expected):
    doc = analyse(pipeline, resources, text, lang)
    got = [(q.text, q.speaker.name if q.speaker else None, q.kind) for q in doc.quotes]
    for content, speaker, kind in expected:
        match = [g for g in got if g[0] == content]
        assert match, f"{content!r} not among {got}"
        assert speaker_ok(match[0][1], speaker), got
        assert match[0][2] == kind, got


@pytest.mark.parametrize("name,text", NO_QUOTES, ids=[c[0] for c in NO_QUOTES])
def test_text_without_speech_has_no_quotes(pipeline, resources, name, text):
    assert analyse(pipeline, resources, text).quotes == ()


def test_spans_are_offsets_into_the_text(pipeline, resources):
    for _, lang, text, _ in CASES:
        for q in analyse(pipeline, resources, text, lang).quotes:
            assert text[q.start:q.end] == q.text


def test_nested_quote_points_to_its_parent(pipeline, resources):
    text = dict((c[0], c[2]) for c in CASES)["nested_quote"]
    quotes = analyse(pipeline, resources, text).quotes
    inner = next(q for q in quotes if q.text == "Податків не буде")
    assert quotes[inner.parent].speaker.name == "Ігор Мельник"


def test_source_chain_is_kept_as_via(pipeline, resources):
    text = dict((c[0], c[2]) for c in CASES)["source_chain"]
    (quote,) = analyse(pipeline, resources, text).quotes
    assert [v.name for v in quote.via] == ["Інтерфакс-Україна"]


@pytest.mark.parametrize("text,hedge", [
    ("Ігор Мельник вважає, що ціни, ймовірно, знизяться.", "ймовірно"),
    ("Ольга Кравчук заявила, що реформа, можливо, затримається.", "можливо"),
    ("Ігор Мельник сказав, що криза, мабуть, минула.", "мабуть"),
])
def test_hedges_are_recorded(pipeline, resources, text, hedge):
    (quote,) = analyse(pipeline, resources, text).quotes
    assert hedge in quote.hedges


@pytest.mark.parametrize("debug,rule", [(True, "cue_that"), (False, "")])
def test_debug_mode_names_the_rule(pipeline, resources, debug, rule):
    res = dataclasses.replace(resources, settings=dataclasses.replace(resources.settings, debug_rules=debug))
    (quote,) = analyse(pipeline, res, "Ігор Мельник вважає, що ціни знизяться.").quotes
    assert quote.rule == rule


def test_outlet_after_attributed_words_is_their_channel(pipeline, resources):
    text = 'Речник Єврокомісії заявив, що "робота триває", повідомляє агенція Reuters.'
    (quote,) = analyse(pipeline, resources, text).quotes
    assert quote.text == "робота триває"
    assert [v.name for v in quote.via] == ["Reuters"]


def test_passive_cue_speaker_and_channel(pipeline, resources):
    text = ("В Інституті вивчення війни (ISW) вважають, що наступ можливий. Аналітики посилаються "
            "на зведення Генштабу ЗСУ, в яких стверджується, що росіяни не готові.")
    quotes = analyse(pipeline, resources, text).quotes
    assert quotes[0].speaker.name in ("ISW", "Інститут вивчення війни", "Інститут з вивчення війни")
    assert quotes[1].speaker.name == "Генштаб ЗСУ"
    assert [v.name for v in quotes[1].via] == [quotes[0].speaker.name]


@pytest.mark.parametrize("text", ["", '"', "«««", "—, — сказав він.", "За словами", "Про це заявив.",
                                  "• •", ":", "Він сказав: «", "»", "\n\n– розповів він."])
def test_degenerate_text_gives_no_quote_and_no_error(pipeline, resources, text):
    doc = analyse(pipeline, resources, text)
    assert all(text[q.start:q.end] == q.text for q in doc.quotes)


UK_CUES = "заявив сказав зазначив наголосив підкреслив додав розповів пояснив вважає переконаний стверджує повідомила заявляють".split()
RU_CUES = "заявил сказал отметил подчеркнул считает сообщил уверен утверждает".split()


@pytest.mark.parametrize("lang,cue", [("uk", c) for c in UK_CUES] + [("ru", c) for c in RU_CUES])
def test_every_listed_cue_introduces_indirect_speech(pipeline, resources, lang, cue):
    speaker, content = ("Ігор Мельник", "ціни знизяться") if lang == "uk" else ("Иван Петров", "цены снизятся")
    that = "що" if lang == "uk" else "что"
    (quote,) = analyse(pipeline, resources, f"{speaker} {cue}, {that} {content}.", lang).quotes
    assert (quote.text, quote.speaker.name, quote.cue) == (content, speaker, cue)


@pytest.mark.parametrize("lang,text,content,speaker", [
    ("uk", "Як повідомляє Укрінформ, уряд ухвалив бюджет.", "уряд ухвалив бюджет", "Укрінформ"),
    ("uk", "Уряд ухвалив бюджет, пише Укрінформ.", "Уряд ухвалив бюджет", "Укрінформ"),
    ("uk", "Ігор Мельник прибув. На думку Мельника, ринок зросте.", "ринок зросте", "Ігор Мельник"),
    ("ru", "Иван Петров выступил. По мнению Петрова, рынок вырастет.", "рынок вырастет", "Иван Петров"),
    ("ru", "Как сообщает ТАСС, правительство приняло бюджет.", "правительство приняло бюджет", "ТАСС"),
    ("ru", "Правительство приняло бюджет, сообщает ТАСС.", "Правительство приняло бюджет", "ТАСС"),
])
def test_phrase_cues(pipeline, resources, lang, text, content, speaker):
    (quote,) = analyse(pipeline, resources, text, lang).quotes
    assert quote.text == content and speaker_ok(quote.speaker.name, speaker)
