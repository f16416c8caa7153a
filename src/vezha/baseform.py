"""Base forms: each mention as a whole in the nominative ("Генштабу ЗСУ" -> "Генштаб ЗСУ").

Each word is inflected according to its role in the name, by rules kept as data:

* ``keep``: abbreviations, Latin and digit tokens, indeclinable words and words already in
  the nominative stay as written;
* ``person``: in a PER mention every capitalised word is a name part: put into the nominative,
  surnames in the gender of the first name ("Олегом Ждановим" -> "Олег Жданов");
* ``head``: otherwise the first noun is the head: nominative, its number kept; agreeing
  adjectives before it take the head's gender and number ("Верховного суду" -> "Верховний суд");
* ``dependent``: everything after the head is a dependent and stays as written
  ("Організації договору про колективну безпеку", "Інституті з вивчення війни").

Quotes around a name are kept ("«Укртрансгазу»" -> "«Укртрансгаз»").
"""
from __future__ import annotations

import dataclasses
from typing import Sequence

from .model import Doc, Mention, Token
from .morph import Analysis, Morph
from .pipeline import Resources, Stage

__all__ = ["STAGE", "run", "base_form", "mention_tokens"]

CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "loc2", "acc2"})
GENDERS = ("masc", "femn", "neut")
AGREEING_POS = frozenset({"ADJF", "PRTF", "NUMR"})
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
KEEP_GRAMMEMES = frozenset({"Fixd", "Abbr"})
LOCATIVE_PREPOSITIONS = frozenset({"у", "в", "на", "по", "при", "о", "об", "во", "обо"})


def run(doc: Doc, resources: Resources) -> Doc:
    """The ``baseform`` stage: fill ``Mention.lemma`` of every mention."""
    morph: Morph = resources["morph"]
    tokens = [t for s in doc.sentences for t in s.tokens]
    langs = [s.language for s in doc.sentences for _ in s.tokens]
    out = []
    for m in doc.mentions:
        idx = mention_tokens(tokens, m)
        lang = langs[idx[0]] if idx else doc.article.language
        prev = tokens[idx[0] - 1].text if idx and idx[0] > 0 else ""
        lemma = base_form(m.text, [tokens[i] for i in idx], m.start, m.type, lang, morph, prev)
        out.append(dataclasses.replace(m, lemma=lemma))
    return dataclasses.replace(doc, mentions=tuple(out))


STAGE = Stage("baseform", run, needs=frozenset({"mentions", "sentences"}),
              provides=frozenset({"lemmas_of_mentions"}), resources=frozenset({"morph"}))


def mention_tokens(tokens: Sequence[Token], m: Mention) -> list[int]:
    """Indexes of the tokens inside a mention's span (binary search would do; mentions are few)."""
    return [i for i, t in enumerate(tokens) if t.start >= m.start and t.end <= m.end]


def base_form(text: str, tokens: Sequence[Token], offset: int, type_: str, lang: str,
              morph: Morph, prev: str = "") -> str:
    """The nominative of a mention whose text is ``text`` and whose tokens are ``tokens``.

    ``prev`` is the word before the mention: without a locative preposition there, locative
    readings are unlikely ("Заява Юлії Тимошенко" is Юлія in the genitive, not Юлій in the locative).
    """
    words = [i for i, t in enumerate(tokens) if _declinable(t)]
    if not words:
        return text
    no_loct = prev.lower() not in LOCATIVE_PREPOSITIONS
    readings = {i: _reading(tokens[i], lang, morph, no_loct and i == words[0], type_ == "PER")
                for i in words}
    if type_ == "PER":
        forms = _person(tokens, words, readings, lang, morph)
    else:
        forms = _phrase(tokens, words, readings, lang, morph)
    return _splice(text, tokens, offset, forms)


def _declinable(t: Token) -> bool:
    """Cyrillic words (hyphenated ones too) that are not abbreviations in capitals."""
    parts = t.text.split("-")
    return all(p.isalpha() for p in parts) and not t.text.isupper() and not t.text.isascii()


def _reading(tok: Token, lang: str, morph: Morph, no_loct: bool, person: bool) -> Analysis | None:
    """The analysis matching the token's chosen tag (re-chosen when it is an unlikely locative)."""
    parses = morph.parses(tok.text, lang)
    chosen = next((a for a in parses if a.tag == tok.tag), parses[0] if parses else None)
    if chosen is None or not (no_loct and "loct" in chosen.grammemes):
        return chosen
    others = [a for a in parses if "loct" not in a.grammemes and _case(a)
              and (not person or a.grammemes & NAME_GRAMMEMES and "plur" not in a.grammemes)]
    same = [a for a in others if a.normal_form == chosen.normal_form]
    return (same or others or [chosen])[0]


def _case(a: Analysis | None) -> str:
    return next(iter(a.grammemes & CASES), "") if a else ""


def _gender(a: Analysis | None) -> str:
    return next((g for g in GENDERS if a and g in a.grammemes), "")


def _person(tokens, words, readings, lang, morph) -> dict[int, str]:
    """Every capitalised word of a name into the nominative, surnames in the name's gender."""
    caps = [i for i in words if tokens[i].text[:1].isupper()]
    first = readings.get(caps[0]) if caps else None
    gender = _gender(first) if first and "Name" in first.grammemes else ""
    return {i: _nominative(tokens[i], readings[i], lang, morph, gender, person=True) for i in caps}


def _phrase(tokens, words, readings, lang, morph) -> dict[int, str]:
    """Agreeing words up to the head noun into the nominative; dependents after it as written."""
    head = next((i for i in words if readings[i] and readings[i].pos == "NOUN"), None)
    if head is None:
        return {}
    case = _case(readings[head])
    h = readings[head]
    number = "plur" if h and "plur" in h.grammemes else "sing"
    gender = _gender(h) if number == "sing" else ""
    forms = {head: _nominative(tokens[head], h, lang, morph, "", person=False)}
    for i in words:
        a = readings[i]
        if i < head and a and a.pos in AGREEING_POS and _case(a) == case:
            forms[i] = _nominative(tokens[i], a, lang, morph, gender, number=number)
    return forms


def _nominative(tok: Token, a: Analysis | None, lang: str, morph: Morph, gender: str,
                person: bool = False, number: str = "") -> str:
    """``tok`` in the nominative (and ``gender``/``number`` when given); as written when unsure."""
    if person and gender:
        a = _person_reading(tok, a, lang, morph, gender)
    if _keep(a, gender if person else ""):
        return tok.text
    want = {"nomn"} | ({gender} if gender else set()) | ({number} if number == "plur" else set())
    out = morph.inflect(tok.text, lang, want, reading=a) or morph.inflect(tok.text, lang, {"nomn"}, reading=a)
    return _recase(out, tok.text) if out else tok.text


def _keep(a: Analysis | None, gender: str) -> bool:
    """Rule ``keep``: unknown, indeclinable, caseless, or already nominative (of the right gender)."""
    if a is None or a.grammemes & KEEP_GRAMMEMES or not _case(a):
        return True
    return _case(a) == "nomn" and _gender(a) in ("", gender or _gender(a))


def _person_reading(tok: Token, a: Analysis | None, lang: str, morph: Morph, gender: str) -> Analysis | None:
    """Among name readings of the token's case, one of the name's gender ("Жданова" of "Олег")."""
    if a is None or _gender(a) == gender:
        return a
    same = [p for p in morph.parses(tok.text, lang)
            if p.grammemes & NAME_GRAMMEMES and gender in p.grammemes]
    return next((p for p in same if _case(p) == _case(a)), same[0] if same else a)


def _recase(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))
    return word


def _splice(text: str, tokens: Sequence[Token], offset: int, forms: dict[int, str]) -> str:
    """``text`` with the inflected words put in place of the tokens they replace."""
    out, pos = [], 0
    for i in sorted(forms):
        s, e = tokens[i].start - offset, tokens[i].end - offset
        out += [text[pos:s], forms[i]]
        pos = e
    out.append(text[pos:])
    return "".join(out)
