"""Rules ``person`` and ``agreement`` of the base forms: each capitalised word of a person's
name into the nominative, the words of a name sharing case and gender (see ``vezha.baseform``;
the rules the dictionary cannot settle are in ``vezha.baseform_names``)."""
from __future__ import annotations

from typing import Any

from . import baseform_names as names
from .baseform_learned import known
from .baseform_words import NAME_GRAMMEMES, case_of, core_of, gender_of, nominative
from .model import Token
from .morph import Analysis

__all__ = ["person_forms", "NAME_CASES"]

NAME_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def person_forms(ctx: Any, tokens, words, readings) -> dict[int, str]:
    """Rule ``person``: each capitalised word of a name into the nominative."""
    caps = [i for i in words if tokens[i].text[:1].isupper()]
    readings = {i: _singular(ctx, tokens[i], readings[i]) for i in caps}
    case, gender = "", ctx.gender
    if len(caps) > 1:
        agreed, case, gender = _agreeing(ctx, tokens, caps, readings)
        readings = {**readings, **agreed}
    first = readings.get(caps[0]) if caps else None
    if not gender and first and "Name" in first.grammemes:
        gender = gender_of(first)
    case = case or case_of(first)
    return {i: _name_part(ctx, tokens[i], readings[i], gender, case, i == caps[0]) for i in caps}


def _singular(ctx: Any, tok: Token, a: Analysis | None) -> Analysis | None:
    """A person is one: a plural reading gives way to a singular one of the word, if any."""
    if a is None or "plur" not in a.grammemes:
        return a
    return next((p for p in ctx.morph.parses(core_of(tok.text)[0], ctx.lang) if "plur" not in p.grammemes
                 and case_of(p)), None)


def _name_options(ctx: Any, tok: Token) -> list[Analysis]:
    """Singular name readings of a word; its singular noun readings if it has none ("Азія")."""
    parses = [a for a in ctx.morph.parses(core_of(tok.text)[0], ctx.lang) if "plur" not in a.grammemes]
    return [a for a in parses if a.grammemes & NAME_GRAMMEMES] or [a for a in parses if a.pos == "NOUN"]


def _agreeing(ctx: Any, tokens, caps: list[int], readings) -> tuple[dict[int, Analysis], str, str]:
    """Rule ``agreement``: the words of a name share case and gender ("Валерію Залужному" is
    the dative of Валерій, not the accusative of Валерія); the (case, gender) of the document's
    vote, then the one most words allow, the chosen readings breaking ties. Returns the
    readings, the case and the gender ("" when no word fits)."""
    options = {i: _name_options(ctx, tokens[i]) for i in caps}

    def fits(a: Analysis, case: str, gender: str) -> bool:
        return case_of(a) == case and (gender_of(a) == gender or "Fixd" in a.grammemes)

    is_known = {i: known(ctx.morph, core_of(tokens[i].text)[0], ctx.lang) for i in caps}

    def score(cg: tuple[str, str]) -> tuple[int, int, int, int]:
        allowed = [i for i in caps if any(fits(a, *cg) for a in options[i])]
        return (cg[1] == ctx.gender, sum(is_known[i] for i in allowed), len(allowed),
                sum(readings[i] is not None and fits(readings[i], *cg) for i in caps))

    pairs = [(c, g) for c in NAME_CASES for g in ("masc", "femn")]
    case, gender = max(pairs, key=score)
    if not score((case, gender))[2]:
        return {}, "", ctx.gender
    out = {}
    for i in caps:
        keep = readings[i] is not None and fits(readings[i], case, gender)
        out[i] = readings[i] if keep else next((a for a in options[i] if fits(a, case, gender)), None)
    return out, case, gender


def _name_part(ctx: Any, tok: Token, a: Analysis | None, gender: str, case: str, first: bool) -> str:
    """One word of a person's name in the nominative, by the name rules."""
    core = core_of(tok.text)[0]
    if gender == "femn" and first and not _has(ctx, core, "femn"):
        fem = names.feminine_first_name(core, ctx.lang)
        if fem:
            return fem
    if ("-" not in core and not known(ctx.morph, core, ctx.lang)
            and core.lower().endswith(names.INDECLINABLE_ENDINGS.get(ctx.lang, ()))
            and not core.lower().endswith(names.DECLINED_ENDINGS)):
        return tok.text                             # "Стівен Барклі", "Естер Макві"
    if a is None and case not in ("", "nomn") and gender == "masc" and not known(ctx.morph, core, ctx.lang):
        return names.masculine_surname(core, ctx.lang, case) or tok.text
    if a is None or (case == "nomn" and case_of(a) != "nomn"):
        return tok.text
    return nominative(tok, a, ctx, gender, person=True)


def _has(ctx: Any, word: str, gender: str) -> bool:
    return any(gender in a.grammemes and a.grammemes & NAME_GRAMMEMES for a in ctx.morph.parses(word, ctx.lang))
