"""CPU time per article of every step of the whole path, HTML/text → store, one process,
``pipeline.py``'s corpus; the naive baseline's CPU per article measured in the same run.

    .venv/bin/python benchmarks/steps.py [--copies 10] [--rounds 3] [--json]
    .venv/bin/python benchmarks/steps.py --profile times [--top 30] [--sort tottime]

Steps: ``read`` (read the file, decode, extract, segments, paragraphs: ``iter_articles``
without its language step), ``langid`` (each paragraph's language), every stage of the
default pipeline, ``store`` (``Store.save_docs`` in batches of ``batch_size``, SQLite in a
temporary folder), after loading and ``runner.warm_up`` (the baseline: loading and its own
warm-up left out too). CPU time (``time.process_time``) is what the machine's other load barely
changes. ``--profile STEP`` wraps only that stage's calls in cProfile and prints its top
functions.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import run_baseline           # noqa: E402  (same baseline)
from pipeline import corpus, write_corpus  # noqa: E402  (same corpus)


def baseline_ms(docs: dict) -> float:
    clock: dict = {}
    n, _ = run_baseline(docs, clock)
    return 1000 * clock["cpu_s"] / n


class _Clock:
    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.last = time.process_time()

    def tick(self, name: str) -> None:
        now = time.process_time()
        self.spent[name] += now - self.last
        self.last = now


class _NoLangId:
    """``iter_articles`` labels languages itself; timed apart here (``langid``)."""

    def explain(self, text: str) -> tuple[str, str]:
        return "other", "none"


def vezha_ms(folder: Path, db: str, profiler: cProfile.Profile | None = None,
             profiled: str = "") -> tuple[int, dict[str, float]]:
    from vezha.ingest import iter_articles, label_languages
    from vezha.model import Article, Doc
    from vezha.pipeline import default_pipeline
    from vezha.runner import load_run_resources, warm_up
    from vezha.settings import load_settings
    from vezha.store import open_store
    settings = load_settings(env={}, db_url=db)
    pipeline = default_pipeline()
    resources = load_run_resources(settings, pipeline)
    store = open_store(db, lemmatize=resources["morph"].lemma)
    warm_up(pipeline, resources)
    # The loaded models are long-lived: frozen out of the collector's generations, a full
    # collection (~120 ms) no longer lands in whichever step happens to trigger it.
    gc.collect()
    gc.freeze()
    clock, batch, n = _Clock(), [], 0
    for item in iter_articles([str(folder)], settings, langid=_NoLangId()):
        clock.tick("read")
        if not isinstance(item, Article):
            continue
        doc = Doc(article=label_languages(item, resources["langid"]))
        clock.tick("langid")
        for stage in pipeline.stages:
            doc = _run(stage, doc, resources, profiler if stage.name == profiled else None)
            clock.tick(stage.name)
        batch.append(doc)
        n += 1
        if len(batch) == settings.batch_size:
            _save(store, batch, profiler if profiled == "store" else None)
            batch = []
            clock.tick("store")
    _save(store, batch, profiler if profiled == "store" else None)
    clock.tick("store")
    return n, {k: 1000 * v / n for k, v in clock.spent.items()}


def _run(stage, doc, resources, profiler: cProfile.Profile | None):
    if profiler is None:
        return stage.run(doc, resources)
    profiler.enable()
    try:
        return stage.run(doc, resources)
    finally:
        profiler.disable()


def _save(store, batch, profiler: cProfile.Profile | None) -> None:
    if profiler is not None:
        profiler.enable()
    try:
        store.save_docs(batch, run_id=None)
    finally:
        if profiler is not None:
            profiler.disable()


def profile_text(profiler: cProfile.Profile, sort: str, top: int) -> str:
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats(sort).print_stats(top)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10, help="copies of each sample (default 10)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--profile", metavar="STAGE", help="cProfile this stage (e.g. times) or \"store\"")
    ap.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    ap.add_argument("--top", type=int, default=30, help="functions to list (30)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating baseline/Vezha rounds; the least "
                    "CPU time of each counts (3)")
    args = ap.parse_args(argv)
    profiler = cProfile.Profile() if args.profile else None
    if args.rounds > 1 and profiler is None:
        # Each round in a fresh process (no cache carried over), baseline then Vezha: the
        # machine's speed drifts between runs, so the least CPU time of each counts.
        rounds = [json.loads(subprocess.run(
            [sys.executable, __file__, "--copies", str(args.copies), "--rounds", "1", "--json"],
            capture_output=True, text=True, check=True).stdout.splitlines()[-1]) for _ in range(args.rounds)]
        bases = [r["baseline_ms"] for r in rounds]
        runs = [(r["docs"], r["steps"]) for r in rounds]
    else:
        docs = corpus(args.copies)
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "corpus").mkdir()
            write_corpus(docs, Path(tmp) / "corpus")
            bases = [baseline_ms(docs)]
            runs = [vezha_ms(Path(tmp) / "corpus", f"sqlite:///{tmp}/steps.db", profiler, args.profile or "")]
    base = min(bases)
    n, steps = min(runs, key=lambda run: sum(run[1].values()))
    total = sum(steps.values())
    if args.json:
        print(json.dumps({"docs": n, "baseline_ms": base, "total_ms": total, "steps": steps,
                          "rounds": [{"baseline_ms": b, "total_ms": sum(v[1].values())} for b, v in zip(bases, runs)]}))
        return 0
    print(f"{n} documents, CPU ms per article, least of {len(runs)} alternating rounds: baseline {base:.1f}, "
          f"Vezha {total:.1f} (speed {base / total:.2f}× the baseline's per CPU-second; rounds: "
          + ", ".join(f"{b:.1f}/{sum(v[1].values()):.1f}" for b, v in zip(bases, runs)) + ")")
    for name, ms in sorted(steps.items(), key=lambda kv: -kv[1]):
        print(f"{name:<10} {ms:7.2f} {100 * ms / total:5.1f} %")
    if profiler is not None:
        print(profile_text(profiler, args.sort, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
