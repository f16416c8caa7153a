"""Ukraine's oblast borders for the map, read from the ``pygal-maps-ua`` package's SVG.

The package ships ``UKR-ADM1_simplified.Svg`` (geoBoundaries' UKR ADM1, simplified): one ``<g>``
per region (``class="ua_kharkiv region ..."``) whose paths are the region's outline in Web
Mercator, scaled to fill the picture. ``load_oblasts`` parses the paths (``m l h v c z``, relative
and absolute; a curve keeps its end point), undoes the scaling by the outline's extent in pixels
and in degrees (``EXTENT``), and returns a GeoJSON FeatureCollection of MultiPolygons.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

__all__ = ["load_oblasts", "parse_path", "EXTENT", "SVG"]

SVG = "pygal_maps_ua/UKR-ADM1_simplified.Svg"
EXTENT = (22.137, 44.386, 40.228, 52.379)      # Ukraine's west, south, east, north (degrees)
GROUP = re.compile(r'<g\b([^>]*)class="ua_([a-z-]+) region[^"]*"([^>]*)>(.*?)</g>', re.S)
PATH_D = re.compile(r'\sd="([^"]+)"')
SHIFT = re.compile(r'transform="translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)"')
TOKEN = re.compile(r"[MLHVCZmlhvcz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6}
STEP = 0.01             # degrees (~1 km): finer than the map ever shows


def parse_path(d: str) -> list[list[tuple[float, float]]]:
    """The rings of an SVG path's data, as absolute (x, y) points."""
    rings: list[list[tuple[float, float]]] = []
    ring: list[tuple[float, float]] = []
    x = y = sx = sy = 0.0
    tokens, i, cmd = TOKEN.findall(d), 0, "m"
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd, i = tokens[i], i + 1
            if cmd in "zZ":
                rings, ring, (x, y) = rings + [ring] if ring else rings, [], (sx, sy)
            continue
        n = ARITY[cmd.lower()]
        v, i = [float(t) for t in tokens[i:i + n]], i + n
        x, y = _move(cmd, v, x, y)
        if cmd in "mM":
            rings, ring, (sx, sy) = rings + [ring] if ring else rings, [], (x, y)
            cmd = "l" if cmd == "m" else "L"        # more pairs after a move are lines
        ring.append((x, y))
    return rings + [ring] if ring else rings


def _move(cmd: str, v: list[float], x: float, y: float) -> tuple[float, float]:
    rel, kind = cmd.islower(), cmd.lower()
    if kind == "h":
        return (x + v[0] if rel else v[0]), y
    if kind == "v":
        return x, (y + v[0] if rel else v[0])
    ex, ey = v[-2], v[-1]                           # m, l: the point; c: the curve's end
    return (x + ex, y + ey) if rel else (ex, ey)


@lru_cache(maxsize=1)
def load_oblasts() -> dict[str, Any]:
    """The oblasts (and Kyiv, Sevastopol, Crimea) as GeoJSON with ``properties.id`` ("kharkiv")."""
    svg = _svg_path().read_text(encoding="utf-8")
    regions = [(m.group(2), _shift(m.group(1) + m.group(3)), PATH_D.findall(m.group(4)))
               for m in GROUP.finditer(svg)]
    rings = {rid: [[(px + dx, py + dy) for px, py in r] for d in ds for r in parse_path(d)]
             for rid, (dx, dy), ds in regions}
    to_degrees = _georeference([p for rs in rings.values() for r in rs for p in r])
    polygons = {rid: [[_thin([to_degrees(p) for p in r + r[:1]])] for r in rs if len(r) > 2]
                for rid, rs in rings.items()}
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": rid},
         "geometry": {"type": "MultiPolygon", "coordinates": [p for p in ps if len(p[0]) > 3]}}
        for rid, ps in polygons.items()]}


def _thin(ring: list[list[float]]) -> list[list[float]]:
    """The ring without points closer than ``STEP`` degrees to the last one kept (ends kept)."""
    out = ring[:1]
    for p in ring[1:-1]:
        if abs(p[0] - out[-1][0]) + abs(p[1] - out[-1][1]) >= STEP:
            out.append(p)
    return out + ring[-1:]


def _shift(attrs: str) -> tuple[float, float]:
    m = SHIFT.search(attrs)
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def _georeference(points: list[tuple[float, float]]):
    """(x, y) pixel -> [lon, lat]: the points' extent is Ukraine's ``EXTENT`` in Web Mercator."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    west, south, east, north = EXTENT
    top, bottom = _mercator(north), _mercator(south)
    sx = (east - west) / (max(xs) - min(xs))
    sy = (top - bottom) / (max(ys) - min(ys))
    x0, y0 = min(xs), min(ys)

    def to_degrees(p: tuple[float, float]) -> list[float]:
        lat = math.degrees(2 * math.atan(math.exp(top - (p[1] - y0) * sy)) - math.pi / 2)
        return [round(west + (p[0] - x0) * sx, 3), round(lat, 3)]
    return to_degrees


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _svg_path() -> Path:
    return Path(str(distribution("pygal-maps-ua").locate_file(SVG)))
