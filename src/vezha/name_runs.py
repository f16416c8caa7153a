"""Runs of capitalised words in the quote rules' context: where a name starts and ends,
and whether it reads as a person's. Used by ``vezha.speaker_phrases``.
"""
from __future__ import annotations

from . import cues
from .quote_text import Context

__all__ = ["capital", "run_end", "name_start", "person_like", "is_name", "long_quote"]


def capital(ctx: Context, i: int) -> bool:
    w = ctx.words[i].text
    if not w[:1].isupper() or ctx.lows[i] in cues.NOT_NAMES or (w.isupper() and len(w) > 6):
        return False            # a shouted heading ("БЕЗКАРНІСТЬ:") is not a name
    if not _sentence_initial(ctx, i):
        return True
    if ctx.words[i].pos in ("ADVB", "PREP", "CONJ", "PRCL", "VERB", "NPRO", "ADJF", "NUMR"):
        return False
    return _name_word(ctx, i) or (i + 1 < len(ctx.words) and ctx.words[i + 1].text[:1].isupper())


def _sentence_initial(ctx: Context, i: int) -> bool:
    """First word of a sentence, a line, or a long quote; not after an initial ("А. Монтедуро")."""
    if i == 0 or "\n" in ctx.text[ctx.words[i - 1].end:ctx.words[i].start]:
        return True
    prev = ctx.words[i - 1]
    if prev.text in ".!?":
        return not (i > 1 and len(ctx.words[i - 2].text) == 1 and ctx.words[i - 2].text.isupper())
    return prev.text in "«\"„“" and long_quote(ctx, i - 1)


def _name_word(ctx: Context, i: int) -> bool:
    """A sentence-initial word is a name when it reads as one: a name tag, Latin, an acronym."""
    w = ctx.words[i]
    return is_name(w.tag) or _latin(w.text) or w.text.isupper() or "Abbr" in w.tag or not w.tag


def run_end(ctx: Context, i: int, b: int) -> int:
    """End of a run of capitalised words: "Олег Жданов", "Генштабу ЗСУ", "Т.Мей"."""
    j = i + 1
    while j < b and capital(ctx, j) and _joins(ctx, j):
        j += 1
    return j


def name_start(ctx: Context, i: int, end: int) -> int:
    """A long run keeps its trailing name: "Великої Британії Терези Мей" → "Терези Мей"."""
    if end - i >= 2 and "ADJF" in ctx.words[i].tag and not is_name(ctx.words[i].tag):
        return name_start(ctx, i + 1, end)
    if end - i < 3 or not all(_titled(ctx.words[k].text) for k in range(i, end)):
        return i
    tagged = [k for k in range(i, end) if is_name(ctx.words[k].tag)]
    if len(tagged) >= 2 and tagged == list(range(tagged[0], end)):
        return tagged[0]
    return end - 2


def _joins(ctx: Context, j: int) -> bool:
    """Whether word ``j`` continues the name before it."""
    prev, word = ctx.words[j - 1].text, ctx.words[j].text
    if prev.isupper() and len(prev) > 1 and not word.isupper():
        return not _starts_person(ctx, j)  # "НАТО | Сергій Джердж", but "МИД Германии"
    return _latin(prev) == _latin(word)    # "Ryanair | Майкл О'Лірі"


def _starts_person(ctx: Context, j: int) -> bool:
    nxt = ctx.words[j + 1] if j + 1 < len(ctx.words) else None
    return is_name(ctx.words[j].tag) or (nxt is not None and _titled(nxt.text) and not nxt.text.isupper())


def _latin(word: str) -> bool:
    return word[:1].isascii()


def _titled(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def is_name(tag: str) -> bool:
    return "Name" in tag or "Surn" in tag or "Patr" in tag


def person_like(ctx: Context, i: int, end: int) -> bool:
    words = [ctx.words[k] for k in range(i, end)]
    if any("ADJF" in w.tag and not is_name(w.tag) for w in words) or (_latin(words[0].text) and ctx.lang != "en"):
        return False
    if any(is_name(w.tag) for w in words) and all(_titled(w.text) for w in words):
        return True
    if len(words) == 1:
        return "." in words[0].text[:3]                      # "Т.Мей"
    return 2 <= len(words) <= 4 and all(_titled(w.text) for w in words)


def long_quote(ctx: Context, i: int) -> bool:
    """A quote of several words opens at word ``i``: a speaker is not inside it."""
    start = ctx.words[i].start
    return any(c - start > 40 for c in ctx.closes_at.get(start, ()))
