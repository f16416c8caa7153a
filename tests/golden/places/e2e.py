"""Geocoding through the whole default pipeline on a sample of SlavicNER articles (uk, ru).

Usage: .venv/bin/python tests/golden/places/e2e.py [N]   (needs ../shared; N articles, default 120)
Predicted LOC mentions that overlap a gold LOC mention are judged by the gold entity id's
country (bsnlp-ids.tsv): precision = geocoded with the right country / geocoded; coverage =
geocoded / predicted mentions whose id has a country. The recogniser was trained on SlavicNER,
so its mentions here are better than on unseen news.
"""
from __future__ import annotations

import collections
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bsnlp  # noqa: E402


def score(n: int = 120, seed: int = 7) -> dict:
    from vezha.model import Article
    from vezha.pipeline import default_pipeline, load_resources
    from vezha.settings import load_settings
    want = bsnlp.expected_countries()
    pipe = default_pipeline()
    res = load_resources(load_settings(env={}), pipe.resources)
    files = sorted(bsnlp.NER.glob("*/*/*.tsv"))
    geocoded = right = judged = 0
    misses: collections.Counter = collections.Counter()
    for f in random.Random(seed).sample(files, min(n, len(files))):
        raw = Path(str(f).replace("/ner/", "/raw/")).with_suffix(".txt")
        if not raw.exists():
            continue
        rows = [r.split("\t") for r in f.read_text(encoding="utf-8").splitlines() if r.strip()]
        gold = [(int(r[0]), int(r[1]), r[5]) for r in rows if len(r) >= 6 and r[4] == "LOC"]
        doc = pipe(Article(id=str(f), text=raw.read_text(encoding="utf-8"), source=str(f),
                           language=f.parent.name), res)
        places = {p.entity_id: p for p in doc.places}
        by_name = {p.name: p for p in doc.places}
        for m in (m for m in doc.mentions if m.type == "LOC"):
            gid = next((g for s, e, g in gold if s < m.end and m.start < e), None)
            country = want.get(gid or "", "*")
            if country in ("*", "-"):
                continue
            judged += 1
            place = places.get(m.entity_id) or by_name.get(m.lemma)
            if place is None:
                misses[m.lemma] += 1
                continue
            geocoded += 1
            right += place.country == country
    return {"articles": n, "judged": judged, "geocoded": geocoded, "right": right,
            "precision": round(right / geocoded, 4) if geocoded else 0.0,
            "coverage": round(geocoded / judged, 4) if judged else 0.0,
            "missed": [f"{c}x {k}" for k, c in misses.most_common(15)]}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(score(int(sys.argv[1]) if len(sys.argv) > 1 else 120), ensure_ascii=False, indent=1) + "\n")
