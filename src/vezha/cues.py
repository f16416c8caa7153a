"""The rules of quote attribution, as data: cue lexicon, quote marks, speaker words, hedges.

Everything the ``quotes`` and ``speakers`` stages decide comes from the constants here.
Verbs are listed by lemma; a word matches a verb cue when its token lemma is listed or,
without a lemma, when its surface form is a listed stem plus a verbal ending (``STEMS``).
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "SPEECH_VERBS", "ENGLISH_CUES", "SURFACE_CUES", "NAMING_VERBS", "ABOUT_VERBS", "ABOUT_STEMS", "PASSIVE_CUES", "ACCORDING_TO", "SOURCE_PHRASES",
    "ABOUT_THIS", "INTRO_PHRASES", "QUOTE_PAIRS", "DASHES", "BULLETS", "PRONOUNS",
    "ROLE_NOUNS", "HEAD_ROLES", "BODY_NOUNS", "COMPANY_NOUNS", "GENERIC_SOURCES", "DOCUMENT_NOUNS", "PREPOSITIONS", "HEDGES", "CONDITIONALS",
    "NOT_NAMES", "NOT_CUES", "STEMS", "is_cue_word", "cue_stems",
]

# Speech and cognition verbs by lemma (uk, ru).
SPEECH_VERBS: dict[str, frozenset[str]] = {
    "uk": frozenset("""
        заявити заявляти сказати казати говорити зазначити зазначати наголосити наголошувати
        підкреслити підкреслювати додати додавати розповісти розповідати пояснити пояснювати
        вважати повідомити повідомляти зауважити зауважувати нагадати нагадувати запевнити
        запевняти підтвердити підтверджувати оголосити оголошувати стверджувати визнати
        визнавати переконувати попередити попереджати вказати вказувати уточнити уточнювати
        відзначити відзначати згадати згадувати підсумувати підсумовувати побоюватися
        припустити припускати прогнозувати писати передати передавати інформувати цитувати
        наполягати висловити висловлювати констатувати сподіватися назвати закликати
        закликав пообіцяти обіцяти пригрозити вимагати попросити
    """.split()),
    "ru": frozenset("""
        заявить заявлять сказать говорить отметить отмечать подчеркнуть подчёркивать
        подчеркивать добавить добавлять рассказать рассказывать пояснить пояснять считать
        сообщить сообщать заметить замечать напомнить напоминать заверить заверять
        подтвердить подтверждать объявить объявлять утверждать признать признавать
        предупредить предупреждать указать указывать уточнить уточнять писать передать
        передавать полагать опасаться настаивать высказать призвать призывать пообещать
        обещать пригрозить потребовать требовать
    """.split()),
}

# English speech and cognition verbs, by surface form (no English morphology here).
ENGLISH_CUES: frozenset[str] = frozenset("""
    said says say told tells added adds stated states claimed claims noted notes explained
    explains warned warns believes thinks argued argues insisted insists announced announces
    confirmed confirms wrote writes stressed stresses emphasised emphasized underlined
    reiterated acknowledged admitted recalled predicted promised urged suggested reported
""".split())

# Cue words matched on their surface form (adjectives, irregular presents).
SURFACE_CUES: frozenset[str] = frozenset("""
    переконаний переконана переконані переконаний впевнений впевнена впевнені каже кажуть
    пише пишуть передає передають пишет пишут убеждён убежден уверен уверена уверены
    говорит говорят считает считают
""".split())

# Verbs whose content may follow "про"/"на": "заявила про необхідність", "наголосив на ...".
ABOUT_VERBS: frozenset[str] = frozenset("""
    заявити заявляти повідомити повідомляти наголосити наголошувати говорити розповісти
    розповідати попередити попереджати нагадати заявить сообщить сообщать говорить рассказать
""".split())
ABOUT_STEMS: tuple[str, ...] = ("заяв", "повідом", "наголо", "говор", "розпов", "попере", "нагада",
                                "сообщ", "рассказ")

# Verbs of naming: the content follows the verb ("Туск назвав «Північний потік-2» помилкою").
NAMING_VERBS: frozenset[str] = frozenset("назвати назвать".split())

# Impersonal cues: the speaker is the document or body named before them.
PASSIVE_CUES: frozenset[str] = frozenset("""
    стверджується повідомляється йдеться зазначається говориться наголошується
    вказується утверджается сообщается говорится отмечается указывается
""".split())

# "За словами X, <content>": the speaker is X, the content the rest of the sentence.
ACCORDING_TO: tuple[str, ...] = (
    "за словами", "на думку", "за його словами", "за її словами", "за їхніми словами",
    "на його думку", "на її думку", "на їхню думку", "за оцінками", "за оцінкою",
    "по словам", "по мнению", "по его словам", "по её словам", "по ее словам", "по их словам",
    "по его мнению", "по её мнению", "по ее мнению", "по оценке", "з точки зору",
    "с точки зрения", "на переконання", "по убеждению", "according to", "in the view of",
)

# Source phrases: "за даними X, Y заявив ..." makes X the channel (via) of Y's words.
SOURCE_PHRASES: tuple[str, ...] = (
    "за даними", "як повідомляє", "як повідомляють", "як повідомив", "як повідомила",
    "як повідомляв", "як повідомляла", "як повідомлялося", "як писав", "як писало",
    "як повідомили", "як пише", "як передає", "як зазначає", "згідно з інформацією",
    "згідно з даними", "як йдеться у заяві", "як йдеться в заяві", "як йдеться у повідомленні",
    "по данным", "как сообщает", "как сообщил", "как сообщила", "как пишет", "как передает",
    "как передаёт", "согласно данным", "по сведениям", "за відомостями", "как сообщалось",
    "as reported by",
)

# "Про це заявив X": the content is the sentence before.
ABOUT_THIS: tuple[str, ...] = ("про це", "об этом")

# Words that open a sentence without belonging to its content.
INTRO_PHRASES: tuple[str, ...] = ("нагадаємо", "напомним", "як відомо", "как известно")

# Opening mark -> closing marks. The straight quote opens and closes itself.
QUOTE_PAIRS: dict[str, str] = {"«": "»", "„": "“”", "“": "”", '"': '"'}
DASHES = "-–—"
BULLETS = "•·●▪*–-"

PRONOUNS: dict[str, str] = {   # pronoun -> PER singular masc/fem, or plural (ORG or group)
    "він": "masc", "вона": "femn", "вони": "plur", "його": "masc", "її": "femn",
    "їхніми": "plur", "їхню": "plur", "он": "masc", "она": "femn", "они": "plur",
    "его": "masc", "её": "femn", "ее": "femn", "их": "plur", "he": "masc", "she": "femn",
    "they": "plur", "his": "masc", "her": "femn", "their": "plur",
}

# Role nouns that stand for a person or body named elsewhere in the article (stems).
ROLE_NOUNS: tuple[str, ...] = (
    "експерт", "фахів", "аналітик", "політик", "міністр", "прем'єр", "прем’єр", "президент",
    "глава", "голов", "речни", "представни", "посол", "директор", "керівни", "лідер",
    "канцлер", "спікер", "депутат", "урядов", "чиновни", "дипломат", "журналіст",
    "чоловік", "жінка", "джерел", "телеканал", "видання", "агенці", "газет", "компані",
    "авіакомпані", "лоукостер", "авіаперевізник", "заступни", "менеджер", "адвокат",
    "эксперт", "специалист", "министр", "премьер", "глава", "представител", "источник",
    "издани", "агентств", "компани", "авиакомпани", "авиаперевозчик", "политолог", "заместител",
    "spokes", "minister", "president", "expert", "analyst", "official", "secretary", "chancellor",
    "прибічник", "прихильник", "противник", "критик", "опонент", "сторонник", "критик",
)

# Nouns of bodies that speak as themselves: "пакистанська поліція", "у відомстві".
BODY_NOUNS: tuple[str, ...] = (
    "поліці", "відомств", "міністерств", "уряд", "генштаб", "штаб", "прокуратур", "посольств",
    "канцеляр", "прес-служб", "адміністраці", "офіс", "профспіл", "полиц", "ведомств", "министерств",
    "правительств", "пресс-служб", "администраци", "офис",
)

# Nouns that stand for the company the article is about: "у компанії" → the most named one.
COMPANY_NOUNS: tuple[str, ...] = ("компані", "авіакомпані", "лоукостер", "авіаперевізник", "компани",
                                 "авиакомпани", "авиаперевозчик")

# Sources named by a generic word: "польські ЗМІ".
GENERIC_SOURCES: frozenset[str] = frozenset({"змі", "сми"})

# Heads of a body, one office under several names: "виконавчий директор Ryanair" is the
# person introduced as "глава Ryanair".
HEAD_ROLES: tuple[str, ...] = ("глав", "голов", "директор", "керівни", "очільни", "президент",
                               "гендиректор", "руководител")

# Nouns of documents: "йдеться в доповіді" names the body that wrote it.
DOCUMENT_NOUNS: tuple[str, ...] = (
    "доповід", "заяв", "повідомлен", "звіт", "зведен", "документ", "листі", "лист",
    "доклад", "сообщени", "отчет", "отчёт", "сводк",
)

PREPOSITIONS: frozenset[str] = frozenset("""
    у в з із зі до від на про після для щодо перед між над під при через за без серед
    о об от к с со по из во ко обо изо передо in at of for from with by on to into
""".split())

# Hedges and modality markers found inside a claim.
HEDGES: tuple[str, ...] = (
    "можливо", "мабуть", "ймовірно", "імовірно", "напевно", "начебто", "нібито", "певно",
    "очевидно", "швидше за все", "може", "можуть", "вірогідно", "припускає",
    "возможно", "вероятно", "наверное", "по-видимому", "якобы", "может",
)
CONDITIONALS: tuple[str, ...] = ("якщо вірити", "якщо", "якби", "если верить", "если", "бы", "б")

# Capitalised words that are not names when they open a sentence.
NOT_NAMES: frozenset[str] = frozenset("""
    про це та і й а але або раніше також тоді потім зокрема нагадаємо водночас однак проте
    крім окрім тому тобто адже так саме вже ще як коли де що хто згодом спочатку напередодні
    під після в у на за з до від для за окрім серед минулого наступного цього цієї читайте
    зверніть увагу мовляв отже поки якщо якби незважаючи сьогодні вчора завтра найбільша
    нова новий нові киев київ об этом по как также ранее однако при это этот эта the a an
    but and this that however meanwhile earlier later he she they it we i in on at according
    пан пані панове господин госпожа mr mrs ms dr
""".split())

# Words that look like cues but open a sentence or name a thing.
NOT_CUES: frozenset[str] = frozenset("нагадаємо напомним скажімо скажем сказати говорити писати".split())

# Verbal endings after a stem (uk and ru), for words without a lemma.
_ENDINGS = (r"(?:в|ла|ло|ли|ти|є|ють|ю|ємо|єте|ш|вши|вшись|ючи|ть|ться|лися|вся|ється|"
            r"тиме|тимуть|тимеш|"
            r"л|ет|ют|ит|ят|ем|им|ал|ала|али|ешь)")


def _stem(lemma: str) -> tuple[str, ...]:
    """Stems of a verb lemma: the infinitive minus its ending, plus the -ува- present stem."""
    base = re.sub(r"(тися|ться|сти|ти|ть|чь)$", "", lemma)
    stems = [base]
    for inf, pres in (("ува", "у"), ("юва", "ю"), ("ова", "у")):
        if base.endswith(inf):
            stems.append(base[: -len(inf)] + pres)
    return tuple(stems)


def cue_stems(lang: str) -> tuple[str, ...]:
    return tuple(sorted({s for lemma in SPEECH_VERBS.get(lang, ()) for s in _stem(lemma)}, key=len))


STEMS: dict[str, re.Pattern[str]] = {
    lang: re.compile(r"(?:%s)%s" % ("|".join(map(re.escape, cue_stems(lang))), _ENDINGS))
    for lang in SPEECH_VERBS
}


@lru_cache(maxsize=1 << 16)      # a pure function of three strings, asked of every word
def is_cue_word(word: str, lemma: str = "", lang: str = "uk") -> bool:
    """A word of speech or cognition: by its lemma when known, else by its surface form."""
    low = word.lower()
    if lang == "en":
        return low in ENGLISH_CUES
    if low in SURFACE_CUES or low in PASSIVE_CUES:
        return True
    if low in NOT_CUES:
        return False
    verbs = SPEECH_VERBS.get(lang, SPEECH_VERBS["uk"])
    if lemma and lemma.lower() in verbs:
        return True
    pattern = STEMS.get(lang, STEMS["uk"])
    return bool(pattern.fullmatch(low))
