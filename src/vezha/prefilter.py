"""Necessary conditions of a regular expression, derived from the expression itself.

A rule kept as a regular expression (times, cues) is tried on every sentence, and most
sentences cannot match most rules. ``requirements(pattern)`` walks the parsed pattern
(``re._parser``) and returns its *clauses*: each clause lists pieces (the first characters of
a run of literal characters, or a character class) such that every match of ``pattern``
contains at least one of them. A text in which some clause finds nothing cannot hold a
match, so the full pattern need not run. ``build_filter(rules)`` numbers the clauses of a
rule set once (rules share many) and indexes their pieces; ``may_match(filter, text)`` looks
each piece up once (long runs through the text's character trigrams) and names the rules
whose every clause found something. Nothing is kept by hand: the clauses change when the
rule does. Assertions, optional parts, back references and weak pieces (white
space, word characters, any character) give no clause; a pattern with none always runs. This
is the idea of RE2's prefilter and of trigram code search.

Case: runs and the text are compared after ``fold``, which maps every character to one
representative of the characters ``re.IGNORECASE`` treats as equal (its simple lower case,
then ``re``'s extra equivalences such as "в"/"ᲀ"); for a case-sensitive rule that is a
weaker condition, still a necessary one.
"""
from __future__ import annotations

import re
from re import _casefix as F     # type: ignore[attr-defined]
from re import _constants as C   # type: ignore[attr-defined]
from re import _parser as P      # type: ignore[attr-defined]
from typing import Any, Iterable

__all__ = ["requirements", "build_filter", "may_match", "fold", "Clause", "Filter"]

KEY_CHARS = 3                    # long runs are found through their first three characters
Piece = tuple[str, int]          # literal text (or a class's regex source), characters covered
# One of these must occur: runs of >= KEY_CHARS characters, shorter runs, character classes.
Clause = tuple[tuple[str, ...], tuple[str, ...], tuple[re.Pattern[str], ...]]
# A rule set compiled for filtering: each rule's clause numbers, the long runs of all
# clauses by their first characters, and each short run and class with the clauses it serves.
Filter = tuple[tuple[tuple[str, tuple[int, ...]], ...],
               dict[str, tuple[tuple[int, str], ...]],
               tuple[tuple[str, tuple[int, ...]], ...],
               tuple[tuple[re.Pattern[str], tuple[int, ...]], ...]]
REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))
CLASS = "\x00"                   # marks a piece that is a character class's source


def _fold_table() -> dict[int, str]:
    """re's extra case equivalences, each class mapped to its smallest member."""
    classes: dict[int, set[int]] = {}
    for code, others in F._EXTRA_CASES.items():
        members = {code, *others}
        for m in list(members):
            members |= classes.get(m, set())
        for m in members:
            classes[m] = members
    return {code: chr(min(members)) for code, members in classes.items() if code != min(members)}


FOLD = _fold_table()
NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(c)) for c in FOLD) + "]")
FULL_LOWER = "\u0130"            # the one character whose str.lower() is not one character


def fold(text: str) -> str:
    """``text`` as ``re.IGNORECASE`` compares it: one representative per equal character."""
    low = (text.replace(FULL_LOWER, "i") if FULL_LOWER in text else text).lower()
    return low.translate(FOLD) if NEEDS_FOLD.search(low) else low


def requirements(pattern: re.Pattern[str]) -> tuple[Clause, ...]:
    """The clauses every text holding a match of ``pattern`` satisfies, strongest first."""
    clauses = _sequence(list(P.parse(pattern.pattern, pattern.flags)))
    return tuple(dict.fromkeys(_compile(c, pattern.flags)
                               for c in sorted(set(clauses), key=_strength, reverse=True)))


def build_filter(rules: Iterable[tuple[str, re.Pattern[str]]]) -> Filter:
    """The rules' clauses, numbered once each (rules share many: the month names)."""
    numbers: dict[Clause, int] = {}
    by_rule = []
    for name, pattern in rules:
        by_rule.append((name, tuple(numbers.setdefault(c, len(numbers)) for c in requirements(pattern))))
    by_key: dict[str, tuple[tuple[int, str], ...]] = {}
    short: dict[str, tuple[int, ...]] = {}
    classes: dict[re.Pattern[str], tuple[int, ...]] = {}
    for (runs, shorts, patterns), n in numbers.items():
        for run in runs:
            by_key[run[:KEY_CHARS]] = by_key.get(run[:KEY_CHARS], ()) + ((n, run),)
        for run in shorts:
            short[run] = short.get(run, ()) + (n,)
        for pattern in patterns:
            classes[pattern] = classes.get(pattern, ()) + (n,)
    return tuple(by_rule), by_key, tuple(short.items()), tuple(classes.items())


def may_match(rules: Filter, text: str) -> list[str]:
    """The names of the rules that may match ``text`` (in order); the others cannot."""
    by_rule, by_key, short, classes = rules
    folded = fold(text)
    found: set[int] = set()
    for key in set(map("".join, zip(folded, folded[1:], folded[2:]))).intersection(by_key):
        for n, run in by_key[key]:
            if n not in found and run in folded:
                found.add(n)
    for run, numbers in short:
        if run in folded:
            found.update(numbers)
    for pattern, numbers in classes:
        if pattern.search(text):
            found.update(numbers)
    return [name for name, clauses in by_rule if found.issuperset(clauses)]


def _compile(clause: frozenset[Piece], flags: int) -> Clause:
    # Runs are folded like the text (case-blind even for a case-sensitive rule: still necessary).
    runs = sorted({fold(p) for p, _ in clause if not p.startswith(CLASS)})
    classes = {re.compile(p[1:], flags) for p, _ in clause if p.startswith(CLASS)}
    return (tuple(r for r in runs if len(r) >= KEY_CHARS), tuple(r for r in runs if len(r) < KEY_CHARS),
            tuple(sorted(classes, key=lambda c: c.pattern)))


def _strength(clause: frozenset[Piece]) -> tuple[int, int]:
    """Longer pieces and fewer of them find less by chance."""
    return min(size for _, size in clause), -len(clause)


def _sequence(items: list[tuple[Any, Any]]) -> list[frozenset[Piece]]:
    """All mandatory items of a sequence must match: the union of their clauses."""
    out: list[frozenset[Piece]] = []
    run: list[str] = []
    for op, av in items + [(None, None)]:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(frozenset({("".join(run), len(run))}))
            run = []
        out.extend(_item(op, av))
    return out


def _item(op: Any, av: Any) -> list[frozenset[Piece]]:
    if op is C.IN:
        source = _charset(av)
        return [frozenset({(CLASS + source, 1)})] if source else []
    if op is C.SUBPATTERN:
        _group, add, remove, body = av
        return [] if add or remove else _sequence(list(body))
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op in REPEATS:
        low, _high, body = av
        return _sequence(list(body)) if low >= 1 else []
    if op is C.BRANCH:
        return _branch(av[1])
    return []   # assertions, anchors, any character, back references, conditionals


def _branch(alternatives: list[Any]) -> list[frozenset[Piece]]:
    """One of the alternatives matches: the union of each one's strongest clause."""
    pieces: set[Piece] = set()
    for alternative in alternatives:
        clauses = _sequence(list(alternative))
        if not clauses:
            return []
        pieces |= max(clauses, key=_strength)
    return [frozenset(pieces)]


def _charset(items: list[tuple[Any, Any]]) -> str:
    """A character class rebuilt as a regex source; "" for a weak or unusual one."""
    parts = []
    for op, av in items:
        if op is C.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is C.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            parts.append(r"\d")
        else:       # negation, white space, word characters: matches almost anywhere
            return ""
    return "[" + "".join(parts) + "]" if parts else ""
