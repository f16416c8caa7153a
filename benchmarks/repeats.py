"""Who repeated it: time of clustering one speaker's quotes (``store.repeats._cluster``)
against comparing each quote with every earlier cluster, on generated quotes, same run.

    .venv/bin/python benchmarks/repeats.py [--quotes 5000] [--repeat-share 0.3]

Quotes are random sentences of 6-20 words drawn from a 20,000-word vocabulary by Zipf's law; a share of them are
excerpts of an earlier one (a repeat in another outlet). Both give the same clusters.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_repeats import _scan   # noqa: E402  (the reference: compare with every cluster)

from vezha.store.repeats import _cluster   # noqa: E402


def quotes(n: int, share: float, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    vocab = [f"w{k}" for k in range(20000)]
    weights = [1 / (k + 1) for k in range(len(vocab))]     # Zipf, as words in text
    rows: list[dict] = []
    for k in range(n):
        if rows and rng.random() < share:
            words = rng.choice(rows)["text"].split()
            text = " ".join(words[:max(3, int(len(words) * 0.8))])
        else:
            text = " ".join(rng.choices(vocab, weights, k=rng.randint(6, 20)))
        rows.append({"article_id": f"a{k:06d}", "published": f"2024-{1 + k * 12 // n:02d}-01", "text": text,
                     "start": 0, "end": len(text), "speaker_name": "X", "speaker_entity_id": "Q-x",
                     "outlet": None, "url": None, "title": None})
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quotes", type=int, default=5000)
    ap.add_argument("--repeat-share", type=float, default=0.3)
    args = ap.parse_args()
    rows = quotes(args.quotes, args.repeat_share)
    started = time.process_time()
    new = [[s.article_id for s in q.sources] for q in _cluster(rows)]
    indexed = time.process_time() - started
    started = time.process_time()
    old = _scan(rows)
    scanned = time.process_time() - started
    print(f"{args.quotes} quotes, {len(new)} clusters: indexed {indexed:.2f} CPU s, every cluster "
          f"{scanned:.2f} CPU s ({scanned / indexed:.0f}×), same clusters: {new == old}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
