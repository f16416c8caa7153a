"""Does a new claim repeat or contradict an earlier one by the same speaker? A heuristic.

Both are judged on word stems (the first ``STEM`` letters of each lowercased word of three or
more letters, negation cues and ``STOP`` words left out), so "вступати" and "вступить" meet:

* **repeat**: the stems overlap (over the smaller set) by at least ``similarity`` and the
  polarity is the same;
* **contradict**: the claims share an ``about`` entity, their stems overlap by at least
  ``CONTRADICT_OVERLAP``, and exactly one of them carries a negation cue ("не", "ніколи не",
  "не буде", "не планує", "никогда", "not" ...: ``NEGATIONS``, ``NEGATION_PHRASES``).

This is a documented heuristic, not inference: "не виключаю" (a hedge, not a denial) or a
double negative will fool it. Reprints of the same article are not repeats: the watcher skips
earlier claims from articles of the same story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Claim

__all__ = ["Change", "compare_claims", "polarity", "stems", "NEGATIONS", "NEGATION_PHRASES",
           "STEM", "CONTRADICT_OVERLAP"]

STEM = 5
CONTRADICT_OVERLAP = 0.5
NEGATIONS = frozenset({"не", "ні", "ніколи", "жодних", "жодного", "жодної", "ни", "нет",
                       "никогда", "никаких", "not", "never", "no", "won't", "don't"})
NEGATION_PHRASES = ("ніколи не", "не буде", "не планує", "не має наміру", "не збирається",
                    "не станемо", "не будемо", "никогда не", "не будет", "не планирует",
                    "will not", "does not")
STOP = frozenset({"що", "та", "який", "яка", "яке", "які", "для", "про", "при", "від", "вже",
                  "також", "this", "that", "the", "and", "что", "это", "как", "для", "так"})
WORD = re.compile(r"[\w'’]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Change:
    """A new claim measured against an earlier one."""
    kind: str               # repeat or contradict
    earlier: Claim
    overlap: float


def polarity(text: str) -> int:
    """-1 when the text carries a negation cue, else +1."""
    low = f" {text.lower()} "
    words = set(WORD.findall(low))
    negated = bool(words & NEGATIONS) or any(f" {p} " in low for p in NEGATION_PHRASES)
    return -1 if negated else 1


def stems(text: str) -> frozenset[str]:
    words = (w.lower() for w in WORD.findall(text))
    return frozenset(w[:STEM] for w in words if len(w) >= 3 and w not in NEGATIONS | STOP)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared stems over the smaller set (0 when either has fewer than two)."""
    if min(len(a), len(b)) < 2:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def compare_claims(new: Claim, earlier: Claim, similarity: float,
                   wanted: tuple[str, ...] = ("repeat", "contradict")) -> Change | None:
    """The change ``new`` makes to ``earlier`` (same speaker assumed), or None."""
    score = overlap(stems(new.text), stems(earlier.text))
    same = polarity(new.text) == polarity(earlier.text)
    if "repeat" in wanted and same and score >= similarity:
        return Change("repeat", earlier, round(score, 3))
    shared = set(new.about) & set(earlier.about)
    if "contradict" in wanted and not same and shared and score >= CONTRADICT_OVERLAP:
        return Change("contradict", earlier, round(score, 3))
    return None
