"""Speaker phrases: the words that name who speaks, found around a cue.

A phrase has a kind: ``person`` (a PER mention or a name like "Олег Жданов", "Т.Мей"),
``name`` (another capitalised name), ``organisation`` (an ORG mention, or the name after an
outlet noun: "телеканал Бі-Бі-Сі" → "Бі-Бі-Сі"), ``pronoun`` ("він"), ``role`` ("експерт",
"прем'єр-міністр Данії") or ``document`` ("у доповіді"). ``vezha.speakers`` resolves them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import cues
from .model import Mention, Speaker
from .name_runs import capital as _capital, is_name as _is_name, long_quote as _long_quote
from .name_runs import name_start as _name_start, person_like as _person_like, run_end as _run_end
from .quote_text import CLAUSE_END, Context, is_cue, word_at

__all__ = ["Phrase", "phrases", "speaker_before", "speaker_after", "speaker_in", "to_speaker",
           "NOMINATIVE_PRONOUNS", "OUTLET_ROLES", "PERSON_TYPES"]

NOMINATIVE_PRONOUNS = frozenset("він вона вони он она они he she they".split())
OUTLET_ROLES = ("телеканал", "видання", "агенці", "газет", "компані", "авіакомпані",
                "лоукостер", "авіаперевізник", "издани", "агентств", "компани", "авиакомпани",
                "авиаперевозчик", "телекомпани")
PERSON_TYPES = ("person", "pronoun", "role")
# Nouns that open a role, body or document phrase.
SPEAKER_NOUNS = cues.ROLE_NOUNS + cues.BODY_NOUNS + cues.DOCUMENT_NOUNS
DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:ua|ru|com|net|org|info|by|eu|uk|de|pl|fr|news|media|tv)")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A candidate speaker phrase: word indexes [start, end), its kind, after a preposition?"""
    start: int
    end: int
    kind: str
    prep: bool = False


def phrases(ctx: Context, a: int, b: int) -> list[Phrase]:
    """Candidate speaker phrases among words [a, b), left to right."""
    out: list[Phrase] = []
    i = a
    while i < b:
        p = _phrase_at(ctx, i, b)
        if p:
            out.append(p)
            i = max(p.end, i + 1)       # a phrase that ends where it starts must not stall
        else:
            i += 1
    return out


def _phrase_at(ctx: Context, i: int, b: int) -> Phrase | None:
    """The phrase starting at word ``i`` (ending by ``b``): a mention's, else a word's."""
    prep = i > 0 and ctx.lows[i - 1] in cues.PREPOSITIONS
    if ctx.words[i].start in ctx.mentions_at:          # most words start no mention
        found = _mentioned(ctx, i, b, prep)
        if found is not None:
            return found
    return _word_phrase(ctx, i, b, prep)


def _mentioned(ctx: Context, i: int, b: int, prep: bool) -> Phrase | None:
    """A place mention (a place may speak, "у Брюсселі кажуть", never as a person), else a
    person's without its titles, else an organisation's."""
    start = ctx.words[i].start
    place = _place_at(ctx, start)
    if place is not None:
        return Phrase(i, max(min(word_at(ctx, place.end), b), i + 1), "name", prep)
    m = _mention_at(ctx, start)
    if m is None:
        return None
    end = _mention_end(ctx, i, min(word_at(ctx, m.end), b))
    if m.type == "PER":
        return Phrase(_name_start(ctx, _after_titles(ctx, i, end), end), end, "person", prep)
    return Phrase(i, end, "organisation", prep)


def _word_phrase(ctx: Context, i: int, b: int, prep: bool) -> Phrase | None:
    """A pronoun, an outlet's site, a generic source, a role noun's phrase, a short name in
    quote marks, or a run of capitalised words (a person's name or another)."""
    low = ctx.lows[i]
    if low in NOMINATIVE_PRONOUNS:
        return Phrase(i, i + 1, "pronoun", prep)
    if "." in low and DOMAIN.fullmatch(low):
        return Phrase(i, i + 1, "organisation", prep)       # an outlet by its site: "tsn.ua"
    if low in cues.GENERIC_SOURCES:
        first = i - 1 if i > 0 and _adjective(ctx.words[i - 1]) else i
        return Phrase(first, i + 1, "organisation", prep)
    w = ctx.words[i]
    if w.pos == "ADJF" and w.text[:1].islower():
        return None
    if low.startswith(SPEAKER_NOUNS):
        return _role(ctx, i, b, prep)
    quoted = _quoted_name(ctx, i, b)
    if quoted is not None:
        return Phrase(i, quoted, "organisation", ctx.lows[i - 2] in cues.PREPOSITIONS)
    if not _capital(ctx, i):
        return None
    end = _run_end(ctx, i, b)
    first = _name_start(ctx, i, end)
    kind = "person" if _person_like(ctx, first, end) else "name"
    return Phrase(first, end, kind, prep and first == i)


def _role(ctx: Context, i: int, b: int, prep: bool) -> Phrase:
    """A role, body or document noun with its qualifiers, or the name that follows it."""
    low = ctx.lows[i]
    kind = "document" if low.startswith(cues.DOCUMENT_NOUNS) and not low.startswith(cues.ROLE_NOUNS) else "role"
    j = i + 1
    while j < min(b, i + 3) and _qualifier(ctx, j):
        j += 1
    if j < b and _capital(ctx, j):
        return _titled(ctx, i, j, b, kind, prep)
    if low.startswith(cues.BODY_NOUNS) and not low.startswith(cues.ROLE_NOUNS):
        return Phrase(_body_start(ctx, i), j, "organisation", prep)   # "пакистанська поліція", "Міністерство оборони"
    if kind == "role" and j > i + 1 and ctx.lows[j - 1] not in cues.PREPOSITIONS:
        return Phrase(i, j, "role", prep)       # "речник компанії", "представника бельгійської профспілки"
    return Phrase(i, i + 1, kind, prep)


def _titled(ctx: Context, i: int, j: int, b: int, kind: str, prep: bool) -> Phrase:
    """The role noun at ``i`` followed by a name at ``j``: the person it titles, else the body,
    outlet or document the name is, else the role with its name."""
    low = ctx.lows[i]
    end = _run_end(ctx, j, b)
    tail = _name_start(ctx, j, end)
    org_word = end < b and ctx.words[end].text[:1].islower() and ctx.words[end].pos == "NOUN"
    if _person_like(ctx, tail, end) and not org_word:      # not "голова Громадської ліги"
        return Phrase(tail, end, "person", False)
    if low.startswith(cues.BODY_NOUNS):
        return Phrase(i, end, "organisation", prep)
    if low.startswith(OUTLET_ROLES) or kind == "document":
        return Phrase(j, end, "organisation", prep)
    return Phrase(i, end, "role", prep)


def _body_start(ctx: Context, i: int) -> int:
    """A body noun's first word, its adjectives and numerals before it included."""
    first = i
    while first > 0 and (_adjective(ctx.words[first - 1]) or ctx.words[first - 1].pos == "NUMR"):
        first -= 1
    return first


def _qualifier(ctx: Context, j: int) -> bool:
    """A lowercase noun or adjective after a role noun: "речник компанії", "міністр закордонних справ"."""
    w = ctx.words[j]
    if not w.text[:1].islower() or w.text.lower() in cues.PREPOSITIONS or is_cue(ctx, j):
        return False
    if w.text.lower().startswith(cues.ROLE_NOUNS) and "nomn" in w.tag:
        return False                   # "журналістам представник ...": a new phrase begins
    return w.pos in ("NOUN", "ADJF", "")


def _adjective(w) -> bool:
    """A lowercase adjective ("пакистанська", "польські"), by tag or by its suffix."""
    return w.text[:1].islower() and ("ADJF" in w.tag or re.search(r"(ськ|цьк|зьк)\w{1,3}$", w.text) is not None)


def _after_titles(ctx: Context, i: int, end: int) -> int:
    """A person mention without its titles: "Defence Minister Peter Koval" → "Peter Koval"."""
    titles = [k for k in range(i, end - 1) if ctx.lows[k].startswith(cues.ROLE_NOUNS)]
    return titles[-1] + 1 if titles else i


def _quoted_name(ctx: Context, i: int, b: int) -> int | None:
    """A short name in quote marks ("Польское радио", «Допомога Церкві в нужді»): its end word."""
    if i == 0 or not ctx.words[i].text[:1].isupper():
        return None
    o = ctx.words[i - 1].start
    pair = next(((o, pc) for pc in ctx.closes_at.get(o, ())), None)
    if pair is None or pair[1] - o > 40:
        return None
    end = word_at(ctx, pair[1])
    if any(ctx.words[k].pos in ("VERB", "GRND", "INFN", "PRTF") for k in range(i, end)):
        return None                    # «Путін тисне на Мінськ» is a quote, not a name
    return end if i < end <= b and end - i <= 5 else None


def _mention_end(ctx: Context, i: int, end: int) -> int:
    """A mention's words up to a number or a preposition it swallowed ("Генштабу ЗСУ з 1 до")."""
    for k in range(i + 1, end):
        t = ctx.words[k].text
        if t[:1].isdigit() or (t.lower() in cues.PREPOSITIONS and not ctx.words[k + 1:end]):
            return k - (ctx.lows[k - 1] in cues.PREPOSITIONS)
    return max(end, i + 1)


def _place_at(ctx: Context, start: int) -> Mention | None:
    return next((m for m in ctx.mentions_at.get(start, ()) if m.type == "LOC"), None)


def _mention_at(ctx: Context, start: int) -> Mention | None:
    return next((m for m in ctx.mentions_at.get(start, ()) if m.type in ("PER", "ORG")), None)


def to_speaker(ctx: Context, p: Phrase | None) -> Speaker | None:
    if p is None:
        return None
    s, e = ctx.words[p.start].start, ctx.words[p.end - 1].end
    typ = "PER" if p.kind in PERSON_TYPES else "ORG"
    return Speaker(name=ctx.text[s:e], type=typ, start=s, end=e, resolved_from=p.kind)


def speaker_after(ctx: Context, i: int, stop: int) -> Speaker | None:
    """The speaker named right after the cue word ``i`` ("– сказав він", "заявив міністр X")."""
    end = i + 1
    while end < stop and ctx.words[end].text not in CLAUSE_END and not _long_quote(ctx, end):
        end += 1
    found = [p for p in phrases(ctx, i + 1, end) if not _addressee(ctx, p)]
    if found and found[0].kind == "pronoun" and found[0].start == i + 1:
        return to_speaker(ctx, found[0])
    best = (next((p for p in found if p.kind == "person" and _tagged(ctx, p)), None)
            or next((p for p in found if p.kind == "person"), None)
            or next((p for p in found if not p.prep), None))
    return to_speaker(ctx, best or (found[0] if found else None))


def speaker_before(ctx: Context, lo: int, i: int) -> Speaker | None:
    """The subject before the cue word ``i``: the nearest phrase not after a preposition; a
    person before an apposition wins over it ("Алессандро Монтедуро, директор ACN, розповів")."""
    found = [p for p in phrases(ctx, lo, i) if p.kind != "document" and not _in_relative(ctx, p, i)][::-1]
    if found and _impersonal_in(ctx, found[0], i):
        return to_speaker(ctx, found[0])
    best = next((p for p in found if not p.prep), None) or (found[0] if found else None)
    if best is not None and best.kind == "role" and " " in _text(ctx, best):
        best = next((p for p in found if p.kind == "person" and not p.prep), best)
    return to_speaker(ctx, best)


def _addressee(ctx: Context, p: Phrase) -> bool:
    """"заявив журналістам": a dative after the cue is who was told, not who spoke."""
    tag = ctx.words[p.start].tag
    return "datv" in tag and "nomn" not in tag and p.kind in ("role", "name")


RELATIVE = frozenset("який яка яке які якого якої яких якому яким якій що котрий котра котрі "
                     "который которая которое которые которого которой которых".split())


def _in_relative(ctx: Context, p: Phrase, i: int) -> bool:
    """The phrase sits in a relative clause before the cue ("сім профспілок, до яких входять
    працівники Ryanair, заявляли"): not the subject."""
    k = p.start - 1
    while k >= 0 and ctx.words[k].text != ",":
        k -= 1
    if k < 0 or not any(w.text.lower() in RELATIVE for w in ctx.words[k + 1:min(k + 4, p.start)]):
        return False
    return any(w.text == "," for w in ctx.words[p.end:i])


PLURAL_VERB = re.compile(r"\w+(ють|ять|уть|ать|ли|ют|ят|ут|ат)$")


def _impersonal_in(ctx: Context, p: Phrase, i: int) -> bool:
    """"У Брюсселі кажуть", "в ЄС вважають": a body named with "у/в" right before a plural cue."""
    before = ctx.lows[p.start - 1] if p.start else ""
    return (p.prep and before in ("у", "в", "во") and p.end >= i - 1
            and PLURAL_VERB.fullmatch(ctx.lows[i]) is not None)


def _tagged(ctx: Context, p: Phrase) -> bool:
    return any(_is_name(ctx.words[k].tag) for k in range(p.start, p.end))


def _text(ctx: Context, p: Phrase) -> str:
    return ctx.text[ctx.words[p.start].start:ctx.words[p.end - 1].end]


def speaker_in(ctx: Context, a: int, b: int) -> Speaker | None:
    """The speaker named in "за словами X": the first person, else the first phrase."""
    found = phrases(ctx, a, b)
    best = (next((p for p in found if p.kind == "person" and _tagged(ctx, p)), None)
            or next((p for p in found if p.kind == "person"), None) or (found[0] if found else None))
    return to_speaker(ctx, best)
