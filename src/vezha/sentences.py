"""Sentence spans of a block: tokenize-uk's SRX segmenter (choppa with LanguageTool's rules;
Russian and English rules for those languages), the same spans as ``tokenize_sents_with_spans``
with less work:

* a block where no break rule can match is one sentence, and choppa is not asked
  (``one_sentence``): every break rule of the uk, ru and en rules needs a sentence mark
  (``.!?…``) followed by whitespace or a letter, a line break, or one of the markers in
  ``BREAK_MARKERS``; a block with none of them before its closing marks has none of that;
* a break rule that cannot match without a string the block lacks is left out before choppa
  tries it (``RULE_NEEDS``): choppa drops a rule that never matches, so dropping it first
  changes nothing; it saves building a matcher and a search for nine of the uk rules in most
  blocks (and the empty-"before" rule ``<0}``, which choppa tries at every character);
* choppa's ``SrxDocument.compile`` builds a key string with the regex flags at every look-up,
  twice per rule for every block; ``_Rules`` looks its patterns up by the pattern alone (the
  flags are the document's own, fixed).
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Any

from choppa import DEFAULT_SRX_RULESET, SrxDocument, SrxTextIterator

__all__ = ["sentence_spans", "one_sentence", "BREAK_MARKERS"]

# Text before closing marks with no sentence mark and no line break; then closing marks only
# (no letter, digit or whitespace, which a break rule needs after a sentence mark).
NO_BREAK = re.compile(r"[^.!?…\n\r\x0b\x0c\x85\u2028\u2029]*[^\w\s]*")
BREAK_MARKERS = ("]]", "<0}", "{0>")    # ru "]]" + space; the translation-memory markers
VERTICAL = ("\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")
# Break rules of the uk, ru and en SRX rules by their (before, after) patterns as the rules file
# writes them, and the strings one of which a block needs for the rule to match there; a rule
# not listed here is always tried.
RULE_NEEDS: dict[tuple[str, str], tuple[str, ...]] = {
    (r"\r?\n\s*\r?\n[\t]*", ""): ("\n",),
    (r"[.!?]\u00A0\r?\n", ""): ("\u00a0",),
    (r"\v[\h]*", r"(\.\.\.|…)"): VERTICAL,
    (r"(?<!\h[А-ЯІЇЄҐ])[.!?…]{1,3}\u202F[\h\v]+", ""): ("\u202f",),
    (r"\p{L}[\.!?…]\u00A0+\s+", r"\p{Lu}\p{Ll}"): ("\u00a0",),
    (r"\p{L}[\.!?…]\s+\u00A0+", r"\p{Lu}\p{Ll}"): ("\u00a0",),
    (r"\u2029", ""): ("\u2029",),
    ("", r"<0\}"): ("<0}",),
    (r"\{0>", ""): ("{0>",),
    (r"\d{2}:\d{2}:\d{2},\d{3}\r?\n", ""): ("\n",),
    (r"\u005D\u005D\s", ""): ("]]",),
    (r"\bOK\.[\s\u00A0]", r"\p{Ll}+"): ("OK.",),
    (r"[^,][\s\u00A0]\p{L}{2}\.[\s\u00A0]", r"\p{N}+\)[\s\u00A0]"): (")",),
}


def sentence_spans(block: str, code: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``block`` (SRX language ``code``, e.g. ``uk_two``),
    stripped of surrounding whitespace."""
    if one_sentence(block):
        lead = len(block) - len(block.lstrip())
        stripped = block.strip()
        return [(lead, lead + len(stripped))] if stripped else []
    segments = SrxTextIterator(_rules(), code, block)
    segments.rule_manager = _live_rules(segments.rule_manager, block)
    spans, offset = [], 0
    for part in segments:
        stripped = part.strip()
        if stripped:
            lead = len(part) - len(part.lstrip())
            spans.append((offset + lead, offset + lead + len(stripped)))
        offset += len(part)
    return spans


def one_sentence(block: str) -> bool:
    """Whether no SRX break rule can match in ``block`` (see the module docstring)."""
    return NO_BREAK.fullmatch(block) is not None and not any(m in block for m in BREAK_MARKERS)


class _Rules(SrxDocument):
    """choppa's default SRX document, its compiled patterns looked up by the pattern alone."""

    def __init__(self) -> None:
        self._compiled: dict[str, Any] = {}
        super().__init__(ruleset=DEFAULT_SRX_RULESET)

    def compile(self, regex: str) -> Any:
        found = self._compiled.get(regex)
        if found is None:
            found = self._compiled[regex] = super().compile(regex)
        return found


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _live_rules(rules: Any, block: str) -> Any:
    """The rule manager without the break rules ``RULE_NEEDS`` shows cannot match in ``block``."""
    dead = tuple(i for i, rule in enumerate(rules.break_rule_list) if not _may_match(rule, block))
    return _without(rules, dead) if dead else rules


def _may_match(rule: Any, block: str) -> bool:
    needs = RULE_NEEDS.get((rule.before_pattern, rule.after_pattern))
    return needs is None or any(n in block for n in needs)


@lru_cache(maxsize=64)
def _without(rules: Any, dead: tuple[int, ...]) -> Any:
    trimmed = copy.copy(rules)
    trimmed.break_rule_list = [r for i, r in enumerate(rules.break_rule_list) if i not in dead]
    return trimmed
