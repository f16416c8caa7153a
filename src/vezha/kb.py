"""The knowledge base of canonical entities: a hand-written seed plus what articles teach it.

Seed files ``vezha/data/kb/*.jsonl``, one entity a line::

    {"id": "PER-Vladimir-Putin", "type": "PER", "name": "Володимир Путін",
     "aliases": {"uk": ["Путін", "Володимир Путін"], "ru": ["Путин"], "en": ["Putin"]},
     "attrs": {"role": "президент Росії"}}

Every alias is indexed by ``alias_key``: a loose Latin transliteration in which the letters
that differ between Ukrainian and Russian spellings of one name fall together (Путін / Путин /
Putin -> ``putin``). New entities get an id made of their type and that key (``PER-Tereza-Mei``),
so the id is the same whichever language or article names it first. ``KB.learn`` returns a KB
that also knows the entities of a document (the KB grows as articles arrive).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .errors import ModelError
from .model import Alias, Entity

__all__ = ["KB", "load_kb", "parse_kb_line", "alias_key", "translit", "make_id", "match_phrases", "phrase_lengths",
           "SEED_DIR"]

SEED_DIR = Path(__file__).parent / "data" / "kb"

# Cyrillic -> Latin; letters that uk and ru spell differently map to one value.
TRANSLIT: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e", "э": "e",
    "ё": "e", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "ы": "i", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "",
    "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}
# Latin spellings that a Cyrillic transliteration renders otherwise (Putin / Путін -> putin).
LATIN_FOLD = (("y", "i"), ("j", "i"), ("w", "v"), ("x", "ks"), ("q", "k"), ("c", "k"))
TRANSLIT_TABLE = str.maketrans(TRANSLIT)
NON_WORD = re.compile(r"[^\w]+")
DOUBLED = re.compile(r"(.)\1+")
PHRASE_WORD = re.compile(r"[\w'’ʼ]+(?:-[\w'’ʼ]+)*")
QUOTE_CHARS = "\"«»„“”'‘’"


def translit(text: str) -> str:
    """Lowercased loose Latin transliteration of ``text`` (Latin letters kept)."""
    return text.lower().translate(TRANSLIT_TABLE)


@lru_cache(maxsize=1 << 16)      # pure, and asked for every mention and alias many times
def alias_key(name: str) -> str:
    """The index key of a name: transliterated, Latin spellings folded, doubled letters once."""
    words = NON_WORD.sub(" ", translit(name.strip(QUOTE_CHARS))).split()
    key = " ".join(words)
    for a, b in LATIN_FOLD:
        key = key.replace(a, b)
    return DOUBLED.sub(r"\1", key)


def make_id(type_: str, name: str) -> str:
    """A new entity's id: type plus the title-cased key words (``PER-Tereza-Mei``)."""
    words = alias_key(name).split() or ["x"]
    return f"{type_}-" + "-".join(w.capitalize() for w in words)


@dataclass(frozen=True, slots=True)
class KB:
    """Entities by id and an index alias key -> ids (several when a name is ambiguous)."""
    entities: dict[str, Entity] = field(default_factory=dict)
    index: dict[str, tuple[str, ...]] = field(default_factory=dict)
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lookup(self, name: str, type_: str = "") -> str:
        """The id of the entity named ``name`` (of ``type_`` when given), or ""."""
        ids = self.index.get(alias_key(name), ())
        typed = [i for i in ids if not type_ or self.entities[i].type == type_]
        return typed[0] if typed else ""

    def surname(self, key: str) -> str:
        """The id of the one person whose multi-word name ends in ``key``, or "" (none or several)."""
        ids = self.surnames.get(key, ())
        return ids[0] if len(ids) == 1 else ""

    def gazetteer(self) -> dict[str, str]:
        """Lowercased one-word aliases -> type, for the tagger's gazetteer feature."""
        out: dict[str, str] = {}
        for ent in self.entities.values():
            for alias in ent.aliases:
                if " " not in alias.name:
                    out.setdefault(alias.name.lower().strip(QUOTE_CHARS), ent.type)
        return out

    def phrases(self, lemma: Callable[[str, str], str]) -> dict[tuple[str, ...], str]:
        """Alias lemma sequences -> type, for matching names in lemmatised text
        ("Інституті з вивчення війни" matches the alias "Інститут з вивчення війни")."""
        out: dict[tuple[str, ...], str] = {}
        for ent in self.entities.values():
            for alias in ent.aliases:
                words = PHRASE_WORD.findall(alias.name)
                if words and (words[0][:1].isupper() or words[0][:1].isdigit()):
                    key = tuple((lemma(w, alias.language) if w.isalpha() else w).lower() for w in words)
                    out.setdefault(key, ent.type)
        return out

    def learn(self, entities: Iterable[Entity]) -> "KB":
        """A KB that also knows ``entities`` (new ones, new aliases of known ones)."""
        ents = dict(self.entities)
        index = dict(self.index)
        surnames = dict(self.surnames)
        for ent in entities:
            old = ents.get(ent.id)
            merged = ent if old is None else _merge(old, ent)
            ents[ent.id] = merged
            _index_entity(index, merged)
            if merged.type == "PER":
                _index_surnames(surnames, merged)
        return KB(ents, index, surnames)


def _merge(old: Entity, new: Entity) -> Entity:
    known = {(a.name, a.language) for a in old.aliases}
    extra = tuple(a for a in new.aliases if (a.name, a.language) not in known)
    return Entity(old.id, old.name, old.type, old.aliases + extra, {**new.attrs, **old.attrs})


def _index_entity(index: dict[str, tuple[str, ...]], ent: Entity) -> None:
    for name in {ent.name, *(a.name for a in ent.aliases)}:
        key = alias_key(name)
        if key and ent.id not in index.get(key, ()):
            index[key] = index.get(key, ()) + (ent.id,)


def _index_surnames(surnames: dict[str, tuple[str, ...]], ent: Entity) -> None:
    for name in {ent.name, *(a.name for a in ent.aliases)}:
        words = alias_key(name).split()
        if len(words) > 1 and ent.id not in surnames.get(words[-1], ()):
            surnames[words[-1]] = surnames.get(words[-1], ()) + (ent.id,)


def parse_kb_line(line: str) -> Entity:
    """One seed line as an Entity."""
    data = json.loads(line)
    aliases = tuple(Alias(name, lang) for lang, names in data.get("aliases", {}).items() for name in names)
    return Entity(data["id"], data["name"], data["type"], aliases, dict(data.get("attrs", {})))


def load_kb(settings: Any = None, folder: Path | None = None) -> KB:
    """The seed KB from ``folder`` (default: the one shipped in the package), grown by the
    entities the store at ``settings.db_url`` already holds (when that database exists and the
    ``kb_from_store`` setting is on)."""
    entities = []
    for path in sorted((folder or SEED_DIR).glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                entities.append(parse_kb_line(line))
            except (ValueError, KeyError) as exc:
                raise ModelError(f"bad KB line {n}: {exc}", code="V402", source=str(path)) from exc
    kb = KB().learn(entities)
    if settings is not None and getattr(settings, "db_url", "") and getattr(settings, "kb_from_store", True):
        from .store.entities import stored_entities
        kb = kb.learn(stored_entities(settings.db_url))
    return kb


def phrase_lengths(phrases: Mapping[tuple[str, ...], str]) -> dict[str, int]:
    """First lemma of an alias -> the most words of an alias that starts with it."""
    out: dict[str, int] = {}
    for key in phrases:
        out[key[0]] = max(len(key), out.get(key[0], 0))
    return out


def match_phrases(lemmas: list[str], capitalised: list[bool],
                  phrases: dict[tuple[str, ...], str], longest: int = 8,
                  lengths: Mapping[str, int] | None = None) -> list[tuple[int, int, str]]:
    """(first, last, type) of the longest alias matches over a sentence's word lemmas; a match
    starts at a capitalised word (or a digit). ``lengths`` (``phrase_lengths``) spares the
    look-ups at words no alias starts with."""
    out = []
    k = 0
    while k < len(lemmas):
        hit = None
        if capitalised[k]:
            most = longest if lengths is None else min(longest, lengths.get(lemmas[k], 0))
            for n in range(min(most, len(lemmas) - k), 0, -1):
                typ = phrases.get(tuple(lemmas[k:k + n]))
                if typ:
                    hit = (k, k + n - 1, typ)
                    break
        if hit:
            out.append(hit)
            k = hit[1] + 1
        else:
            k += 1
    return out
