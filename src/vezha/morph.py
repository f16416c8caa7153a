"""Morphology for Ukrainian and Russian: pymorphy3 analyses, cached, with a context disambiguation.

The Ukrainian pymorphy3 dictionary carries no frequencies, so its first parse is arbitrary
("Мінську" comes back first as the adjective "мінський"). ``Morph.best`` picks a parse by
three documented rules, applied in order, each one a named preference:

1. ``proper``: a capitalised word inside a sentence (not a lone capital letter) prefers parses
   that are nouns or proper names (``Name``, ``Surn``, ``Patr``, ``Geox``, ``Orgn``, ``Abbr``)
   over adjectives and verbs — "у Мінську" → "Мінськ", "Білорусі" → "Білорусь"; an
   abbreviation reading (``Abbr``) needs a word in capitals ("Про" is not "ПРО"), and a word in
   lower case is not read as a name ("польські" is an adjective, not a surname).
2. ``government``: the previous word restricts the case: a preposition by its table
   (``PREPOSITION_CASES``: "у Мінську" → locative), a governing noun such as "словами" or
   "думку" (``GENITIVE_HEADS``: "За словами Жданова" → genitive "Жданов", not the feminine
   nominative "Жданова").
3. ``preference``: ties go to the higher pymorphy3 score (real frequencies in Russian), then
   to ``POS_ORDER`` and to masculine surnames before feminine ones (``SURNAME_GENDER_ORDER``),
   the common case in war news; a word-level table ``LEMMA_PREFERENCES`` settles the rest.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import ModelError
from .settings import Settings

__all__ = ["Analysis", "Morph", "load_morph", "PREPOSITION_CASES", "GENITIVE_HEADS"]

MORPH_LANGUAGES = ("uk", "ru")
CACHE_LIMIT = 300_000

PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})
POS_ORDER = ("NOUN", "PREP", "CONJ", "PRCL", "NPRO", "VERB", "INFN", "ADJF", "PRTF", "GRND",
             "ADVB", "ADJS", "PRTS", "COMP", "NUMR", "PRED", "INTJ")
SURNAME_GENDER_ORDER = ("masc", "femn", "neut")

# Cases each preposition governs (uk and ru); a following noun prefers these.
PREPOSITION_CASES: dict[str, frozenset[str]] = {
    **{p: frozenset({"loct", "accs"}) for p in ("у", "в", "на", "во")},
    **{p: frozenset({"gent", "ablt"}) for p in ("з", "із", "зі", "с", "со")},
    **{p: frozenset({"gent"}) for p in ("до", "від", "для", "без", "після", "біля", "проти", "крім",
                                         "серед", "щодо", "от", "из", "для", "без", "после", "около",
                                         "против", "кроме", "среди", "у", "вздовж", "замість")},
    **{p: frozenset({"accs", "ablt"}) for p in ("за", "під", "под")},
    **{p: frozenset({"accs"}) for p in ("про", "через", "крізь", "про", "сквозь")},
    **{p: frozenset({"ablt"}) for p in ("над", "між", "перед", "між", "над", "между", "перед")},
    **{p: frozenset({"loct", "datv"}) for p in ("по", "при")},
    **{p: frozenset({"datv"}) for p in ("к", "ко", "завдяки", "благодаря", "согласно")},
    "о": frozenset({"loct", "accs"}), "об": frozenset({"loct", "accs"}),
}
# "у"/"в" in Ukrainian also takes the genitive with people ("у Путіна"); keep both readings.
PREPOSITION_CASES["у"] = frozenset({"loct", "accs", "gent"})

# Nouns after which a name is a genitive dependent ("за словами Жданова", "на думку Жданова").
GENITIVE_HEADS = frozenset({
    "словами", "слова", "словам", "думку", "думка", "заявою", "заяви", "інформацією", "даними",
    "оцінками", "оцінкою", "повідомленням", "позицію", "позиції", "прес-службі", "прес-служба",
    "словах", "мнению", "мнение", "данным", "сведениям", "оценкам", "заявлению", "информации",
})

# Previous words that change the choice (``_government_rule``); any other counts as none.
GOVERNORS = frozenset(GENITIVE_HEADS) | frozenset(PREPOSITION_CASES)

# Word-level tie-breakers: lowercased form -> preferred normal form.
LEMMA_PREFERENCES: dict[str, str] = {
    "росії": "росія", "україни": "україна", "заходу": "захід", "заходом": "захід",
    "кремля": "кремль", "сша": "сша", "нато": "нато", "аналітики": "аналітик",
}


@dataclass(frozen=True, slots=True)
class Analysis:
    """One morphological reading of a word, adapted from pymorphy3."""
    word: str
    normal_form: str
    pos: str
    tag: str
    grammemes: frozenset[str]
    score: float


class Morph:
    """Cached pymorphy3 analysers for uk and ru. Load once with ``load_morph``; share freely."""

    def __init__(self, analyzers: dict[str, Any]) -> None:
        self._analyzers = analyzers
        self._cache: dict[tuple[str, str], tuple[Analysis, ...]] = {}
        self._pm: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._best: dict[tuple[str, str, str, bool], Analysis] = {}

    def __reduce__(self):  # picklable for Dask: rebuild from the packaged dictionaries
        return (_rebuild, (tuple(self._analyzers),))

    def parses(self, word: str, lang: str) -> tuple[Analysis, ...]:
        """Every reading of ``word`` in ``lang`` (uk or ru; other languages fall back to uk)."""
        key = (_lang(lang), word.lower())
        found = self._cache.get(key)
        if found is None:
            found = tuple(adapt_parse(p) for p in self._raw(key))
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
                self._pm.clear()
                self._best.clear()
            self._cache[key] = found
        return found

    def best(self, word: str, lang: str, *, prev: str = "", sentence_start: bool = False) -> Analysis:
        """The reading chosen by the rules in this module's docstring (cached: the previous
        word counts only when a government table names it)."""
        prev = prev.lower()
        key = (lang, word, prev if prev in GOVERNORS else "", sentence_start)
        found = self._best.get(key)
        if found is None:
            found = self._best[key] = self._choose(word, lang, key[2], sentence_start)
            if len(self._best) > CACHE_LIMIT:
                self._best.clear()
        return found

    def _choose(self, word: str, lang: str, prev: str, sentence_start: bool) -> Analysis:
        cands = self.parses(word, lang)
        if not cands:
            return Analysis(word, word.lower(), "", "", frozenset(), 0.0)
        return max(enumerate(cands), key=lambda ic: _rank(ic, word, prev, sentence_start))[1]

    def lemma(self, word: str, lang: str, *, prev: str = "") -> str:
        return self.best(word, lang, prev=prev).normal_form

    def known(self, word: str, lang: str) -> bool:
        """Whether ``word`` is in the dictionary (not only guessed from its ending)."""
        return bool(self._analyzers[_lang(lang)].word_is_known(word.lower()))

    def inflect(self, word: str, lang: str, grammemes: set[str] | frozenset[str],
                *, reading: Analysis | None = None) -> str | None:
        """``word`` put into ``grammemes`` (e.g. {"nomn"}), from ``reading`` or its best parse."""
        reading = reading or self.best(word, lang)
        for raw in self._raw((_lang(lang), word.lower())):
            if str(raw.tag) == reading.tag and raw.normal_form == reading.normal_form:
                out = raw.inflect(set(grammemes))
                return out.word if out is not None else None
        return None

    def _raw(self, key: tuple[str, str]) -> tuple[Any, ...]:
        raw = self._pm.get(key)
        if raw is None:
            raw = tuple(self._analyzers[key[0]].parse(key[1]))
            self._pm[key] = raw
        return raw


def _rank(item: tuple[int, Analysis], word: str, prev: str, sentence_start: bool) -> tuple:
    index, a = item
    return (_abbr_rule(a, word), _common_rule(a, word), _proper_rule(a, word, sentence_start),
            _government_rule(a, prev),
            _preference_rule(a, word), a.score, -_pos_rank(a), _gender_rank(a), -index)


def _abbr_rule(a: Analysis, word: str) -> int:
    return int("Abbr" not in a.grammemes or word.isupper())


def _common_rule(a: Analysis, word: str) -> int:
    """A word in lower case is not a name: "польські" is an adjective, not a surname."""
    return int(not word.islower() or not a.grammemes & PROPER_GRAMMEMES)


def _proper_rule(a: Analysis, word: str, sentence_start: bool) -> int:
    if sentence_start or len(word) < 2 or not word[0].isupper():
        return 0
    return int(a.pos == "NOUN" or bool(a.grammemes & PROPER_GRAMMEMES))


def _government_rule(a: Analysis, prev: str) -> int:
    if prev in GENITIVE_HEADS:
        return int("gent" in a.grammemes)
    cases = PREPOSITION_CASES.get(prev)
    return int(bool(cases and a.grammemes & cases))


def _preference_rule(a: Analysis, word: str) -> int:
    preferred = LEMMA_PREFERENCES.get(word.lower())
    return int(preferred is not None and a.normal_form == preferred)


def _pos_rank(a: Analysis) -> int:
    return POS_ORDER.index(a.pos) if a.pos in POS_ORDER else len(POS_ORDER)


def _gender_rank(a: Analysis) -> int:
    if "Surn" not in a.grammemes:
        return 0
    for i, g in enumerate(SURNAME_GENDER_ORDER):
        if g in a.grammemes:
            return -i
    return -len(SURNAME_GENDER_ORDER)


def _lang(lang: str) -> str:
    return lang if lang in MORPH_LANGUAGES else "uk"


def adapt_parse(parse: Any) -> Analysis:
    """A pymorphy3 Parse as our own Analysis."""
    tag = parse.tag
    return Analysis(word=parse.word, normal_form=parse.normal_form, pos=str(tag.POS or ""),
                    tag=str(tag), grammemes=frozenset(tag.grammemes), score=float(parse.score))


def load_morph(settings: Settings | None = None, languages: tuple[str, ...] = MORPH_LANGUAGES) -> Morph:
    """Load the packaged pymorphy3 dictionaries (no network)."""
    try:
        import pymorphy3
        return Morph({lang: pymorphy3.MorphAnalyzer(lang=lang) for lang in languages})
    except Exception as exc:  # missing dictionary package, broken install
        raise ModelError(f"cannot load pymorphy3 dictionaries: {exc}", code="V402",
                         stage="morph") from exc


def _rebuild(languages: tuple[str, ...]) -> Morph:
    return load_morph(None, languages)
