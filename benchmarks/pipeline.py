"""Whole-pipeline benchmark: HTML and text → stored knowledge base, against the naive baseline.

    .venv/bin/python benchmarks/pipeline.py [--copies 20] [--workers 1,2] [--json]

Same corpus as ``benchmarks/ingest.py`` (varied copies of the bundled samples), written to a
temporary folder. Every variant runs in its own process (peak memory is its own) and loads
its resources before the clock starts (``load s``):

* ``baseline``  tokenize-uk + pymorphy3's first parse of every word, no cache (trafilatura for
                HTML) — the naive reference of ``benchmarks/ingest.py``;
* ``ingest``    ``vezha ingest`` in one process: read, extract, every stage of the default
                pipeline, stored in a SQLite store up to eight articles per transaction;
* ``dask-N``    ``vezha batch`` on a LocalCluster of N worker processes (one thread each):
                the workers read and analyse, the client skips what is stored and writes
                batches of ``batch_size``; ``worker MB`` is the largest peak RSS of a worker.

Ratios are against the baseline (speed×: wall clock; cpu×: articles per CPU-second) and
against ``dask-1`` (scale×: wall clock; cpu-scale×: the speed-up the CPU figures allow on an
otherwise idle machine, see ``_rate``), measured in the same run. The machine's other load
shows in the wall-clock figures: run it on an idle machine.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import NAMES, ROOT, build_corpus, run_baseline   # noqa: E402  (same baseline)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def corpus(copies: int) -> dict[str, list[bytes]]:
    """``benchmarks/ingest.py``'s text corpus; its HTML pages varied so that every copy is a
    distinct article (its own canonical URL and a varied sentence inside the article), which
    ``vezha ingest`` would otherwise skip as already stored."""
    docs = build_corpus(copies)
    pages = sorted((ROOT / "examples" / "pages").glob("*.html"))
    docs["html"] = [_vary_page(path.read_bytes(), i) for path in pages for i in range(copies)]
    return docs


def _vary_page(data: bytes, i: int) -> bytes:
    encoding = "cp1251" if b"windows-1251" in data[:400].lower() else "utf-8"
    data = re.sub(rb'((?:rel="canonical" href|property="og:url" content)="[^"]+)',
                  lambda m: m.group(1) + b"-%d" % i, data)
    tail = f"<p>Експерт {NAMES[i % len(NAMES)]} додав, що ситуація змінилася {i + 1} раз.</p>"
    end = b"</article>" if b"</article>" in data else b"</body>"
    return data.replace(end, tail.encode(encoding) + end, 1)


def write_corpus(docs: dict[str, list[bytes]], folder: Path) -> int:
    for kind, items in docs.items():
        suffix = ".html" if kind == "html" else ".txt"
        for i, data in enumerate(items):
            (folder / f"{kind}-{i:05d}{suffix}").write_bytes(data)
    return sum(len(v) for v in docs.values())


def run_ingest(folder: Path, db: str) -> dict:
    from vezha.pipeline import default_pipeline
    from vezha.runner import ingest_into, load_run_resources, warm_up
    from vezha.settings import load_settings
    from vezha.store import open_store
    loaded = time.perf_counter()
    settings = load_settings(env={}, db_url=db)
    pipeline = default_pipeline()
    resources = load_run_resources(settings, pipeline)
    store = open_store(db, lemmatize=resources["morph"].lemma)
    warm_up(pipeline, resources)
    load_s = time.perf_counter() - loaded
    start, cpu = time.perf_counter(), cpu_s()
    report = ingest_into(store, [str(folder)], settings, resources, pipeline=pipeline)
    return {"docs": report.stored, "load_s": load_s, "seconds": time.perf_counter() - start,
            "cpu_s": cpu_s() - cpu}


def run_dask(folder: Path, db: str, workers: int) -> dict:
    from vezha.batch import run_batch, start_client, warm_worker
    from vezha.settings import load_settings
    from vezha.store import open_store
    loaded = time.perf_counter()
    settings = load_settings(env={}, db_url=db)
    client = start_client(workers)
    client.run(warm_worker, settings)   # every worker loads its models and warms up now
    store = open_store(db)              # the workers lemmatise (prepared rows)
    load_s = time.perf_counter() - loaded
    start, own, cpu = time.perf_counter(), cpu_s(), cpu_s() + sum(client.run(cpu_s).values())
    report = run_batch([str(folder)], settings, dask_client=client, store=store)
    seconds = time.perf_counter() - start
    own = cpu_s() - own
    cpu = cpu_s() + sum(client.run(cpu_s).values()) - cpu
    worker_mb = max(client.run(peak_mb).values())
    client.close()
    client.cluster.close()
    return {"docs": report.stored, "load_s": load_s, "seconds": seconds, "cpu_s": cpu,
            "client_cpu_share": own / cpu, "worker_mb": worker_mb}


def _measure(name: str, docs: dict, folder: str, out: mp.Queue) -> None:
    db = f"sqlite:///{Path(folder) / (name + '.db')}"
    if name == "baseline":
        clock: dict = {}
        n, load_s = run_baseline(docs, clock)
        row = {"docs": n, "load_s": load_s, **clock}
    elif name == "ingest":
        row = run_ingest(Path(folder) / "corpus", db)
    else:
        row = run_dask(Path(folder) / "corpus", db, int(name.split("-")[1]))
    row.setdefault("worker_mb", peak_mb())
    out.put({"variant": name, **row, "peak_mb": peak_mb()})


def measure(name: str, docs: dict, folder: str) -> dict:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(name, docs, folder, out))
    proc.start()
    row = out.get()
    proc.join()
    row["docs_per_s"] = row["docs"] / row["seconds"]
    row["docs_per_cpu_s"] = row["docs"] / row["cpu_s"]
    return row


def table(rows: list[dict], cores: int | None = None) -> list[dict]:
    base, base_cpu = rows[0]["docs_per_s"], rows[0]["docs_per_cpu_s"]
    one = next((r for r in rows if r["variant"] == "dask-1"), None)
    for r in rows:
        r["speed_vs_baseline"] = r["docs_per_s"] / base
        r["cpu_vs_baseline"] = r["docs_per_cpu_s"] / base_cpu
        dask = one and r["variant"].startswith("dask")
        r["scale_vs_dask1"] = r["docs_per_s"] / one["docs_per_s"] if dask else None
        r["cpu_bound_scale"] = _rate(r, cores) / _rate(one, cores) if dask else None
    return [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


def _rate(row: dict, cores: int | None) -> float:
    """Articles/s of a Dask variant on an otherwise idle machine, from its CPU per article:
    its N workers run in parallel (N / worker CPU per article) unless the cores, shared with
    the client, run out first (cores / all CPU per article). ``cpu_bound_scale`` is the ratio
    of two such rates: what the CPU figures allow, whatever else ran on the machine."""
    workers = int(row["variant"].split("-")[1])
    cpu = row["cpu_s"] / row["docs"]
    worker = cpu * (1 - row["client_cpu_share"])
    return min(workers / worker, (cores or os.cpu_count() or 1) / cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20, help="copies of each sample (default 20)")
    ap.add_argument("--workers", default="1,2", help="Dask worker counts to run (default 1,2)")
    ap.add_argument("--skip-ingest", action="store_true", help="leave out the one-process run")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    docs = corpus(args.copies)
    names = ["baseline"] + ([] if args.skip_ingest else ["ingest"]) + \
        [f"dask-{n}" for n in args.workers.split(",") if n]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "corpus").mkdir()
        total = write_corpus(docs, Path(folder) / "corpus")
        rows = table([measure(name, docs, folder) for name in names])
    if args.json:
        print(json.dumps({"corpus": total, "rows": rows}))
        return 0
    print(f"corpus: {len(docs['text'])} text + {len(docs['html'])} HTML documents")
    print(f"{'variant':<9} {'docs':>5} {'load s':>7} {'s':>7} {'docs/s':>7} {'docs/cpu-s':>10} "
          f"{'peak MB':>8} {'worker MB':>9} {'speed×':>7} {'cpu×':>6} {'scale×':>7} {'cpu-scale×':>10}")
    for r in rows:
        print(f"{r['variant']:<9} {r['docs']:>5} {r['load_s']:>7} {r['seconds']:>7} "
              f"{r['docs_per_s']:>7} {r['docs_per_cpu_s']:>10} {r['peak_mb']:>8} {r['worker_mb']:>9} "
              f"{r['speed_vs_baseline']:>7} {r['cpu_vs_baseline']:>6} {r['scale_vs_dask1'] or '':>7} "
              f"{r['cpu_bound_scale'] or '':>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
