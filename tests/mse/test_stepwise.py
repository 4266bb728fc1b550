"""Stepwise selection of pairs (Chan, Silverman and Vincent 2021, sec. 3.2)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import poisson

from baken.mse.existence import Status, check
from baken.mse.models import Model
from baken.mse.stepwise import _choose, pairs, smaller_tail, stepwise
from tests.mse.conftest import dataset


def test_p_value_is_the_smaller_one_sided_poisson_tail_not_doubled() -> None:
    observed = np.array([0, 3, 12, 5])
    expected = np.array([2.5, 7.0, 6.0, 5.0])

    p = smaller_tail(observed, expected)

    reference = np.minimum(poisson.cdf(observed, expected), poisson.sf(observed - 1, expected))
    assert np.allclose(p, reference)
    assert p[0] == pytest.approx(np.exp(-2.5))  # nobody shares the pair: e^-expected
    assert smaller_tail(np.array([0]), np.array([0.0]))[0] == 1.0


def test_pairs_come_in_r_combn_order() -> None:
    assert list(pairs(4)) == [0b0011, 0b0101, 0b1001, 0b0110, 0b1010, 0b1100]


@pytest.mark.parametrize(
    ("name", "model", "total"),
    [
        ("NewOrl_185", "D:E", 1184),  # CSV 2021, sec. 4.1
        ("NewOrl_5_185", "", 1034),  # no pair selected
        ("Western", "A:E", 2483),  # CSV 2021, sec. 4.2
        ("NewOrl", "D:E", 1110),  # the 186-case table selects the same pair
    ],
)
def test_stepwise_selects_the_published_model(name: str, model: str, total: int) -> None:
    captures = dataset(name)

    selection = stepwise(captures.counts)

    chosen = Model.from_mask(selection.masks[0])
    assert chosen.notation(captures.lists) == model
    assert round(float(selection.totals[0])) == total


def test_a_surprising_pair_without_an_estimate_counts_as_p_one() -> None:
    captures = dataset("Artificial_3")
    current = Model.main_effects(3).mask[None, :]
    support = captures.support[None, :]
    candidates = pairs(3)  # A:B, A:C, B:C; with A:B the estimate does not exist
    assert check(Model.parse("A:B", captures.lists).mask, captures.support) == Status.NO_MLE

    takes_next = _choose(np.array([[0.001, 0.01, 0.5]]), current, support, candidates, 0.02)
    stops = _choose(np.array([[0.001, 0.03, 0.5]]), current, support, candidates, 0.02)
    ties_to_first = _choose(np.array([[0.5, 0.01, 0.01]]), current, support, candidates, 0.02)

    assert list(takes_next) == [1]  # A:C, the best that can be fitted
    assert list(stops) == [-1]  # A:B is set to 1, and nothing else is below 0.02
    assert list(ties_to_first) == [1]


def test_threshold_zero_keeps_independence_and_one_takes_every_pair_that_can_be_fitted() -> None:
    captures = dataset("Kosovo")

    assert Model.from_mask(stepwise(captures.counts, 0.0).masks[0]) == Model.main_effects(4)
    everything = Model.from_mask(stepwise(captures.counts, 1.0).masks[0])
    assert everything.hiermod == "[12,13,14,23,24,34]"


def test_replicates_run_in_lock_step_give_what_each_gives_alone() -> None:
    captures = dataset("Western")
    generator = np.random.default_rng(8)
    tables = np.array(
        [captures.counts + generator.integers(0, 3, captures.counts.size) for _ in range(6)]
    )
    tables[:, 0] = 0

    together = stepwise(tables)

    for i, table in enumerate(tables):
        alone = stepwise(table)
        assert (alone.masks[0] == together.masks[i]).all()
        assert float(alone.totals[0]) == pytest.approx(float(together.totals[i]), rel=1e-10)
