"""Maximum-likelihood fits of hierarchical Poisson log-linear models, many at once.

The count of every observable capture history is Poisson with log mean the sum of the terms
of the model contained in it; the unseen cell's mean, exp(intercept), is the dark figure.

Terms that nobody was seen on (N*_S = 0) have a maximum-likelihood estimate of minus
infinity: their cells have fitted mean 0, add nothing to the likelihood, and are dropped
together with the term, as in Chan, Silverman and Vincent (2021). What remains is fitted by
iteratively reweighted least squares exactly as R's `glm.fit` runs it (start at y + 0.1, stop
when the relative change in deviance is below 1e-8, at most 25 iterations), so that totals and
BIC agree with the R package to many digits. Whether the estimate exists at all is decided
before, by `existence`; this module fits what it is given.

Everything is vectorised over a batch of (model, data) pairs: the design products are subset
sums on the lattice (`lattice`), and the normal equations of all fits in a chunk are solved
with one batched call.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln

from baken.mse.lattice import subset_sums, superset_sums
from baken.mse.linalg import solve_spd

MAX_ITERATIONS = 25
TOLERANCE = 1e-8
_CHUNK = 4096

Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Fits:
    """One entry per fit of a batch; NaN where the fit was unusable (a singular system)."""

    total: Floats
    dark_figure: Floats
    loglik: Floats
    bic: Floats
    aic: Floats
    converged: Bools
    fitted: Floats | None  # fitted mean per cell (0 for dropped cells), when asked for
    # A lower bound on the BIC at the maximum, for a fit stopped early (`iterations`): with
    # `bic`, an upper bound, it brackets the BIC the fit would converge to.
    bic_bound: Floats | None = None


def sparse_structure(terms: Bools, counts: Floats) -> tuple[Bools, Bools]:
    """The terms that remain after removing those with N*_S = 0, and the cells that remain
    after dropping every cell containing a removed term (and the unseen cell)."""
    nstar = superset_sums(counts)
    minus_infinite = terms & (nstar <= 0)
    params = terms & ~minus_infinite
    kept = subset_sums(minus_infinite) == 0
    kept[..., 0] = False
    return params, kept


def fit(
    terms: Bools,
    counts: Floats | NDArray[np.integer],
    *,
    with_fitted: bool = False,
    start: Floats | None = None,
    iterations: int = MAX_ITERATIONS,
) -> Fits:
    """Fit each model `terms[b]` (term indicators over the lattice) to `counts[b]` (per cell,
    cell 0 ignored). Either may be a single row, shared by the whole batch.

    `start`, optional, holds linear predictors per cell to start from (a warm start in the
    bootstrap); by default the fit starts where `glm.fit` does. With fewer `iterations` than
    glm.fit's 25, unconverged fits stop early and `bic_bound` brackets their BIC (see
    `_dual_bound`), which is enough to rule a model out of a selection."""
    terms = np.asarray(terms, dtype=bool)
    counts = np.asarray(counts, dtype=np.float64)
    batch = np.broadcast_shapes(terms.shape, counts.shape)
    terms = np.broadcast_to(terms, batch).reshape(-1, batch[-1])
    counts = np.broadcast_to(counts, batch).reshape(-1, batch[-1]).copy()
    counts[:, 0] = 0.0
    params, kept = sparse_structure(terms, counts)
    starts = None if start is None else np.broadcast_to(start, batch).reshape(-1, batch[-1])
    eta, converged, failed, dual = _fit_rows(params, kept, counts, starts, iterations)
    if start is not None and iterations == MAX_ITERATIONS:
        # A warm start that went astray is retried from glm.fit's own start.
        retry = np.flatnonzero(failed | ~converged)
        if retry.size:
            eta[retry], converged[retry], failed[retry], dual[retry] = _fit_rows(
                params[retry], kept[retry], counts[retry], None, iterations
            )
    # A fit that ran off (from a poor warm start, or a model nobody checked) overflows here;
    # it is marked unusable below rather than warned about.
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        mu = np.where(kept, np.exp(np.where(kept, eta, 0.0)), 0.0)
        logmu = np.log(np.where(kept, mu, 1.0))
        loglik = np.where(kept, counts * logmu - mu, 0.0).sum(axis=1)
        dark = np.exp(eta[:, 0])
    n = counts.sum(axis=1)
    constant = np.where(kept, gammaln(counts + 1.0), 0.0).sum(axis=1)
    loglik = loglik - constant
    n_terms = terms.sum(axis=1)
    failed = failed | ~np.isfinite(loglik) | ~np.isfinite(dark)
    nan = np.where(failed, np.nan, 1.0)
    total = (n + dark) * nan
    loglik = loglik * nan
    penalty = n_terms * np.log(n)
    bic = penalty - 2.0 * loglik
    bound = np.where(converged, bic, penalty - 2.0 * (dual - constant)) * nan
    return Fits(
        total=total.reshape(batch[:-1]),
        dark_figure=(dark * nan).reshape(batch[:-1]),
        loglik=loglik.reshape(batch[:-1]),
        bic=bic.reshape(batch[:-1]),
        aic=(2.0 * n_terms - 2.0 * loglik).reshape(batch[:-1]),
        converged=converged.reshape(batch[:-1]),
        fitted=mu.reshape(batch) if with_fitted else None,
        bic_bound=None if iterations == MAX_ITERATIONS else bound.reshape(batch[:-1]),
    )


def _fit_rows(
    params: Bools, kept: Bools, counts: Floats, start: Floats | None, iterations: int
) -> tuple[Floats, Bools, Bools, Floats]:
    n_params = params.sum(axis=1)
    # Fits with similar numbers of parameters go together, so that padding stays small.
    order = np.argsort(n_params, kind="stable")
    eta = np.zeros(counts.shape)
    converged = np.zeros(len(counts), dtype=bool)
    failed = np.zeros(len(counts), dtype=bool)
    dual = np.full(len(counts), np.inf)
    for begin in range(0, len(counts), _CHUNK):
        rows = order[begin : begin + _CHUNK]
        chunk_eta, converged[rows], failed[rows], dual[rows] = _irls(
            np.ascontiguousarray(params[rows].T),
            np.ascontiguousarray(kept[rows].T),
            np.ascontiguousarray(counts[rows].T),
            int(n_params[rows].max()),
            None if start is None else np.ascontiguousarray(start[rows].T),
            iterations,
        )
        eta[rows] = chunk_eta.T
    return eta, converged, failed, dual


def _dual_bound(mu_before: Floats, eta_before: Floats, eta: Floats, kept: Floats) -> Floats:
    """An upper bound on the maximum of sum(y eta - exp(eta)) over the model, per fit.

    For any m >= 0 with X^T m = X^T y, Fenchel's inequality exp(eta) >= m eta - (m log m - m)
    gives sum(y eta - exp(eta)) <= sum(m log m - m) for every eta = X beta. The IRLS step
    delta solves X^T diag(mu) X delta = X^T (y - mu), so m = mu (1 + X delta) has exactly the
    right margins; it is >= 0 near the maximum, where the bound is also tight. A step from a
    point off the model's column space (the first from a start) gives no bound (inf)."""
    m = mu_before * (1.0 + (eta - eta_before)) * kept
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = np.where(m > 0, m * np.log(np.where(m > 0, m, 1.0)), 0.0) - m
    return np.where((m >= 0).all(axis=0), entropy.sum(axis=0), np.inf)


@dataclass
class _Working:
    """The fits of a chunk still being iterated, cells or terms along the first axis and fits
    along the last, with their padded parameter index arrays. Index arrays point into a
    (cells + 1, fits) array whose last row is a zero sentinel: the padding slots of a fit
    with fewer parameters than the widest read 0 there (and get 1 on the diagonal)."""

    ids: NDArray[np.intp]
    y: Floats
    kept: Floats  # 1.0 for the cells in the likelihood
    flat_index: NDArray[np.intp]  # (slot, fit) -> position of the term in (cells + 1, fits)
    flat_pairs: NDArray[np.intp]  # (slot, slot, fit) -> position of the union of both terms
    valid: Bools
    padding: Floats
    ylogy: Floats
    ysum: Floats

    @classmethod
    def of(
        cls, ids: NDArray[np.intp], params: Bools, kept: Bools, y: Floats, width: int
    ) -> _Working:
        size, n = params.shape[0], len(ids)
        own = params[:, ids]
        # Parameter indices of each fit: argsort puts the fit's own terms first.
        index = np.argsort(~own, axis=0, kind="stable")[:width]
        valid = np.take_along_axis(own, index, axis=0)
        column = np.arange(n)
        pairs = np.where(
            valid[:, None, :] & valid[None, :, :], index[:, None, :] | index[None, :, :], size
        )
        yw = y[:, ids]
        with np.errstate(divide="ignore", invalid="ignore"):
            ylogy = np.where(yw > 0, yw * np.log(np.where(yw > 0, yw, 1.0)), 0.0).sum(axis=0)
        eye = np.eye(width, dtype=bool)[:, :, None]
        return cls(
            ids=ids,
            y=yw,
            kept=kept[:, ids].astype(np.float64),
            flat_index=np.where(valid, index, size) * n + column,
            flat_pairs=pairs * n + column,
            valid=valid,
            padding=(~valid[None, :, :] & eye).astype(np.float64),
            ylogy=ylogy,
            ysum=yw.sum(axis=0),
        )

    def deviance(self, eta: Floats, mu: Floats) -> Floats:
        # y is 0 outside the kept cells, and log(mu) = eta on them.
        return 2.0 * (self.ylogy - (self.y * eta).sum(axis=0) - self.ysum + mu.sum(axis=0))

    def means(self, eta: Floats) -> Floats:
        # Cells out of the likelihood have mean 0 (their eta is finite, capped against
        # overflow in cells that are multiplied by 0 anyway).
        return np.exp(np.minimum(eta, 700.0)) * self.kept


def _irls(
    params: Bools, kept: Bools, y: Floats, width: int, start: Floats | None, iterations: int
) -> tuple[Floats, Bools, Bools, Floats]:
    """IRLS for one chunk, cells along the first axis and fits along the last; returns the
    linear predictor per cell (row 0: the intercept), and per fit whether it converged and
    whether its system was singular or diverged, and the dual bound of the last step."""
    size, fits = y.shape
    width = max(width, 1)
    work = _Working.of(np.arange(fits), params, kept, y, width)
    if start is None:
        mu = np.where(kept, y + 0.1, 0.0)
        eta = np.log(np.where(kept, mu, 1.0))
    else:
        eta = np.where(kept, start, 0.0)
        mu = work.means(eta)
    devold = work.deviance(eta, mu)
    eta_out = np.zeros_like(y)
    converged = np.zeros(fits, dtype=bool)
    failed = np.zeros(fits, dtype=bool)
    dual_out = np.full(fits, np.inf)
    running = np.ones(fits, dtype=bool)  # within the working set: not yet finished
    for iteration in range(iterations):
        n = len(work.ids)
        eta_before, mu_before = eta, mu
        sums = np.zeros((size + 1, n))  # the last row stays 0: the sentinel
        # IRLS: weights mu, working response eta + (y - mu) / mu; X^T W X and X^T W z are
        # superset sums over the lattice, gathered at the (unions of) the model's terms. mu
        # and y are 0 outside the likelihood, so is mu * eta + y - mu.
        sums[:size] = superset_sums(mu, axis=0)
        hessian = sums.ravel()[work.flat_pairs] + work.padding
        sums[:size] = superset_sums(mu * eta + work.y - mu, axis=0)
        rhs = sums.ravel()[work.flat_index]
        beta, singular = solve_spd(hessian, rhs)
        sums[:] = 0.0
        sums.ravel()[work.flat_index] = beta
        with np.errstate(over="ignore", invalid="ignore"):
            eta = subset_sums(sums[:size], axis=0)
            mu = work.means(eta)
            dev = work.deviance(eta, mu)
            bad = singular | ~np.isfinite(dev)
            stop = running & ((np.abs(dev - devold) / (np.abs(dev) + 0.1) < TOLERANCE) | bad)
        eta_out[:, work.ids[stop]] = eta[:, stop]
        if iterations < MAX_ITERATIONS and iteration > 0:
            dual_out[work.ids] = _dual_bound(mu_before, eta_before, eta, work.kept)
        converged[work.ids[stop & ~bad]] = True
        failed[work.ids[stop & bad]] = True
        running &= ~stop
        devold = dev
        if not running.any():
            break
        # Drop finished fits from the arrays once they are half of them, or diverged.
        if running.sum() * 2 < n or (stop & bad).any():
            eta, mu, devold = eta[:, running], mu[:, running], devold[running]
            work = _Working.of(work.ids[running], params, kept, y, width)
            running = np.ones(len(work.ids), dtype=bool)
    # Fits still running after the last iteration keep their last iterate, as in glm.fit.
    eta_out[:, work.ids[running]] = eta[:, running]
    return eta_out, converged, failed, dual_out
