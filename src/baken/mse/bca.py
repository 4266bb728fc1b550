"""Bias-corrected and accelerated (BCa) bootstrap intervals, as the R package computes them.

The bootstrap distribution of an MSE estimate is skewed (the dark figure cannot be negative
but can be very large), so the plain percentile interval is off. BCa shifts the percentiles by
the bias z0 = Phi^-1(share of replicates below the estimate, strict) and stretches them by the
acceleration, estimated from a delete-one jackknife grouped by cell (each cell's deletion
weighted by how many people are in it). Quantiles are R's type 8.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Interval:
    level: float
    low: float
    high: float


def acceleration(jackknife: Floats, weights: Floats) -> float:
    """a_hat = sum w d^3 / (6 (sum w d^2)^1.5), d = weighted mean - jackknife estimate."""
    weights = np.asarray(weights, dtype=np.float64)
    values = np.asarray(jackknife, dtype=np.float64)
    mean = (weights * values).sum() / weights.sum()
    d = mean - values
    spread = (weights * d**2).sum()
    if spread <= 0:
        return 0.0
    return float((weights * d**3).sum() / (6.0 * spread**1.5))


def bias(replicates: Floats, estimate: float) -> float:
    """z0: the normal quantile of the share of replicates strictly below the estimate."""
    return float(norm.ppf(np.mean(np.asarray(replicates) < estimate)))


def intervals(
    replicates: Floats, estimate: float, accel: float, levels: Sequence[float]
) -> list[Interval]:
    """BCa intervals at each level; replicates that failed (NaN) are left out."""
    values = np.sort(np.asarray(replicates, dtype=np.float64))
    values = values[np.isfinite(values)]
    if values.size == 0:
        raise ValueError("no bootstrap replicate gave an estimate")
    z0 = bias(values, estimate)
    out = []
    for level in levels:
        tail = (1.0 - level) / 2.0
        low, high = (quantile8(values, _adjusted(z0, accel, a)) for a in (tail, 1.0 - tail))
        out.append(Interval(level, low, high))
    return out


def _adjusted(z0: float, accel: float, alpha: float) -> float:
    """The BCa percentile for nominal alpha. With every replicate on one side of the
    estimate (z0 infinite), the interval runs to the extreme replicate."""
    if not np.isfinite(z0):
        return 0.0 if z0 < 0 else 1.0
    z = z0 + norm.ppf(alpha)
    denominator = 1.0 - accel * z
    if denominator <= 0:
        return 1.0 if z > 0 else 0.0
    return float(norm.cdf(z0 + z / denominator))


def quantile8(sorted_values: Floats, p: float) -> float:
    """R's `quantile(x, p, type = 8)` (median-unbiased) of already sorted values; levels
    beyond the first or last order statistic give the smallest or largest value."""
    x = sorted_values
    n = len(x)
    fuzz = 4 * np.finfo(float).eps
    position = 1.0 / 3.0 + p * (n + 1.0 / 3.0)
    j = int(np.floor(position + fuzz))
    h = position - j
    if abs(h) < fuzz:
        h = 0.0
    padded = np.concatenate([[x[0], x[0]], x, [x[-1], x[-1]]])
    j = min(max(j, 0), n)  # position is at most n + 1/3 + fuzz, at least 1/3
    lower, upper = padded[j + 1], padded[j + 2]
    if h == 1.0:
        return float(upper)
    if 0.0 < h < 1.0 and lower != upper:
        return float((1.0 - h) * lower + h * upper)
    return float(lower)
