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
import functools
from dataclasses import dataclass
from typing import Any, Sequence

from . import baseform_names as names
from .baseform_learned import apply_edit, edit_features, edit_of, known, learned_form
from .baseform_persons import person_forms
from .baseform_words import (AGREEING_POS, LOCATIVE_PREPOSITIONS, NAME_GRAMMEMES, case_of, core_of, gender_of, nominative, number_of,
                             unyo, word_parses)
from .model import Doc, Token
from .morph import Analysis, Morph
from .pipeline import Resources, Stage

__all__ = ["STAGE", "run", "base_form", "Context", "edit_of", "edit_features", "apply_edit"]

CAPITALS_TITLED = frozenset({"uk"})
# Base forms of mentions already seen, by everything they depend on (names recur across articles).
CACHE_LIMIT = 20_000         # about 10 MB


def run(doc: Doc, resources: Resources) -> Doc:
    """The ``baseform`` stage: fill ``Mention.lemma`` of every mention."""
    ner = resources.get("ner")
    lemmas = _lemmas(doc, resources["morph"], ner.lemma_tagger if ner is not None else None)
    lemmas = [" ".join(x.split()) for x in names.one_name_per_document(doc.mentions, lemmas)]
    return dataclasses.replace(doc, mentions=tuple(
        dataclasses.replace(m, lemma=lemma) for m, lemma in zip(doc.mentions, lemmas)))


def _lemmas(doc: Doc, morph: Morph, tagger: Any) -> list[str]:
    """Each mention's base form, from its tokens, the word before it and its person's gender."""
    tokens = [t for s in doc.sentences for t in s.tokens]
    langs = [s.language for s in doc.sentences for _ in s.tokens]
    starts = [t.start for t in tokens]
    genders = names.gender_votes(doc.mentions, tokens, frozenset(s.tokens[0].start for s in doc.sentences if s.tokens))
    lemmas = []
    for m in doc.mentions:
        lo, hi = bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end)
        idx = [i for i in range(lo, hi) if tokens[i].end <= m.end]
        gender = genders.get(names.person_key(m.text), "") if m.type == "PER" else ""
        ctx = Context(langs[idx[0]] if idx else doc.article.language, m.type, morph, m.text, m.start,
                      tokens[lo - 1].text if lo > 0 else "", tagger, gender)
        lemmas.append(_remembered(ctx, [tokens[i] for i in idx]))
    return lemmas


def _remembered(ctx: Context, tokens: list[Token]) -> str:
    """``base_form``, remembered by everything it depends on (names recur across articles)."""
    return _base_form_of(_Key(ctx, tokens))


class _Key:
    """What a mention's base form depends on, compared by value; it carries the context and
    tokens to compute it from. The resources count by identity: a cached key holds them alive."""
    __slots__ = ("value", "ctx", "tokens")

    def __init__(self, ctx: Context, tokens: list[Token]) -> None:
        self.ctx, self.tokens = ctx, tokens
        self.value = (id(ctx.morph), id(ctx.tagger), ctx.lang, ctx.type, ctx.text,
                      ctx.prev.lower() in LOCATIVE_PREPOSITIONS, ctx.gender,
                      tuple((t.text, t.tag, t.start - ctx.offset) for t in tokens))

    def __hash__(self) -> int:
        return hash(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.value == other.value


@functools.lru_cache(maxsize=CACHE_LIMIT)
def _base_form_of(key: _Key) -> str:
    return base_form(key.ctx, key.tokens)


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
        rule = person_forms if ctx.type == "PER" and not lower_group else _phrase
        forms = {i: unyo(f, tokens[i].text) for i, f in rule(ctx, tokens, words, readings).items()}
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


def _declinable(t: Token) -> bool:
    """Cyrillic words (hyphenated ones too) that are not abbreviations in capitals."""
    core = core_of(t.text)[0]
    return all(p.isalpha() for p in core.split("-")) and not core.isupper() and not core.isascii()


def _reading(tok: Token, ctx: Context, no_loct: bool) -> Analysis | None:
    """The analysis matching the token's chosen tag (re-chosen when it is an unlikely locative)."""
    core = core_of(tok.text)[0]
    parses = ctx.morph.parses(core, ctx.lang)
    if not parses:
        return None
    chosen = next((a for a in parses if a.tag == tok.tag), None) or ctx.morph.best(core, ctx.lang)
    if not (no_loct and "loct" in chosen.grammemes):
        return chosen
    person = ctx.type == "PER"
    others = [a for a in parses if "loct" not in a.grammemes and case_of(a)
              and (not person or a.grammemes & NAME_GRAMMEMES and "plur" not in a.grammemes)]
    same = [a for a in others if a.normal_form == chosen.normal_form]
    return (same or others or [chosen])[0]


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
    number = number_of(h)
    gender = gender_of(h) if number == "sing" else ""
    forms = {head: nominative(tokens[head], h, ctx, "", number=number)}
    for i, a in agreeing.items():
        forms[i] = nominative(tokens[i], a, ctx, gender, number=number)
    return forms


def _agrees(a: Analysis, h: Analysis) -> bool:
    """An adjective reading ``a`` agrees with the noun reading ``h``."""
    if a.pos not in AGREEING_POS or case_of(a) != case_of(h) or number_of(a) != number_of(h):
        return False
    return number_of(h) == "plur" or gender_of(a) in ("", gender_of(h)) or not gender_of(h)


def _head(ctx: Context, tokens, words) -> int | None:
    """The first noun not read better as an adjective agreeing with the next word ("Голубой поток")."""
    for k, i in enumerate(words):
        parses = word_parses(ctx, tokens[i])
        if not any(a.pos == "NOUN" for a in parses):
            continue
        nxt = words[k + 1] if k + 1 < len(words) and words[k + 1] == i + 1 else None
        nouns = [h for h in word_parses(ctx, tokens[nxt]) if h.pos == "NOUN"] if nxt is not None else []
        if not any(_agrees(a, h) for a in parses for h in nouns):
            return i
    return None


def _agreement(ctx: Context, tokens, head: int, adjs: list[int], chosen: Analysis | None):
    """The head's reading that most adjectives before it agree with (then singular, not a
    person's name, a place for a LOC, nominative, the chosen one), and the agreeing reading of
    each adjective ("Рада ЄС" is рада in the nominative, not рад in the genitive)."""
    heads = [a for a in word_parses(ctx, tokens[head]) if a.pos == "NOUN" and case_of(a)] or ([chosen] if chosen else [])
    if not heads:
        return None, {}
    adj_parses = {i: word_parses(ctx, tokens[i]) for i in adjs}

    def score(h: Analysis) -> tuple:
        return (sum(any(_agrees(a, h) for a in adj_parses[i]) for i in adjs), number_of(h) == "sing",
                not h.grammemes & NAME_GRAMMEMES, ctx.type != "LOC" or "Geox" in h.grammemes,
                case_of(h) == "nomn", h == chosen)

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
            next((p for p in word_parses(ctx, tokens[i]) if p.pos in AGREEING_POS), None)
        if a is None:
            continue
        own = gender_of(a) if number_of(a) == "sing" else ""
        gender = "femn" if tokens[i].text[:1].isupper() and own == "femn" else "masc"
        forms[i] = nominative(tokens[i], a, ctx, gender, number="sing")
    return forms


def _splice(text: str, tokens: Sequence[Token], offset: int, forms: dict[int, str]) -> str:
    """``text`` with the inflected words put in place of the tokens they replace."""
    out, pos = [], 0
    for i in sorted(forms):
        s, e = tokens[i].start - offset, tokens[i].end - offset
        out += [text[pos:s], forms[i]]
        pos = e
    out.append(text[pos:])
    return "".join(out)
