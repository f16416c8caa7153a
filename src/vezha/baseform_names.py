"""Name rules of the base forms that the dictionary cannot settle on its own, kept as data.

* ``feminine first name``: a female first name the dictionary lacks, which it reads as the
  oblique case of a rare male name ("Асии" as the locative of "Асий"), takes the nominative of
  the female paradigm in -ия / -ія (``FEMININE_NAME_ENDINGS``).
* ``foreign surname``: an unknown surname beside a male first name in an oblique case loses
  the case ending of the consonant declension ("Доминика Рааба" -> "Доминик Рааб",
  "Сергея Скрипаля" -> "Сергей Скрипаль"; ``MASCULINE_ENDINGS``).
* ``indeclinable``: a foreign name part the dictionary does not know, ending in a vowel that
  does not decline, stays as written (``INDECLINABLE_ENDINGS``: "Естер Макві").
* ``abbreviation ending``: an abbreviation with a case ending in lower case loses it
  ("МИДа" -> "МИД").
* ``gender from agreement``: the gender of a person in a document is voted by the words right
  after a mention of the name ("Асия Биби была", "Асія Бібі заявила", "…, которая") unless a
  noun or preposition governs the name ("Заява Олександра Усика пролунала"), by a feminine
  title before it ("христианка Асия"), by a name opening a sentence, and by a male name read
  in the locative with no preposition before it ("адвокат Асии Биби").
* ``one name per document``: a surname seen beside a nominative first name is its own base
  form in the whole document ("Азія Бібі" keeps "Бібі" in "Азії Бібі"), and a surname alone
  takes the base form it has in a full name of the same document ("Рааба" -> "Рааб").
"""
from __future__ import annotations

import bisect
import collections
import re
from typing import Sequence

from .baseform_words import LOCATIVE_PREPOSITIONS

__all__ = ["respace", "feminine_first_name", "masculine_surname", "abbreviation_stem", "gender_votes",
           "person_key", "one_name_per_document"]

VOWELS = frozenset("аеєиіїоуыэюяё")
SIBILANTS = frozenset("жшчщц")
# Oblique endings of female names in -ия / -ія -> the nominative ending.
FEMININE_NAME_ENDINGS = {
    "ru": (("ией", "ия"), ("ии", "ия"), ("ию", "ия"), ("ие", "ия"), ("ия", "ия")),
    "uk": (("ією", "ія"), ("ії", "ія"), ("ію", "ія"), ("ія", "ія")),
}
# (case, ending) of the masculine consonant declension; "ь" becomes "й" after a vowel and
# nothing after a sibilant ("Курцем" -> "Курц").
MASCULINE_ENDINGS = {
    "ru": {"gent": (("а", ""), ("я", "ь")), "accs": (("а", ""), ("я", "ь")),
           "datv": (("у", ""), ("ю", "ь")), "ablt": (("ом", ""), ("ем", "ь"), ("ём", "ь")),
           "loct": (("е", ""),)},
    "uk": {"gent": (("а", ""), ("я", "ь")), "accs": (("а", ""), ("я", "ь")),
           "datv": (("ові", ""), ("еві", "ь"), ("єві", "й"), ("у", ""), ("ю", "ь")),
           "ablt": (("ом", ""), ("ем", "ь"), ("єм", "й")), "loct": (("ові", ""), ("і", ""))},
}
# Endings of foreign names that do not decline; a name part the dictionary does not know and
# that ends so stays as written ("Стівен Барклі", "Естер Макві", "Шахбаз Бхатти").
INDECLINABLE_ENDINGS = {"uk": ("і", "о", "е"), "ru": ("и", "о")}
DECLINED_ENDINGS = ("ии", "ії")                  # but "Хадии" is a case of "Хадия"
ABBREVIATION_ENDING = re.compile(r"([A-ZА-ЯЁІЇЄҐ]{2,})(а|у|е|ом|ов|ы|ам|ами|ах|і|ові|ою|и)")
# Words right after a mention that show the person's gender (besides past verbs and short
# participles, whose tags carry it).
GENDER_WORDS = {
    "которая": "femn", "которой": "femn", "которую": "femn", "котора": "femn",
    "который": "masc", "которого": "masc", "которому": "masc",
    "яка": "femn", "якої": "femn", "яку": "femn", "який": "masc", "якого": "masc", "якому": "masc",
}
GENDER_SKIP = frozenset({",", "—", "-", "же", "ж", "и", "і", "также", "також", "уже", "вже", "не"})
FEMININE_NOMINATIVE = ("а", "я")
FEMININE_ONLY_ENDINGS = ("ие", "ией", "ією")     # of names in -ия / -ія only ("Асие", not of "Асий")
GENDER_MIN_VOTES = 1            # at least this many, and twice the other gender's


def feminine_first_name(word: str, lang: str) -> str | None:
    """Rule ``feminine first name``: "Асии" -> "Асия", "Асії" -> "Асія"; None if no ending fits."""
    low = word.lower()
    for ending, nominative in FEMININE_NAME_ENDINGS.get(lang, ()):
        if low.endswith(ending) and len(low) > len(ending) + 1:
            return word[:len(word) - len(ending)] + nominative
    return None


def masculine_surname(word: str, lang: str, case: str) -> str | None:
    """Rule ``foreign surname``: ``word`` in ``case`` of the consonant declension -> nominative."""
    for ending, stem_end in MASCULINE_ENDINGS.get(lang, {}).get(case, ()):
        stem = word[:len(word) - len(ending)]
        if word.lower().endswith(ending) and len(stem) > 2 and stem[-1].lower() not in VOWELS:
            if stem_end == "ь" and stem[-1].lower() in SIBILANTS:
                stem_end = ""
            return stem + stem_end
        if word.lower().endswith(ending) and len(stem) > 2 and stem_end == "ь":
            return stem + "й"
    return None


def abbreviation_stem(word: str) -> str | None:
    """Rule ``abbreviation ending``: "МИДа" -> "МИД"."""
    m = ABBREVIATION_ENDING.fullmatch(word)
    return m.group(1) if m else None


def person_key(text: str) -> str:
    """A key shared by the inflected forms of one surname in a document."""
    words = text.split()
    return words[-1].lower()[:5] if words else ""


def gender_votes(mentions: Sequence, tokens: Sequence, sentence_starts: frozenset[int] = frozenset()
                 ) -> dict[str, str]:
    """Rule ``gender from agreement``: person key -> "femn"/"masc" where the votes are clear.
    A name opening a sentence is a subject: a first name there in -а / -я that the dictionary
    reads only in another case is a female nominative ("Асия Биби сказала")."""
    starts = [t.start for t in tokens]
    votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for m in mentions:
        if m.type == "PER":
            votes[person_key(m.text)].update(_votes(m, tokens, starts, sentence_starts))
    return {key: gender for key, c in votes.items() if (gender := _clear_gender(c))}


def _votes(m, tokens: Sequence, starts: list[int], sentence_starts: frozenset[int]) -> list[str]:
    """The genders one mention votes for: its form at a sentence start, the words before it,
    and the verb or short adjective agreeing with it after it."""
    i = bisect.bisect_left(starts, m.start)
    found = []
    if _female_subject(m, tokens, i, sentence_starts):
        found.append("femn")
    if _female_marked(m, tokens, i):
        found.append("femn")
    if i > 0 and _governs(tokens[i - 1]):
        return found                    # "Заява Олександра Усика пролунала": the verb is the noun's
    j = bisect.bisect_left(starts, m.end)
    while j < len(tokens) and tokens[j].text.lower() in GENDER_SKIP:
        j += 1
    gender = _shown_gender(tokens[j]) if j < len(tokens) else ""
    return found + [gender] if gender else found


def _female_subject(m, tokens: Sequence, i: int, sentence_starts: frozenset[int]) -> bool:
    """A two-word name opening a sentence, its first word in -а / -я not read as nominative."""
    return (m.start in sentence_starts and i < len(tokens)
            and tokens[i].text.lower().endswith(FEMININE_NOMINATIVE)
            and "nomn" not in tokens[i].tag and " " in m.text.strip())


def _female_marked(m, tokens: Sequence, i: int) -> bool:
    """A feminine word before the name, a first name with a feminine-only ending, or a female
    first name read as a stray male locative."""
    first = m.text.split()[0].lower() if " " in m.text.strip() else ""
    return bool((i > 0 and _apposition_femn(tokens[i - 1])) or first.endswith(FEMININE_ONLY_ENDINGS)
                or (first and _stray_locative(tokens[i], tokens[i - 1].text if i else "")
                    and (feminine_first_name(first, "ru") or feminine_first_name(first, "uk"))))


def _clear_gender(votes: collections.Counter) -> str:
    """The gender with enough votes and at least twice the other's, else ""."""
    for g, other in (("femn", "masc"), ("masc", "femn")):
        if votes[g] >= GENDER_MIN_VOTES and votes[g] >= 2 * votes[other]:
            return g
    return ""


def _stray_locative(tok, prev: str) -> bool:
    """A male name read in the locative with no preposition of the locative before it: not that
    name ("адвокат Асии Биби" is not the locative of "Асий")."""
    tag = set(tok.tag.replace(" ", ",").split(","))
    return {"loct", "masc", "Name"} <= tag and prev.lower() not in LOCATIVE_PREPOSITIONS


def _governs(tok) -> bool:
    """A noun or preposition before a name puts it in an oblique case: no subject there."""
    return tok.pos in ("NOUN", "PREP")


def _apposition_femn(tok) -> bool:
    """A feminine title or adjective right before a name ("христианка Асия", "осужденной Асии")."""
    tag = set(tok.tag.replace(" ", ",").split(","))
    if "femn" not in tag or "plur" in tag or not tok.text.islower():
        return False
    return bool(tag & {"ADJF", "PRTF"}) or ("NOUN" in tag and "anim" in tag)


def _shown_gender(tok) -> str:
    if tok.text.lower() in GENDER_WORDS:
        return GENDER_WORDS[tok.text.lower()]
    tag = set(tok.tag.replace(" ", ",").split(","))
    if ("VERB" in tag and "past" in tag) or tag & {"PRTS", "ADJS"}:
        return next((g for g in ("femn", "masc") if g in tag), "")
    return ""


def one_name_per_document(mentions: Sequence, lemmas: list[str]) -> list[str]:
    """Rule ``one name per document`` over the PER mentions and their base forms; also a first
    name takes the base form most mentions of the same surname give it when the two share
    their first letters ("Асие Биби" beside "Асия Биби", "Асии Биби")."""
    evidence = _name_evidence(mentions, lemmas)
    return [_one_name(m, lemma, *evidence) for m, lemma in zip(mentions, lemmas)]


def _name_evidence(mentions: Sequence, lemmas: list[str]):
    """Surnames some mention shows in the nominal form, the base form of each oblique word,
    and the base forms of the first names given per person key."""
    nominal: set[str] = set()
    oblique: dict[str, str] = {}
    firsts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for m, lemma in zip(mentions, lemmas):
        words, forms = m.text.split(), lemma.split()
        if m.type != "PER" or len(words) < 2 or len(words) != len(forms):
            continue
        firsts[person_key(m.text)][forms[0]] += 1
        if words == forms:
            nominal.add(words[-1])
        elif words[-1] != forms[-1]:
            oblique.setdefault(words[-1], forms[-1])
        oblique.setdefault(words[0], forms[0])
    return nominal, oblique, firsts


def _one_name(m, lemma: str, nominal: set[str], oblique: dict[str, str],
              firsts: dict[str, collections.Counter]) -> str:
    """One mention's base form brought in line with the document's other mentions."""
    words, forms = m.text.split(), lemma.split()
    if m.type != "PER" or not words or len(words) != len(forms):
        return lemma
    last = words[-1]
    if last in nominal:
        forms[-1] = last
    elif len(words) == 1 and last in oblique:
        forms[-1] = oblique[last]
    if len(words) > 1:
        best = firsts[person_key(m.text)].most_common(1)[0][0]
        if best[:3].lower() == forms[0][:3].lower():
            forms[0] = best
    return respace(m.text, forms)


def respace(text: str, forms: list[str]) -> str:
    """``forms`` put in place of the whitespace-separated words of ``text`` (its spacing kept)."""
    pieces, k, out = re.split(r"(\s+)", text), 0, []
    for piece in pieces:
        if piece and not piece.isspace():
            piece, k = forms[k], k + 1
        out.append(piece)
    return "".join(out)
