"""Watchlist rules: the YAML/TOML form, name resolution, the claim and burst heuristics."""
from __future__ import annotations

import pytest

from vezha.errors import ConfigError
from vezha.kb import load_kb
from vezha.model import Claim
from vezha.watch.burst import detect_burst, poisson_tail
from vezha.watch.change import compare_claims, polarity
from vezha.watch.resolve import resolve_names
from vezha.watch.rules import format_of, parse_watchlist

from conftest import EXAMPLES

KB = load_kb()


@pytest.mark.parametrize("path", sorted((EXAMPLES / "watchlists").iterdir()))
def test_bundled_watchlists_parse(path):
    wl = parse_watchlist(path.read_text(encoding="utf-8"), format_of(str(path)), str(path))
    assert wl.name and wl.rules and len({r.id for r in wl.rules}) == len(wl.rules)


def test_kinds_and_parameters_of_the_belarus_watchlist():
    wl = parse_watchlist((EXAMPLES / "watchlists" / "belarus.yaml").read_text(encoding="utf-8"))
    kinds = {r.id: r.kind for r in wl.rules}
    assert kinds == {"lukashenko": "entity", "lukashenko-on-csto": "speaker",
                     "strikes-in-belarus": "event", "a50-movements": "event",
                     "lukashenko-changes": "claims", "belarus-burst": "burst"}
    burst = next(r for r in wl.rules if r.kind == "burst")
    assert burst.entity == ("Білорусь",) and burst.params == {
        "baseline_days": 14.0, "alpha": 0.001, "min_count": 4.0}
    strikes = next(r for r in wl.rules if r.id == "strikes-in-belarus")
    assert strikes.params == {"min_confidence": 0.7}


@pytest.mark.parametrize("text, fmt, says", [
    ("name: x\nrules: [{entity: A}, {entity: B, id: entity-1}]", "yaml", "repeat"),
    ("name: x\nrules: []", "yaml", "non-empty list"),
    ("rules: [{entity: A}]", "yaml", "needs a name"),
    ("name: 'a b'\nrules: [{entity: A}]", "yaml", "needs a name"),
    ("name: x\nrules: [{colour: red}]", "yaml", "none of the keys"),
    ("name: x\nrules: [{entity: A, place: B}]", "yaml", "unknown keys: place"),
    ("name: x\nrules: [{event: parade}]", "yaml", "event types are"),
    ("name: x\nrules: [{claims: [rephrase], speaker: A}]", "yaml", "claims lists"),
    ("name: x\nrules: [{burst: A, alpha: lots}]", "yaml", "must be numbers"),
    ("name: x\nrules: [{entity: A}", "yaml", "not valid YAML"),
    ("name = 'x'\n[[rules]]\nentity = ", "toml", "not valid TOML"),
    ("- just a list", "yaml", "is a mapping"),
])
def test_invalid_watchlists_fail_with_v110_saying_why(text, fmt, says):
    with pytest.raises(ConfigError) as err:
        parse_watchlist(text, fmt, "w.yaml")
    assert err.value.code == "V110" and says in err.value.reason


def test_toml_and_yaml_forms_are_the_same_rules():
    yaml_text = "name: x\nrules:\n  - id: s\n    event: strike\n    place: [Білорусь]\n"
    toml_text = "name = 'x'\n[[rules]]\nid = 's'\nevent = 'strike'\nplace = 'Білорусь'\n"
    assert parse_watchlist(yaml_text).rules == parse_watchlist(toml_text, "toml").rules


@pytest.mark.parametrize("name", ["Лукашенко", "Олександр Лукашенко", "Александр Лукашенко",
                                  "Lukashenko", "PER-Alexander-Lukashenko"])
def test_any_alias_in_any_language_resolves_to_one_entity(name):
    assert resolve_names([name], KB).ids == {"PER-Alexander-Lukashenko"}


def test_a_country_resolves_to_its_iso_code_for_places_inside_it():
    target = resolve_names(["Білорусь"], KB)
    assert target.ids == {"LOC-Belarus"} and target.countries == {"BY"}


def test_an_unknown_name_keeps_its_key():
    target = resolve_names(["Петро Невідомченко"], KB)
    assert not target.ids and target.keys


def claim(text: str, about=("LOC-Belarus",), cid="c") -> Claim:
    return Claim(cid, "a", "PER-X", "X", 0, len(text), text, "indirect", about=about)


@pytest.mark.parametrize("text, sign", [
    ("Білорусь вступить у війну", 1),
    ("Білорусь не вступить у війну", -1),
    ("ми ніколи не нападемо", -1),
    ("Білорусь не планує вступати у війну", -1),
    ("наступу не буде", -1),
    ("Беларусь никогда не нападет", -1),
    ("Belarus will not attack", -1),
    ("Нова зустріч відбудеться в Мінську", 1),
])
def test_polarity_comes_from_negation_cues(text, sign):
    assert polarity(text) == sign


@pytest.mark.parametrize("new, old, about, expected", [
    ("Білорусь вступить у війну, якщо на неї нападуть", "Білорусь не планує вступати у війну",
     ("LOC-Belarus",), "contradict"),
    ("ОДКБ має посилити свою роль у регіоні", "ОДКБ повинна посилити свою роль у регіоні",
     ("ORG-CSTO",), "repeat"),
    ("Білорусь вступить у війну", "Білорусь не вступить у війну", (), None),   # nothing shared
    ("Ціни на газ зростуть", "Білорусь не вступить у війну", ("LOC-Belarus",), None),
])
def test_repeat_and_contradiction_heuristic(new, old, about, expected):
    change = compare_claims(claim(new, about), claim(old, about or ("LOC-Other",), "d"), 0.6)
    assert (change.kind if change else None) == expected


def test_poisson_tail_matches_the_closed_form():
    import math
    assert poisson_tail(1, 1.0) == pytest.approx(1 - math.exp(-1))
    assert poisson_tail(0, 3.0) == 1.0


@pytest.mark.parametrize("count, baseline, burst", [
    (12, [1, 2, 1, 0, 2, 1, 1, 2, 1, 3, 1, 2, 1, 2], True),
    (3, [1, 2, 1, 0, 2, 1, 1, 2, 1, 3, 1, 2, 1, 2], False),
    (5, [0] * 14, True),          # a new name: λ floored at MIN_RATE
    (2, [0] * 14, False),         # below min_count
    (30, [20, 25, 30, 22, 28, 26, 24, 27, 23, 25, 29, 21, 26, 24], False),
])
def test_bursts_are_days_far_above_the_baseline(count, baseline, burst):
    found = detect_burst(count, baseline, alpha=0.001, min_count=3)
    assert (found is not None) == burst
    if found:
        assert found.describe().startswith("Poisson tail P(X≥")
