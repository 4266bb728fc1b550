"""Small dense linear algebra for thousands of systems at once, batch along the last axis.

numpy's stacked `solve` and `cholesky` call LAPACK once per matrix; for the 5 to 30 unknowns
of a log-linear model that call costs more than the arithmetic. Looping over the columns
instead, with every operation running over the whole batch in contiguous memory, is two to
four times faster. Both functions also report, per system, what LAPACK would only raise for
the whole stack: a zero pivot.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

# Up to this many systems, LAPACK's per-matrix calls cost less than the column loop.
_FEW = 8


def cholesky(matrices: Floats, tol: float) -> tuple[Floats, Bools]:
    """Lower Cholesky factors of positive semi-definite `matrices` (p, p, batch). A pivot at
    or below `tol` times the system's largest diagonal entry marks a column that depends on
    the earlier ones: its factor column is set to 0 and the system flagged in `deficient`."""
    width, _, batch = matrices.shape
    factor = np.zeros_like(matrices)
    scale = np.maximum(np.einsum("iib->ib", matrices).max(axis=0, initial=0.0), 1e-300)
    deficient = np.zeros(batch, dtype=bool)
    for j in range(width):
        head = factor[j, :j]
        pivot = matrices[j, j] - np.einsum("kb,kb->b", head, head)
        positive = pivot > tol * scale
        deficient |= ~positive
        root = np.sqrt(np.where(positive, pivot, 1.0))
        factor[j, j] = np.where(positive, root, 0.0)
        if j + 1 < width:
            column = matrices[j + 1 :, j] - np.einsum("ikb,kb->ib", factor[j + 1 :, :j], head)
            factor[j + 1 :, j] = np.where(positive, column / root, 0.0)
    return factor, deficient


def rank(matrices: Floats, tol: float) -> NDArray[np.int64]:
    """Ranks of positive semi-definite `matrices` (p, p, batch): the non-zero pivots of the
    factorisation above (a zero pivot of a semi-definite matrix zeroes its whole column)."""
    factor, _ = cholesky(matrices, tol)
    return (np.einsum("iib->ib", factor) > 0).sum(axis=0)


def solve_spd(matrices: Floats, rhs: Floats, tol: float = 1e-12) -> tuple[Floats, Bools]:
    """Solve matrices[:, :, b] x = rhs[:, b] for symmetric positive definite systems; the
    singular ones are flagged (their solution is meaningless)."""
    if matrices.shape[2] <= _FEW:
        solved = _solve_few(matrices, rhs, tol)
        if solved is not None:
            return solved, np.zeros(matrices.shape[2], dtype=bool)
    factor, singular = cholesky(matrices, tol)
    width = rhs.shape[0]
    diagonal = np.einsum("iib->ib", factor)
    diagonal = np.where(diagonal > 0, diagonal, 1.0)
    forward = np.empty_like(rhs)
    for i in range(width):
        forward[i] = (rhs[i] - np.einsum("kb,kb->b", factor[i, :i], forward[:i])) / diagonal[i]
    out = np.empty_like(rhs)
    for i in range(width - 1, -1, -1):
        out[i] = (forward[i] - np.einsum("kb,kb->b", factor[i + 1 :, i], out[i + 1 :])) / diagonal[
            i
        ]
    return out, singular


def _solve_few(matrices: Floats, rhs: Floats, tol: float) -> Floats | None:
    """LAPACK for a handful of systems; None when one of them is (nearly) singular, which
    the column loop then flags individually."""
    stacked = np.moveaxis(matrices, -1, 0)
    try:
        factor = np.linalg.cholesky(stacked)
    except np.linalg.LinAlgError:
        return None
    pivots = np.diagonal(factor, axis1=1, axis2=2) ** 2
    scale = np.diagonal(stacked, axis1=1, axis2=2).max(axis=1, keepdims=True)
    if not (pivots > tol * np.maximum(scale, 1e-300)).all():
        return None
    solved = np.linalg.solve(stacked, np.moveaxis(rhs, -1, 0)[..., None])[..., 0].T
    return np.asarray(solved, dtype=np.float64)
