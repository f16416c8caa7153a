"""The rule pre-filter never rejects a text that its rule matches, and rejects most others."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vezha import timegrammar as g
from vezha.prefilter import build_filter, fold, may_match

# Own sentences: each holds one time expression or none.
SENTENCES = (
    "Засідання відбулося 24 лютого 2022 року в Києві.",
    "Наступного тижня уряд ухвалить бюджет.",
    "Торік у березні ціни зросли, а в квітні впали.",
    "Навесні 2023 року почнеться ремонт мосту.",
    "Зустріч призначили на середу, 21 листопада.",
    "Три дні тому в місті вимкнули світло.",
    "Документ підписали 01.03.2021 у Львові.",
    "The talks began on July 24, 2022 in Geneva.",
    "Встреча состоится в первой половине 2024 года.",
    "В ночь с 5 на 6 мая обстрел не прекращался.",
    "Міністр нічого не сказав про ситуацію.",
    "ПОЗАВЧОРА ВНОЧІ ЛУНАЛИ ВИБУХИ.",
    "У вівторок зранку депутати зібралися знову.",
    "",
)
# Pieces the grammar is built of, to compose texts near its rules.
WORDS = sorted({w for forms in (g.MONTH_FORMS, g.SEASON_FORMS, g.WEEKDAY_FORMS, g.QUALIFIERS,
                                g.PARTS, g.YEAR_PARTS) for ws in forms.values() for w in ws}
               | set(g.RELATIVE_DAYS) | {"року", "году", "ніч", "на", "з", "до", "тому", "назад",
                                         "днів", "тижня", "місяця", "2022", "24", "01.03.2021",
                                         "in", "ago", "days", "-", ",", "ᲀ", "İ", "ſ"})


def _agrees(text: str) -> list[str]:
    """Rules that match ``text`` but that the pre-filter would skip (must be none)."""
    kept = may_match(g.RULE_FILTER, text)
    return [name for name, pattern in g.RULES if pattern.search(text) and name not in kept]


@pytest.mark.parametrize("text", SENTENCES)
def test_prefilter_never_skips_a_matching_rule(text):
    assert _agrees(text) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=3), max_size=8).map(" ".join))
def test_prefilter_never_skips_a_matching_rule_on_composed_text(text):
    assert _agrees(text) == [] and _agrees(text.upper()) == []


def test_prefilter_skips_rules_on_a_sentence_without_time_words():
    assert may_match(g.RULE_FILTER, "Міністр нічого не сказав про ситуацію.") == []


@pytest.mark.parametrize("pattern, text, expected", [
    (r"ab(?:cd|ef)", "xxabefxx", True),
    (r"ab(?:cd|ef)", "xxabegxx", False),
    (r"(?:x)?\d+\.", "сума 12.", True),
    (r"(?:x)?\d+\.", "сума 12", False),
    (r"(?i)лютого", "ЛЮТОГО", True),
    (r"April \d", "since April 5", True),    # a case-sensitive rule is filtered case-blind
    (r"April \d", "since May 5", False),
    (r"(?i)вода", "ᲀода", True),           # re: "в" and "ᲀ" are equal ignoring case
    (r"a*", "", True),                      # no requirement: always runs
])
def test_requirements_of_small_patterns(pattern, text, expected):
    compiled = re.compile(pattern)
    assert bool(compiled.search(text)) is expected
    assert may_match(build_filter([("rule", compiled)]), text) == (["rule"] if expected else [])


def test_fold_compares_like_ignorecase():
    assert fold("ВОДА ᲀода İn") == fold("вода вода in")
