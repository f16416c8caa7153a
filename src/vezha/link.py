"""Entity linking: one canonical ``entity_id`` for every mention of one entity.

Inside an article, mentions form clusters by rules kept as data, applied in order:

* ``same_name``: equal alias keys of the base forms (Путін / Путина -> "putin");
* ``abbreviation``: a mention in parentheses right after another one is its abbreviation
  ("Інститут з вивчення війни (ISW)");
* ``name_part``: a one-word person mention that is the surname or first name of a longer
  person mention of the article ("Жданов" -> "Олег Жданов");
* ``kb``: a cluster whose name is an alias in the knowledge base takes that entity's id
  (Путін / Путин / Putin; ОДКБ / CSTO); a lone surname known as the last word of exactly one
  KB person takes that person's id.

Other clusters become new entities with ``kb.make_id`` of their longest name. Titles and roles
just before a person ("військовий експерт Олег Жданов") go into ``Mention.attrs["role"]``.
"""
from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

from .kb import KB, alias_key, make_id
from .model import Alias, Doc, Entity, Mention
from .pipeline import Resources, Stage

__all__ = ["STAGE", "run", "link", "clusters", "ROLE_WORDS"]

ROLE_WORDS = frozenset({
    "експерт", "аналітик", "президент", "прем'єр", "прем'єр-міністр", "міністр", "головнокомандувач",
    "командувач", "генерал", "речник", "спікер", "посол", "депутат", "нардеп", "журналіст",
    "політолог", "диктатор", "голова", "керівник", "очільник", "лідер", "секретар", "канцлер",
    "эксперт", "аналитик", "президент", "премьер-министр", "министр", "главнокомандующий",
    "командующий", "генерал", "представитель", "посол", "депутат", "журналист", "политолог",
    "глава", "руководитель", "лидер", "секретарь", "канцлер", "губернатор", "мер", "мэр",
})
# Up to four words right before a person. A match never starts inside a word (one more
# letter would match too), and words and spaces never give characters back: possessive,
# the same matches as "((?:[\w'’-]+\s+){0,3}[\w'’-]+)\s+$" without its backtracking.
ROLE_BEFORE = re.compile(r"(?<![\w'’-])((?:[\w'’-]++\s++){0,3}[\w'’-]++)\s++$")


def run(doc: Doc, resources: Resources) -> Doc:
    """The ``link`` stage: entity ids on mentions, the doc's entities, roles as attributes."""
    return link(doc, resources["kb"])


STAGE = Stage("link", run, needs=frozenset({"mentions", "lemmas_of_mentions"}),
              provides=frozenset({"entities", "entity_ids"}), resources=frozenset({"kb"}))


def link(doc: Doc, kb: KB) -> Doc:
    mentions = doc.mentions
    groups = clusters(doc.text, mentions)
    ids: dict[int, str] = {}
    entities: dict[str, Entity] = {}
    for group in groups:
        eid = _resolve(group, mentions, kb)
        for i in group:
            ids[i] = eid
        entities[eid] = _entity(eid, group, mentions, kb, doc.article.language)
    out = tuple(dataclasses.replace(m, entity_id=ids[i], attrs=_attrs(doc.text, m))
                for i, m in enumerate(mentions))
    return dataclasses.replace(doc, mentions=out, entities=tuple(entities.values()))


def clusters(text: str, mentions: tuple[Mention, ...]) -> list[list[int]]:
    """Groups of mention indexes that name one entity inside the article."""
    pairs = [*_same_name(mentions), *_abbreviations(text, mentions), *_name_parts(mentions)]
    return _groups(len(mentions), pairs)


def _same_name(mentions: tuple[Mention, ...]) -> list[tuple[int, int]]:
    """Rule ``same_name``: each mention with the first of its type and alias key."""
    first: dict[tuple[str, str], int] = {}
    pairs = []
    for i, m in enumerate(mentions):
        key = (m.type, alias_key(m.lemma or m.text))
        if key in first:
            pairs.append((i, first[key]))
        first.setdefault(key, i)
    return pairs


def _groups(n: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """The groups of ``range(n)`` that ``pairs`` join (union-find), in order of first member."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    return list(groups.values())


def _abbreviations(text: str, mentions: tuple[Mention, ...]) -> list[tuple[int, int]]:
    """Rule ``abbreviation``: "Name (ABBR)" (same type, only "(" and spaces between)."""
    pairs = []
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        between = text[a.end:b.start].strip()
        if a.type == b.type and between == "(" and text[b.end:b.end + 1] == ")":
            pairs.append((i, i + 1))
    return pairs


def _name_parts(mentions: tuple[Mention, ...]) -> list[tuple[int, int]]:
    """Rule ``name_part``: a one-word PER mention equal to a word of a longer PER name."""
    full: dict[str, int] = {}
    for i, m in enumerate(mentions):
        words = alias_key(m.lemma or m.text).split()
        if m.type == "PER" and len(words) > 1:
            for w in (words[0], words[-1]):
                full.setdefault(w, i)
    pairs = []
    for i, m in enumerate(mentions):
        words = alias_key(m.lemma or m.text).split()
        if m.type == "PER" and len(words) == 1 and words[0] in full:
            pairs.append((i, full[words[0]]))
    return pairs


def _resolve(group: list[int], mentions: tuple[Mention, ...], kb: KB) -> str:
    """Rule ``kb`` (an alias, then a lone surname), else a new id from the longest name."""
    type_ = mentions[group[0]].type
    names = sorted(_names(group, mentions), key=len, reverse=True)
    for name in names:
        found = kb.lookup(name, type_)
        if found:
            return found
    if type_ == "PER" and len(alias_key(names[0]).split()) == 1:
        found = kb.surname(alias_key(names[0]))
        if found:
            return found
    return make_id(type_, names[0])


def _entity(eid: str, group: list[int], mentions: tuple[Mention, ...], kb: KB, language: str) -> Entity:
    known = kb.entities.get(eid)
    names = _names(group, mentions)
    longest = max(names, key=len)
    aliases = tuple(Alias(n, language) for n in sorted(names))
    if known:
        return Entity(eid, known.name, known.type, aliases, dict(known.attrs))
    return Entity(eid, longest, mentions[group[0]].type, aliases)


def _names(group: list[int], mentions: tuple[Mention, ...]) -> list[str]:
    """The group's names once each, in text order: equally long names tie in that order
    (they tied in set order before, which changed from run to run with string hashing)."""
    return list(dict.fromkeys(mentions[i].lemma or mentions[i].text for i in group))


def _attrs(text: str, m: Mention) -> dict[str, str]:
    """Rule ``role``: up to four words before a person ending in a role noun."""
    if m.type != "PER":
        return dict(m.attrs)
    found = ROLE_BEFORE.search(text[max(0, m.start - 80):m.start])
    if not found:
        return dict(m.attrs)
    words = found.group(1).split()
    for k in range(len(words)):
        if words[k].lower() in ROLE_WORDS or words[k].lower().rstrip("а") in ROLE_WORDS:
            return {**m.attrs, "role": " ".join(words[max(0, k - 1) if k and _adj(words[k - 1]) else k:])}
    return dict(m.attrs)


def _adj(word: str) -> bool:
    return word.lower().endswith(("ий", "ій", "ой", "ый", "ський", "цький"))
