"""Which tokens of a sentence the ``ner`` CRF reads (see ``vezha.ner``): the windows around
the words that can start a name.

A name starts at a word with a capital letter or a digit, a quote, or a word the knowledge
base's gazetteer knows ("брексит"); a sentence's other words are outside every name but for
the lowercase words inside a long one ("Інститут з вивчення війни"). So the CRF tags only
each such candidate, ``BEFORE`` word before it and ``AFTER`` words after it, as one sequence
per sentence (each word's features still read from the whole sentence); a window whose last
word the CRF puts in a name grows by ``AFTER`` words and the sentence is tagged again, and so
does one whose first word continues a name. The other words are "O". On 183 SlavicNER
documents a third of the tokens are candidates and these windows hold about 55 % of all tokens.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Any, Callable, Mapping, Sequence

from .model import Token
from .ner_features import QUOTES

__all__ = ["BEFORE", "AFTER", "MAX_ROUNDS", "STARTERS_FILE", "STARTER_WEIGHT", "candidate", "windows", "grown",
           "WindowView", "tag_windows", "model_labels", "name_starters", "save_starters", "load_starters"]

BEFORE = 2
AFTER = 2
MAX_ROUNDS = 8      # a window grows at most this many times (then the whole sentence is read)
STARTERS_FILE = "starters.txt"
# A lowercase word or lemma whose feature ("w=уряду", "l=референдум") weighs this much more for
# a B- label than for "O" in the model starts a window.
STARTER_WEIGHT = 0.4


def candidate(tok: Token, gazetteer: Mapping[str, str], starters: AbstractSet[str] = frozenset()) -> bool:
    """A word that can start a name: a capital or a digit in it, a quote, a gazetteer name, or
    a lowercase word or lemma the CRF starts names with (``starters``: "референдум", "уряд")."""
    w = tok.text
    if not w.islower():
        return any(c.isupper() or c.isdigit() for c in w) or w in QUOTES
    lemma = tok.lemma.lower()
    return (w[0].isascii() or w in starters or lemma in starters
            or bool(gazetteer and (gazetteer.get(lemma) or gazetteer.get(w))))


def windows(flags: Sequence[bool], before: int = BEFORE, after: int = AFTER) -> list[int]:
    """The indices the CRF reads: each flagged token with ``before`` tokens before and ``after`` after."""
    n, keep = len(flags), set()
    for k, flag in enumerate(flags):
        if flag:
            keep.update(range(max(0, k - before), min(n, k + after + 1)))
    return sorted(keep)


def grown(keep: Sequence[int], labels: Sequence[str], n: int, after: int = AFTER) -> set[int]:
    """Tokens to add: ``after`` past a window whose last or last but one token is in a name
    ("Федеральної служби з" + "нагляду у"), and ``after`` before one whose first token is
    ("кабінет" + "міністрів Великої Британії")."""
    kept, add = set(keep), set()
    for s, k in enumerate(keep):
        if labels[s] == "O":
            continue
        for edge in (k + 1, k + 2):         # the name reaches the window's last or last but one token
            if edge < n and edge not in kept and edge - 1 in kept:
                add.update(range(edge, min(n, edge + after)))
        if k > 0 and k - 1 not in kept:
            add.update(range(max(0, k - after), k))
    return add - kept


@dataclass(frozen=True, slots=True)
class WindowView:
    """The CRF tagger seen through a sentence's windows: ``marginal(label, k)`` at sentence
    token ``k`` (a token outside every window is "O" for sure)."""
    tagger: Any
    at: Mapping[int, int]

    def labels(self) -> tuple[str, ...]:
        return model_labels(self.tagger)

    def marginal(self, label: str, k: int) -> float:
        s = self.at.get(k)
        return float(label == "O") if s is None else self.tagger.marginal(label, s)


@lru_cache(maxsize=8)
def model_labels(tagger: Any) -> tuple[str, ...]:
    """The labels of a loaded CRF (asked of the model once)."""
    return tuple(tagger.labels())


def tag_windows(tokens: Sequence[Token], gazetteer: Mapping[str, str], starters: AbstractSet[str],
                features: Callable[[Sequence[int]], list[list[str]]],
                tag: Callable[[list[list[str]]], list[str]], tagger: Any) -> tuple[list[str], WindowView]:
    """Labels of every token of a sentence, the CRF reading only the windows (``features`` of
    the listed indices, ``tag`` of their sequence), and the tagger's view of that sentence."""
    n = len(tokens)
    keep = windows([candidate(t, gazetteer, starters) for t in tokens])
    if not keep:
        return ["O"] * n, WindowView(tagger, {})
    cache: dict[int, list[str]] = {}

    def read(keep: list[int]) -> list[str]:
        missing = [k for k in keep if k not in cache]
        cache.update(zip(missing, features(missing)))
        return tag([cache[k] for k in keep])

    for _ in range(MAX_ROUNDS):
        labels = read(keep)
        more = grown(keep, labels, n) if len(keep) < n else set()
        if not more:
            break
        keep = sorted(set(keep) | more)
    else:                               # still growing: read the whole sentence
        keep = list(range(n))
        labels = read(keep)
    out = ["O"] * n
    for s, k in enumerate(keep):
        out[k] = labels[s]
    return out, WindowView(tagger, {k: s for s, k in enumerate(keep)})


def name_starters(tagger: Any, weight: float = STARTER_WEIGHT) -> frozenset[str]:
    """The lowercase words and lemmas whose feature weighs more than ``weight`` more for a B-
    label than for "O"."""
    begin: dict[str, float] = {}
    outside: dict[str, float] = {}
    for (attr, label), w in tagger.info().state_features.items():
        if attr[:2] in ("w=", "l=") and attr[2:].islower():
            if label.startswith("B-"):
                begin[attr[2:]] = max(w, begin.get(attr[2:], w))
            elif label == "O":
                outside[attr[2:]] = w
    return frozenset(a for a, w in begin.items() if w - outside.get(a, 0.0) > weight)


def save_starters(starters: AbstractSet[str], path: Path) -> None:
    path.write_text("".join(f"{w}\n" for w in sorted(starters) if "\n" not in w), encoding="utf-8")


def load_starters(path: Path, tagger: Any) -> frozenset[str]:
    """The starters saved beside a model, or (a model trained without them) read from it."""
    if path.exists():
        return frozenset(path.read_text(encoding="utf-8").splitlines())
    return name_starters(tagger)
