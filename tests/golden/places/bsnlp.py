"""Geocoding on the BSNLP (SlavicNER) LOC mentions, uk and ru, scored by country.

Usage: .venv/bin/python tests/golden/places/bsnlp.py [--verbose]   (needs ../shared)
The expected country of each mention comes from its cross-lingual entity id through
bsnlp-ids.tsv (ids + ISO codes only). Precision = geocoded with the right country / geocoded
(a geocode of a '-' id is wrong); coverage = geocoded / mentions whose id has a country.
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NER = HERE.parents[3] / "shared" / "data" / "bsnlp" / "slavicner" / "ner"


def expected_countries(path: Path = HERE / "bsnlp-ids.tsv") -> dict[str, str]:
    rows = [l.split("\t") for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    return {k: v for k, v in rows}


def documents(folder: Path = NER):
    """(language, [(start, end, surface, lemma, entity id)]) of every LOC-bearing document."""
    for f in sorted(folder.glob("*/*/*.tsv")):
        rows = [l.split("\t") for l in f.read_text(encoding="utf-8").splitlines() if l.strip()]
        locs = [(int(r[0]), int(r[1]), r[2], r[3], r[5]) for r in rows if len(r) >= 6 and r[4] == "LOC"]
        if locs:
            yield f.parent.name, locs


def score(gazetteer, folder: Path = NER) -> dict:
    from vezha.model import Mention
    from vezha.places import build_context, geocode
    want = expected_countries()
    n = geocoded = right = expected = 0
    wrong: collections.Counter = collections.Counter()
    for lang, locs in documents(folder):
        mentions = [Mention(s, e, t, "LOC", lemma) for s, e, t, lemma, _ in locs]
        ctx = build_context(mentions, gazetteer, lang)
        for m, (*_, eid) in zip(mentions, locs):
            gold = want.get(eid, "*")
            if gold == "*":
                continue
            n += 1
            expected += gold != "-"
            found = geocode(m, gazetteer, ctx)
            if found is None:
                continue
            geocoded += 1
            ok = found.entry.country == gold
            right += ok
            if not ok:
                wrong[(m.lemma, eid, found.entry.country, found.entry.name)] += 1
    return {"mentions": n, "with_country": expected, "geocoded": geocoded, "right": right,
            "precision": round(right / geocoded, 4) if geocoded else 0.0,
            "coverage": round(geocoded / expected, 4) if expected else 0.0,
            "wrong": [f"{c}x {k}" for k, c in wrong.most_common(30)]}


def main(argv: list[str]) -> int:
    from vezha.gazetteer import load_gazetteer
    result = score(load_gazetteer())
    if "--verbose" not in argv:
        result.pop("wrong")
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
