"""Milliseconds per article of the ``ner`` stage on the bundled examples, split into its parts.

    .venv/bin/python benchmarks/ner_speed.py [--rounds 5]

The ``text`` stage runs once per article before the clock starts; then the ``ner`` stage runs
``--rounds`` times over every article (``examples/articles`` and ``examples/gold/text``):
``first`` is the first round (caches empty), ``mean`` the mean of the rounds. ``features``
and ``tagging`` time the feature extraction and the CRF alone (``ner_features.sentence_features``
and ``NerTagger.tag``) over the same sentences.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from vezha import ner, text
from vezha.model import Article, Doc
from vezha.pipeline import load_resources
from vezha.settings import load_settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def articles() -> list[Article]:
    paths = sorted((EXAMPLES / "articles").glob("*.txt")) + sorted((EXAMPLES / "gold" / "text").glob("*.txt"))
    return [Article(id=p.stem, text=p.read_text(encoding="utf-8"), source=p.name,
                    language="ru" if p.stem.startswith("ru-") else "uk") for p in paths]


def timed(func, docs) -> float:
    started = time.perf_counter()
    for d in docs:
        func(d)
    return (time.perf_counter() - started) * 1000 / len(docs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    res = load_resources(load_settings(env={}), {"morph", "ner", "kb"})
    docs = [text.run(Doc(article=a), res) for a in articles()]
    tagger = res["ner"]
    stage = lambda d: ner.run(d, res)                                           # noqa: E731
    feats = lambda d: [tagger.features(s.tokens, s.language)  # noqa: E731
                       for s in d.sentences if s.tokens]
    first = timed(stage, docs)
    rounds = [timed(stage, docs) for _ in range(args.rounds)]
    only_feats = timed(feats, docs)
    seqs = [feats(d) for d in docs]
    started = time.perf_counter()
    for seq in seqs:
        for xs in seq:
            tagger.tag(xs)
    tagging = (time.perf_counter() - started) * 1000 / len(docs)
    print(f"ner stage, {len(docs)} articles: first {first:.2f} ms/article, mean of {args.rounds} "
          f"{sum(rounds) / len(rounds):.2f} ms/article; features {only_feats:.2f}, tagging {tagging:.2f}")


if __name__ == "__main__":
    main()
