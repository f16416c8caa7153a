"""Bursts: mentions of an entity on one day well above its trailing baseline.

The statistic is a **Poisson tail probability**: with λ the mean mentions per day over the
``baseline_days`` before the day (floored at ``MIN_RATE`` so a new name can burst too), the
chance of seeing at least the day's count is ``P(X ≥ x | λ)``. A burst is a day with at least
``min_count`` mentions and ``P ≤ alpha``. The alert names the statistic, λ, the count and the
z-score ``(x − mean) / std`` for readers who think in standard deviations.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Sequence

__all__ = ["Burst", "poisson_tail", "detect_burst", "MIN_RATE"]

MIN_RATE = 0.2              # mentions per day assumed for an entity with no baseline
TAIL_TERMS = 200            # terms of the tail sum (rates here are far below that)


@dataclass(frozen=True, slots=True)
class Burst:
    count: int
    rate: float             # λ, baseline mentions per day
    p_value: float
    z: float
    days: int

    def describe(self) -> str:
        return (f"Poisson tail P(X≥{self.count} | λ={self.rate:.2f}/day over {self.days} days) "
                f"= {self.p_value:.2g}; z = {self.z:.1f}")


def poisson_tail(x: int, rate: float) -> float:
    """P(X ≥ x) for X ~ Poisson(rate)."""
    if x <= 0:
        return 1.0
    log_rate = math.log(rate)
    return min(1.0, sum(math.exp(k * log_rate - rate - math.lgamma(k + 1))
                        for k in range(x, x + TAIL_TERMS)))


def detect_burst(count: int, baseline: Sequence[int], alpha: float, min_count: int) -> Burst | None:
    """A Burst when ``count`` is far above the daily counts of ``baseline``, else None."""
    mean = statistics.fmean(baseline) if baseline else 0.0
    std = statistics.pstdev(baseline) if len(baseline) > 1 else 0.0
    rate = max(mean, MIN_RATE)
    p = poisson_tail(count, rate)
    if count < min_count or p > alpha:
        return None
    z = (count - mean) / max(std, math.sqrt(rate))
    return Burst(count, round(rate, 3), p, round(z, 2), len(baseline))
