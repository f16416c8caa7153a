"""Entity evaluation on SlavicNER and NER-UK with ../shared/eval/score_entities.py.

    .venv/bin/python benchmarks/entities_eval.py heldout [--topics brexit,...] [--iterations N]
    .venv/bin/python benchmarks/entities_eval.py neruk [--iterations N]
    .venv/bin/python benchmarks/entities_eval.py shipped          # the shipped model on all SlavicNER
    .venv/bin/python benchmarks/entities_eval.py speed            # pipeline docs/s with and without

``heldout``: for each topic, train on the other topics (uk+ru, plus NER-UK) and predict the
held-out topic; scores per language. ``neruk``: train on the first 80% of NER-UK (plus
SlavicNER), predict the other 20%, score PER/ORG/LOC. Predictions and gold folders go to /tmp.

In both, the knowledge base (the tagger's gazetteer and phrase matches in training and
prediction, and the linker's seed) leaves out every seed entity that has an alias equal (by
``alias_key``) to a surface or base form of a test-set name (``kb-without-*`` in the work
folder), and does not grow from a store: the test names are known only from the training data.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import vezha.kb
from vezha.corpora import SLAVICNER_TOPICS, Annotated, load_neruk, load_slavicner
from vezha.kb import SEED_DIR, alias_key, parse_kb_line
from vezha.model import Article
from vezha.pipeline import build_pipeline, load_resources
from vezha.settings import load_settings
from vezha.train import TrainConfig, train_ner

SHARED = Path(os.environ.get("VEZHA_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
SCORER = SHARED / "eval" / "score_entities.py"
WORK = Path(os.environ.get("VEZHA_EVAL_WORK", "/tmp/vezha-entities-eval"))


def predict(docs: list[Annotated], model_dir: str, out: Path) -> float:
    """Run text+ner+baseform+link over ``docs``; write contract JSONL; return seconds."""
    from vezha import baseform, link, ner, text
    settings = load_settings(env={}, model_dir=model_dir, shared_dir=str(SHARED), kb_from_store=False)
    pipe = build_pipeline([text.STAGE, ner.STAGE, baseform.STAGE, link.STAGE])
    res = load_resources(settings, pipe.resources)
    kb = res["kb"]
    started = time.monotonic()
    with open(out, "w", encoding="utf-8") as fh:
        for d in docs:
            art = Article(id=d.id, text=d.text, source=d.id, language=d.language)
            doc = pipe(art, res.__class__(res.settings, {**res.items, "kb": kb}))
            kb = kb.learn(doc.entities)
            ents = [dict(start=m.start, end=m.end, type=m.type, lemma=m.lemma, entity_id=m.entity_id)
                    for m in doc.mentions]
            fh.write(json.dumps(dict(id=d.id, text=d.text, entities=ents), ensure_ascii=False) + "\n")
    return time.monotonic() - started


def gold_folder(topics: list[str], lang: str) -> Path:
    """A SlavicNER-layout folder of symlinks with only ``topics`` in ``lang``."""
    root = WORK / f"gold-{'+'.join(topics)}-{lang}"
    src = SHARED / "data" / "bsnlp" / "slavicner"
    for part in ("raw", "ner"):
        for t in topics:
            dst = root / part / t / lang
            dst.parent.mkdir(parents=True, exist_ok=True)
            if not dst.exists():
                dst.symlink_to(src / part / t / lang)
    return root


def kb_without(names: set[str], label: str) -> int:
    """Point ``vezha.kb`` at a copy of the seed KB without the entities any of ``names`` (test-set
    surfaces and base forms) is an alias of; returns how many entities were left out."""
    keys = {alias_key(n) for n in names} - {""}
    folder, dropped = WORK / f"kb-without-{label}", 0
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(SEED_DIR.glob("*.jsonl")):
        kept = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                ent = parse_kb_line(line)
                if {alias_key(a) for a in (ent.name, *(x.name for x in ent.aliases))} & keys:
                    dropped += 1
                    continue
            kept.append(line)
        (folder / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    vezha.kb.SEED_DIR = folder
    return dropped


def _names(docs: list[Annotated]) -> set[str]:
    return {n for d in docs for m in d.mentions for n in (m.text, m.lemma) if n}


def _train_settings():
    return load_settings(env={}, shared_dir=str(SHARED), kb_from_store=False)


def score(gold: Path, pred: Path, *extra: str) -> dict:
    out = subprocess.run([sys.executable, str(SCORER), str(gold), str(pred), "--json", *extra],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def summary(r: dict) -> str:
    lem, lk = r["lemma"], r["linking"]
    return (f"strict {r['strict']['f']:.3f} relaxed {r['relaxed']['f']:.3f} lemma {lem['exact']} "
            f"B3 {lk.get('f')} by_type {r['by_type']}")


def _memo_segment() -> None:
    """Segment each training document once per process (the folds share most documents)."""
    import vezha.train
    cut, memo = vezha.train.segment, {}

    def segment(text, morph, language):
        key = (text, language)
        if key not in memo:
            memo[key] = list(cut(text, morph, language))
        return memo[key]
    vezha.train.segment = segment


def heldout(args) -> None:
    _memo_segment()
    means: dict[str, list[tuple[float, float]]] = {"uk": [], "ru": []}
    for topic in args.topics:
        train_topics = tuple(t for t in SLAVICNER_TOPICS if t != topic)
        model = WORK / f"model-no-{topic}"
        if not args.full_kb:
            dropped = kb_without(_names(load_slavicner(SHARED / "data" / "bsnlp" / "slavicner", (topic,))), topic)
            print(f"{topic}: {dropped} seed KB entities named in the held-out topic left out", flush=True)
        meta = {"seconds": 0}
        if not (args.reuse and (model / "meta.json").exists()):
            meta = train_ner(_train_settings(),
                             TrainConfig(topics=train_topics, neruk=not args.no_neruk,
                                         max_iterations=args.iterations, clusters=not args.no_clusters,
                                         gazetteer_share=args.gazetteer_share), out_dir=model)
        for lang in ("uk", "ru"):
            docs = load_slavicner(SHARED / "data" / "bsnlp" / "slavicner", (topic,), (lang,))
            pred = WORK / f"pred-{topic}-{lang}.jsonl"
            secs = predict(docs, str(model), pred)
            r = score(gold_folder([topic], lang), pred)
            means[lang].append((r["strict"]["f"], r["relaxed"]["f"]))
            print(f"{topic} {lang} train {meta['seconds']}s predict {secs:.1f}s {summary(r)}", flush=True)
    for lang, rows in means.items():
        print(f"mean {lang} over {len(rows)} topics: strict {sum(r[0] for r in rows) / len(rows):.3f} "
              f"relaxed {sum(r[1] for r in rows) / len(rows):.3f}")


def neruk(args) -> None:
    docs = load_neruk(SHARED / "data" / "ner-uk" / "v2.0" / "data")
    cut = int(len(docs) * 0.8)
    model = WORK / "model-neruk80"
    test = docs[cut:]
    print(f"{kb_without(_names(test), 'neruk20')} seed KB entities named in the test part left out", flush=True)
    if not (args.reuse and (model / "meta.json").exists()):
        train_ner(_train_settings(),
                  TrainConfig(neruk_share=0.8, max_iterations=args.iterations,
                              clusters=not args.no_clusters, gazetteer_share=args.gazetteer_share), out_dir=model)
    gold = WORK / "gold-neruk20"
    gold.mkdir(parents=True, exist_ok=True)
    src = SHARED / "data" / "ner-uk" / "v2.0" / "data"
    for d in test:
        for ext in (".txt", ".ann"):
            dst = gold / (d.id.replace("/", "_") + ext)
            if not dst.exists():
                dst.symlink_to(src / (d.id + ext))
    pred = WORK / "pred-neruk20.jsonl"
    predict([Annotated(d.id.replace("/", "_"), d.text, "uk", d.mentions) for d in test], str(model), pred)
    print(f"ner-uk 20% {summary(score(gold, pred, '--types', 'PER,ORG,LOC'))}")


def shipped(args) -> None:
    for lang in ("uk", "ru"):
        docs = load_slavicner(SHARED / "data" / "bsnlp" / "slavicner", SLAVICNER_TOPICS, (lang,))
        pred = WORK / f"pred-shipped-{lang}.jsonl"
        secs = predict(docs, "", pred)
        print(f"shipped {lang} {secs:.1f}s {summary(score(gold_folder(list(SLAVICNER_TOPICS), lang), pred))}")


def _runs(pipe, art, res) -> bool:
    from vezha.errors import VezhaError
    try:
        pipe(art, res)
        return True
    except VezhaError:
        return False


def _without_entities(full):
    """The default pipeline less the entity stages and the stages that need what they provide."""
    from vezha.pipeline import ARTICLE_PROVIDES
    have, kept = set(ARTICLE_PROVIDES), []
    for stage in full.stages:
        if stage.name not in ("ner", "baseform", "link") and stage.needs <= have:
            kept.append(stage)
            have |= stage.provides
    return build_pipeline(kept)


def speed(args) -> None:
    """Docs per CPU-second of the default pipeline with and without the entity stages, same
    docs, same run, the least CPU time of ``--rounds`` alternating rounds."""
    from vezha.pipeline import default_pipeline
    docs = load_slavicner(SHARED / "data" / "bsnlp" / "slavicner", ("brexit", "nord_stream"), ("uk",))
    arts = [Article(id=d.id, text=d.text, source=d.id, language=d.language) for d in docs]
    full = default_pipeline()
    without = _without_entities(full)
    settings = load_settings(env={}, shared_dir=str(SHARED))
    res = load_resources(settings, full.resources | {"langid"})
    arts = [a for a in arts if _runs(full, a, res)]     # warms caches; skips docs another stage fails on
    own = build_pipeline([s for s in full.stages if s in without.stages or s.name in ("ner", "baseform", "link")])
    variants = (("without entity stages", without), ("with entity stages", own), ("full default pipeline", full))
    best: dict[str, float] = {}
    for _ in range(args.rounds):            # alternating rounds; the least CPU time of each
        for label, pipe in variants:
            started = time.process_time()
            for art in arts:
                pipe(art, res)
            best[label] = min(best.get(label, 1e9), time.process_time() - started)
    chars = sum(len(a.text) for a in arts)
    for label, pipe in variants:
        secs = best[label]
        print(f"{label:24} {len(arts)} docs {secs:.2f} CPU s {len(arts) / secs:.1f} docs/CPU-s "
              f"{chars / secs / 1000:.0f} kchars/CPU-s  stages: {' '.join(s.name for s in pipe.stages)}")
    print(f"with entity stages / without: {best[variants[0][0]] / best[variants[1][0]]:.3f} of the throughput "
          f"(least CPU time of {args.rounds} alternating rounds)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["heldout", "neruk", "shipped", "speed"])
    ap.add_argument("--topics", type=lambda s: s.split(","), default=list(SLAVICNER_TOPICS))
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--no-neruk", action="store_true")
    ap.add_argument("--rounds", type=int, default=3, help="speed: alternating rounds (the least CPU time counts)")
    ap.add_argument("--no-clusters", action="store_true", help="train without word-cluster features")
    ap.add_argument("--reuse", action="store_true", help="predict with the models of an earlier run "
                    "(in $VEZHA_EVAL_WORK) instead of training: for rules that need no retraining")
    ap.add_argument("--gazetteer-share", type=float, default=TrainConfig().gazetteer_share,
                    help="share of the training documents that see the KB gazetteer feature")
    ap.add_argument("--full-kb", action="store_true", help="heldout: keep the whole seed KB (the "
                    "shipped product's knowledge; its entities include names of every topic)")
    ap.add_argument("--c1", type=float, default=None, help="CRF L1 penalty (default: vezha.train's)")
    ap.add_argument("--c2", type=float, default=None, help="CRF L2 penalty (default: vezha.train's)")
    ap.add_argument("--whole-sentences", action="store_true", help="the CRF reads every token of a "
                    "sentence, not only the windows around candidate names (vezha.ner_window)")
    args = ap.parse_args()
    if args.whole_sentences:
        import vezha.ner_window
        vezha.ner_window.windows = lambda flags, before=0, after=0: list(range(len(flags)))
    import vezha.train
    for name in ("c1", "c2"):
        if getattr(args, name) is not None:
            vezha.train.CRF_PARAMS[name] = getattr(args, name)
    WORK.mkdir(parents=True, exist_ok=True)
    {"heldout": heldout, "neruk": neruk, "shipped": shipped, "speed": speed}[args.mode](args)


if __name__ == "__main__":
    main()
