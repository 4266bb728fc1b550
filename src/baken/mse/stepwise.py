"""Stepwise selection of two-list interactions (Chan, Silverman and Vincent 2021, sec. 3.2).

Start from independence (main effects). At each step, compare for every pair of lists not yet
in the model the number of people on both with what the current fit expects; take the pair
whose overlap is most surprising, if its p-value (the smaller one-sided Poisson tail, not
doubled) is below the threshold (0.02) and the enlarged model has an estimate; stop otherwise.
A pair that nobody shares can be added: it gets the minus-infinity treatment. Ties go to the
first pair in (1,2), (1,3), ..., (2,3), ... order.

The procedure runs for a whole batch of data sets at once, the bootstrap replicates, in lock
step: each round fits the current model of every replicate still moving in one batched call.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray
from scipy.special import pdtr, pdtrc

from baken.mse.existence import check
from baken.mse.fit import fit
from baken.mse.lattice import superset_sums
from baken.mse.models import Model

PTHRESH = 0.02

Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Selection:
    masks: Bools  # the selected model per data set
    totals: Floats


def pairs(t: int) -> NDArray[np.int64]:
    """The two-list terms in R's `combn(1:t, 2)` order."""
    return np.array([(1 << a) | (1 << b) for a, b in combinations(range(t), 2)])


def smaller_tail(observed: Floats, expected: Floats) -> Floats:
    """min(P(X <= observed), P(X >= observed)) for X ~ Poisson(expected)."""
    observed = np.asarray(observed, dtype=np.float64)
    lower = pdtr(observed, expected)
    upper = np.where(observed > 0, pdtrc(np.maximum(observed - 1, 0), expected), 1.0)
    return np.minimum(lower, upper)


def stepwise(counts: NDArray[np.integer] | Floats, pthresh: float = PTHRESH) -> Selection:
    """Run the procedure on each row of `counts` (people per cell)."""
    counts = np.atleast_2d(np.asarray(counts, dtype=np.float64))
    rows, size = counts.shape
    t = size.bit_length() - 1
    candidates = pairs(t)
    support = counts > 0
    observed = superset_sums(counts)[:, candidates]
    current = np.repeat(Model.main_effects(t).mask[None, :], rows, axis=0)
    moving = np.ones(rows, dtype=bool)
    if pthresh >= 1:
        full = current[0].copy()
        full[candidates] = True
        passes = check(full, support) == 0
        current[passes] = full
        moving &= ~passes
    # The start model is fitted without the existence check, as in the R package.
    fits = fit(current, counts, with_fitted=True)
    totals, fitted = fits.total, fits.fitted
    assert fitted is not None
    if pthresh <= 0:
        return Selection(current, totals)
    for _ in range(len(candidates)):
        active = np.flatnonzero(moving)
        if active.size == 0:
            break
        expected = superset_sums(fitted[active])[:, candidates]
        p = smaller_tail(observed[active], expected)
        p = np.where(current[active][:, candidates], np.inf, p)
        choice = _choose(p, current[active], support[active], candidates, pthresh)
        stopped = choice < 0
        moving[active[stopped]] = False
        go = active[~stopped]
        if go.size == 0:
            break
        current[go, candidates[choice[~stopped]]] = True
        refit = fit(current[go], counts[go], with_fitted=True)
        assert refit.fitted is not None
        totals[go], fitted[go] = refit.total, refit.fitted
    return Selection(current, totals)


def _choose(
    p: Floats, current: Bools, support: Bools, candidates: NDArray[np.int64], pthresh: float
) -> NDArray[np.int64]:
    """Per data set, the index of the pair to add, or -1 to stop. A candidate that fails the
    existence check counts as p = 1, so the answer is the first candidate in order of p
    (ties: pair order) that is below the threshold and passes; the check runs only on the
    candidates that could be that answer."""
    order = np.argsort(p, axis=1, kind="stable")
    pointer = np.zeros(len(p), dtype=np.int64)
    choice = np.full(len(p), -1, dtype=np.int64)
    pending = np.ones(len(p), dtype=bool)
    while pending.any():
        rows = np.flatnonzero(pending)
        candidate = order[rows, pointer[rows]]
        eligible = p[rows, candidate] < pthresh
        pending[rows[~eligible]] = False
        rows, candidate = rows[eligible], candidate[eligible]
        if rows.size == 0:
            break
        trial = current[rows].copy()
        trial[np.arange(len(rows)), candidates[candidate]] = True
        passes = check(trial, support[rows]) == 0
        choice[rows[passes]] = candidate[passes]
        pending[rows[passes]] = False
        failing = rows[~passes]
        pointer[failing] += 1
        pending[failing[pointer[failing] >= p.shape[1]]] = False
    return choice
