"""Base forms of gold SlavicNER mentions (oracle spans), held out by topic.

    .venv/bin/python benchmarks/baseform_eval.py [--topics asia_bibi,...] [--rules-only]
                                                 [--shipped] [--errors N]
    .venv/bin/python benchmarks/baseform_eval.py --speed [--rounds N]

For each topic: train the base-form correction CRF (``lemma.crfsuite``) on the other three
topics (uk+ru), run the ``baseform`` stage on the gold mention spans of the held-out topic and
compare with the gold base forms as ``../shared/eval/score_entities.py`` does (``exact``: equal
strings; ``ci``: ignoring case). ``--rules-only``: no learned correction; ``--shipped``: the
shipped model (it saw every topic: not a held-out figure). Prints accuracy per topic and
language, the micro mean per language, and the errors grouped by kind. Segmented documents are
cached in /tmp (delete /tmp/vezha-baseform-eval to re-segment after a change to ``text``).
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import pickle
import re
import time
from pathlib import Path

from vezha import baseform
from vezha.baseform_train import lemma_examples, train_lemma
from vezha.corpora import SLAVICNER_TOPICS, load_slavicner
from vezha.model import Article, Doc
from vezha.morph import load_morph
from vezha.ner import LEMMA_FILE, model_path
from vezha.text import segment

SHARED = Path(os.environ.get("VEZHA_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
WORK = Path("/tmp/vezha-baseform-eval")
LATIN = re.compile(r"[A-Za-z]")


class _Ner:
    def __init__(self, tagger):
        self.lemma_tagger = tagger


def segmented(morph) -> list[tuple]:
    """(Annotated, sentences) of every SlavicNER document, cached between runs."""
    cache = WORK / "segmented.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    docs = load_slavicner(SHARED / "data" / "bsnlp" / "slavicner", SLAVICNER_TOPICS)
    out = [(d, tuple(segment(d.text, morph, d.language))) for d in docs]
    cache.write_bytes(pickle.dumps(out))
    return out


def kind(text: str, lemma: str, type_: str) -> str:
    """The error class of a gold mention (first that applies)."""
    if LATIN.search(text):
        return "latin"
    if any(q in text for q in "«»\"„“”"):
        return "quoted"
    if any(w.isupper() and len(w) > 1 for w in text.split()):
        return "abbreviation"
    if len(text.split()) != len(lemma.split()):
        return "word-count"
    if "-" in text:
        return "hyphenated"
    if text.lower() == lemma.lower():
        return "nominative-changed"
    if type_ == "PER":
        return "person" if " " in text else "person-1word"
    return "multiword" if " " in text else "1word"


def evaluate(items, morph, tagger) -> tuple[collections.Counter, list]:
    res = {"morph": morph, "ner": _Ner(tagger)}
    counts, errors = collections.Counter(), []
    for d, sents in items:
        mentions = tuple(dataclasses.replace(m, lemma="") for m in d.mentions if m.lemma)
        doc = Doc(article=Article(id=d.id, text=d.text, source=d.id, language=d.language),
                  sentences=sents, mentions=mentions)
        got = baseform.run(doc, res).mentions
        for m, g in zip(got, (m for m in d.mentions if m.lemma)):
            counts["n"] += 1
            counts["exact"] += m.lemma == g.lemma
            counts["ci"] += m.lemma.lower() == g.lemma.lower()
            if m.lemma != g.lemma:
                errors.append((kind(g.text, g.lemma, g.type), d.language, g.type, g.text, g.lemma, m.lemma))
    return counts, errors


def tagger_for(topic: str, items, morph, args):
    if args.rules_only:
        return None
    path = model_path("") / LEMMA_FILE
    if not args.shipped:
        path = WORK / f"lemma-no-{topic}.crfsuite"
        if args.reuse_models and path.exists():
            return _open(path)
        examples = [ex for d, sents in items if d.topic != topic
                    for ex in lemma_examples(d, [t for s in sents for t in s.tokens], morph)]
        train_lemma(examples, path)
    return _open(path)


def _open(path: Path):
    import pycrfsuite
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def speed(rounds: int) -> None:
    from vezha import ner, text
    from vezha.pipeline import build_pipeline, load_resources
    from vezha.settings import load_settings
    pipe = build_pipeline([text.STAGE, ner.STAGE])
    res = load_resources(load_settings(), pipe.resources)
    samples = Path(__file__).resolve().parents[1] / "examples" / "gold" / "samples.jsonl"
    docs = [pipe(Article(id=d["id"], text=d["text"], source=d["id"], language=d["language"]), res)
            for d in map(json.loads, samples.read_text(encoding="utf-8").splitlines())]
    for d in docs:
        baseform.run(d, res)                    # the dictionaries' own caches warm
    for label, clear in (("cold", True), ("warm", False)):
        started = time.process_time()
        for _ in range(rounds):
            if clear:
                baseform._CACHE.clear()
            for d in docs:
                baseform.run(d, res)
        ms = (time.process_time() - started) * 1000 / (rounds * len(docs))
        print(f"baseform {label}: {ms:.2f} ms/article ({len(docs)} articles, "
              f"{sum(len(d.mentions) for d in docs)} mentions, {rounds} rounds)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topics", type=lambda s: s.split(","), default=list(SLAVICNER_TOPICS))
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--shipped", action="store_true")
    ap.add_argument("--errors", type=int, default=8, help="errors shown per kind")
    ap.add_argument("--reuse-models", action="store_true", help="held-out models of an earlier run")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    if args.speed:
        return speed(args.rounds)
    WORK.mkdir(parents=True, exist_ok=True)
    morph = load_morph()
    items = segmented(morph)
    total = {lang: collections.Counter() for lang in ("uk", "ru")}
    errors: list = []
    for topic in args.topics:
        tagger = tagger_for(topic, items, morph, args)
        for lang in ("uk", "ru"):
            started = time.monotonic()
            c, e = evaluate([(d, s) for d, s in items if d.topic == topic and d.language == lang], morph, tagger)
            total[lang].update(c)
            errors += e
            print(f"{topic:12} {lang} exact {c['exact'] / c['n']:.3f} ci {c['ci'] / c['n']:.3f} "
                  f"({c['n']} mentions, {time.monotonic() - started:.1f}s)", flush=True)
    for lang, c in total.items():
        if c["n"]:
            print(f"{'all':12} {lang} exact {c['exact'] / c['n']:.3f} ci {c['ci'] / c['n']:.3f} ({c['n']} mentions)")
    by_kind = collections.defaultdict(list)
    for e in errors:
        by_kind[e[0]].append(e)
    for k, es in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        langs = collections.Counter(e[1] for e in es)
        print(f"\n== {k}: {len(es)} errors (uk {langs['uk']}, ru {langs['ru']})")
        for (_, lang, type_, text, gold, got), n in collections.Counter(es).most_common(args.errors):
            print(f"  {n:3}x {lang} {type_} {text!r}: gold {gold!r} got {got!r}")


if __name__ == "__main__":
    main()
