"""Does the maximum-likelihood estimate exist, and is it identifiable? Decided before fitting.

With sparse lists, a model can have no finite estimate (the likelihood keeps growing as the
dark figure runs off to infinity), or several parameter values can fit equally well. Fitting
such a model anyway gives a number that means nothing. Following Chan, Silverman and Vincent
(2021, sec. 2.6), after removing the terms nobody was seen on (N*_S = 0, estimated as minus
infinity) with their cells:

- the estimate exists when the sufficient statistics A y lie in the relative interior of the
  cone spanned by the remaining cells' design columns, which the linear programme
  `max s  subject to  A x = A y,  x_w >= s >= 0` decides (s* > 0);
- it is identifiable when those columns have full rank.

The status is bit 1 (no estimate) plus 2 x bit 2 (not identifiable), as in the R package:
0 fine, 1, 2 or 3. Only the support of the data (which cells are zero) matters.

The LP (scipy's HiGHS) costs about two milliseconds, and BIC selection with its bootstrap asks
this question for hundreds of thousands of (model, data) pairs, so exact shortcuts decide most
of them first, all derived from the same condition:

- no zero cell remains: x = y itself is interior;
- the non-zero cells alone have full column rank: no direction leaves them unchanged, so the
  data cannot lie on a proper face;
- the directions that leave the non-zero cells unchanged form a line: the estimate fails
  exactly when that line moves every remaining zero cell the same way.
Everything else goes to the LP.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from baken.mse import linalg
from baken.mse.fit import sparse_structure
from baken.mse.lattice import design, superset_sums

Bools = NDArray[np.bool_]

# s* is computed on the support (counts replaced by 1), so it lies in [0, 1]; HiGHS reports
# an optimum of 0 as 0 up to its feasibility tolerance of 1e-7.
_LP_ZERO = 1e-6
_RANK_TOL = 1e-9
_CHUNK = 8192


class Status(IntEnum):
    """The R package's check code."""

    OK = 0
    NO_MLE = 1
    NOT_IDENTIFIABLE = 2
    BOTH = 3

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Status.OK: "the maximum-likelihood estimate exists and is identifiable",
    Status.NO_MLE: "the maximum-likelihood estimate does not exist",
    Status.NOT_IDENTIFIABLE: "the model is not identifiable",
    Status.BOTH: "the maximum-likelihood estimate does not exist and the model is not identifiable",
}


def check(terms: Bools, support: Bools, *, always_lp: bool = False) -> NDArray[np.int8]:
    """The status of each model `terms[b]` on data with non-zero cells `support[b]` (either
    may be one row, shared by the batch). `always_lp` skips the shortcuts (for tests)."""
    terms = np.asarray(terms, dtype=bool)
    support = np.asarray(support, dtype=bool)
    shape = np.broadcast_shapes(terms.shape, support.shape)
    terms = np.broadcast_to(terms, shape).reshape(-1, shape[-1])
    support = np.broadcast_to(support, shape).reshape(-1, shape[-1]).copy()
    support[:, 0] = False
    out = np.zeros(len(terms), dtype=np.int8)
    for begin in range(0, len(terms), _CHUNK):
        part = slice(begin, begin + _CHUNK)
        out[part] = _check_chunk(terms[part], support[part], always_lp, defer=False)[0]
    return out.reshape(shape[:-1])


def check_candidates(terms: Bools, support: Bools) -> NDArray[np.int8]:
    """The status of every model `terms[m]` on one data set, with the LP run only for the
    models that inheritance leaves open. If a model has no estimate, no larger model (one
    whose terms include it) has a usable one either: the direction that pushes the dark
    figure to infinity still does, or it leaves every remaining cell unchanged and the larger
    model is not identifiable. So a larger, identifiable model of a model without an estimate
    has none either."""
    terms = np.asarray(terms, dtype=bool)
    support = np.asarray(support, dtype=bool).copy()
    support[0] = False
    out = np.zeros(len(terms), dtype=np.int8)
    undecided: list[int] = []
    for begin in range(0, len(terms), _CHUNK):
        part = slice(begin, begin + _CHUNK)
        status, open_rows = _check_chunk(terms[part], np.broadcast_to(support, terms[part].shape))
        out[part] = status
        undecided.extend(begin + open_rows)
    params, kept = sparse_structure(terms[undecided], support[None, :].astype(np.float64))
    failed = np.zeros((len(undecided), terms.shape[1]), dtype=bool)
    n_failed = 0
    for row in sorted(range(len(undecided)), key=lambda r: terms[undecided[r]].sum()):
        model = undecided[row]
        identifiable = out[model] & 2 == 0
        if identifiable and n_failed and not (failed[:n_failed] & ~terms[model]).any(axis=1).all():
            exists = False
        else:
            exists = _exists(params[row], kept[row], support, always_lp=False)
        if not exists:
            failed[n_failed] = terms[model]
            n_failed += 1
            out[model] |= 1
    return out


def _check_chunk(
    terms: Bools, support: Bools, always_lp: bool = False, defer: bool = True
) -> tuple[NDArray[np.int8], NDArray[np.intp]]:
    """Statuses of a chunk; with `defer`, the rows that still need the exact test are
    returned as open (their bit 1 unset) instead of decided here."""
    params, kept = sparse_structure(terms, support.astype(np.float64))
    n_params = params.sum(axis=1)
    # Full rank on the non-zero cells alone settles both questions, and usually holds.
    settled = (_ranks(params, support) == n_params) & (not always_lp)
    identifiable = settled.copy()
    rows = np.flatnonzero(~settled)
    if rows.size:
        identifiable[rows] = _ranks(params[rows], kept[rows]) == n_params[rows]
    exists = settled | ~(kept & ~support).any(axis=1)
    undecided = ~exists
    if always_lp:
        undecided[:] = True
    open_rows = np.flatnonzero(undecided)
    if defer:
        exists[open_rows] = True
    else:
        for row in open_rows:
            exists[row] = _exists(params[row], kept[row], support[row], always_lp)
    status = (~exists).astype(np.int8) + 2 * (~identifiable).astype(np.int8)
    return status.astype(np.int8), open_rows


def _ranks(params: Bools, cells: Bools) -> NDArray[np.int64]:
    """Column rank of the design restricted to rows `cells` and columns `params`, from its
    Gram matrix G[S, T] = #{cells containing S and T}. For the 0/1 designs here a non-zero
    pivot of its factorisation is of order one, round-off of order 1e-14."""
    rows = params.shape[0]
    width = max(int(params.sum(axis=1).max()), 1)
    own = np.ascontiguousarray(params.T)
    index = np.argsort(~own, axis=0, kind="stable")[:width]
    valid = np.take_along_axis(own, index, axis=0)
    column = np.arange(rows)
    gram = superset_sums(np.ascontiguousarray(cells.T), axis=0).ravel()[
        (index[:, None, :] | index[None, :, :]) * rows + column
    ]
    gram = np.where(valid[:, None, :] & valid[None, :, :], gram, 0.0)
    return linalg.rank(gram, _RANK_TOL)


def _exists(params: Bools, kept: Bools, support: Bools, always_lp: bool) -> bool:
    t = int(params.size).bit_length() - 1
    x = design(t)
    columns = np.flatnonzero(params)
    if not always_lp:
        on_support = x[np.ix_(np.flatnonzero(support), columns)]
        _, singular, vt = np.linalg.svd(on_support)
        rank = int((singular > _RANK_TOL * max(1.0, singular.max(initial=0.0))).sum())
        null = vt[rank:]
        if len(null) == 1:
            # One direction leaves the non-zero cells unchanged: the data are on a proper face
            # exactly when it moves all remaining zero cells one way (and some of them at all).
            moved = x[np.ix_(np.flatnonzero(kept & ~support), columns)] @ (
                null[0] / np.abs(null[0]).max()
            )
            moved[np.abs(moved) < 1e-9] = 0.0
            return not (moved.any() and ((moved >= 0).all() or (moved <= 0).all()))
    return _lp_exists(x[np.ix_(np.flatnonzero(kept), columns)], support[kept])


def _lp_exists(cells_by_params: NDArray[np.float64], positive: Bools) -> bool:
    """The LP of Chan, Silverman and Vincent: maximise s subject to A x = A y and
    x_w >= s >= 0 over the remaining cells, A = X^T, y the support; s* > 0 iff the estimate
    exists."""
    a = cells_by_params.T
    n_params, n_cells = a.shape
    y = positive.astype(np.float64)
    objective = np.zeros(n_cells + 1)
    objective[-1] = -1.0
    equalities = np.hstack([a, np.zeros((n_params, 1))])
    inequalities = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])  # s - x_w <= 0
    result = linprog(
        objective,
        A_ub=inequalities,
        b_ub=np.zeros(n_cells),
        A_eq=equalities,
        b_eq=a @ y,
        bounds=(0, None),
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - the LP is always feasible (x = y, s = 0)
        raise RuntimeError(f"existence LP failed: {result.message}")
    return bool(-result.fun > _LP_ZERO)
