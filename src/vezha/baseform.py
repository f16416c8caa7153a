"""Base forms: each mention as a whole in the nominative ("Генштабу ЗСУ" -> "Генштаб ЗСУ").

Each word is inflected according to its role in the name, by rules kept as data:

* ``keep``: abbreviations, Latin and digit tokens, indeclinable words and words already in
  the nominative stay as written; "ё" is written only where the text has it;
* ``person``: in a PER mention every capitalised word is a name part: put into the nominative,
  surnames in the gender of the first name ("Олегом Ждановим" -> "Олег Жданов"); the words of
  a name share case and gender (``agreement``); a part with no reading of the name's case
  stays as written when that case is the nominative ("Ричард Гренелл"); more name rules
  (foreign surnames, female names, one name per document) in ``vezha.baseform_names``;
  a PER mention opening in lower case is a group or a title, read as a phrase
  ("консерваторов" -> "консерваторы", "президента Білорусі" -> "президент Білорусі");
* ``head``: otherwise the head is the first noun not read better as an adjective of the noun
  after it ("Голубой поток"); the head and the adjectives before it agree in case, number and
  gender, the reading most words share wins ("Великій Британії" -> "Велика Британія",
  "Українські Новини" stays plural); ``adjectives``: adjectives without a noun head (before an
  abbreviation, or alone) go to the nominative singular ("британского МИДа" -> "британский
  МИД"), masculine when in lower case;
* ``dependent``: everything after the head is a dependent and stays as written
  ("Організації договору про колективну безпеку", "Інституті з вивчення війни").

Quotes around a name are kept ("«Укртрансгазу»" -> "«Укртрансгаз»"), and so is a number
after a hyphen ("Північного потоку-2" -> "Північний потік-2").
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Sequence

from . import baseform_names as names
from .baseform_learned import apply_edit, edit_features, edit_of, known, learned_form
from .model import Doc, Token
from .morph import Analysis, Morph
from .pipeline import Resources, Stage

__all__ = ["STAGE", "run", "base_form", "Context", "edit_of", "edit_features", "apply_edit"]

CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "loc2", "acc2"})
GENDERS = ("masc", "femn", "neut")
AGREEING_POS = frozenset({"ADJF", "PRTF", "NUMR"})
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
KEEP_GRAMMEMES = frozenset({"Fixd", "Abbr"})
LOCATIVE_PREPOSITIONS = frozenset({"у", "в", "на", "по", "при", "о", "об", "во", "обо"})
NAME_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
CAPITALS_TITLED = frozenset({"uk"})
DIGIT_TAIL = re.compile(r"(.*[^\W\d_])(-\d+)")
# Base forms of mentions already seen, by everything they depend on (names recur across articles).
CACHE_LIMIT = 100_000
_CACHE: dict[tuple, str] = {}


def run(doc: Doc, resources: Resources) -> Doc:
    """The ``baseform`` stage: fill ``Mention.lemma`` of every mention."""
    morph: Morph = resources["morph"]
    ner = resources.get("ner")
    tagger = ner.lemma_tagger if ner is not None else None
    tokens = [t for s in doc.sentences for t in s.tokens]
    langs = [s.language for s in doc.sentences for _ in s.tokens]
    starts = [t.start for t in tokens]
    genders = names.gender_votes(doc.mentions, tokens, frozenset(s.tokens[0].start for s in doc.sentences if s.tokens))
    lemmas = []
    for m in doc.mentions:
        lo, hi = bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end)
        idx = [i for i in range(lo, hi) if tokens[i].end <= m.end]
        lang = langs[idx[0]] if idx else doc.article.language
        prev = tokens[lo - 1].text if lo > 0 else ""
        gender = genders.get(names.person_key(m.text), "") if m.type == "PER" else ""
        key = (id(morph), id(tagger), lang, m.type, m.text, prev.lower() in LOCATIVE_PREPOSITIONS, gender,
               tuple((tokens[i].text, tokens[i].tag, tokens[i].start - m.start) for i in idx))
        lemma = _CACHE.get(key)
        if lemma is None:
            lemma = base_form(Context(lang, m.type, morph, m.text, m.start, prev, tagger, gender),
                              [tokens[i] for i in idx])
            if len(_CACHE) > CACHE_LIMIT:
                _CACHE.clear()
            _CACHE[key] = lemma
        lemmas.append(lemma)
    lemmas = [" ".join(x.split()) for x in names.one_name_per_document(doc.mentions, lemmas)]
    return dataclasses.replace(doc, mentions=tuple(
        dataclasses.replace(m, lemma=lemma) for m, lemma in zip(doc.mentions, lemmas)))


STAGE = Stage("baseform", run, needs=frozenset({"mentions", "sentences"}),
              provides=frozenset({"lemmas_of_mentions"}), resources=frozenset({"morph", "ner"}))


@dataclass(frozen=True, slots=True)
class Context:
    """What the base form of one mention depends on besides its tokens.

    ``prev`` is the word before the mention: without a locative preposition there, locative
    readings are unlikely ("Заява Юлії Тимошенко" is Юлія in the genitive, not Юлій in the locative).
    ``gender``: the person's gender voted in the document (``baseform_names.gender_votes``).
    """
    lang: str
    type: str
    morph: Morph
    text: str
    offset: int
    prev: str = ""
    tagger: Any = None      # the learned correction (a crfsuite Tagger), or None for rules only
    gender: str = ""


def base_form(ctx: Context, tokens: Sequence[Token]) -> str:
    """The nominative of the mention ``ctx.text`` whose tokens are ``tokens``."""
    abbrs = {i: s for i, t in enumerate(tokens) if (s := names.abbreviation_stem(t.text) or _capitals(ctx, t))}
    words = [i for i, t in enumerate(tokens) if i not in abbrs and _declinable(t)]
    forms: dict[int, str] = {}
    if words:
        no_loct = ctx.prev.lower() not in LOCATIVE_PREPOSITIONS
        readings = {i: _reading(tokens[i], ctx, no_loct and i == words[0]) for i in words}
        lower_group = ctx.type == "PER" and tokens[words[0]].text[:1].islower()
        rule = _person if ctx.type == "PER" and not lower_group else _phrase
        forms = {i: _unyo(f, tokens[i].text) for i, f in rule(ctx, tokens, words, readings).items()}
    return learned_form(ctx, _splice(ctx.text, tokens, ctx.offset, {**abbrs, **forms}))


def _capitals(ctx: Context, t: Token) -> str | None:
    """Rule ``capitals``: a place written in capitals (a dateline "КИЇВ") in the usual case, in
    the languages of ``CAPITALS_TITLED`` (Russian SlavicNER annotators keep "МОСКВА")."""
    if (ctx.type != "LOC" or ctx.lang not in CAPITALS_TITLED or not t.text.isupper() or len(t.text) < 4
            or not t.text.isalpha() or not known(ctx.morph, t.text, ctx.lang)):
        return None
    parses = ctx.morph.parses(t.text, ctx.lang)
    noun = next((a for a in parses if a.pos == "NOUN" and "plur" not in a.grammemes), None)
    if noun is None or any("Abbr" in a.grammemes for a in parses):
        return None
    return noun.normal_form[:1].upper() + noun.normal_form[1:]


def _core(text: str) -> tuple[str, str]:
    """A word and the number after its hyphen: "потоку-2" -> ("потоку", "-2")."""
    m = DIGIT_TAIL.fullmatch(text)
    return (m.group(1), m.group(2)) if m else (text, "")


def _declinable(t: Token) -> bool:
    """Cyrillic words (hyphenated ones too) that are not abbreviations in capitals."""
    core = _core(t.text)[0]
    return all(p.isalpha() for p in core.split("-")) and not core.isupper() and not core.isascii()


def _reading(tok: Token, ctx: Context, no_loct: bool) -> Analysis | None:
    """The analysis matching the token's chosen tag (re-chosen when it is an unlikely locative)."""
    core = _core(tok.text)[0]
    parses = ctx.morph.parses(core, ctx.lang)
    if not parses:
        return None
    chosen = next((a for a in parses if a.tag == tok.tag), None) or ctx.morph.best(core, ctx.lang)
    if not (no_loct and "loct" in chosen.grammemes):
        return chosen
    person = ctx.type == "PER"
    others = [a for a in parses if "loct" not in a.grammemes and _case(a)
              and (not person or a.grammemes & NAME_GRAMMEMES and "plur" not in a.grammemes)]
    same = [a for a in others if a.normal_form == chosen.normal_form]
    return (same or others or [chosen])[0]


def _case(a: Analysis | None) -> str:
    return next(iter(a.grammemes & CASES), "") if a else ""


def _gender(a: Analysis | None) -> str:
    return next((g for g in GENDERS if a and g in a.grammemes), "")


def _number(a: Analysis | None) -> str:
    return "plur" if a and "plur" in a.grammemes else "sing"


# --- persons ----------------------------------------------------------------------------------

def _person(ctx: Context, tokens, words, readings) -> dict[int, str]:
    """Rule ``person``: each capitalised word of a name into the nominative."""
    caps = [i for i in words if tokens[i].text[:1].isupper()]
    readings = {i: _singular(ctx, tokens[i], readings[i]) for i in caps}
    case, gender = "", ctx.gender
    if len(caps) > 1:
        agreed, case, gender = _agreeing(ctx, tokens, caps, readings)
        readings = {**readings, **agreed}
    first = readings.get(caps[0]) if caps else None
    if not gender and first and "Name" in first.grammemes:
        gender = _gender(first)
    case = case or _case(first)
    return {i: _name_part(ctx, tokens[i], readings[i], gender, case, i == caps[0]) for i in caps}


def _singular(ctx: Context, tok: Token, a: Analysis | None) -> Analysis | None:
    """A person is one: a plural reading gives way to a singular one of the word, if any."""
    if a is None or "plur" not in a.grammemes:
        return a
    return next((p for p in ctx.morph.parses(_core(tok.text)[0], ctx.lang) if "plur" not in p.grammemes
                 and _case(p)), None)


def _name_options(ctx: Context, tok: Token) -> list[Analysis]:
    """Singular name readings of a word; its singular noun readings if it has none ("Азія")."""
    parses = [a for a in ctx.morph.parses(_core(tok.text)[0], ctx.lang) if "plur" not in a.grammemes]
    return [a for a in parses if a.grammemes & NAME_GRAMMEMES] or [a for a in parses if a.pos == "NOUN"]


def _agreeing(ctx: Context, tokens, caps: list[int], readings) -> tuple[dict[int, Analysis], str, str]:
    """Rule ``agreement``: the words of a name share case and gender ("Валерію Залужному" is
    the dative of Валерій, not the accusative of Валерія); the (case, gender) of the document's
    vote, then the one most words allow, the chosen readings breaking ties. Returns the
    readings, the case and the gender ("" when no word fits)."""
    options = {i: _name_options(ctx, tokens[i]) for i in caps}

    def fits(a: Analysis, case: str, gender: str) -> bool:
        return _case(a) == case and (_gender(a) == gender or "Fixd" in a.grammemes)

    is_known = {i: known(ctx.morph, _core(tokens[i].text)[0], ctx.lang) for i in caps}

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


def _name_part(ctx: Context, tok: Token, a: Analysis | None, gender: str, case: str, first: bool) -> str:
    """One word of a person's name in the nominative, by the name rules."""
    core = _core(tok.text)[0]
    if gender == "femn" and first and not _has(ctx, core, "femn"):
        fem = names.feminine_first_name(core, ctx.lang)
        if fem:
            return fem
    if ("-" not in core and not known(ctx.morph, core, ctx.lang)
            and core.lower().endswith(names.INDECLINABLE_ENDINGS.get(ctx.lang, ()))):
        return tok.text                             # "Стівен Барклі", "Естер Макві"
    if a is None and case not in ("", "nomn") and gender == "masc" and not known(ctx.morph, core, ctx.lang):
        return names.masculine_surname(core, ctx.lang, case) or tok.text
    if a is None or (case == "nomn" and _case(a) != "nomn"):
        return tok.text
    return _nominative(tok, a, ctx, gender, person=True)


def _has(ctx: Context, word: str, gender: str) -> bool:
    return any(gender in a.grammemes and a.grammemes & NAME_GRAMMEMES for a in ctx.morph.parses(word, ctx.lang))


# --- other names ------------------------------------------------------------------------------

def _phrase(ctx: Context, tokens, words, readings) -> dict[int, str]:
    """Rules ``head`` and ``adjectives``: agreeing words up to the head noun into the nominative."""
    head = _head(ctx, tokens, words)
    first = next((i for i, t in enumerate(tokens) if any(c.isalpha() for c in t.text)), None)
    if first is not None and first < (head if head is not None else len(tokens)) and first not in words:
        return {}                                   # an abbreviation or a Latin word heads it
    if head is None:
        return _adjectives(ctx, tokens, words, readings)
    adjs = [i for i in words if i < head]
    h, agreeing = _agreement(ctx, tokens, head, adjs, readings[head])
    if h is None:
        return {}
    number = _number(h)
    gender = _gender(h) if number == "sing" else ""
    forms = {head: _nominative(tokens[head], h, ctx, "", number=number)}
    for i, a in agreeing.items():
        forms[i] = _nominative(tokens[i], a, ctx, gender, number=number)
    return forms


def _parses(ctx: Context, tok: Token) -> tuple[Analysis, ...]:
    return ctx.morph.parses(_core(tok.text)[0], ctx.lang)


def _agrees(a: Analysis, h: Analysis) -> bool:
    """An adjective reading ``a`` agrees with the noun reading ``h``."""
    if a.pos not in AGREEING_POS or _case(a) != _case(h) or _number(a) != _number(h):
        return False
    return _number(h) == "plur" or _gender(a) in ("", _gender(h)) or not _gender(h)


def _head(ctx: Context, tokens, words) -> int | None:
    """The first noun not read better as an adjective agreeing with the next word ("Голубой поток")."""
    for k, i in enumerate(words):
        parses = _parses(ctx, tokens[i])
        if not any(a.pos == "NOUN" for a in parses):
            continue
        nxt = words[k + 1] if k + 1 < len(words) and words[k + 1] == i + 1 else None
        nouns = [h for h in _parses(ctx, tokens[nxt]) if h.pos == "NOUN"] if nxt is not None else []
        if not any(_agrees(a, h) for a in parses for h in nouns):
            return i
    return None


def _agreement(ctx: Context, tokens, head: int, adjs: list[int], chosen: Analysis | None):
    """The head's reading that most adjectives before it agree with (then singular, not a
    person's name, a place for a LOC, nominative, the chosen one), and the agreeing reading of
    each adjective ("Рада ЄС" is рада in the nominative, not рад in the genitive)."""
    heads = [a for a in _parses(ctx, tokens[head]) if a.pos == "NOUN" and _case(a)] or ([chosen] if chosen else [])
    if not heads:
        return None, {}
    adj_parses = {i: _parses(ctx, tokens[i]) for i in adjs}

    def score(h: Analysis) -> tuple:
        return (sum(any(_agrees(a, h) for a in adj_parses[i]) for i in adjs), _number(h) == "sing",
                not h.grammemes & NAME_GRAMMEMES, ctx.type != "LOC" or "Geox" in h.grammemes,
                _case(h) == "nomn", h == chosen)

    h = max(heads, key=score)
    agreeing = {i: next(a for a in adj_parses[i] if _agrees(a, h)) for i in adjs
                if any(_agrees(a, h) for a in adj_parses[i])}
    return h, agreeing


def _adjectives(ctx: Context, tokens, words, readings) -> dict[int, str]:
    """Rule ``adjectives``: nominative singular masculine ("британских" -> "британский"), but
    a capitalised feminine stays feminine ("Центральной" -> "Центральная")."""
    forms = {}
    for i in words:
        a = readings[i] if readings[i] and readings[i].pos in AGREEING_POS else \
            next((p for p in _parses(ctx, tokens[i]) if p.pos in AGREEING_POS), None)
        if a is None:
            continue
        own = _gender(a) if _number(a) == "sing" else ""
        gender = "femn" if tokens[i].text[:1].isupper() and own == "femn" else "masc"
        forms[i] = _nominative(tokens[i], a, ctx, gender, number="sing")
    return forms


# --- inflection -------------------------------------------------------------------------------

def _nominative(tok: Token, a: Analysis | None, ctx: Context, gender: str,
                person: bool = False, number: str = "") -> str:
    """``tok`` in the nominative (and ``gender``/``number`` when given); as written when unsure."""
    core, tail = _core(tok.text)
    if person and gender:
        a = _person_reading(core, a, ctx, gender)
    if _keep(a, gender if person else "", number):
        return tok.text
    if not person and a.pos == "NOUN" and number != "plur" and not a.grammemes & (NAME_GRAMMEMES | {"Pltm"}):
        return _recase(a.normal_form, core) + tail          # a common noun's normal form is its nominative
    num = {number} if number == "plur" or (number and ctx.lang == "ru") else set()   # uk has no "sing"
    want = {"nomn"} | ({gender} if gender else set()) | num
    out = (ctx.morph.inflect(core, ctx.lang, want, reading=a)
           or ctx.morph.inflect(core, ctx.lang, {"nomn"} | num, reading=a)
           or ctx.morph.inflect(core, ctx.lang, {"nomn"}, reading=a))
    return _recase(out, core) + tail if out else tok.text


def _keep(a: Analysis | None, gender: str, number: str = "") -> bool:
    """Rule ``keep``: unknown, indeclinable, caseless, or already nominative (of the right gender)."""
    if a is None or a.grammemes & KEEP_GRAMMEMES or not _case(a):
        return True
    if number and _number(a) != number:
        return False
    return _case(a) == "nomn" and _gender(a) in ("", gender or _gender(a))


def _person_reading(word: str, a: Analysis | None, ctx: Context, gender: str) -> Analysis | None:
    """Among name readings of the word's case, one of the name's gender ("Жданова" of "Олег")."""
    if a is None or _gender(a) == gender:
        return a
    same = [p for p in ctx.morph.parses(word, ctx.lang)
            if p.grammemes & NAME_GRAMMEMES and gender in p.grammemes]
    return next((p for p in same if _case(p) == _case(a)), same[0] if same else a)


def _unyo(form: str, like: str) -> str:
    """Rule ``keep``: "ё" only where the text writes it ("Соединенного" -> "Соединенное")."""
    return "".join({"ё": "е", "Ё": "Е"}.get(c, c) if c in "ёЁ" and like[k:k + 1] not in ("ё", "Ё") else c
                   for k, c in enumerate(form))


def _recase(word: str, like: str) -> str:
    """``word`` with the capitals of ``like``, hyphenated part by part ("Франкфурт-на-Майне")."""
    if like.isupper():
        return word.upper()
    parts, models = word.split("-"), like.split("-")
    if len(parts) != len(models):
        return word[:1].upper() + word[1:] if like[:1].isupper() else word
    return "-".join(p[:1].upper() + p[1:] if m[:1].isupper() else p for p, m in zip(parts, models))


def _splice(text: str, tokens: Sequence[Token], offset: int, forms: dict[int, str]) -> str:
    """``text`` with the inflected words put in place of the tokens they replace."""
    out, pos = [], 0
    for i in sorted(forms):
        s, e = tokens[i].start - offset, tokens[i].end - offset
        out += [text[pos:s], forms[i]]
        pos = e
    out.append(text[pos:])
    return "".join(out)
