"""``python -m fuzz run|replay``: the dedicated fuzz run (not part of the default test suite).

    .venv/bin/python -m fuzz run --inputs 100000 [--target all|decode|text|html|feed|jsonl|times|quotes|pipeline]
                                 [--seed 1] [--jobs 2] [--hang-seconds 10] [--crashers fuzz-crashers] [--json]
    .venv/bin/python -m fuzz replay --target html --seed 1 --index 4711     # or: --file CRASHER.bin

Each input runs under a watchdog (``vezha.limits.time_limit``): past ``--hang-seconds`` it
counts as a hang. A crash is any exception other than a ``VezhaError`` refusing the input (or
one of V216/V301, which mean a reader or stage failed unexpectedly), or a broken invariant
(a span outside the text). Crashers and hangs are saved with the command that replays them.
Exit status 0 when there were none, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

from vezha.settings import load_settings

from . import gen
from .runner import Tally, merge, run_fuzz, run_one
from .targets import TARGETS, Context

CHOICES = ["all", *TARGETS]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    ctx = Context(load_settings(env={}))
    return _replay(args, ctx) if args.command == "replay" else _run(args, ctx)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="generate and run inputs")
    run.add_argument("--inputs", type=int, default=100_000)
    run.add_argument("--target", choices=CHOICES, default="all")
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--hang-seconds", type=float, default=10.0)
    run.add_argument("--crashers", type=Path, default=Path("fuzz-crashers"))
    run.add_argument("--jobs", type=int, default=1, help="processes, each with every jobs-th input")
    run.add_argument("--json", action="store_true", help="print the tally as one JSON object")
    replay = sub.add_parser("replay", help="run one generated input or saved crasher again")
    replay.add_argument("--target", choices=list(TARGETS), required=True)
    replay.add_argument("--seed", type=int, default=1)
    replay.add_argument("--index", type=int, default=0)
    replay.add_argument("--file", type=Path, default=None)
    replay.add_argument("--hang-seconds", type=float, default=10.0)
    return parser


def _run(args: argparse.Namespace, ctx: Context) -> int:
    start = time.monotonic()
    step = max(1, args.inputs // 20)

    def progress(tally: Tally) -> None:
        done = sum(tally.inputs.values())
        if done % step == 0:
            print(f"fuzz: {done}/{args.inputs} inputs, {tally.bad} crashes or hangs, "
                  f"{time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)

    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            tally = merge(pool.starmap(_job, [(args, j) for j in range(args.jobs)]))
    else:
        tally = run_fuzz(args.target, args.inputs, args.seed, ctx, hang_seconds=args.hang_seconds,
                         crashers=args.crashers, progress=progress)
    _report(tally, time.monotonic() - start, args)
    return 1 if tally.bad else 0


def _job(args: argparse.Namespace, job: int) -> Tally:
    """One of --jobs processes: every jobs-th input of the schedule, its own resources."""
    step = max(1, args.inputs // 20)
    start = time.monotonic()

    def progress(tally: Tally) -> None:
        done = sum(tally.inputs.values())
        if done % step == 0:
            print(f"fuzz job {job}: {done} inputs, {tally.bad} crashes or hangs, "
                  f"{time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)

    return run_fuzz(args.target, args.inputs, args.seed, Context(load_settings(env={})),
                    hang_seconds=args.hang_seconds, crashers=args.crashers, progress=progress,
                    shard=(job, args.jobs))


def _report(tally: Tally, seconds: float, args: argparse.Namespace) -> None:
    rows = {name: {"inputs": tally.inputs[name], "outcomes": dict(tally.outcomes[name]),
                   "slowest_ms": round(tally.slowest[name] * 1000, 1),
                   "mean_ms": round(tally.seconds[name] * 1000 / tally.inputs[name], 2)}
            for name in tally.inputs}
    summary = {"inputs": sum(tally.inputs.values()), "crashes_or_hangs": tally.bad,
               "seconds": round(seconds, 1), "seed": args.seed, "targets": rows,
               "saved": tally.saved}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    for name, row in rows.items():
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(row["outcomes"].items()))
        print(f"{name:9} {row['inputs']:7} inputs  mean {row['mean_ms']:7.2f} ms  "
              f"slowest {row['slowest_ms']:8.1f} ms  {outcomes}")
    print(f"total     {summary['inputs']:7} inputs in {summary['seconds']} s (seed {args.seed}): "
          f"{tally.bad} crashes or hangs" + (f", saved in {args.crashers}/" if tally.bad else ""))


def _replay(args: argparse.Namespace, ctx: Context) -> int:
    target = TARGETS[args.target]
    data = args.file.read_bytes() if args.file else target.make(gen.rng_for(args.seed, args.index, target.name))
    outcome, detail = run_one(target, data, ctx, args.hang_seconds)
    print(f"{target.name}: {outcome} ({len(data)} bytes)\n{detail}".rstrip())
    return 1 if outcome in ("crash", "hang") else 0


if __name__ == "__main__":
    sys.exit(main())
