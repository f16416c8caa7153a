"""Crash safety: SIGKILL `vezha ingest` and `vezha batch` at random moments, many times.

    .venv/bin/python benchmarks/crash.py [--copies 40] [--kills 25] [--seed 1]
                                         [--commands ingest,batch] [--workdir /tmp/vezha-crash]

Builds a corpus of varied copies of the bundled examples, stores it once with a clean
`vezha ingest` (the reference: what each article's rows must be), then for each command starts
it again and again on a fresh SQLite database and SIGKILLs its process group (the Dask workers
with it) at seeded random moments: most a little after an article was stored, some during
start-up. After every kill the database must pass `PRAGMA integrity_check`, hold no duplicate
and no half-written article (each article's child rows equal the reference's); a run that is
not killed must complete the rest (exit 0, every article of the corpus stored). `vezha batch`
runs with one worker and batch_size 3, so kills land between and inside its transactions.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from vezha.hardening.crash import KillPlan, build_corpus, expected_counts, kill_rounds, remove_db

ROOT = Path(__file__).resolve().parent.parent
VEZHA = str(Path(sys.executable).parent / "vezha")


def command(name: str, db: Path, corpus: Path) -> list[str]:
    extra = ["--workers", "1"] if name == "batch" else []
    return [VEZHA, "--db", f"sqlite:///{db}", name, str(corpus), *extra]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--kills", type=int, default=25, help="SIGKILLs per command")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commands", default="ingest,batch")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/vezha-crash"))
    args = parser.parse_args()
    work, corpus = args.workdir, args.workdir / "corpus"
    build_corpus(corpus, args.copies, ROOT / "examples", seed=args.seed)
    reference = work / "reference.db"
    remove_db(reference)
    start = time.monotonic()
    env = {**os.environ, "VEZHA_BATCH_SIZE": "3", "VEZHA_KB_FROM_STORE": "0"}   # reruns see the same KB
    subprocess.run(command("ingest", reference, corpus), check=True, capture_output=True, env=env)
    expected = expected_counts(reference)
    print(f"reference: {len(expected)} articles stored by a clean run in {time.monotonic() - start:.0f} s")
    for i, name in enumerate(args.commands.split(",")):
        db = work / f"{name}.db"
        remove_db(db)
        plan = KillPlan(random.Random(args.seed * 100 + i), startup_seconds=12.0)
        start = time.monotonic()
        rounds = kill_rounds(command(name, db, corpus), db, expected, kills=args.kills, plan=plan,
                             env=env, log=work / f"{name}.log")
        _print(name, rounds, time.monotonic() - start, len(expected))


def _print(name: str, rounds, seconds: float, total: int) -> None:
    kills = [r for r in rounds if r.killed]
    completed = [r for r in rounds if not r.killed]
    during_writes = sum(1 for a, b in zip(rounds, rounds[1:]) if b.killed and b.stored > a.stored)
    print(f"vezha {name}: {len(kills)} SIGKILLs survived (integrity_check ok, no duplicate, no "
          f"half-written article after each), {len(completed)} runs completed the rest "
          f"({total}/{total} articles), {len(rounds)} starts in {seconds:.0f} s; "
          f"{during_writes} kills came after the run had stored more")
    print("  stored after each start: " + " ".join(
        f"{r.stored}{'k' if r.killed else '✓'}" for r in rounds))


if __name__ == "__main__":
    main()
