"""Watchlists: a named set of rules over what Vezha extracts, written in YAML or TOML.

::

    name: belarus
    title: Наступ з Білорусі?
    rules:
      - id: lukashenko                 # an entity or any alias, any language
        entity: Лукашенко
      - id: lukashenko-on-csto         # a speaker saying something about an entity
        speaker: Лукашенко
        about: ОДКБ
      - id: strikes-in-belarus         # an event type with a place or a participant
        event: strike
        place: Білорусь
        min_confidence: 0.7            # leaves out hedged and conditional events
      - id: lukashenko-changes         # a claim repeating or contradicting an earlier one
        claims: [repeat, contradict]
        speaker: Лукашенко
      - id: belarus-burst              # mentions per day well above the trailing baseline
        burst: Білорусь
        baseline_days: 14
        alpha: 0.001
        min_count: 3

A rule's kind is the first of ``KIND_KEYS`` it has; ``ALLOWED`` lists the keys of each kind.
Every name may be a list. ``parse_watchlist`` is pure; errors are ConfigError V110.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import ConfigError

__all__ = ["Rule", "Watchlist", "parse_watchlist", "KIND_KEYS", "ALLOWED", "CHANGES",
           "EVENT_TYPES", "BURST_DEFAULTS", "PARAM_DEFAULTS", "format_of"]

KIND_KEYS = ("burst", "claims", "event", "speaker", "entity")
COMMON = frozenset({"id", "title"})
ALLOWED: dict[str, frozenset[str]] = {
    "entity": frozenset({"entity"}),
    "speaker": frozenset({"speaker", "about"}),
    "event": frozenset({"event", "place", "participant", "min_confidence"}),
    "claims": frozenset({"claims", "speaker", "about", "similarity"}),
    "burst": frozenset({"burst", "baseline_days", "alpha", "min_count"}),
}
CHANGES = ("repeat", "contradict")
EVENT_TYPES = ("strike", "battle", "movement", "meeting", "statement", "sanctions",
               "mobilisation", "invasion", "protest", "territory")
BURST_DEFAULTS = {"baseline_days": 14, "alpha": 0.001, "min_count": 3}
# Parameters of each kind with their defaults: an event's confidence (the events stage lowers
# it for hedged, future and conditional events: "якщо Білорусь атакують" is 0.6), the stem
# overlap that makes a claim a repeat (``change.py``), the burst statistic's (``burst.py``).
PARAM_DEFAULTS: dict[str, dict[str, float]] = {
    "event": {"min_confidence": 0.7}, "claims": {"similarity": 0.6}, "burst": BURST_DEFAULTS,
}
NAME = re.compile(r"^[\w\-]{1,64}$")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its kind, the names it watches and its parameters."""
    id: str
    kind: str
    title: str = ""
    entity: tuple[str, ...] = ()        # entity and burst rules: the watched names
    speaker: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    event: tuple[str, ...] = ()         # event types
    place: tuple[str, ...] = ()
    participant: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()       # claims rules: repeat, contradict
    params: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Watchlist:
    name: str
    rules: tuple[Rule, ...]
    title: str = ""
    format: str = "yaml"
    text: str = ""


def format_of(path: str) -> str:
    """``toml`` for a ``.toml`` file, else ``yaml``."""
    return "toml" if str(path).lower().endswith(".toml") else "yaml"


def parse_watchlist(text: str, fmt: str = "yaml", source: str = "") -> Watchlist:
    """The watchlist written in ``text``; ConfigError V110 naming what is wrong."""
    data = _load(text, fmt, source)
    name = str(data.get("name", "")).strip()
    if not NAME.match(name):
        _fail("a watchlist needs a name of letters, digits, '-' or '_'", source)
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        _fail("a watchlist needs a non-empty list of rules", source)
    parsed = tuple(_rule(r, n, source) for n, r in enumerate(rules, 1))
    ids = [r.id for r in parsed]
    if len(set(ids)) != len(ids):
        _fail(f"rule ids repeat: {', '.join(sorted({i for i in ids if ids.count(i) > 1}))}", source)
    return Watchlist(name, parsed, str(data.get("title", "")), fmt, text)


def _load(text: str, fmt: str, source: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text) if fmt == "toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"watchlist is not valid {fmt.upper()}: {exc}", code="V110",
                          source=source) from exc
    if not isinstance(data, dict):
        _fail("a watchlist is a mapping with name, title and rules", source)
    return data


def _rule(data: Any, n: int, source: str) -> Rule:
    if not isinstance(data, dict):
        _fail(f"rule {n} is not a mapping", source)
    kind = next((k for k in KIND_KEYS if k in data), None)
    if kind is None:
        _fail(f"rule {n} has none of the keys {', '.join(KIND_KEYS)}", source)
    unknown = set(data) - ALLOWED[kind] - COMMON
    if unknown:
        _fail(f"rule {n} ({kind}) has unknown keys: {', '.join(sorted(unknown))}; "
              f"allowed: {', '.join(sorted(ALLOWED[kind] | COMMON))}", source)
    rule_id = str(data.get("id") or f"{kind}-{n}")
    if not NAME.match(rule_id):
        _fail(f"rule id {rule_id!r} must be letters, digits, '-' or '_'", source)
    return _check(Rule(id=rule_id, kind=kind, title=str(data.get("title", "")),
                       entity=_names(data.get("entity", data.get("burst"))),
                       speaker=_names(data.get("speaker")), about=_names(data.get("about")),
                       event=_names(data.get("event")), place=_names(data.get("place")),
                       participant=_names(data.get("participant")),
                       changes=_names(data.get("claims")), params=_params(kind, data, source)),
                  source)


def _names(value: Any) -> tuple[str, ...]:
    if value is None or value is True:
        return ()
    values = value if isinstance(value, list) else [value]
    return tuple(str(v).strip() for v in values if str(v).strip())


def _params(kind: str, data: dict[str, Any], source: str) -> dict[str, float]:
    defaults = PARAM_DEFAULTS.get(kind, {})
    try:
        return {k: float(data.get(k, v)) for k, v in defaults.items()}
    except (TypeError, ValueError):
        _fail(f"rule {data.get('id', kind)}: parameters must be numbers", source)


def _check(rule: Rule, source: str) -> Rule:
    problems = {
        "entity": not rule.entity and "names no entity",
        "speaker": not rule.speaker and "names no speaker",
        "event": (not set(rule.event) <= set(EVENT_TYPES)
                  and f"event types are {', '.join(EVENT_TYPES)}"),
        "claims": (not set(rule.changes) <= set(CHANGES) or not rule.changes)
                  and f"claims lists {' and/or '.join(CHANGES)}",
        "burst": not rule.entity and "names no entity",
    }
    if problems[rule.kind]:
        _fail(f"rule {rule.id}: {problems[rule.kind]}", source)
    return rule


def _fail(reason: str, source: str):
    raise ConfigError(reason, code="V110", source=source)
