"""The fuzz loop: generate, run under a watchdog, classify, save crashers, tally."""
from __future__ import annotations

import hashlib
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from vezha.errors import VezhaError
from vezha.limits import DocumentTimeout, time_limit

from . import gen
from .targets import TARGETS, WEIGHTS, Context, Target

__all__ = ["Tally", "run_fuzz", "run_one", "schedule", "merge", "BUG_CODES"]

# Codes that mean a stage or reader failed unexpectedly, not that the input was refused.
BUG_CODES = frozenset({"V216", "V301"})


@dataclass
class Tally:
    """Per target: inputs, outcomes (ok, a refusal code, crash, hang) and the slowest input."""
    inputs: Counter = field(default_factory=Counter)
    outcomes: dict[str, Counter] = field(default_factory=dict)
    slowest: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    saved: list[str] = field(default_factory=list)

    def add(self, target: str, outcome: str, took: float) -> None:
        self.inputs[target] += 1
        self.outcomes.setdefault(target, Counter())[outcome] += 1
        self.slowest[target] = max(self.slowest.get(target, 0.0), took)
        self.seconds[target] = self.seconds.get(target, 0.0) + took

    @property
    def bad(self) -> int:
        return sum(c["crash"] + c["hang"] for c in self.outcomes.values())


def schedule(target: str, inputs: int) -> Iterator[tuple[int, str]]:
    """(index, target) pairs: one target, or every target by its weight, interleaved."""
    names = list(TARGETS) if target == "all" else [target]
    weights = [WEIGHTS[n] if target == "all" else 1 for n in names]
    total, counts = sum(weights), {}
    for i in range(inputs):
        # the target whose share is furthest behind goes next (a smooth, deterministic mix)
        name = max(names, key=lambda n: weights[names.index(n)] * (i + 1) / total - counts.get(n, 0))
        counts[name] = counts.get(name, 0) + 1
        yield counts[name] - 1, name


def run_one(target: Target, data: bytes, ctx: Context, hang_seconds: float) -> tuple[str, str]:
    """(outcome, detail): ``ok``, a refusal code (``V204``), ``crash`` or ``hang``."""
    try:
        with time_limit(hang_seconds, source=target.name):
            target.run(data, ctx)
    except DocumentTimeout:
        return "hang", f"over {hang_seconds:g} s"
    except VezhaError as err:
        if err.code == "V302":
            return "hang", str(err)
        return ("crash", traceback.format_exc()) if err.code in BUG_CODES else (err.code, "")
    except Exception:       # noqa: BLE001 - the point of fuzzing: anything else is a bug
        return "crash", traceback.format_exc()
    return "ok", ""


def save(folder: Path, target: str, data: bytes, outcome: str, detail: str, where: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{target}-{outcome}-{hashlib.sha1(data).hexdigest()[:12]}"
    (folder / f"{name}.bin").write_bytes(data)
    (folder / f"{name}.txt").write_text(f"{where}\n{detail}", encoding="utf-8")
    return name


def merge(tallies: list[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        out.inputs.update(t.inputs)
        for name, counts in t.outcomes.items():
            out.outcomes.setdefault(name, Counter()).update(counts)
        for name, took in t.slowest.items():
            out.slowest[name] = max(out.slowest.get(name, 0.0), took)
        for name, took in t.seconds.items():
            out.seconds[name] = out.seconds.get(name, 0.0) + took
        out.saved += t.saved
    return out


def run_fuzz(target: str, inputs: int, seed: int, ctx: Context, *, hang_seconds: float,
             crashers: Path, progress=None, shard: tuple[int, int] = (0, 1)) -> Tally:
    """Run the schedule's inputs (only every ``shard[1]``-th, from ``shard[0]``, in a job)."""
    tally = Tally()
    for position, (index, name) in enumerate(schedule(target, inputs)):
        if position % shard[1] != shard[0]:
            continue
        spec = TARGETS[name]
        data = spec.make(gen.rng_for(seed, index, name))
        start = time.monotonic()
        outcome, detail = run_one(spec, data, ctx, hang_seconds)
        tally.add(name, outcome, time.monotonic() - start)
        if outcome in ("crash", "hang"):
            where = f"python -m fuzz replay --target {name} --seed {seed} --index {index}"
            tally.saved.append(save(crashers, name, data, outcome, detail, where))
        if progress is not None:
            progress(tally)
    return tally
