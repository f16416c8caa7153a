"""Ingestion benchmark: articles/s and peak memory, Vezha against a naive baseline, same run.

    .venv/bin/python benchmarks/ingest.py [--copies 40] [--rounds 1] [--json]

The corpus is built from the bundled samples (``examples/``): every text and HTML sample is
copied ``--copies`` times with its names and numbers varied, so no two documents are equal
(caches must not see the very same text twice). Each variant runs in its own process so
that peak memory (``ru_maxrss``) is its own:

* ``baseline``    tokenize-uk sentences and words + pymorphy3's first parse of every word,
                  with a fresh analyser call per word and no cache (HTML: trafilatura first);
* ``vezha``       Vezha's ingest parsers (decode, extraction, residue segments, language per
                  paragraph) and the text stage (blocks, sentences, tokens, disambiguated
                  morphology with the cache): the pipeline of the foundation issue;
* ``analyze``     the same parsers and the whole default pipeline (text, ner, baseform, link,
                  quotes, speakers, claims, times, places, events), as ``vezha analyze``: what
                  the entities issue asks to keep at least half of ``vezha``'s throughput.

Loading resources is timed apart (``load s``), with one warm-up document each (what loads on
first use: SRX rules, trafilatura's tables); docs/s counts the processing after it.
Figures are ratios against the baseline measured in the same run, never absolute promises.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# A page of our own run once before the clock (first-use loading: SRX rules, trafilatura's
# tables), as ``vezha.runner.warm_up`` does for Vezha.
WARM_UP = ("<html><body><article><p>Київ, 5 травня. Міністр Андрій Коваль заявив, що переговори "
           "тривають. «Ми бачимо поступ», – сказав він.</p></article></body></html>").encode()
NAMES = ["Коваль", "Мельник", "Шевченко", "Бондар", "Ткаченко", "Кравець", "Олійник", "Лисенко"]


def build_corpus(copies: int) -> dict[str, list[bytes]]:
    """Text and HTML documents, varied copies of the samples."""
    rng = random.Random(7)
    corpus: dict[str, list[bytes]] = {"text": [], "html": []}
    for kind, pattern in (("text", "articles/*.txt"), ("html", "pages/*.html")):
        for path in sorted(EXAMPLES.glob(pattern)):
            data = path.read_bytes()
            for i in range(copies):
                corpus[kind].append(_vary(data, rng, i))
    return corpus


def _vary(data: bytes, rng: random.Random, i: int) -> bytes:
    """Change digits and append a varied sentence: same shape, different text."""
    tail = f"\n\nЕксперт {rng.choice(NAMES)} додав, що ситуація змінилася {i + 1} раз.\n"
    if data.lstrip().startswith(b"<"):
        return re.sub(rb"</body>", f"<p>{tail}</p></body>".encode("utf-8"), data, count=1) \
            if b"charset=\"windows-1251\"" not in data.lower() else data + b" " * (i % 7)
    return re.sub(rb"\d", lambda m: str(rng.randint(0, 9)).encode(), data) + tail.encode("utf-8")


def run_baseline(docs: dict[str, list[bytes]], clock: dict | None = None) -> tuple[int, float]:
    """(documents, load seconds); ``clock`` gets the processing phase's ``seconds`` and
    ``cpu_s`` (CPU time of this process), loading and the warm-up left out."""
    loaded = time.perf_counter()
    import pymorphy3
    morph = pymorphy3.MorphAnalyzer(lang="uk")
    _baseline_doc(morph, "html", WARM_UP)
    load_s = time.perf_counter() - loaded
    start, cpu = time.perf_counter(), time.process_time()
    n = 0
    for kind, items in docs.items():
        for data in items:
            _baseline_doc(morph, kind, data)
            n += 1
    if clock is not None:
        clock.update(seconds=time.perf_counter() - start, cpu_s=time.process_time() - cpu)
    return n, load_s


def _baseline_doc(morph, kind: str, data: bytes) -> None:
    import tokenize_uk
    import trafilatura
    text = trafilatura.extract(data) if kind == "html" else data.decode("utf-8", "replace")
    for sent in tokenize_uk.tokenize_sents(text or ""):
        for word in tokenize_uk.tokenize_words(sent):
            morph.parse(word)[0].normal_form


def run_vezha(docs: dict[str, list[bytes]], clock: dict | None = None,
              stages: tuple[str, ...] | None = ("text",)) -> tuple[int, float]:
    from vezha.ingest import parse_html, parse_text
    from vezha.pipeline import default_pipeline, load_resources
    from vezha.runner import warm_up
    from vezha.settings import load_settings
    loaded = time.perf_counter()
    settings = load_settings(env={})
    pipeline = default_pipeline(stages)
    resources = load_resources(settings, pipeline.resources | {"langid"})
    warm_up(pipeline, resources)
    load_s = time.perf_counter() - loaded
    parse = {"text": parse_text, "html": parse_html}
    n, start, cpu = 0, time.perf_counter(), time.process_time()
    for kind, items in docs.items():
        for i, data in enumerate(items):
            article = _with_language(parse[kind](data, f"bench-{kind}-{i}"), resources)
            pipeline(article, resources)
            n += 1
    if clock is not None:
        clock.update(seconds=time.perf_counter() - start, cpu_s=time.process_time() - cpu)
    return n, load_s


def _with_language(article, resources):
    """Ingest's language step per paragraph, as ``iter_articles`` runs it."""
    from vezha.ingest import label_languages
    return label_languages(article, resources["langid"])


def run_analyze(docs: dict[str, list[bytes]], clock: dict | None = None) -> tuple[int, float]:
    """The whole ``vezha analyze`` pipeline (every default stage) on the same parsed input."""
    return run_vezha(docs, clock, None)


VARIANTS = {"baseline": run_baseline, "vezha": run_vezha, "analyze": run_analyze}


def _measure(name: str, docs: dict[str, list[bytes]], out: mp.Queue) -> None:
    clock: dict = {}
    n, load_s = VARIANTS[name](docs, clock)
    seconds, cpu_s = clock["seconds"], clock["cpu_s"]        # the processing, after loading
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put({"variant": name, "docs": n, "load_s": round(load_s, 2), "seconds": round(seconds, 3),
             "docs_per_s": round(n / seconds, 1), "docs_per_cpu_s": round(n / cpu_s, 1),
             "peak_mb": round(peak_mb, 1)})


def measure(name: str, docs: dict[str, list[bytes]]) -> dict:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(name, docs, out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=40, help="copies of each sample (default 40)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--rounds", type=int, default=1, help="alternating rounds of all variants; the best "
                    "docs/s of each counts (the machine's speed drifts between runs)")
    args = ap.parse_args(argv)
    docs = build_corpus(args.copies)
    runs = [[measure(name, docs) for name in VARIANTS] for _ in range(args.rounds)]
    rows = [max((run[k] for run in runs), key=lambda r: r["docs_per_s"]) for k in range(len(VARIANTS))]
    base = rows[0]
    for row in rows:
        row["speed_vs_baseline"] = round(row["docs_per_s"] / base["docs_per_s"], 2)
        row["cpu_vs_baseline"] = round(row["docs_per_cpu_s"] / base["docs_per_cpu_s"], 2)
        row["memory_vs_baseline"] = round(row["peak_mb"] / base["peak_mb"], 2)
    if args.json:
        print(json.dumps({"corpus": {k: len(v) for k, v in docs.items()}, "rows": rows}))
        return 0
    print(f"corpus: {len(docs['text'])} text + {len(docs['html'])} HTML documents")
    print(f"{'variant':<10} {'docs':>6} {'load s':>7} {'s':>8} {'docs/s':>8} {'docs/cpu-s':>10} {'peak MB':>8} "
          f"{'speed×':>7} {'cpu×':>6} {'mem×':>6}")
    for r in rows:
        print(f"{r['variant']:<10} {r['docs']:>6} {r['load_s']:>7} {r['seconds']:>8} {r['docs_per_s']:>8} "
              f"{r['docs_per_cpu_s']:>10} {r['peak_mb']:>8} {r['speed_vs_baseline']:>7} {r['cpu_vs_baseline']:>6} "
              f"{r['memory_vs_baseline']:>6}")
    if "analyze" in VARIANTS:
        a, v = rows[list(VARIANTS).index("analyze")], rows[list(VARIANTS).index("vezha")]
        print(f"analyze / vezha (ingest + text): {a['docs_per_s'] / v['docs_per_s']:.2f} by the clock, "
              f"{a['docs_per_cpu_s'] / v['docs_per_cpu_s']:.2f} per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
