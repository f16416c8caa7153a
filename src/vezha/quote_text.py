"""The text as the quote rules see it: words with readings, sentences, matched quote marks.

Used by ``vezha.quotes`` (the rules) and ``vezha.speakers`` (speaker phrases). Sentences are
split here, not taken from the text stage, so that initials ("Т.Мей") and the tail line of a
quote ("...,\n– розповів він.") never break one; token readings (lemma, tag) are reused.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from . import cues
from .model import Doc, Quote, Sentence, Speaker, Token

__all__ = ["Context", "build_context", "word_at", "is_cue", "cue_words", "make", "hedges", "phrase_at",
           "content_end", "CLAUSE_END", "SENT_END"]

WORD = re.compile(r"\w+(?:[.'’ʼ-]\w+)*|[^\w\s]")
INITIAL = re.compile(r"^[A-ZА-ЯІЇЄҐ]$")
ABBREV = frozenset("тис млн млрд ст р рр грн ім див вул обл км см ін т д п".split())
CLAUSE_END = frozenset(",.;:!?…()")
SENT_END = frozenset(".!?…")
INFINITIVE = {"uk": ("ти", "тися"), "ru": ("ть", "ться", "чь"), "en": ()}


@dataclass(frozen=True, slots=True)
class Context:
    """The document as the rules see it: text, words with readings, sentences, quote marks."""
    text: str
    lang: str
    words: tuple[Token, ...]
    units: tuple[tuple[int, int], ...]          # sentences as (first word, end word) indexes
    pairs: tuple[tuple[int, int], ...]          # quote marks as (open char, close char)
    mentions: tuple = ()
    debug: bool = False
    unit_starts: tuple[int, ...] = ()            # first word of each sentence, for bisection
    entity_names: Mapping[str, str] = field(default_factory=dict)   # entity id -> canonical name
    lows: tuple[str, ...] = ()                   # each word's text in lower case
    starts: tuple[int, ...] = ()                 # each word's start offset, for bisection
    mentions_at: Mapping[int, tuple] = field(default_factory=dict)  # start -> mentions there
    closes_at: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # open mark -> closes
    cue_flags: tuple[bool, ...] = ()             # is_cue of each word, decided once

    def unit_of(self, w: int) -> tuple[int, int]:
        """The sentence (first word, end word) holding word ``w``."""
        return self.units[max(bisect.bisect_right(self.unit_starts, w) - 1, 0)]


def build_context(doc: Doc, debug: bool = False) -> Context:
    """The document as the rules see it. The part read from the text and its tokens is
    computed once for the quotes, speakers and claims stages of one document
    (``_text_context``); the mentions, entity names and debug flag are added on each call."""
    lang = doc.article.language if doc.article.language in INFINITIVE else "uk"
    return dataclasses.replace(
        _text_context(TextKey(doc.text, lang, doc.sentences)), mentions=doc.mentions,
        debug=debug, entity_names={e.id: e.name for e in doc.entities},
        mentions_at=_grouped((m.start, m) for m in doc.mentions))


class TextKey:
    """What the text part of a ``Context`` is computed from, compared by value. Hashed by the
    text alone (a string caches its hash): hashing every token of the sentences would cost a
    tenth of computing the context, comparing them when the texts are equal costs nothing when
    they are the same objects."""
    __slots__ = ("text", "lang", "sentences")

    def __init__(self, text: str, lang: str, sentences: tuple[Sentence, ...]) -> None:
        self.text, self.lang, self.sentences = text, lang, sentences

    def __hash__(self) -> int:
        return hash(self.text)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, TextKey) and self.text == other.text
                and self.lang == other.lang and self.sentences == other.sentences)


@lru_cache(maxsize=4)
def _text_context(key: TextKey) -> Context:
    """Words with readings, sentences, quote marks and cue words: a pure function of the
    text, its language and its tokens, remembered for the stages that follow."""
    text, lang = key.text, key.lang
    readings = {t.start: t for s in key.sentences for t in s.tokens}
    words = tuple(_word(m, readings) for m in WORD.finditer(text))
    units = tuple(_units(text, words)) or ((0, 0),)
    pairs = tuple(_pairs(text))
    lows = tuple(w.text.lower() for w in words)
    return Context(text, lang, words, units, pairs, unit_starts=tuple(u[0] for u in units),
                   lows=lows, starts=tuple(w.start for w in words), closes_at=_grouped(pairs),
                   cue_flags=tuple(_is_cue(w, low, lang) for w, low in zip(words, lows)))


def _grouped(items) -> dict:
    """key -> the values with that key, in order (indexes of ``Context``)."""
    out: dict = {}
    for key, value in items:
        out[key] = out.get(key, ()) + (value,)
    return out


def _word(m: re.Match[str], readings: dict[int, Token]) -> Token:
    t = readings.get(m.start())
    if t is not None and t.end == m.end():
        return t if t.text == m.group() else dataclasses.replace(t, text=m.group())
    return Token(m.start(), m.end(), m.group())


def _units(text: str, words: tuple[Token, ...]):
    """Sentences: split after . ! ? before a capital, quote or dash, and at line breaks."""
    start = 0
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is None or _breaks(text, words, i, nxt):
            yield start, i + 1
            start = i + 1


def _breaks(text: str, words, i: int, nxt: Token) -> bool:
    w = words[i]
    gap = text[w.end:nxt.start]
    if "\n" in gap:
        return not (nxt.text in cues.DASHES and _lower_after(words, i + 1))
    if w.text not in SENT_END and not (w.text in "\"»”" and i and words[i - 1].text in SENT_END):
        return False
    if not gap or not (nxt.text[0].isupper() or nxt.text[0].isdigit() or nxt.text in "\"«„“"):
        return False
    prev = words[i - 1].text if i else ""
    return not (w.text == "." and (INITIAL.match(prev) or prev.lower() in ABBREV))


def _lower_after(words, i: int) -> bool:
    return i + 1 < len(words) and words[i + 1].text[:1].islower()


# The only characters _pairs acts on: quote marks (opening and closing) and line breaks.
PAIR_CHARS = re.compile("[%s\n]" % re.escape("".join(sorted(
    {c for opening, closing in cues.QUOTE_PAIRS.items() for c in opening + closing}))))


def _pairs(text: str) -> list[tuple[int, int]]:
    """Matched quote marks; a straight quote opens after a space and closes before one."""
    stack: list[tuple[int, str]] = []
    out = []
    for found in PAIR_CHARS.finditer(text):
        i, ch = found.start(), found.group()
        if ch == '"':
            opening = _opens(text, i)
            if stack and stack[-1][1] == '"' and not opening:
                out.append((stack.pop()[0], i))
            elif opening:
                stack.append((i, ch))
        elif ch in cues.QUOTE_PAIRS and ch != '"':
            stack.append((i, ch))
        elif stack and ch in cues.QUOTE_PAIRS.get(stack[-1][1], "") and stack[-1][1] != '"':
            out.append((stack.pop()[0], i))
        if ch == "\n":
            stack = [s for s in stack if text.count("\n", s[0], i) < 2]
    return sorted(out)


def _opens(text: str, i: int) -> bool:
    """The straight quote at ``i`` opens: after a space, a bracket, a dash or a colon (or at the
    start), and before a word."""
    before, after = text[i - 1:i], text[i + 1:i + 2]
    return bool((not before or before.isspace() or before in "([—–-:") and after and not after.isspace())


# --- helpers shared by the rules ------------------------------------------------------------

def word_at(ctx: Context, offset: int) -> int:
    """Index of the first word starting at or after ``offset``."""
    return bisect.bisect_left(ctx.starts, offset)


def is_cue(ctx: Context, i: int) -> bool:
    """A speech or cognition word, not an infinitive ("може оголосити") nor an imperative ("скажімо")."""
    return ctx.cue_flags[i]


def cue_words(ctx: Context) -> list[int]:
    """The indexes of the cue words, in order."""
    return [i for i, cue in enumerate(ctx.cue_flags) if cue]


def _is_cue(w: Token, low: str, lang: str) -> bool:
    if not w.text[:1].isalpha() or "infn" in w.tag or "impr" in w.tag or low.endswith(INFINITIVE[lang]):
        return False
    return cues.is_cue_word(w.text, w.lemma, lang)


def make(ctx: Context, start: int, end: int, kind: str, cue: Token | tuple[int, int] | None,
         speaker: Speaker | None, rule: str, via: tuple[Speaker, ...] = ()) -> Quote | None:
    """A quote over [start, end) trimmed of spaces, punctuation and its own quote marks."""
    start, end, kind = _trim(ctx.text, start, end, kind)
    if end - start < 3 or speaker is None:
        return None
    cs, ce = (cue.start, cue.end) if isinstance(cue, Token) else (cue or (-1, -1))
    return Quote(start, end, ctx.text[start:end], kind, speaker, ctx.text[cs:ce] if cs >= 0 else "",
                 cs, ce, via, -1, hedges(ctx.text[start:end]), rule if ctx.debug else "")


def _trim(text: str, start: int, end: int, kind: str) -> tuple[int, int, str]:
    while start < end and (text[start].isspace() or text[start] in ",:;–—-•·*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:–—-"):
        end -= 1
    if end - start > 2 and text[start] in cues.QUOTE_PAIRS and text[end - 1] in cues.QUOTE_PAIRS[text[start]]:
        if not any(c in text[start + 1:end - 1] for c in "\"«»"):
            inner = end - 1
            while inner > start + 1 and text[inner - 1] in ",;:.":
                inner -= 1             # '"We will stay," said May'
            return start + 1, inner, "direct"
    if kind == "indirect" and any(c in text[start:end] for c in "\"«»„“"):
        kind = "mixed"
    return start, end, kind


# Each hedge as a whole word; "h in low" first, the pattern only when the hedge occurs at all.
HEDGE_PATTERNS = tuple((h, re.compile(rf"\W{re.escape(h)}\W")) for h in cues.HEDGES + cues.CONDITIONALS[:1])


def hedges(content: str) -> tuple[str, ...]:
    low = f" {content.lower()} "
    return tuple(h for h, pattern in HEDGE_PATTERNS if h in low and pattern.search(low))


def content_end(ctx: Context, stop: int) -> int:
    """The char offset where a sentence's content ends (before its final stop)."""
    last = ctx.words[stop - 1]
    return last.start if last.text in SENT_END else last.end


def phrase_at(ctx: Context, i: int, phrases: tuple[str, ...]) -> int:
    """Number of words of the longest of ``phrases`` starting at word ``i`` (0 if none)."""
    lows = ctx.lows
    if i >= len(lows):
        return 0
    for parts in _phrase_index(phrases).get(lows[i], ()):     # longest first
        if tuple(lows[i:i + len(parts)]) == parts:
            return len(parts)
    return 0


@lru_cache(maxsize=64)
def _phrase_index(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases by their first word, longest first (phrase_at ran every phrase at every
    word: a third of the pipeline's time)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        parts = tuple(phrase.split())
        if parts:
            index.setdefault(parts[0], []).append(parts)
    return {first: tuple(sorted(found, key=len, reverse=True)) for first, found in index.items()}

