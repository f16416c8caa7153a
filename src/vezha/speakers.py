"""The speakers stage: the raw speaker phrase of each quote resolved to a person or body.

Rules, in order, by the kind of phrase the quotes stage found:

* ``person``/``name``/``organisation``: the canonical full base form in the article
  ("Жданова" → "Олег Жданов"): the entity of the mention when entities were recognised, else
  the longest name in the article with the same surname;
* ``pronoun``: "він" → a person named earlier in the same sentence outside the quote, else
  the last person speaker, else the last person named; "вони" → the last speaker;
* ``role``: "експерт" → the person named right after that role noun in the article, else the
  last person speaker; a role with its own qualifier ("прем'єр-міністр Данії") stays itself;
* ``document``: "у доповіді" → the last organisation speaker or organisation named.
"""
from __future__ import annotations

import dataclasses

from . import cues
from .model import Doc, Quote, Speaker
from .pipeline import Resources, Stage
from .quote_text import Context, build_context, word_at
from .quotes import with_parents
from .speaker_names import canonical_name, name_key, named, oblique, subject_like
from .speaker_phrases import OUTLET_ROLES, Phrase, phrases

__all__ = ["STAGE", "run", "resolve_all", "canonical_name"]

RESOLVED_FROM = {"person": "name", "name": "name", "organisation": "organisation",
                 "pronoun": "pronoun", "role": "role", "document": "document"}


def run(doc: Doc, resources: Resources) -> Doc:
    """Resolve the speaker of every quote of ``doc``."""
    return dataclasses.replace(doc, quotes=resolve_all(build_context(doc), doc.quotes))


STAGE = Stage(name="speakers", run=run, needs=frozenset({"quotes"}), provides=frozenset({"speakers"}))


def resolve_all(ctx: Context, quotes: tuple[Quote, ...]) -> tuple[Quote, ...]:
    names = _names(ctx)
    history: list[tuple[str, Speaker]] = []
    out = []
    for q in quotes:
        speaker = _resolve(ctx, q, q.speaker, names, history) if q.speaker else None
        via = tuple(v for v in (_resolve(ctx, q, s, names, history) for s in q.via) if v)
        if speaker is not None:
            history.append((_cue_gender(ctx, q), speaker))
            out.append(dataclasses.replace(q, speaker=speaker, via=via))
    return tuple(with_parents(out))      # a quote nobody can be found to have said is dropped


def _names(ctx: Context) -> list[Phrase]:
    """Every person and organisation named in the article, in order."""
    return [p for p in phrases(ctx, 0, len(ctx.words)) if p.kind in ("person", "name", "organisation")]


def _resolve(ctx: Context, q: Quote, raw: Speaker, names: list[Phrase],
             history: list[tuple[str, Speaker]]) -> Speaker | None:
    kind = raw.resolved_from
    if kind == "pronoun":
        found = _pronoun(ctx, q, raw, names, history)
    elif kind == "role":
        found = _role(ctx, q, raw, names, history)
    elif kind == "document":
        outside = [p for p in names if not q.start <= ctx.words[p.start].start < q.end]
        found = (_name_list(ctx, outside, raw.start) or _last(history, "ORG")
                 or _last_named(ctx, outside, raw.start, ("organisation", "name")))
    else:
        found = _as_person(ctx, raw, names)
    if found is None:
        return None
    if found is raw or found.resolved_from in ("person", "name", "organisation"):
        found = named(ctx, found, names)
    return dataclasses.replace(found, start=raw.start, end=raw.end,
                               resolved_from=RESOLVED_FROM.get(kind, kind))


def _as_person(ctx: Context, raw: Speaker, names: list[Phrase]) -> Speaker:
    """A lone capitalised word that is the surname of a person of the article is that person."""
    if raw.resolved_from != "name" or " " in raw.name:
        return raw
    key = name_key(raw.name)
    if any(p.kind == "person" and name_key(ctx.words[p.end - 1].text) == key for p in names):
        return dataclasses.replace(raw, type="PER", resolved_from="person")
    return raw


def _pronoun(ctx, q, raw, names, history) -> Speaker | None:
    if raw.type == "ORG" or cues.PRONOUNS.get(raw.name.lower()) == "plur":
        return _name_list(ctx, names, raw.start) or _last(history, None)
    s0 = ctx.words[ctx.unit_of(word_at(ctx, raw.start))[0]].start
    inside = [p for p in names if p.kind == "person" and s0 <= ctx.words[p.start].start < raw.start
              and not (q.start <= ctx.words[p.start].start < q.end)]
    gender = cues.PRONOUNS.get(raw.name.lower(), "")
    inside = [p for p in inside if _gender_fits(ctx, p, gender)]
    if inside:
        return _phrase_speaker(ctx, inside[-1])
    outside = [p for p in names if _gender_fits(ctx, p, gender)
               and not (q.kind == "direct" and q.start <= ctx.words[p.start].start < q.end)]
    subjects = [p for p in outside if subject_like(ctx, p)]
    return (_last(history, "PER", gender) or _last_named(ctx, subjects, raw.start, ("person",), forward=False)
            or _last_named(ctx, outside, raw.start, ("person",)))


def _gender_fits(ctx: Context, p: Phrase, gender: str) -> bool:
    """"він" is not "Ольга Кравчук": a first name's gender, when the morphology knows it."""
    tag = ctx.words[p.start].tag
    if gender not in ("masc", "femn") or "Name" not in tag:
        return True
    return gender in tag


def _role(ctx, q, raw, names, history) -> Speaker | None:
    """'експерт' → the person titled so, else the last person speaking; 'речник компанії' → the
    company; 'прем'єр-міністр Данії' and unresolved qualified roles stay themselves."""
    words = raw.name.split()
    if any(w.lower().startswith(cues.COMPANY_NOUNS) for w in words):
        return _company_role(ctx, raw, names, history, words)
    titled = _titled_person(ctx, raw, names, words)
    if titled is not None:
        return titled
    if len(words) > 1 and words[1][:1].isupper():
        return dataclasses.replace(raw, name=_lower_first(raw.name), resolved_from="role")
    if any(w.lower().startswith(OUTLET_ROLES) for w in words):
        return _last(history, "ORG") or _last_named(ctx, names, raw.start, ("organisation", "name"))
    return _plain_role(ctx, raw, names, history, words)


def _company_role(ctx, raw, names, history, words) -> Speaker | None:
    """'речник компанії': the company named (all of them for a plural), or its head if named."""
    many = _name_list(ctx, names, raw.start, reach=2 * LIST_REACH) if _plural(ctx, raw) else None
    company = many or _most_named(ctx, names, raw.start) or _last(history, "ORG")
    return _head_of(ctx, raw, names, words, company) or company


def _plain_role(ctx, raw, names, history, words) -> Speaker | None:
    """'аналітики': the body they speak for, else themselves; 'експерт': the last person speaking,
    else the last person named; a qualified role stays itself in its base form."""
    if _plural(ctx, raw):
        return (_name_list(ctx, names, raw.start) or _last(history, "ORG")
                or dataclasses.replace(raw, name=_base_head(ctx, raw), resolved_from="role"))
    if len(words) > 1:
        return _last(history, "PER") or dataclasses.replace(raw, name=_base_head(ctx, raw), resolved_from="role")
    return _last(history, "PER") or _last_named(ctx, names, raw.start, ("person",))


def _titled_person(ctx, raw, names, words) -> Speaker | None:
    """The person introduced with this role: "голова Громадської ліги ... Сергій Джердж"."""
    head = words[0].lower()
    stem = next((r for r in cues.ROLE_NOUNS if head.startswith(r)), None)
    if stem is None:
        return None
    qualifier = words[1][:4].lower() if len(words) > 1 and words[1][:1].isupper() else ""
    stems = cues.HEAD_ROLES if qualifier and stem in cues.HEAD_ROLES else (stem,)
    titled = [p for p in names if p.kind == "person" and any(_after_role(ctx, p, st, qualifier) for st in stems)]
    before = [p for p in titled if ctx.words[p.start].start < raw.start]
    if before or (titled and len(words) == 1):
        return _phrase_speaker(ctx, before[-1] if before else titled[0])
    return None


def _head_of(ctx, raw, names, words, company: Speaker | None) -> Speaker | None:
    """"директор авіаперевізника" → the person introduced as head of that company."""
    if company is None or len(words) < 2 or not words[0].lower().startswith(cues.HEAD_ROLES):
        return None
    qualified = dataclasses.replace(raw, name=f"{words[0]} {company.name}")
    return _titled_person(ctx, qualified, names, qualified.name.split())


def _most_named(ctx, names, before: int) -> Speaker | None:
    """The organisation named most often before ``before``, not after a preposition
    ("у компанії" → Ryanair, not "до Польщі")."""
    orgs = [p for p in names if p.kind in ("organisation", "name") and ctx.words[p.start].start < before]
    counts: dict[str, float] = {}
    for p in orgs:
        key = name_key(ctx.words[p.start].text)
        counts[key] = counts.get(key, 0) + (0.5 if p.prep else 1.0)
    if not counts:
        return None
    best = max(counts, key=counts.get)
    same = [p for p in orgs if name_key(ctx.words[p.start].text) == best]
    texts = [ctx.text[ctx.words[p.start].start:ctx.words[p.end - 1].end] for p in same]
    return _phrase_speaker(ctx, same[texts.index(max(dict.fromkeys(texts), key=texts.count))])


LIST_GLUE = frozenset({",", "і", "та", "й", "и", "and"})
LIST_REACH = 800        # characters back to look for "Ryanair, Wizzair, Iberia і IAG"


def _name_list(ctx, names, before: int, reach: int = LIST_REACH) -> Speaker | None:
    """The last list of names before ``before`` ("вони", "чотири авіакомпанії" → "A, B, C і D")."""
    near = [p for p in names if before - reach < ctx.words[p.start].start < before]
    best, a = None, 0
    while a < len(near):
        b = a
        while b + 1 < len(near) and all(w.text.lower() in LIST_GLUE for w in ctx.words[near[b].end:near[b + 1].start]) \
                and near[b + 1].start > near[b].end:
            b += 1
        if b > a:
            best = (near[a], near[b])
        a = b + 1
    if best is None:
        return None
    s, e = ctx.words[best[0].start].start, ctx.words[best[1].end - 1].end
    return Speaker(ctx.text[s:e], type="ORG", start=s, end=e, resolved_from="list")


def _base_head(ctx: Context, raw: Speaker) -> str:
    """The role phrase with its head word in the base form: "представника X" → "представник X"."""
    w = ctx.words[word_at(ctx, raw.start)]
    head = w.lemma if w.lemma and w.pos == "NOUN" else w.text
    return head + raw.name[len(w.text):]


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _after_role(ctx: Context, p: Phrase, stem: str, qualifier: str = "") -> bool:
    """The person is titled with the role: "військовий експерт Олег Жданов" (or its mention's role)."""
    m = next(iter(ctx.mentions_at.get(ctx.words[p.start].start, ())), None)
    role = m.attrs.get("role", "").lower().split() if m is not None else []
    if role and role[-1].startswith(stem) and not qualifier:
        return True
    for k in range(p.start - 1, max(p.start - 7, -1), -1):
        t = ctx.words[k].text
        if t in ",.;:!?()" or "\n" in ctx.text[ctx.words[k].end:ctx.words[k + 1].start]:
            return False
        if t.lower().startswith(stem):
            return not qualifier or qualifier in ctx.text[ctx.words[k].end:ctx.words[p.start].start].lower()
        if _other_noun(ctx, k):
            return False            # "чоловік християнки Азії Бібі": Бібі is the wife
    return False


def _other_noun(ctx: Context, k: int) -> bool:
    """A lowercase noun between a role and a name that is not part of a name ("Громадської ліги")."""
    w = ctx.words[k]
    return w.text[:1].islower() and w.pos == "NOUN" and not ctx.words[k - 1].text[:1].isupper()


def _plural(ctx: Context, raw: Speaker) -> bool:
    w = ctx.words[word_at(ctx, raw.start)]
    return "plur" in w.tag if w.tag else w.text.lower().endswith(("ки", "ти", "ри", "ці", "ки"))


def _last(history: list[tuple[str, Speaker]], typ: str | None, gender: str = "") -> Speaker | None:
    """The last speaker of this type; of this gender when both are known ("вона" ≠ "заявив")."""
    for said_as, s in reversed(history):
        if (typ is None or s.type == typ) and not (gender in ("masc", "femn") and said_as
                                                   and said_as != gender):
            return s
    return None


def _cue_gender(ctx: Context, q: Quote) -> str:
    """The gender of the speech verb: "заявила" femn, "заявив"/"заявил" masc, else unknown."""
    if q.cue_start < 0:
        return ""
    w = ctx.words[min(word_at(ctx, q.cue_start), len(ctx.words) - 1)]
    if "femn" in w.tag or "masc" in w.tag:
        return "femn" if "femn" in w.tag else "masc"
    low = w.text.lower()
    return "femn" if low.endswith("ла") else "masc" if low.endswith(("ив", "ав", "ів", "ил", "ал")) else ""


def _last_named(ctx, names, before: int, kinds: tuple[str, ...], forward: bool = True) -> Speaker | None:
    """The last name of these kinds before ``before`` that is not in an oblique case; else the
    first one after (a headline "Експерт: ..." names its expert below)."""
    found = [p for p in names if p.kind in kinds and not oblique(ctx, p)]
    earlier = [p for p in found if ctx.words[p.start].start < before]
    if earlier:
        return _phrase_speaker(ctx, earlier[-1])
    return _phrase_speaker(ctx, found[0]) if found and forward else None


def _phrase_speaker(ctx: Context, p: Phrase) -> Speaker:
    s, e = ctx.words[p.start].start, ctx.words[p.end - 1].end
    return Speaker(ctx.text[s:e], type="PER" if p.kind == "person" else "ORG", start=s, end=e,
                   resolved_from=p.kind)
