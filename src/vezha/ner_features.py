"""The CRF features of the ``ner`` stage (see ``vezha.ner``): features are data.

Per token: word shape and casing, the script (Latin / Cyrillic) with the shape, a capitalised
word mid-sentence, affixes, the lemma and morphology of its tag (pymorphy3 POS, case,
Name/Surn/Geox/Abbr/Orgn ...), neighbours ±2, quotes around, the language, a knowledge-base
gazetteer flag and, when the model has them, distributional word clusters (``vezha.ner_clusters``).

The features of a word form do not depend on its sentence: they are computed once per
(form, lemma, tag) and cached (``_word``), which is most of the stage's speed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping, Sequence

from .model import Token

__all__ = ["QUOTES", "SENTENCE_OPENERS", "shape", "script", "capitalised_mid", "inside_quotes",
           "token_features", "sentence_features"]

QUOTES = frozenset("\"«»„“”'‘’")
FLAG_GRAMMEMES = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Fixd", "anim", "inan", "Trad")
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
SENTENCE_OPENERS = frozenset(".!?:;—–-\"«„“'")
NEIGHBOURS = (-2, -1, 1, 2)
CLUSTER_NEIGHBOURS = (-1, 1)
# Features also conjoined with the language: uk and ru annotators type some names differently
# (ЄС LOC in uk, ЕС ORG in ru; "Північний потік-2" ORG, "Северный поток-2" PRO).
LANGUAGE_CONJOINED: tuple[str, ...] = ("gaz=", "ssh=", "capmid=", "inq", "first", "sh=")
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
GRAMMEME_SPLIT = re.compile(r"[ ,]")


def shape(word: str) -> str:
    """Xxxx -> Xx, ABC -> X, a-50 -> x-d: character classes with repeats collapsed."""
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def script(word: str) -> str:
    """L (Latin letters only), C (Cyrillic only), M (both) or N (no letters of either)."""
    lat, cyr = bool(LATIN.search(word)), bool(CYRILLIC.search(word))
    return "M" if lat and cyr else "L" if lat else "C" if cyr else "N"


def capitalised_mid(tokens: Sequence[Token], i: int) -> bool:
    """A capitalised word that does not open the sentence or follow a full stop, colon or quote."""
    return i > 0 and tokens[i].text[:1].isupper() and tokens[i - 1].text not in SENTENCE_OPENERS


def inside_quotes(tokens: Sequence[Token], i: int) -> bool:
    """An odd number of quote tokens before ``i`` in the sentence (a quote is open)."""
    return sum(t.text in QUOTES for t in tokens[max(0, i - 12):i]) % 2 == 1


@lru_cache(maxsize=1 << 18)
def _word(w: str, lemma: str, pos: str, tag: str, prefix: str, full: bool) -> tuple[str, ...]:
    """The features of one word form (own with ``full``, a neighbour's with its ``prefix``)."""
    g = set(GRAMMEME_SPLIT.split(tag)) if tag else set()
    sh = shape(w)
    feats = [f"{prefix}w={w.lower()}", f"{prefix}sh={sh}", f"{prefix}pos={pos}", f"{prefix}ssh={script(w)}{sh}"]
    feats += [f"{prefix}{gr}" for gr in FLAG_GRAMMEMES if gr in g]
    feats += [f"{prefix}c={c}" for c in CASES if c in g]
    if full:
        low = w.lower()
        feats += [f"l={lemma.lower()}", f"s3={low[-3:]}", f"s2={low[-2:]}", f"s4={low[-4:]}",
                  f"p3={low[:3]}", f"lat={bool(LATIN.search(w))}", f"cyr={bool(CYRILLIC.search(w))}",
                  f"len={min(len(w), 8)}"]
    elif prefix in ("-1:", "1:"):
        feats.append(f"{prefix}l={lemma.lower()}")
        if w in QUOTES:
            feats.append(f"{prefix}quote")
    return tuple(feats)


def _of(tok: Token, prefix: str, full: bool) -> tuple[str, ...]:
    return _word(tok.text, tok.lemma, tok.pos, tok.tag, prefix, full)


@lru_cache(maxsize=1 << 18)
def _own(w: str, lemma: str, pos: str, tag: str, language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A word form's own features and those of them conjoined with the language."""
    feats = _word(w, lemma, pos, tag, "", True)
    return feats, _conjoined(feats, language)


def _conjoined(feats: Sequence[str], language: str) -> tuple[str, ...]:
    return tuple(f"{language}|{f}" for f in feats if f.startswith(LANGUAGE_CONJOINED))


def token_features(tokens: Sequence[Token], i: int, language: str,
                   gazetteer: Mapping[str, str] | None = None,
                   clusters: Mapping[str, str] | None = None, in_quotes: bool | None = None,
                   cluster_of: Sequence[str | None] | None = None) -> list[str]:
    """The CRF features of token ``i`` of a sentence (``in_quotes``: ``inside_quotes``, if known;
    ``cluster_of``: each token's cluster, if known)."""
    tok = tokens[i]
    own, conjoined = _own(tok.text, tok.lemma, tok.pos, tok.tag, language)
    context = []
    if i == 0:
        context.append("first")
    elif capitalised_mid(tokens, i):
        context.append(f"capmid={script(tok.text)}")
    if inside_quotes(tokens, i) if in_quotes is None else in_quotes:
        context.append("inq")
    feats = ["bias", f"lang={language}", *own, *context]
    for d in NEIGHBOURS:
        j = i + d
        feats += _of(tokens[j], f"{d}:", False) if 0 <= j < len(tokens) else (f"{d}:edge",)
    if gazetteer:
        hit = gazetteer.get(tok.lemma.lower()) or gazetteer.get(tok.text.lower())
        if hit:
            context.append(f"gaz={hit}")
            feats.append(context[-1])
    # Neighbours' features carry a "d:" prefix, so only the token's own and context features
    # can be conjoined with the language: the word's part is cached with the word.
    feats += conjoined
    feats += _conjoined(context, language)
    if clusters:
        feats += _cluster_features(cluster_of or [clusters.get(t.text.lower()) for t in tokens], i)
    return feats


def _cluster_features(cluster_of: Sequence[str | None], i: int) -> list[str]:
    """The cluster of the word and its neighbours ±1, fine ("12.7") and coarse ("12")."""
    out: list[str] = []
    for d in (0, *CLUSTER_NEIGHBOURS):
        j = i + d
        if 0 <= j < len(cluster_of) and cluster_of[j]:
            out += _cluster_pair(d, cluster_of[j])
    return out


@lru_cache(maxsize=1 << 14)
def _cluster_pair(d: int, c: str) -> tuple[str, str]:
    return f"{d}:cl={c}", f"{d}:clc={c.split('.')[0]}"


def sentence_features(tokens: Sequence[Token], language: str,
                      gazetteer: Mapping[str, str] | None = None,
                      clusters: Mapping[str, str] | None = None,
                      only: Sequence[int] | None = None) -> list[list[str]]:
    """The CRF features of every token of a sentence (quotes counted once for all), or of the
    tokens ``only`` lists (each still read with its neighbours in the whole sentence)."""
    seen = [0]
    for t in tokens:
        seen.append(seen[-1] + (t.text in QUOTES))
    cluster_of = [clusters.get(t.text.lower()) for t in tokens] if clusters else None
    return [token_features(tokens, i, language, gazetteer, clusters, (seen[i] - seen[max(0, i - 12)]) % 2 == 1,
                           cluster_of) for i in (range(len(tokens)) if only is None else only)]
