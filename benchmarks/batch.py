"""Dask scaling benchmark: `vezha batch` with 1, 2 ... workers on the same corpus, same run.

    .venv/bin/python benchmarks/batch.py [--copies 20] [--workers 1,2] [--json]

The corpus and the measurement are ``benchmarks/pipeline.py``'s (each variant in a fresh
process, models loaded before the clock); this script runs only the Dask variants and adds
the split of CPU time between the client (scheduler, comms, writing) and the workers, which
bounds the speed-up on a machine with as many cores as workers; ``cpu-scale×`` is the speed-up
those CPU figures allow on an otherwise idle machine (``pipeline._rate``); ``client ms`` and
``worker ms`` are CPU ms per article of the client process and of all workers together.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import corpus, measure, table, write_corpus   # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20, help="copies of each sample (default 20)")
    ap.add_argument("--workers", default="1,2", help="worker counts (default 1,2)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    docs = corpus(args.copies)
    names = [f"dask-{n}" for n in args.workers.split(",") if n]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "corpus").mkdir()
        total = write_corpus(docs, Path(folder) / "corpus")
        rows = [measure(name, docs, folder) for name in names]
    rows = table(rows)
    if args.json:
        print(json.dumps({"corpus": total, "rows": rows}))
        return 0
    print(f"corpus: {total} documents")
    print(f"{'variant':<8} {'docs/s':>7} {'docs/cpu-s':>10} {'client cpu %':>12} "
          f"{'client ms':>9} {'worker ms':>9} {'worker MB':>9} {'scale×':>7} {'cpu-scale×':>10}")
    for r in rows:
        client_ms = 1000 * r["cpu_s"] * r["client_cpu_share"] / r["docs"]
        worker_ms = 1000 * r["cpu_s"] / r["docs"] - client_ms
        print(f"{r['variant']:<8} {r['docs_per_s']:>7} {r['docs_per_cpu_s']:>10} "
              f"{r['client_cpu_share'] * 100:>12.1f} {client_ms:>9.2f} {worker_ms:>9.2f} "
              f"{r['worker_mb']:>9} {r['scale_vs_dask1']:>7} {r['cpu_bound_scale']:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
