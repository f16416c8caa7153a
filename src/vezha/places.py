"""The places stage: LOC mentions geocoded from the packaged gazetteer, ambiguity settled by context.

For each LOC mention the gazetteer gives candidates: by its base form (or, when the gazetteer
knows neither of its own forms, the name or an alias of the entity it is linked to), its surface
form, then with a case ending undone ("Пакистане" → "Пакистан", for base forms a recogniser got
wrong); last, a raion, hromada or foreign oblast goes to its centre ("Бахмутський район" →
Бахмут) with a lower confidence.
Each candidate gets a score from named rules (``SCORES``):

* ``table``: an entry of our own tables (countries, oblasts, regions, frontline towns);
* ``population``: log10 of a GeoNames city's population (the prior);
* ``name_match``: the city's GeoNames name is the transliteration of the mention (so an old
  alias such as "Олександрівка" for Donetsk does not win by size);
* ``context_country`` / ``context_admin1``: the article names the candidate's country or oblast
  (from places resolved without doubt, e.g. "на Львівщині" for a Mykolaiv in Lviv Oblast);
* ``home``: a Ukrainian place in a uk/ru article (war news).

The best candidate wins; its confidence is its softmax share of the scores (one candidate: the
``SINGLE`` value). Geopolitical terms ("Захід") have no coordinates and give no Place. One
Place per entity id; the mention-level function ``geocode`` serves evaluation and debugging.
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import re
from dataclasses import dataclass
from typing import Iterable

from .gazetteer import Gazetteer, GeoEntry, name_key
from .model import Doc, Entity, Mention, Place
from .pipeline import Resources, Stage

__all__ = ["STAGE", "run", "geocode_mentions", "geocode", "Resolution", "Context", "build_context",
           "SCORES", "fold", "candidates", "uninflected", "area_centres", "with_entity_names"]

SCORES = {"country": 12.0, "continent": 11.0, "oblast": 10.0, "region": 9.5, "table_city": 10.0,
          "name_match": 3.0, "context_country": 3.0, "context_admin1": 4.0, "home": 1.5}
SINGLE = {"table": 0.95, "geonames": 0.85, "derived": 0.6}
NAME_MATCH_RATIO = 0.8
HOME_LANGUAGES = frozenset({"uk", "ru"})
# "Бахмутський район", "Бучанська громада", "Курська область", "Таллиннский аэропорт".
AREA = re.compile(r"^(?P<stem>[\w'’ʼ-]+?)(?:ськ|цьк|зьк|ск|цк|зк)(?:ий|а|е|ая|ое|ый)\s+"
                  r"(?:район|громада|округ|область|міська громада|община|аеропорт|аэропорт)$", re.IGNORECASE)
# "аеропорт «Бориспіль»", "аэропорт Шереметьево": the facility is placed at its town.
FACILITY = re.compile(r"^(?:міжнародний\s+|международный\s+)?(?:аеропорт|аэропорт|airport|порт|вокзал)\s+"
                      r"[«\"“]?(?P<name>[^»\"”]+?)[»\"”]?$", re.IGNORECASE)
TABLE_TOWN_POPULATION = 1_000_000
CENTRE_ENDINGS = ("", "ськ", "ск", "и", "а", "е", "ка", "на", "я", "ь")
STEM_ALTERNATIONS = (("ів", ("ове", "и", "ів", "ово", "ы")), ("ан", ("а",)), ("ен", ("ена", "ня")),
                     ("ж", ("га",)))
# Case endings (uk, ru) and the nominative endings they may stand for; longest first.
CASE_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ові", ("",)), ("ою", ("а",)), ("ом", ("",)), ("ем", ("",)), ("ії", ("ія",)), ("ію", ("ія",)),
    ("ии", ("ия",)), ("ию", ("ия",)), ("ей", ("ь",)), ("і", ("", "а", "я", "ь")), ("е", ("", "а", "ь")),
    ("и", ("а", "я", "ь")), ("у", ("", "а")), ("ю", ("я", "ь")), ("а", ("",)), ("я", ("ь",)),
)
FOLD = str.maketrans({"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
                      "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
                      "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
                      "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
                      "ю": "iu", "я": "ia", "ы": "y", "э": "e", "ъ": "", "'": "", "-": "", " ": ""})
LATIN_FOLD = (("yi", "i"), ("ya", "ia"), ("yu", "iu"), ("ye", "ie"), ("y", "i"), ("j", "i"),
              ("kh", "h"), ("g", "h"), ("w", "v"))


@dataclass(frozen=True, slots=True)
class Resolution:
    """One geocoded mention: the chosen entry, its confidence and the rules that decided."""
    entry: GeoEntry
    confidence: float
    rule: str


@dataclass(frozen=True, slots=True)
class Context:
    """What the article says about where it is: countries and oblasts named without doubt."""
    countries: frozenset[str] = frozenset()
    admin1: frozenset[str] = frozenset()
    language: str = "uk"


def run(doc: Doc, resources: Resources) -> Doc:
    """Add one Place per geocoded LOC entity of ``doc``."""
    gazetteer = resources["gazetteer"]
    mentions = with_entity_names(doc.mentions, doc.entities, gazetteer)
    return dataclasses.replace(doc, places=geocode_mentions(mentions, gazetteer, doc.article.language))


def with_entity_names(mentions: Iterable[Mention], entities: Iterable[Entity],
                      gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """A LOC mention whose own forms the gazetteer lacks borrows its linked entity's name or alias."""
    names = {e.id: (e.name, *(a.name for a in e.aliases)) for e in entities}
    out = []
    for m in mentions:
        if m.type == "LOC" and m.lemma not in gazetteer and m.text not in gazetteer:
            known = next((n for n in names.get(m.entity_id, ()) if n in gazetteer), None)
            m = dataclasses.replace(m, lemma=known) if known else m
        out.append(m)
    return tuple(out)


STAGE = Stage(name="places", run=run, needs=frozenset({"mentions"}), provides=frozenset({"places"}),
              resources=frozenset({"gazetteer"}))


def geocode_mentions(mentions: Iterable[Mention], gazetteer: Gazetteer,
                     language: str = "uk") -> tuple[Place, ...]:
    locs = [m for m in mentions if m.type == "LOC"]
    context = build_context(locs, gazetteer, language)
    places: dict[str, Place] = {}
    for m in locs:
        found = geocode(m, gazetteer, context)
        if found is not None:
            place = adapt_place(m, found)
            if place.entity_id not in places or places[place.entity_id].confidence < place.confidence:
                places[place.entity_id] = place
    return tuple(places.values())


def adapt_place(mention: Mention, found: Resolution) -> Place:
    e = found.entry
    return Place(entity_id=mention.entity_id or place_id(e), name=mention.lemma or mention.text,
                 lat=float(e.lat), lon=float(e.lon), country=e.country, admin1=e.admin1,
                 confidence=round(found.confidence, 3))


def place_id(entry: GeoEntry) -> str:
    """An id for a place whose mention has no entity id: kind, country and name."""
    return "LOC-" + re.sub(r"[^\w]+", "-", f"{entry.country}-{entry.name}").strip("-")


def candidates(mention: Mention, gazetteer: Gazetteer) -> tuple[GeoEntry, ...]:
    """Candidates of the base form, the surface form, a case ending undone, else of an area's
    centre ("Бахмутський район" → Бахмут)."""
    for name in (mention.lemma, mention.text):
        if name and (found := gazetteer.candidates(name)):
            return found
    for name in uninflected(mention.lemma or mention.text):     # only when those are unknown
        if name and (found := gazetteer.candidates(name)):
            return found
    name = mention.lemma or mention.text
    facility = FACILITY.match(name.strip())
    if facility and (found := gazetteer.candidates(facility.group("name"))):
        return found
    return area_centres(name, gazetteer)


def area_centres(name: str, gazetteer: Gazetteer) -> tuple[GeoEntry, ...]:
    """A raion, hromada or foreign oblast named after its centre, placed at that town
    (``source="derived"``): "Бахмутський район", "Бучанська громада", "Курська область"."""
    m = AREA.match(name.strip())
    if not m:
        return ()
    found = {e: None for town in _centre_names(m.group("stem")) for e in gazetteer.candidates(town)
             if e.kind == "city"}
    return tuple(dataclasses.replace(e, kind="area", name=name, source="derived", population=_weight(e))
                 for e in found)


def _weight(entry: GeoEntry) -> int:
    """A derived candidate's population prior: our table's towns weigh as a large city."""
    return entry.population or TABLE_TOWN_POPULATION


def _centre_names(stem: str) -> list[str]:
    """Town names an adjective stem may come from: Покров-ськ, Броварська → Бровари, Сватів → Сватове."""
    names = [stem + end for end in CENTRE_ENDINGS]
    for alt, news in STEM_ALTERNATIONS:
        if stem.endswith(alt):
            names += [stem[:-len(alt)] + new for new in news]
    return names


def uninflected(name: str) -> list[str]:
    """Nominatives a one-word name in an oblique case may come from ("Пакистане" → "Пакистан")."""
    if " " in name.strip() or len(name) < 5:
        return []
    low = name.lower()
    return [name[:len(name) - len(end)] + new for end, news in CASE_ENDINGS if low.endswith(end) for new in news]


def build_context(mentions: Iterable[Mention], gazetteer: Gazetteer, language: str = "uk") -> Context:
    """Countries and oblasts of mentions with exactly one placeable candidate."""
    countries, admin1 = set(), set()
    for m in mentions:
        found = [e for e in candidates(m, gazetteer) if e.lat is not None]
        if len(found) == 1:
            countries.add(found[0].country)
            admin1.add(found[0].admin1)
    return Context(frozenset(countries - {""}), frozenset(admin1 - {""}), language)


def geocode(mention: Mention, gazetteer: Gazetteer, context: Context = Context()) -> Resolution | None:
    """The best candidate place of one mention, or None (unknown or geopolitical)."""
    found = [e for e in candidates(mention, gazetteer) if e.lat is not None and e.lon is not None]
    if not found:
        return None
    derived = "area_centre+" if found[0].source == "derived" else ""
    if len(found) == 1:
        return Resolution(found[0], SINGLE[found[0].source], derived + "single")
    scored = sorted(((score(e, mention, context), e) for e in found), key=lambda x: -x[0][0])
    total = sum(math.exp(s - scored[0][0][0]) for (s, _), _ in scored)
    (best, rules), entry = scored[0]
    share = 1.0 / total * (SINGLE["derived"] if derived else 1.0)
    return Resolution(entry, share, derived + "+".join(rules))


def score(entry: GeoEntry, mention: Mention, context: Context) -> tuple[float, tuple[str, ...]]:
    """The candidate's score and the names of the rules that added to it."""
    parts = [_prior(entry), _name_match(entry, mention), _context_country(entry, context),
             _context_admin1(entry, context), _home(entry, context)]
    return sum(v for v, _ in parts), tuple(name for v, name in parts if v)


def _prior(entry: GeoEntry) -> tuple[float, str]:
    if entry.source == "table":
        return SCORES.get(entry.kind, SCORES["table_city"]) if entry.kind != "city" else SCORES["table_city"], "table"
    return math.log10(entry.population + 10), "population"


def _name_match(entry: GeoEntry, mention: Mention) -> tuple[float, str]:
    if entry.source != "geonames":
        return 0.0, ""
    ratio = difflib.SequenceMatcher(None, fold(mention.lemma or mention.text), fold(entry.name)).ratio()
    return (SCORES["name_match"], "name_match") if ratio >= NAME_MATCH_RATIO else (0.0, "")


def _context_country(entry: GeoEntry, context: Context) -> tuple[float, str]:
    return (SCORES["context_country"], "context_country") if entry.country in context.countries else (0.0, "")


def _context_admin1(entry: GeoEntry, context: Context) -> tuple[float, str]:
    return (SCORES["context_admin1"], "context_admin1") if entry.admin1 in context.admin1 else (0.0, "")


def _home(entry: GeoEntry, context: Context) -> tuple[float, str]:
    home = entry.country == "UA" and context.language in HOME_LANGUAGES
    return (SCORES["home"], "home") if home else (0.0, "")


def fold(name: str) -> str:
    """A loose Latin spelling for comparing a Cyrillic name with a GeoNames one."""
    text = name_key(name).translate(FOLD)
    for a, b in LATIN_FOLD:
        text = text.replace(a, b)
    return re.sub(r"[^a-z]", "", text)
