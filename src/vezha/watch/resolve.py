"""Names in rules → entity ids: any alias, any language (Лукашенко / Лукашенко / Lukashenko).

A name resolves through the knowledge base (``KB.lookup``: uk, ru and en aliases share one
``alias_key``) and through the store's aliases (``find_entity``). A ``Target`` keeps the ids
found, the alias keys of the names (a mention whose base form has that key matches even when
the entity is not linked) and, for countries, their ISO codes (an event in Minsk is an event
in Belarus).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..gazetteer import DATA_DIR, name_key, parse_table
from ..kb import KB, alias_key
from ..model import Mention

__all__ = ["Target", "resolve_names", "country_codes", "store_finder"]

Finder = Callable[[str], str]      # a name -> an entity id, or ""


@dataclass(frozen=True, slots=True)
class Target:
    """What a list of names stands for."""
    names: tuple[str, ...] = ()
    ids: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.names)

    def has(self, entity_id: str) -> bool:
        return bool(entity_id) and entity_id in self.ids

    def mentioned(self, mention: Mention) -> bool:
        return self.has(mention.entity_id) or alias_key(mention.lemma or mention.text) in self.keys


def resolve_names(names: Iterable[str], kb: KB, find: Finder | None = None) -> Target:
    """The ids, alias keys and country codes of ``names`` (unknown names keep their keys)."""
    names = tuple(names)
    ids = {i for n in names for i in _ids(n, kb, find)}
    keys = {alias_key(n) for n in names} | {alias_key(a) for i in ids for a in _aliases(kb, i)}
    return Target(names, frozenset(ids), frozenset(k for k in keys if k),
                  frozenset(country_codes(names, kb, ids)))


def _ids(name: str, kb: KB, find: Finder | None) -> set[str]:
    found = {name} if name in kb.entities else set()
    found |= {kb.lookup(name)} - {""}
    if find is not None:
        found |= {find(name)} - {""}
    return found


def _aliases(kb: KB, entity_id: str) -> list[str]:
    """The canonical name and every alias of a KB entity (none for an unknown id)."""
    entity = kb.entities.get(entity_id)
    return [entity.name, *(a.name for a in entity.aliases)] if entity else []


_COUNTRIES: dict[str, str] | None = None


def country_codes(names: Iterable[str], kb: KB, ids: Iterable[str] = ()) -> set[str]:
    """ISO codes of the countries among ``names`` and the names of ``ids`` ("Білорусь" → BY)."""
    global _COUNTRIES
    if _COUNTRIES is None:
        rows, _ = parse_table(DATA_DIR / "countries.tsv")
        _COUNTRIES = {name_key(n): e.country for ns, e in rows if e.kind == "country" for n in ns}
    every = list(names) + [a for i in ids for a in _aliases(kb, i)]
    return {_COUNTRIES[name_key(n)] for n in every if name_key(n) in _COUNTRIES}


def store_finder(store: Any, kb: KB) -> Finder:
    """A finder over the store's entities and aliases (``vezha.store.entities.find_entity``)."""
    from ..store.entities import find_entity

    def find(name: str) -> str:
        with store.engine.connect() as conn:
            return find_entity(conn, name, kb)
    return find
