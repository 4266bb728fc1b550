"""The subset lattice of t lists, on which every cell and every model term lives.

A capture history (a cell) and a model term (an interaction of lists) are both subsets of the
lists, stored as a bitmask: bit i set means list i+1 (the i-th column of the data). With
`K = 2**t` such subsets, cell 0 is the unobserved "on no list" cell and term 0 the intercept.

The design matrix of every log-linear model here has X[w, S] = 1 exactly when term S is
contained in cell w. Products with it are therefore sums over sub- or supersets, which the two
transforms below compute in t vectorised passes, for a whole batch of fits at once, without
ever building X:

- `superset_sums`: X^T v, e.g. N*_S, the number of people seen on at least the lists in S;
- `subset_sums`: X beta, the linear predictor of every cell.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

MAX_LISTS = 10


def n_lists(size: int) -> int:
    """The number of lists t of a lattice array of `size` = 2**t entries."""
    t = size.bit_length() - 1
    if size != 1 << t:
        raise ValueError(f"a lattice array has 2**t entries, not {size}")
    return t


def superset_sums(
    values: NDArray[np.floating] | NDArray[np.integer] | NDArray[np.bool_], axis: int = -1
) -> NDArray[np.float64]:
    """For every subset S (along `axis`), the sum of `values` over all supersets of S."""
    return _transform(values, axis, superset=True)


def subset_sums(
    values: NDArray[np.floating] | NDArray[np.integer] | NDArray[np.bool_], axis: int = -1
) -> NDArray[np.float64]:
    """For every subset W (along `axis`), the sum of `values` over all subsets of W."""
    return _transform(values, axis, superset=False)


def _transform(
    values: NDArray[np.floating] | NDArray[np.integer] | NDArray[np.bool_],
    axis: int,
    superset: bool,
) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64)
    if axis not in (0, -1, array.ndim - 1):
        raise ValueError("the lattice runs along the first or the last axis")
    last = axis != 0 and array.ndim > 1
    # The passes add whole blocks along the lattice axis; with that axis first, every block is
    # contiguous memory. (A product with the containment matrix would be one BLAS call, but
    # BLAS threads stall on a busy machine, and the passes are as fast.)
    out = np.array(np.moveaxis(array, -1, 0) if last else array, order="C", copy=True)
    size = out.shape[0]
    t = n_lists(size)
    for i in range(t):
        view = out.reshape(size >> (i + 1), 2, 1 << i, -1)
        if superset:
            view[:, 0] += view[:, 1]
        else:
            view[:, 1] += view[:, 0]
    return np.moveaxis(out, 0, -1) if last else out


@cache
def popcounts(t: int) -> NDArray[np.int64]:
    """The number of lists in each subset, indexed by bitmask."""
    masks = np.arange(1 << t)
    counts = np.zeros(1 << t, dtype=np.int64)
    for i in range(t):
        counts += (masks >> i) & 1
    counts.flags.writeable = False
    return counts


def design(t: int) -> NDArray[np.float64]:
    """The master design: one row per cell (all 2**t, the unobserved one included), one column
    per term; X[w, S] = 1 when S is contained in w. Only for tests and small fallbacks: the
    fitter works through the transforms above."""
    masks = np.arange(1 << t)
    return ((masks[:, None] & masks[None, :]) == masks[None, :]).astype(np.float64)
