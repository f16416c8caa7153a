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

import bisect
import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Sequence

from .model import Doc, Mention, Token
from .morph import Analysis, Morph
from .pipeline import Resources, Stage

__all__ = ["STAGE", "run", "base_form", "Context", "edit_of", "edit_features", "apply_edit"]

CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "loc2", "acc2"})
GENDERS = ("masc", "femn", "neut")
AGREEING_POS = frozenset({"ADJF", "PRTF", "NUMR"})
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
KEEP_GRAMMEMES = frozenset({"Fixd", "Abbr"})
MORPH_FEATURES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "masc", "femn", "neut", "plur",
                            "Name", "Surn", "Patr", "Geox", "Fixd", "Abbr", "NOUN", "ADJF", "UNKN"})
# The learned edit overrules the rules only where they are unsure (a word they left as written
# or one the dictionary does not know) and only when this sure. Measured on held-out topics:
# overruling dictionary inflections too gains 0.2-0.4 points but breaks "Петру Порошенку".
LEMMA_MIN_CONFIDENCE = 0.8
QUOTE_CHARS = "\"«»„“”'‘’"
LOCATIVE_PREPOSITIONS = frozenset({"у", "в", "на", "по", "при", "о", "об", "во", "обо"})


def run(doc: Doc, resources: Resources) -> Doc:
    """The ``baseform`` stage: fill ``Mention.lemma`` of every mention."""
    morph: Morph = resources["morph"]
    ner = resources.get("ner")
    tagger = ner.lemma_tagger if ner is not None else None
    tokens = [t for s in doc.sentences for t in s.tokens]
    langs = [s.language for s in doc.sentences for _ in s.tokens]
    starts = [t.start for t in tokens]
    out = []
    for m in doc.mentions:
        lo, hi = bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end)
        idx = [i for i in range(lo, hi) if tokens[i].end <= m.end]
        lang = langs[idx[0]] if idx else doc.article.language
        prev = tokens[lo - 1].text if lo > 0 else ""
        ctx = Context(lang, m.type, morph, m.text, m.start, prev, tagger)
        out.append(dataclasses.replace(m, lemma=base_form(ctx, [tokens[i] for i in idx])))
    return dataclasses.replace(doc, mentions=tuple(out))


STAGE = Stage("baseform", run, needs=frozenset({"mentions", "sentences"}),
              provides=frozenset({"lemmas_of_mentions"}), resources=frozenset({"morph", "ner"}))


@dataclass(frozen=True, slots=True)
class Context:
    """What the base form of one mention depends on besides its tokens.

    ``prev`` is the word before the mention: without a locative preposition there, locative
    readings are unlikely ("Заява Юлії Тимошенко" is Юлія in the genitive, not Юлій in the locative).
    """
    lang: str
    type: str
    morph: Morph
    text: str
    offset: int
    prev: str = ""
    tagger: Any = None      # the learned correction (a crfsuite Tagger), or None for rules only


def base_form(ctx: Context, tokens: Sequence[Token]) -> str:
    """The nominative of the mention ``ctx.text`` whose tokens are ``tokens``."""
    words = [i for i, t in enumerate(tokens) if _declinable(t)]
    if not words:
        return learned_form(ctx, ctx.text)
    no_loct = ctx.prev.lower() not in LOCATIVE_PREPOSITIONS
    readings = {i: _reading(tokens[i], ctx, no_loct and i == words[0]) for i in words}
    forms = (_person if ctx.type == "PER" else _phrase)(ctx, tokens, words, readings)
    return learned_form(ctx, _splice(ctx.text, tokens, ctx.offset, forms))


def _declinable(t: Token) -> bool:
    """Cyrillic words (hyphenated ones too) that are not abbreviations in capitals."""
    parts = t.text.split("-")
    return all(p.isalpha() for p in parts) and not t.text.isupper() and not t.text.isascii()


def _reading(tok: Token, ctx: Context, no_loct: bool) -> Analysis | None:
    """The analysis matching the token's chosen tag (re-chosen when it is an unlikely locative)."""
    parses = ctx.morph.parses(tok.text, ctx.lang)
    chosen = next((a for a in parses if a.tag == tok.tag), parses[0] if parses else None)
    if chosen is None or not (no_loct and "loct" in chosen.grammemes):
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


def _person(ctx: Context, tokens, words, readings) -> dict[int, str]:
    """Rule ``person``: each capitalised word of a name into the nominative."""
    caps = [i for i in words if tokens[i].text[:1].isupper()]
    if len(caps) > 1:
        readings = {**readings, **_agreeing(ctx, tokens, caps, readings)}
    first = readings.get(caps[0]) if caps else None
    gender = _gender(first) if first and "Name" in first.grammemes else ""
    return {i: _nominative(tokens[i], readings[i], ctx, gender, person=True) for i in caps}


def _agreeing(ctx: Context, tokens, caps: list[int], readings) -> dict[int, Analysis]:
    """Rule ``agreement``: the words of a name share case and gender ("Валерію Залужному" is
    the dative of Валерій, not the accusative of Валерія); readings of the (case, gender)
    that most words allow, the chosen readings breaking ties."""
    options = {i: [a for a in ctx.morph.parses(tokens[i].text, ctx.lang)
                   if a.grammemes & NAME_GRAMMEMES and "plur" not in a.grammemes] for i in caps}

    def fits(a: Analysis, case: str, gender: str) -> bool:
        return _case(a) == case and (_gender(a) == gender or "Fixd" in a.grammemes)

    def score(cg: tuple[str, str]) -> tuple[int, int]:
        return (sum(any(fits(a, *cg) for a in options[i]) for i in caps),
                sum(readings[i] is not None and fits(readings[i], *cg) for i in caps))

    pairs = [(c, g) for c in ("nomn", "gent", "datv", "accs", "ablt", "loct") for g in ("masc", "femn")]
    case, gender = max(pairs, key=score)
    out = {}
    for i in caps:
        keep = readings[i] is not None and fits(readings[i], case, gender)
        out[i] = readings[i] if keep else next((a for a in options[i] if fits(a, case, gender)), readings[i])
    return out


def _phrase(ctx: Context, tokens, words, readings) -> dict[int, str]:
    """Rule ``head``: agreeing words up to the head noun into the nominative; dependents as written."""
    head = next((i for i in words if readings[i] and readings[i].pos == "NOUN"), None)
    first = next((i for i, t in enumerate(tokens) if any(c.isalpha() for c in t.text)), None)
    if first is not None and first < (head if head is not None else len(tokens)) and first not in words:
        return {}                                   # an abbreviation or a Latin word heads it
    if head is None:
        return {}
    h = readings[head]
    number = "plur" if "plur" in h.grammemes else "sing"
    gender = _gender(h) if number == "sing" else ""
    forms = {head: _nominative(tokens[head], h, ctx, "")}
    for i in words:
        a = readings[i]
        if i < head and a and a.pos in AGREEING_POS and _case(a) == _case(h):
            forms[i] = _nominative(tokens[i], a, ctx, gender, number=number)
    return forms


def _nominative(tok: Token, a: Analysis | None, ctx: Context, gender: str,
                person: bool = False, number: str = "") -> str:
    """``tok`` in the nominative (and ``gender``/``number`` when given); as written when unsure."""
    if person and gender:
        a = _person_reading(tok, a, ctx, gender)
    if _keep(a, gender if person else ""):
        return tok.text
    want = {"nomn"} | ({gender} if gender else set()) | ({number} if number == "plur" else set())
    out = (ctx.morph.inflect(tok.text, ctx.lang, want, reading=a)
           or ctx.morph.inflect(tok.text, ctx.lang, {"nomn"}, reading=a))
    return _recase(out, tok.text) if out else tok.text


def _keep(a: Analysis | None, gender: str) -> bool:
    """Rule ``keep``: unknown, indeclinable, caseless, or already nominative (of the right gender)."""
    if a is None or a.grammemes & KEEP_GRAMMEMES or not _case(a):
        return True
    return _case(a) == "nomn" and _gender(a) in ("", gender or _gender(a))


def _person_reading(tok: Token, a: Analysis | None, ctx: Context, gender: str) -> Analysis | None:
    """Among name readings of the token's case, one of the name's gender ("Жданова" of "Олег")."""
    if a is None or _gender(a) == gender:
        return a
    same = [p for p in ctx.morph.parses(tok.text, ctx.lang)
            if p.grammemes & NAME_GRAMMEMES and gender in p.grammemes]
    return next((p for p in same if _case(p) == _case(a)), same[0] if same else a)


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


# --- the learned correction -------------------------------------------------------------------
# A CRF over the whitespace-separated words of a mention labels each word with an edit
# ("strip n letters, append s"), from its suffixes, its morphology and the edit the rules
# above propose; trained on SlavicNER base forms by ``vezha train ner`` (file ``lemma.crfsuite``).

def word_position(i: int, n: int) -> str:
    return "s" if n == 1 else "f" if i == 0 else "l" if i == n - 1 else "m"


def edit_of(word: str, lemma: str) -> str:
    """The edit turning ``word`` into ``lemma`` as "n:suffix" (case kept in the suffix)."""
    p = 0
    while p < min(len(word), len(lemma)) and word[p].lower() == lemma[p].lower():
        p += 1
    return f"{len(word) - p}:{lemma[p:]}"


def apply_edit(word: str, edit: str) -> str:
    n, _, suffix = edit.partition(":")
    if not n.isdigit() or int(n) > len(word):
        return word
    return word[:len(word) - int(n)] + suffix


def edit_features(ctx: Context, rule_lemma: str) -> list[list[str]]:
    """Features of each whitespace-separated word of the mention ``ctx.text``."""
    words = ctx.text.split()
    proposed = rule_lemma.split()
    edits = [edit_of(w, l) for w, l in zip(words, proposed)] if len(proposed) == len(words) else []
    return [_edit_word_features(ctx, words, i, edits) for i in range(len(words))]


def _edit_word_features(ctx: Context, words: list[str], i: int, edits: list[str]) -> list[str]:
    w = words[i]
    low = w.lower()
    core = w.strip(QUOTE_CHARS + ".,")
    feats = [f"t={ctx.type}", f"lang={ctx.lang}", f"pos={word_position(i, len(words))}", f"w={low}",
             f"up={w.isupper()}", f"cap={w[:1].isupper()}", f"digit={any(c.isdigit() for c in w)}",
             f"rule={edits[i] if edits else '?'}", f"n={min(len(words), 4)}"]
    feats += [f"s{k}={low[-k:]}" for k in range(1, 5)]
    feats += [f"p{k}={low[-k:]}|{ctx.type}" for k in (2, 3)]
    if core.isalpha():
        parses = ctx.morph.parses(core, ctx.lang)
        feats.append(f"known={ctx.morph.known(core, ctx.lang)}")
        feats += sorted({f"m={g}" for a in parses[:6] for g in a.grammemes & MORPH_FEATURES})
    for d in (-1, 1):
        if 0 <= i + d < len(words):
            feats += [f"{d}:s2={words[i + d].lower()[-2:]}", f"{d}:rule={edits[i + d] if edits else '?'}"]
    return feats


def _unsure_rule(ctx: Context, word: str, rule_edit: str) -> bool:
    """The rules left the word as written, or the dictionary does not know it."""
    core = word.strip(QUOTE_CHARS + ".,")
    return rule_edit == "0:" or not core.isalpha() or not ctx.morph.known(core, ctx.lang)


def learned_form(ctx: Context, rule_lemma: str) -> str:
    """The mention with each word edited by the learned CRF where the rules are unsure and the
    CRF is confident (spacing of ``ctx.text`` kept)."""
    words = ctx.text.split()
    if ctx.tagger is None or not words:
        return rule_lemma
    rule_words = rule_lemma.split()
    ctx.tagger.set(edit_features(ctx, rule_lemma))
    labels = ctx.tagger.tag()
    edits = []
    for k, label in enumerate(labels):
        rule_edit = edit_of(words[k], rule_words[k]) if len(rule_words) == len(words) else label
        sure = label == rule_edit or (_unsure_rule(ctx, words[k], rule_edit)
                                      and ctx.tagger.marginal(label, k) >= LEMMA_MIN_CONFIDENCE)
        edits.append(label if sure else rule_edit)
    pieces = re.split(r"(\s+)", ctx.text)
    out, k = [], 0
    for piece in pieces:
        if piece and not piece.isspace():
            piece = apply_edit(piece, edits[k])
            k += 1
        out.append(piece)
    return "".join(out)
