"""BCa intervals as the R package computes them."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from baken.mse.bca import acceleration, bias, intervals, quantile8


@pytest.mark.parametrize("size", [1, 2, 7, 1000])
def test_quantile_type_8_matches_the_median_unbiased_definition(size: int) -> None:
    values = np.sort(np.random.default_rng(size).gamma(2.0, 3.0, size))

    for p in (0.0, 1e-6, 0.025, 0.1, 0.5, 0.9, 0.975, 1 - 1e-6, 1.0):
        assert quantile8(values, p) == pytest.approx(
            float(np.quantile(values, p, method="median_unbiased"))
        )


def test_bias_counts_replicates_strictly_below_the_estimate() -> None:
    replicates = np.array([1.0, 2.0, 3.0, 3.0, 4.0])

    assert bias(replicates, 3.0) == pytest.approx(norm.ppf(2 / 5))


def test_acceleration_is_the_count_weighted_jackknife_skewness() -> None:
    jackknife = np.array([10.0, 12.0, 9.0])
    weights = np.array([1.0, 2.0, 5.0])
    mean = (weights * jackknife).sum() / weights.sum()
    d = mean - jackknife

    assert acceleration(jackknife, weights) == pytest.approx(
        (weights * d**3).sum() / (6 * (weights * d**2).sum() ** 1.5)
    )
    assert acceleration(np.array([5.0, 5.0]), np.array([1.0, 3.0])) == 0.0


def test_without_bias_or_acceleration_bca_is_the_percentile_interval() -> None:
    replicates = np.random.default_rng(1).normal(100, 10, 4001)
    estimate = float(np.median(replicates))

    (interval,) = intervals(replicates, estimate, 0.0, [0.9])

    assert interval.low == pytest.approx(quantile8(np.sort(replicates), 0.05), rel=1e-3)
    assert interval.high == pytest.approx(quantile8(np.sort(replicates), 0.95), rel=1e-3)


def test_a_saturated_level_gives_the_extreme_replicate_and_failed_replicates_are_left_out() -> None:
    # As for the Netherlands with BIC: most replicates below the estimate push the upper
    # limits of both levels to the largest replicate.
    replicates = np.array([*np.linspace(50, 99, 999), 180.0, np.nan])

    upper80, upper95 = (i.high for i in intervals(replicates, 99.5, 0.08, [0.8, 0.95]))

    assert upper80 == upper95 == 180.0
