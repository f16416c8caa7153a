"""Words of a mention for the base-form rules: readings, case, gender, number and inflection
into the nominative (rule ``keep``: as written when unsure; "ё" only where the text has it)."""
from __future__ import annotations

import re
from typing import Any

from .model import Token
from .morph import Analysis

__all__ = ["CASES", "GENDERS", "AGREEING_POS", "NAME_GRAMMEMES", "KEEP_GRAMMEMES", "LOCATIVE_PREPOSITIONS", "core_of", "case_of",
           "gender_of", "number_of", "word_parses", "nominative", "keep_as_written", "person_reading",
           "unyo", "recase"]

CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "loc2", "acc2"})
GENDERS = ("masc", "femn", "neut")
AGREEING_POS = frozenset({"ADJF", "PRTF", "NUMR"})
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
KEEP_GRAMMEMES = frozenset({"Fixd", "Abbr"})
LOCATIVE_PREPOSITIONS = frozenset({"у", "в", "на", "по", "при", "о", "об", "во", "обо"})
DIGIT_TAIL = re.compile(r"(.*[^\W\d_])(-\d+)")


def core_of(text: str) -> tuple[str, str]:
    """A word and the number after its hyphen: "потоку-2" -> ("потоку", "-2")."""
    m = DIGIT_TAIL.fullmatch(text)
    return (m.group(1), m.group(2)) if m else (text, "")


def case_of(a: Analysis | None) -> str:
    return next(iter(a.grammemes & CASES), "") if a else ""


def gender_of(a: Analysis | None) -> str:
    return next((g for g in GENDERS if a and g in a.grammemes), "")


def number_of(a: Analysis | None) -> str:
    return "plur" if a and "plur" in a.grammemes else "sing"


def word_parses(ctx: Any, tok: Token) -> tuple[Analysis, ...]:
    return ctx.morph.parses(core_of(tok.text)[0], ctx.lang)


def nominative(tok: Token, a: Analysis | None, ctx: Any, gender: str,
               person: bool = False, number: str = "") -> str:
    """``tok`` in the nominative (and ``gender``/``number`` when given); as written when unsure."""
    core, tail = core_of(tok.text)
    if person and gender:
        a = person_reading(core, a, ctx, gender)
    if keep_as_written(a, gender if person else "", number):
        return tok.text
    if not person and a.pos == "NOUN" and number != "plur" and not a.grammemes & (NAME_GRAMMEMES | {"Pltm"}):
        return recase(a.normal_form, core) + tail          # a common noun's normal form is its nominative
    num = {number} if number == "plur" or (number and ctx.lang == "ru") else set()   # uk has no "sing"
    want = {"nomn"} | ({gender} if gender else set()) | num
    out = (ctx.morph.inflect(core, ctx.lang, want, reading=a)
           or ctx.morph.inflect(core, ctx.lang, {"nomn"} | num, reading=a)
           or ctx.morph.inflect(core, ctx.lang, {"nomn"}, reading=a))
    return recase(out, core) + tail if out else tok.text


def keep_as_written(a: Analysis | None, gender: str, number: str = "") -> bool:
    """Rule ``keep``: unknown, indeclinable, caseless, or already nominative (of the right gender)."""
    if a is None or a.grammemes & KEEP_GRAMMEMES or not case_of(a):
        return True
    if number and number_of(a) != number:
        return False
    return case_of(a) == "nomn" and gender_of(a) in ("", gender or gender_of(a))


def person_reading(word: str, a: Analysis | None, ctx: Any, gender: str) -> Analysis | None:
    """Among name readings of the word's case, one of the name's gender ("Жданова" of "Олег")."""
    if a is None or gender_of(a) == gender:
        return a
    same = [p for p in ctx.morph.parses(word, ctx.lang)
            if p.grammemes & NAME_GRAMMEMES and gender in p.grammemes]
    return next((p for p in same if case_of(p) == case_of(a)), same[0] if same else a)


def unyo(form: str, like: str) -> str:
    """Rule ``keep``: "ё" only where the text writes it ("Соединенного" -> "Соединенное")."""
    return "".join({"ё": "е", "Ё": "Е"}.get(c, c) if c in "ёЁ" and like[k:k + 1] not in ("ё", "Ё") else c
                   for k, c in enumerate(form))


def recase(word: str, like: str) -> str:
    """``word`` with the capitals of ``like``, hyphenated part by part ("Франкфурт-на-Майне")."""
    if like.isupper():
        return word.upper()
    parts, models = word.split("-"), like.split("-")
    if len(parts) != len(models):
        return word[:1].upper() + word[1:] if like[:1].isupper() else word
    return "-".join(p[:1].upper() + p[1:] if m[:1].isupper() else p for p, m in zip(parts, models))
