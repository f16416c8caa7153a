"""The time grammar, as data: word lists for uk and ru and the patterns built from them.

Every rule is a named regular expression over a sentence's text, composed bottom-up from the
word lists below (``MONTH``, ``YEAR``, ``PART`` ...). ``RULES`` lists them in order of
priority; ``vezha.times`` picks the longest non-overlapping matches and resolves each one
against the publication date. Conventions: ``/work/shared/eval/TIMES.md``.
"""
from __future__ import annotations

import re

from .prefilter import Filter, build_filter

__all__ = [
    "MONTH_FORMS", "SEASON_FORMS", "WEEKDAY_FORMS", "RELATIVE_DAYS", "PARTS", "YEAR_PARTS",
    "QUALIFIERS", "OPEN_PREPOSITIONS", "MODAL_FUTURE", "DISCOURSE_VERBS", "EN_FUTURE", "EN_PAST",
    "RULES", "RULE_FILTER", "RULE_PATTERNS", "COORDINATED_MONTH", "COORDINATED_DAY", "COORDINATION_GAP",
    "month_number", "season_name", "weekday_number", "qualifier", "part_name",
]

# Month -> every case form (uk, then ru).
MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("січень", "січня", "січню", "січнем", "січні",
        "январь", "января", "январю", "январём", "январем", "январе"),
    2: ("лютий", "лютого", "лютому", "лютим",
        "февраль", "февраля", "февралю", "февралём", "февралем", "феврале"),
    3: ("березень", "березня", "березню", "березнем", "березні",
        "март", "марта", "марту", "мартом", "марте"),
    4: ("квітень", "квітня", "квітню", "квітнем", "квітні",
        "апрель", "апреля", "апрелю", "апрелем", "апреле"),
    5: ("травень", "травня", "травню", "травнем", "травні",
        "май", "мая", "маю", "маем", "мае"),
    6: ("червень", "червня", "червню", "червнем", "червні",
        "июнь", "июня", "июню", "июнем", "июне"),
    7: ("липень", "липня", "липню", "липнем", "липні",
        "июль", "июля", "июлю", "июлем", "июле"),
    8: ("серпень", "серпня", "серпню", "серпнем", "серпні",
        "август", "августа", "августу", "августом", "августе"),
    9: ("вересень", "вересня", "вересню", "вереснем", "вересні",
        "сентябрь", "сентября", "сентябрю", "сентябрём", "сентябрем", "сентябре"),
    10: ("жовтень", "жовтня", "жовтню", "жовтнем", "жовтні",
         "октябрь", "октября", "октябрю", "октябрём", "октябрем", "октябре"),
    11: ("листопад", "листопада", "листопаду", "листопадом", "листопаді",
         "ноябрь", "ноября", "ноябрю", "ноябрём", "ноябрем", "ноябре"),
    12: ("грудень", "грудня", "грудню", "груднем", "грудні",
         "декабрь", "декабря", "декабрю", "декабрём", "декабрем", "декабре"),
}
# English month names (the third language): appended to every month's forms.
EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december")
for _number, _name in enumerate(EN_MONTHS, 1):
    MONTH_FORMS[_number] += (_name,)
# Season -> adverbs and case forms; values are the first month of the season.
SEASON_FORMS: dict[str, tuple[str, ...]] = {
    "spring": ("навесні", "весною", "весна", "весни", "весну", "весні", "весной", "весны", "spring"),
    "summer": ("влітку", "улітку", "літом", "літо", "літа", "літу", "літі",
               "летом", "лето", "лета", "лете", "summer"),
    "autumn": ("восени", "осінню", "осінь", "осені", "осенью", "осень", "осени", "autumn", "fall"),
    "winter": ("взимку", "узимку", "взимі", "зимою", "зима", "зими", "зиму", "зимі",
               "зимой", "зимы", "winter"),
}
SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
WEEKDAY_FORMS: dict[int, tuple[str, ...]] = {
    0: ("понеділок", "понеділка", "понедельник", "понедельника", "monday"),
    1: ("вівторок", "вівторка", "вторник", "вторника", "tuesday"),
    2: ("середу", "середа", "середи", "среду", "среда", "среды", "wednesday"),
    3: ("четвер", "четверга", "четверг", "четверга", "thursday"),
    4: ("п'ятницю", "п’ятницю", "пʼятницю", "п'ятниця", "п'ятниці", "пятницу", "пятница", "пятницы", "friday"),
    5: ("суботу", "субота", "суботи", "субботу", "суббота", "субботы", "saturday"),
    6: ("неділю", "неділя", "неділі", "воскресенье", "воскресенья", "sunday"),
}
RELATIVE_DAYS: dict[str, int] = {
    "позавчора": -2, "позавчера": -2, "вчора": -1, "учора": -1, "вчера": -1,
    "сьогодні": 0, "сегодня": 0, "завтра": 1, "післязавтра": 2, "послезавтра": 2,
    "yesterday": -1, "today": 0, "tomorrow": 1,
}
# Parts of a month or season: name -> words that say it.
PARTS: dict[str, tuple[str, ...]] = {
    "start": ("на початку", "на поч.", "в начале", "в начала", "at the beginning of", "at the start of",
              "in early", "early"),
    "middle": ("в середині", "у середині", "посередині", "в середине", "в середину", "in the middle of",
               "in mid"),
    "end": ("наприкінці", "в кінці", "у кінці", "під кінець", "в конце", "под конец", "at the end of",
            "in late", "late"),
}
YEAR_PARTS: dict[str, tuple[str, ...]] = {
    "h1": ("у першій половині", "в першій половині", "в первой половине"),
    "h2": ("у другій половині", "в другій половині", "во второй половине"),
}
# Relative qualifiers of a year, month, week or season, by direction.
QUALIFIERS: dict[int, tuple[str, ...]] = {
    -2: ("позаминулого", "позаминулому", "позапрошлого", "позапрошлом"),
    -1: ("минулого", "минулому", "минулої", "минулій", "минулу", "минулий",
         "прошлого", "прошлом", "прошлой", "прошлым", "прошлую", "прошлый", "last"),
    0: ("цього", "цьому", "цієї", "цій", "поточного", "поточному", "нинішнього",
        "этого", "этом", "этой", "этим", "текущего", "текущем", "нынешнего", "нынешнем", "this"),
    1: ("наступного", "наступному", "наступної", "наступній", "наступну", "наступний",
        "следующего", "следующем", "следующей", "следующий", "следующую",
        "будущего", "будущем", "будущей", "next"),
}
YEAR_NOUN = r"(?:року|році|рік|роки|років|роках|роками|роком|года|году|годом|год|годы|годов|годах|г\.|р\.|year)"
WEEK_NOUN = r"(?:тижня|тижні|тиждень|неделе|недели|неделю|week)"
MONTH_NOUN = r"(?:місяця|місяці|місяць|месяца|месяце|месяц|month)"
NIGHT_NOUN = r"(?:ніч|ночь)"
DAY_PARTS = (r"(?:вранці|зранку|вдень|удень|ввечері|увечері|вночі|уночі|опівдні|опівночі"
             r"|утром|днём|днем|вечером|ночью|morning|afternoon|evening|night)")
TORIK = r"(?:торік|торік|позаторік)"
# A time expression after one of these is an open interval ("з 2014 року"): not annotated.
OPEN_PREPOSITIONS = frozenset({"з", "із", "зі", "від", "до", "с", "со", "от", "после", "після",
                               "since", "until", "by", "по", "аж"})
# Discourse verbs of the writer ("Нагадаємо, ..."): not the tense of the clause.
DISCOURSE_VERBS = frozenset({"нагадати", "зазначити", "додати", "нагадувати", "напомнить", "отметить",
                             "заметить", "подчеркнуть", "підкреслити", "уточнити", "уточнить"})
# "на 25 листопада", "на середу": a date something is set for lies ahead.
SCHEDULED = "on"
# English tense words (English tokens carry no morphology).
EN_FUTURE = frozenset({"will", "shall", "'ll", "plans", "plan", "expected", "scheduled", "due"})
EN_PAST = frozenset({"was", "were", "had", "did", "said", "began", "met", "took", "went", "came",
                     "held", "hit", "struck", "fought", "left", "made", "told", "sent", "won", "lost"})
# Present-tense verbs whose meaning points to the future ("може відбутися", "планують").
MODAL_FUTURE = frozenset({
    "могти", "планувати", "збиратися", "мати", "готуватися", "очікуватися", "очікувати",
    "намірятися", "обіцяти", "мочь", "планировать", "собираться", "готовиться", "ожидаться",
    "ожидать", "намереваться", "обещать", "мати намір", "прогнозувати", "прогнозировать",
    "планироваться", "плануватися", "розраховувати", "рассчитывать", "хотіти", "хотеть",
})


def _alt(words) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def _index(table) -> dict[str, object]:
    return {form: key for key, forms in table.items() for form in forms}


MONTHS = _index(MONTH_FORMS)
SEASONS = _index(SEASON_FORMS)
WEEKDAYS = _index(WEEKDAY_FORMS)
QUALIFIER_OF = _index(QUALIFIERS)
PART_OF = _index(PARTS)
YEAR_PART_OF = _index(YEAR_PARTS)

MONTH = _alt(MONTHS)
EN_MONTH = "(?:" + "|".join(m.capitalize() for m in EN_MONTHS) + ")"
SEASON = _alt(SEASONS)
WEEKDAY = _alt(WEEKDAYS)
QUAL = _alt(QUALIFIER_OF)
PART = _alt(PART_OF)
YPART = _alt(YEAR_PART_OF)
DAY = r"(?:[0-2]?\d|3[01])(?:-?(?:го|е|ого))?"
YEARNUM = r"(?:1[89]|20)\d\d"
YEAR = rf"{YEARNUM}(?:-?(?:го|му|й|м))?(?:\s*{YEAR_NOUN})?"
REL_YEAR = rf"(?:{QUAL}\s+{YEAR_NOUN}|{TORIK})"
IN = r"(?:(?:в|у|во|на|in)\s+)"
DASH = r"\s*[-–—]\s*"
TO = rf"(?:\s+(?:до|по|і до|and)\s+|{DASH})"
FROM = r"(?:(?:з|із|зі|від|с|со|from)\s+)"


def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’ʼ-]){pattern}(?![\w'’ʼ])", re.IGNORECASE)


# (name, pattern): named groups d1, m1, y1, d2, m2, y2, ry (relative year), part, season, q,
# rel, wd. Order is priority among matches of equal length.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("night", _rule(rf"{IN}?{NIGHT_NOUN}\s+(?:(?:з|із|с)\s+(?:{DAY}\s+)?(?:{MONTH}\s+)?)?на\s+"
                    rf"(?:(?P<d1>{DAY})\s+(?P<m1>{MONTH})(?:\s+(?P<y1>{YEAR}))?|(?P<wd>{WEEKDAY})"
                    rf"(?:,\s*(?P<d2>{DAY})\s+(?P<m2>{MONTH}))?)")),
    ("night_relative", _rule(rf"(?P<q>{QUAL})\s+(?:ночі|ночью|night)")),
    ("day_range", _rule(rf"{FROM}?(?P<d1>{DAY})(?:\s+(?P<m1>{MONTH}))?(?:\s+(?P<y1>{YEAR}))?{TO}"
                        rf"(?P<d2>{DAY})\s+(?P<m2>{MONTH})(?:\s+(?P<y2>{YEAR}))?")),
    ("month_range", _rule(rf"{FROM}(?P<m1>{MONTH})(?:\s+(?P<y1>{YEAR}))?{TO}(?P<m2>{MONTH})"
                          rf"(?:\s+(?P<y2>{YEAR}))?")),
    ("year_range", _rule(rf"{IN}?{FROM}?(?P<y1>{YEARNUM}){TO}(?P<y2>{YEARNUM})\s*{YEAR_NOUN}")),
    ("english_date", _rule(r"(?:(?:January|February|March|April|May|June|July|August|September"
                           r"|October|November|December)\s+\d{1,2},\s+\d{4}|\d{1,2}\s+(?:January"
                           r"|February|March|April|May|June|July|August|September|October"
                           r"|November|December)\s+\d{4})")),
    ("numeric_date", _rule(rf"{IN}?(?:[0-2]?\d|3[01])\.(?:0?\d|1[0-2])\.{YEARNUM}(?:\s+{YEAR_NOUN})?")),
    ("date", _rule(rf"(?:(?P<on>на)\s+|{IN}|(?P<ry>{TORIK})\s+)?(?P<d1>{DAY})\s+(?P<m1>{MONTH})"
                   rf"(?:\s+(?P<y1>{YEAR}|{REL_YEAR}))?")),
    ("part_range", _rule(rf"(?P<part>{PART})\s+(?P<m1>{MONTH}){TO}(?P<part2>{PART})\s+(?P<m2>{MONTH})"
                         rf"(?:\s+(?P<y1>{YEAR}))?")),
    ("part_of_month", _rule(rf"(?:(?P<ry>{TORIK})\s+)?(?P<part>{PART})\s+(?P<m1>{MONTH})"
                            rf"(?:\s+(?P<y1>{YEAR}|{REL_YEAR}))?")),
    ("part_of_season", _rule(rf"(?P<part>{PART})\s+(?:(?P<q>{QUAL})\s+)?(?P<season>{SEASON})"
                             rf"(?:\s+(?P<y1>{YEAR}))?")),
    ("part_of_year", _rule(rf"(?:(?P<part>{PART})|(?P<half>{YPART}))\s+(?:(?P<y1>{YEAR})|(?P<q>{QUAL})"
                           rf"\s+{YEAR_NOUN}|{YEAR_NOUN})")),
    ("month", _rule(rf"(?:(?P<ry>{TORIK})\s+)?(?:{IN}(?P<m1>{MONTH})(?:\s+(?P<y1>{YEAR}|{REL_YEAR}))?"
                    rf"|(?P<m2>{MONTH})\s+(?P<y2>{YEAR}|{REL_YEAR}))")),
    ("season", _rule(rf"(?:(?P<q>{QUAL})\s+(?P<season>{SEASON})|(?P<season2>навесні|весною|влітку|улітку"
                     rf"|літом|восени|взимку|узимку|взимі|зимою|весной|летом|осенью|зимой)"
                     rf"(?:\s+(?P<y1>{YEAR}))?|{IN}(?P<season3>{SEASON})\s+(?P<y2>{YEAR}))")),
    ("year", _rule(rf"(?:(?:в|у|во|за|на)\s+)?(?P<y1>{YEARNUM})(?:-?(?:го|му|й|м))?\s*{YEAR_NOUN}")),
    ("relative_year", _rule(rf"(?:{TORIK}|(?:(?:в|у|во)\s+)?(?P<q>{QUAL})\s+{YEAR_NOUN})")),
    ("relative_month", _rule(rf"(?:(?:в|у|во)\s+)?(?P<q>{QUAL})\s+{MONTH_NOUN}")),
    ("relative_week", _rule(rf"(?:на\s+)?(?P<q>{QUAL})\s+{WEEK_NOUN}")),
    ("weekday", _rule(rf"(?:(?P<on>на)\s+|on\s+|(?:в|у|во)\s+(?:(?P<q>{QUAL})\s+)?|(?P<q2>{QUAL})\s+)(?P<wd>{WEEKDAY})"
                      rf"(?:\s+{DAY_PARTS})?")),
    ("days_ago", _rule(r"(?P<n>\d+|один|одна|два|дві|три|чотири|п'ять|п’ять|шість|сім|вісім|дев'ять"
                       r"|десять|две|четыре|пять|шесть|семь|восемь|девять)\s+(?:днів|дні|день|дня|дней)"
                       r"\s+(?:тому|назад)")),
    ("relative_day", _rule(rf"(?P<rel>{_alt(RELATIVE_DAYS)})(?:\s+{DAY_PARTS})?")),
    # English: "July 24", "in 2022", "3 days ago" (the rest shares the rules above)
    ("en_date", _rule(rf"(?:on\s+)?(?P<m1>{EN_MONTH})\s+(?P<d1>[0-2]?\d|3[01])(?:st|nd|rd|th)?"
                      rf"(?:,?\s+(?P<y1>{YEARNUM}))?")),
    ("en_year", _rule(rf"in\s+(?P<y1>{YEARNUM})")),
    ("en_days_ago", _rule(r"(?P<n>\d+|one|two|three|four|five|six|seven)\s+days?\s+ago")),
)

# What a sentence must hold for each rule to match it, derived from the rule (vezha.prefilter).
RULE_FILTER: Filter = build_filter(RULES)
RULE_PATTERNS: dict[str, re.Pattern[str]] = dict(RULES)

# A month coordinated with the one before it: "в лютому, березні", "у травні та червні".
COORDINATED_MONTH = re.compile(
    rf"(?:\s*,\s*(?:а\s+)?(?:також\s+)?|\s+(?:і|й|та|чи|або|и|или|а|and|or)\s+)"
    rf"(?P<span>(?:(?:в|у|во)\s+)?(?P<m1>{MONTH})(?:\s+(?P<y1>{YEAR}))?)(?![\w'’ʼ])", re.IGNORECASE)

# A day coordinated with the date after it: the "25 і" of "25 і 26 липня".
COORDINATED_DAY = re.compile(r"(?<![\w.,-])(?P<d1>[0-2]?\d|3[01])\s*(?:,|і|й|та|и|and)\s*$", re.IGNORECASE)
# What may stand between two coordinated months ("у лютому та березні 2023 року").
COORDINATION_GAP = re.compile(r"\s*(?:,\s*(?:а\s+)?(?:також\s+)?|\s(?:і|й|та|чи|або|и|или|а|and|or)\s+)",
                              re.IGNORECASE)
NUMBER_WORDS = {"один": 1, "одна": 1, "два": 2, "дві": 2, "две": 2, "три": 3, "чотири": 4,
                "четыре": 4, "п'ять": 5, "п’ять": 5, "пять": 5, "шість": 6, "шесть": 6,
                "сім": 7, "семь": 7, "вісім": 8, "восемь": 8, "дев'ять": 9, "девять": 9,
                "десять": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def month_number(word: str) -> int:
    return int(MONTHS[word.lower()])


def season_name(word: str) -> str:
    return str(SEASONS[word.lower()])


def weekday_number(word: str) -> int:
    return int(WEEKDAYS[word.lower()])


def qualifier(word: str) -> int:
    return int(QUALIFIER_OF[word.lower()])


def part_name(words: str) -> str:
    key = " ".join(words.lower().split())
    return str(PART_OF.get(key) or YEAR_PART_OF[key])
