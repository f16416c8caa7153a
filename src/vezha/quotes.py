"""The quotes stage: direct, indirect and mixed speech with its cue and raw speaker phrase.

Each rule is a short function ``rule(ctx, found) -> list[Quote]``, listed in ``RULES`` in
priority order; the words they look for are data in ``vezha.cues``. A quote carries the raw
speaker phrase (``Speaker.resolved_from`` says its kind: person, name, organisation, pronoun,
role, document) that the ``speakers`` stage resolves. With ``settings.debug_rules`` each quote
records the rule that found it in ``Quote.rule``.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from .model import Doc, Quote
from .pipeline import Resources, Stage
from .quote_context import (about_this, add_channels, colon_follow, headline, trailing_cue,
                            trailing_subject_cue)
from .quote_rules import (according_to, cue_that, direct_after_cue, direct_before_cue,
                          lost_opening, passive_that)
from .quote_text import Context, build_context

__all__ = ["STAGE", "run", "detect", "with_parents", "RULES", "MARK_RULES"]

Rule = Callable[[Context, list[Quote]], list[Quote]]

# The rules in priority order: quote marks first, then cue patterns, then the article context.
RULES: tuple[Rule, ...] = (
    direct_after_cue, direct_before_cue, lost_opening, about_this, according_to, passive_that,
    cue_that, headline, trailing_cue, trailing_subject_cue, colon_follow,
)
# Rules whose quotes may overlap earlier ones (nested quotes, the outer quote of a lost mark).
MARK_RULES: frozenset[Rule] = frozenset({direct_after_cue, direct_before_cue, lost_opening})


def run(doc: Doc, resources: Resources) -> Doc:
    """Add the quotes of ``doc``."""
    ctx = build_context(doc, debug=resources.settings.debug_rules)
    return dataclasses.replace(doc, quotes=tuple(detect(ctx)))


STAGE = Stage(name="quotes", run=run, needs=frozenset({"sentences"}), provides=frozenset({"quotes"}))


def detect(ctx: Context) -> list[Quote]:
    """Every rule in turn; a later rule does not take text an earlier one attributed."""
    found: list[Quote] = []
    for rule in RULES:
        for q in rule(ctx, found):
            if q is not None and (rule in MARK_RULES or not _taken(q, found)):
                found.append(q)
    return with_parents(sorted(add_channels(ctx, _unique(found)), key=lambda q: (q.start, -q.end)))


def _taken(q: Quote, found: list[Quote]) -> bool:
    return any(min(q.end, f.end) - max(q.start, f.start) > (q.end - q.start) / 2 for f in found)


def _unique(found: list[Quote]) -> list[Quote]:
    seen, out = set(), []
    for q in found:
        if (q.start, q.end) not in seen:
            seen.add((q.start, q.end))
            out.append(q)
    return out


def with_parents(quotes: list[Quote]) -> list[Quote]:
    """Each quote's ``parent``: the index of the smallest quote enclosing it, else -1."""
    out = []
    for i, q in enumerate(quotes):
        outer = [j for j, o in enumerate(quotes) if j != i and o.start <= q.start and q.end <= o.end
                 and (o.end - o.start) > (q.end - q.start)]
        parent = max(outer, key=lambda j: quotes[j].start) if outer else -1
        out.append(dataclasses.replace(q, parent=parent))
    return out
