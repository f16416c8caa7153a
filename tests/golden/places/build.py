"""Build self.jsonl (mentions with expected places, exact offsets) from self.src.txt, and score.

Usage:
    .venv/bin/python tests/golden/places/build.py            # write self.jsonl
    .venv/bin/python tests/golden/places/build.py --score    # figures for all, dev ("p-") and hold-out ("h-")
A prediction is right when its country matches, its admin1 matches (when the gold gives one)
and it lies within the gold tolerance (km). Precision = right / geocoded; coverage =
geocoded / gold mentions that have a place.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[([^|\]]+)\|([^|\]]+)(?:\|([^\]]+))?\]\]")


def parse_src(path: Path) -> list[dict]:
    places, docs = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@"):
            key, *rest = line[1:].split("\t")
            places[key] = None if rest[0] == "-" else {
                "country": rest[0], "admin1": rest[1], "lat": float(rest[2]), "lon": float(rest[3]),
                "tol_km": float(rest[4])}
            continue
        doc_id, language, marked = line.split("\t")
        docs.append((doc_id, language, marked))
    return [_doc(d, lang, text, places) for d, lang, text in docs]


def _doc(doc_id: str, language: str, marked: str, places: dict) -> dict:
    parts, mentions, pos = [], [], 0
    for m in MARK.finditer(marked):
        parts.append(marked[pos:m.start()])
        start = sum(len(p) for p in parts)
        parts.append(m.group(1))
        key = m.group(3) or m.group(2)
        mentions.append({"start": start, "end": start + len(m.group(1)), "lemma": m.group(2),
                         "geo": places[key]})
        pos = m.end()
    parts.append(marked[pos:])
    return {"id": doc_id, "language": language, "text": "".join(parts), "mentions": mentions}


def score(docs: list[dict], gazetteer) -> dict:
    from vezha.gazetteer import distance_km
    from vezha.model import Mention
    from vezha.places import build_context, geocode
    right = predicted = expected = 0
    wrong = []
    for d in docs:
        ms = [Mention(m["start"], m["end"], d["text"][m["start"]:m["end"]], "LOC", m["lemma"]) for m in d["mentions"]]
        ctx = build_context(ms, gazetteer, d["language"])
        for m, g in zip(ms, d["mentions"]):
            found, gold = geocode(m, gazetteer, ctx), g["geo"]
            expected += gold is not None
            if found is None:
                continue
            predicted += 1
            e = found.entry
            ok = gold is not None and e.country == gold["country"] and (not gold["admin1"] or e.admin1 == gold["admin1"]) \
                and distance_km(e.lat, e.lon, gold["lat"], gold["lon"]) <= gold["tol_km"]
            right += ok
            if not ok:
                wrong.append(f"{d['id']}: {m.text!r} -> {e.name} {e.country} {e.admin1} ({found.rule})")
    return {"mentions": sum(len(d["mentions"]) for d in docs), "with_place": expected,
            "geocoded": predicted, "right": right,
            "precision": round(right / predicted, 4) if predicted else 0.0,
            "coverage": round(predicted / expected, 4) if expected else 0.0, "wrong": wrong}


def main(argv: list[str]) -> int:
    docs = parse_src(HERE / "self.src.txt")
    (HERE / "self.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs),
                                     encoding="utf-8")
    if "--score" in argv:
        from vezha.gazetteer import load_gazetteer
        gazetteer = load_gazetteer()
        for name, part in (("all", docs), ("dev", [d for d in docs if d["id"].startswith("p-")]),
                           ("hold-out", [d for d in docs if d["id"].startswith("h-")])):
            sys.stdout.write(f"{name}: {json.dumps(score(part, gazetteer), ensure_ascii=False)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
