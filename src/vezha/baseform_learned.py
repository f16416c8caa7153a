"""The learned correction of base forms.

A CRF over the whitespace-separated words of a mention labels each word with an edit ("strip n
letters, append s"), from its suffixes, its morphology and the edit the rules of
``vezha.baseform`` propose; trained on SlavicNER base forms (``vezha.baseform_train``, file
``lemma.crfsuite``). It overrules the rules only where they are unsure (a word they left as
written or one the dictionary does not know) and only when it is sure.
"""
from __future__ import annotations

from typing import Any

from .baseform_names import respace

__all__ = ["word_position", "edit_of", "apply_edit", "edit_features", "learned_form", "known"]

QUOTE_CHARS = "\"«»„“”'‘’"
MORPH_FEATURES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "masc", "femn", "neut", "plur",
                            "Name", "Surn", "Patr", "Geox", "Fixd", "Abbr", "NOUN", "ADJF", "UNKN"})
# Measured on held-out topics: overruling dictionary inflections too gained 0.2-0.4 points
# with the first rules but broke "Петру Порошенку"; with the present rules 0.9 is as good as
# the rules alone (uk 0.976, ru 0.980) where 0.8 lost 0.001 in uk.
LEMMA_MIN_CONFIDENCE = 0.9


_KNOWN: dict[tuple[str, str], bool] = {}


def known(morph: Any, word: str, lang: str) -> bool:
    """``morph.known``, cached: whether the dictionary has the word (not only guesses it)."""
    key = (lang, word.lower())
    found = _KNOWN.get(key)
    if found is None:
        if len(_KNOWN) > 200_000:
            _KNOWN.clear()
        found = _KNOWN[key] = morph.known(word, lang)
    return found


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


def edit_features(ctx: Any, rule_lemma: str) -> list[list[str]]:
    """Features of each whitespace-separated word of the mention ``ctx.text``."""
    words = ctx.text.split()
    proposed = rule_lemma.split()
    edits = [edit_of(w, l) for w, l in zip(words, proposed)] if len(proposed) == len(words) else []
    return [_edit_word_features(ctx, words, i, edits) for i in range(len(words))]


def _edit_word_features(ctx: Any, words: list[str], i: int, edits: list[str]) -> list[str]:
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
        feats.append(f"known={known(ctx.morph, core, ctx.lang)}")
        feats += sorted({f"m={g}" for a in parses[:6] for g in a.grammemes & MORPH_FEATURES})
    for d in (-1, 1):
        if 0 <= i + d < len(words):
            feats += [f"{d}:s2={words[i + d].lower()[-2:]}", f"{d}:rule={edits[i + d] if edits else '?'}"]
    return feats


def _unsure_rule(ctx: Any, word: str, rule_edit: str) -> bool:
    """The rules left the word as written, or the dictionary does not know it."""
    core = word.strip(QUOTE_CHARS + ".,")
    return rule_edit == "0:" or not core.isalpha() or not known(ctx.morph, core, ctx.lang)


def learned_form(ctx: Any, rule_lemma: str) -> str:
    """The mention with each word edited by the learned CRF where the rules are unsure and the
    CRF is confident (spacing of ``ctx.text`` kept)."""
    words = ctx.text.split()
    if ctx.tagger is None or not words:
        return rule_lemma
    rule_words = rule_lemma.split()
    aligned = len(rule_words) == len(words)
    if aligned and not any(_unsure_rule(ctx, w, edit_of(w, r)) for w, r in zip(words, rule_words)):
        return rule_lemma                       # the CRF would change nothing: not asked
    ctx.tagger.set(edit_features(ctx, rule_lemma))
    return respace(ctx.text, _learned_words(ctx, words, rule_words if aligned else None))


def _learned_words(ctx: Any, words: list[str], rule_words: list[str] | None) -> list[str]:
    """Each word as the CRF tagged it where it is sure and the rules are not; the rules' word
    where the CRF agrees or is unsure (edits lose changes of case: "КИЇВ"). Without the rules'
    words (``None``: they do not align with the mention's), every word as the CRF tagged it."""
    forms = []
    for k, label in enumerate(ctx.tagger.tag()):
        if rule_words is None:
            forms.append(apply_edit(words[k], label))
            continue
        rule_edit = edit_of(words[k], rule_words[k])
        sure = label != rule_edit and _unsure_rule(ctx, words[k], rule_edit) \
            and ctx.tagger.marginal(label, k) >= LEMMA_MIN_CONFIDENCE
        forms.append(apply_edit(words[k], label) if sure else rule_words[k])
    return forms
