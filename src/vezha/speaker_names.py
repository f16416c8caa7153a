"""Canonical speaker names: the fullest base form an article gives for a person or body.

"Т.Мей" → "Тереза Мей" when the article names her so, "Жданова" → "Олег Жданов", "Генштабу
ЗСУ" → "Генштаб ЗСУ"; with recognised entities, the longest base form of the entity's mentions.
"""
from __future__ import annotations

import dataclasses
import re

from . import cues
from .model import Speaker
from .quote_text import Context, word_at
from .speaker_phrases import Phrase

__all__ = ["named", "canonical_name", "name_key", "is_name", "oblique", "subject_like"]

ENDINGS = re.compile(r"(ові|еві|ому|ого|ою|ею|ой|ий|ій|ів|ах|ям|ом|ем|а|я|у|ю|і|и|е|ї)$")
OBLIQUE = ("gent", "datv", "accs", "ablt", "loct")


def named(ctx: Context, sp: Speaker, names: list[Phrase]) -> Speaker:
    """The speaker under its canonical name, with the entity id of its mention if any."""
    last = sp.end - 1              # the head of a name is its last word ("Т.Мей" → the mention "Мей")
    mention = next((m for m in ctx.mentions if m.start <= last < m.end and m.type in ("PER", "ORG")), None)
    if mention is not None:
        return _from_mention(ctx, sp, mention, names)
    return dataclasses.replace(sp, name=canonical_name(ctx, sp, names))


def _from_mention(ctx: Context, sp: Speaker, m, names: list[Phrase]) -> Speaker:
    if m.end > sp.end + 1 and m.type != "PER":      # the recogniser took more words than the name
        return dataclasses.replace(sp, name=_base(ctx, sp), entity_id=m.entity_id, type=m.type)
    known = ctx.entity_names.get(m.entity_id, "")
    if known and (m.type != "PER" or _plain_name_of(known, sp.name)):
        return dataclasses.replace(sp, name=known, entity_id=m.entity_id, type=m.type)
    same = [x for x in ctx.mentions if m.entity_id and x.entity_id == m.entity_id] or [m]
    if m.type == "PER":
        # a full name written in the nominative in the article beats a guessed base form
        surface = canonical_name(ctx, dataclasses.replace(sp, type="PER"), names)
        if len(surface.split()) > 1:
            return dataclasses.replace(sp, name=surface, entity_id=m.entity_id, type="PER")
        nominative = [x for x in same if x.lemma == x.text and len(x.text.split()) > 1]
        same = nominative or same
    best = max(same, key=lambda x: (len((x.lemma or x.text).split()), len(x.lemma or x.text)))
    return dataclasses.replace(sp, name=best.lemma or best.text, entity_id=m.entity_id, type=m.type)


def _plain_name_of(known: str, name: str) -> bool:
    """The knowledge base's name is this person's (same surname) and carries no title."""
    words = known.split()
    return (name_key(words[-1]) == name_key(name.split(".")[-1].split()[-1])
            and not any(w.lower().startswith(cues.ROLE_NOUNS) for w in words))


def canonical_name(ctx: Context, sp: Speaker, names: list[Phrase]) -> str:
    """The fullest nominative name in the article ending in the same surname, else the base form."""
    words = sp.name.replace(".", ". ").split()
    if sp.type != "PER":
        return _base(ctx, sp)
    key = name_key(words[-1])
    same = [p for p in names if p.kind == "person" and p.end - p.start >= 2
            and name_key(ctx.words[p.end - 1].text) == key and not oblique(ctx, p)]
    same = [p for p in same if is_name(ctx.words[p.start].tag) or not ctx.words[p.start].tag
            or subject_like(ctx, p)]
    if same:
        best = max(same, key=lambda p: (is_name(ctx.words[p.start].tag), p.end - p.start))
        return ctx.text[ctx.words[best.start].start:ctx.words[best.end - 1].end]
    first = ctx.words[word_at(ctx, sp.start)]
    if len(words) == 1 or "." in sp.name or not (is_name(first.tag) and "nomn" in first.tag):
        return _surname(ctx, sp)
    return sp.name


def _surname(ctx: Context, sp: Speaker) -> str:
    """The surname in its base form when the reading is of a person ("Мельника" → "Мельник")."""
    first = word_at(ctx, sp.start)
    last = max(word_at(ctx, sp.end) - 1, first)
    if last > first and is_name(ctx.words[first].tag):
        return " ".join(_person_base(ctx.words[k]) for k in range(first, last + 1))
    w = ctx.words[last]
    return _person_base(w) if "." not in w.text else w.text.split(".")[-1]


def _person_base(w) -> str:
    if w.lemma and ("Surn" in w.tag or "Name" in w.tag or "anim" in w.tag):
        return w.lemma[:1].upper() + w.lemma[1:]
    return w.text


def _base(ctx: Context, sp: Speaker) -> str:
    """Base form word by word: lemma of each noun that has one, cased like the surface."""
    out: list[str] = []
    head_done = ctx.words[word_at(ctx, sp.start)].pos == "NUMR"      # "сім профспілок" stays
    for k in range(word_at(ctx, sp.start), word_at(ctx, sp.end)):
        w = ctx.words[k]
        if (not head_done and w.lemma and w.pos == "NOUN" and not w.text.isupper() and "Surn" not in w.tag
                and w.lemma.lower() != w.text.lower()):
            out.append(w.lemma[:1].upper() + w.lemma[1:] if w.text[:1].isupper() else w.lemma)
        else:
            out.append(w.text)
        head_done = head_done or w.pos == "NOUN"
    return " ".join(out) if out else sp.name


def is_name(tag: str) -> bool:
    return "Name" in tag or "Surn" in tag


def oblique(ctx: Context, p: Phrase) -> bool:
    """A name reliably in an oblique case ("Джастіна Трюдо"): not a subject."""
    return any(is_name(ctx.words[k].tag) and any(c in ctx.words[k].tag for c in OBLIQUE)
               for k in range(p.start, p.end))


def name_key(word: str) -> str:
    word = word.lower().split(".")[-1]
    return ENDINGS.sub("", word) if len(word) > 4 else word


def subject_like(ctx: Context, p: Phrase) -> bool:
    """A name followed by its verb ("Ашіг Масіх звернувся"): a subject, so in the nominative."""
    for k in range(p.end, min(p.end + 3, len(ctx.words))):
        if ctx.words[k].pos == "VERB":
            return True
        if ctx.words[k].text in ",.;:":
            return False
    return False
