"""Per-stage CPU time: where one article's analysis time goes, stage by stage.

    .venv/bin/python benchmarks/stages.py [--copies 10] [--json]
    .venv/bin/python benchmarks/stages.py --profile times [--top 30] [--sort tottime]

The corpus is ``benchmarks/ingest.py``'s (``build_corpus``: varied copies of the bundled text
and HTML samples). Resources are loaded once, before the clock starts. Every article is read
(``ingest``: parse + language per paragraph, as ``vezha ingest`` does) and then run through
the default pipeline one stage at a time; each stage's CPU time (``time.process_time``) is
summed apart. The first ``--warmup`` articles are run but not counted (lazy compiles, first
cache fills). Reported: CPU ms per article for each stage and its share of the total.

``--profile STAGE`` runs cProfile around that stage's calls only and prints its top functions.
Figures depend on the machine; compare two runs only as shares or under the same conditions.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import build_corpus   # noqa: E402  (the same varied corpus)


def load(copies: int):
    """The corpus as (kind, bytes) pairs, the default pipeline and its loaded resources."""
    from vezha.pipeline import default_pipeline, load_resources
    from vezha.settings import load_settings
    docs = build_corpus(copies)
    items = [(kind, data) for kind, datas in docs.items() for data in datas]
    pipeline = default_pipeline()
    resources = load_resources(load_settings(env={}), pipeline.resources | {"langid"})
    return items, pipeline, resources


def read(kind: str, data: bytes, i: int, resources):
    """``ingest``: one input to a language-labelled Article."""
    from vezha.ingest import label_languages, parse_html, parse_text
    parse = parse_html if kind == "html" else parse_text
    return label_languages(parse(data, f"bench-{kind}-{i}"), resources["langid"])


def run(items, pipeline, resources, warmup: int, profile: str | None):
    """CPU seconds per stage name over the counted articles, their count, the profiler."""
    from vezha.model import Doc
    totals: dict[str, float] = {"ingest": 0.0, **{s.name: 0.0 for s in pipeline.stages}}
    profiler = cProfile.Profile() if profile else None
    for i, (kind, data) in enumerate(items):
        counted = i >= warmup
        start = time.process_time()
        doc = Doc(article=read(kind, data, i, resources))
        totals["ingest"] += (time.process_time() - start) * counted
        for stage in pipeline.stages:
            on = profiler is not None and counted and stage.name == profile
            if on:
                profiler.enable()
            start = time.process_time()
            doc = stage.run(doc, resources)
            totals[stage.name] += (time.process_time() - start) * counted
            if on:
                profiler.disable()
    return totals, max(0, len(items) - warmup), profiler


def rows(totals: dict[str, float], n: int) -> list[dict]:
    whole = sum(totals.values()) or 1.0
    out = [{"stage": name, "ms_per_article": round(1000 * s / max(n, 1), 2),
            "share": round(s / whole, 3)} for name, s in totals.items()]
    out.append({"stage": "total", "ms_per_article": round(1000 * whole / max(n, 1), 2),
                "share": 1.0})
    return out


def profile_text(profiler: cProfile.Profile, sort: str, top: int) -> str:
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats(sort).print_stats(top)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10, help="copies of each sample (default 10)")
    ap.add_argument("--warmup", type=int, default=6, help="articles run but not counted (6)")
    ap.add_argument("--profile", metavar="STAGE", help="cProfile this stage (e.g. times, ingest "
                    "is not profiled)")
    ap.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    ap.add_argument("--top", type=int, default=30, help="functions to list (30)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    loaded = time.perf_counter()
    items, pipeline, resources = load(args.copies)
    load_s = time.perf_counter() - loaded
    totals, n, profiler = run(items, pipeline, resources, args.warmup, args.profile)
    table = rows(totals, n)
    if args.json:
        print(json.dumps({"articles": n, "load_s": round(load_s, 2), "stages": table}))
    else:
        print(f"{n} articles counted ({len(items)} run), resources loaded in {load_s:.1f} s")
        print(f"{'stage':<10} {'ms/article':>11} {'share':>7}")
        for r in table:
            print(f"{r['stage']:<10} {r['ms_per_article']:>11.2f} {100 * r['share']:>6.1f}%")
    if profiler is not None:
        print(profile_text(profiler, args.sort, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
