"""Model selection by BIC: every candidate, or a downhill search where there are too many.

BIC = (number of parameters, the intercept and the minus-infinite ones included) x log(number
of people observed) - 2 x log-likelihood: the R package's ("Rcapture") convention. Models
whose estimate does not exist or is not identifiable are left out before ranking, never fitted.
Ties keep the candidates' order (R's `order`).

The R package fits every hierarchical model up to the chosen order for at most six lists. Beyond
that (or for six lists above pairs) the candidates run into millions, and Baken searches
downhill instead: from main effects, repeatedly take the best single change (add one term
whose sub-terms are all in, or drop one maximal term) while BIC falls.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from baken.mse import parallel
from baken.mse.existence import Status, check, check_candidates
from baken.mse.fit import fit
from baken.mse.models import Model, candidate_masks, exhaustive

Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]

# Above this many candidates, fitting is split over processes.
_PARALLEL_FROM = 4000
EXAMPLES = 5  # models named per reason for leaving them out


@dataclass(frozen=True)
class Ranking:
    """The usable candidates, best BIC first, and what was left out."""

    masks: Bools  # (models, cells) term indicators
    totals: Floats
    bics: Floats
    candidates: int
    excluded: dict[Status, int]
    search: str  # "all models" or "downhill"
    examples: dict[Status, tuple[Model, ...]]  # the first few left out, per status

    def model(self, rank: int) -> Model:
        return Model.from_mask(self.masks[rank])


def default_ntop(t: int) -> int | None:
    """How many of the best models the bootstrap re-selects among (None: all), as in the R
    package: all for up to three lists, 20 for four, 100 beyond."""
    return None if t <= 3 else 20 if t == 4 else 100


def rank_models(counts: NDArray[np.int64], maxorder: int, workers: int = 1) -> Ranking:
    t = int(counts.size).bit_length() - 1
    if exhaustive(t, maxorder):
        return _rank_all(counts, candidate_masks(t, maxorder), workers)
    return _rank_downhill(counts, maxorder)


def _rank_all(counts: NDArray[np.int64], masks: Bools, workers: int) -> Ranking:
    support = counts > 0
    status = check_candidates(masks, support)
    usable = np.flatnonzero(status == 0)
    if len(usable) >= _PARALLEL_FROM and workers > 1:
        parts = np.array_split(usable, workers * 2)
        results = parallel.map_chunks(_fit_part, [(masks[part], counts) for part in parts], workers)
        totals = np.concatenate([r[0] for r in results])
        bics = np.concatenate([r[1] for r in results])
    else:
        totals, bics = _fit_part(masks[usable], counts)
    return _ranking(masks, usable, totals, bics, status, "all models")


def _fit_part(masks: Bools, counts: NDArray[np.int64]) -> tuple[Floats, Floats]:
    fits = fit(masks, counts)
    return fits.total, fits.bic


def _ranking(
    masks: Bools,
    usable: NDArray[np.intp],
    totals: Floats,
    bics: Floats,
    status: NDArray[np.int8],
    search: str,
) -> Ranking:
    # A singular fit (R: glm rank below the number of columns) is unusable too.
    finite = np.isfinite(bics)
    usable, totals, bics = usable[finite], totals[finite], bics[finite]
    order = np.argsort(bics, kind="stable")
    excluded = Counter(Status(int(s)) for s in status[status != 0])
    examples = {
        code: tuple(Model.from_mask(m) for m in masks[status == code][:EXAMPLES])
        for code in excluded
    }
    return Ranking(
        masks=masks[usable[order]],
        totals=totals[order],
        bics=bics[order],
        candidates=len(masks),
        excluded=dict(sorted(excluded.items())),
        search=search,
        examples=examples,
    )


def _rank_downhill(counts: NDArray[np.int64], maxorder: int) -> Ranking:
    t = int(counts.size).bit_length() - 1
    support = counts > 0
    current = Model.main_effects(t).mask.copy()
    seen: dict[bytes, int] = {}
    masks: list[Bools] = []
    statuses: list[int] = []
    totals: list[float] = []
    bics: list[float] = []

    def evaluate(batch: list[Bools]) -> None:
        fresh = [m for m in batch if m.tobytes() not in seen]
        if not fresh:
            return
        stacked = np.array(fresh)
        status = check(stacked, support)
        result = np.full((2, len(fresh)), np.nan)
        ok = np.flatnonzero(status == 0)
        if ok.size:
            fits = fit(stacked[ok], counts)
            result[0, ok], result[1, ok] = fits.total, fits.bic
        for i, mask in enumerate(fresh):
            seen[mask.tobytes()] = len(masks)
            masks.append(mask)
            statuses.append(int(status[i]))
            totals.append(float(result[0, i]))
            bics.append(float(result[1, i]))

    evaluate([current])
    best = bics[seen[current.tobytes()]]
    best = np.inf if np.isnan(best) else best
    while True:
        neighbours = _neighbours(current, t, maxorder)
        evaluate(neighbours)
        scores = [bics[seen[m.tobytes()]] for m in neighbours]
        scores = [np.inf if np.isnan(s) else s for s in scores]
        if not scores or min(scores) >= best:
            break
        pick = int(np.argmin(scores))
        current, best = neighbours[pick], scores[pick]
    stacked = np.array(masks)
    return _ranking(
        stacked,
        np.arange(len(masks)),
        np.array(totals),
        np.array(bics),
        np.array(statuses, dtype=np.int8),
        "downhill",
    )


def _neighbours(mask: Bools, t: int, maxorder: int) -> list[Bools]:
    """Models one term away that stay hierarchical, keep the main effects and are not
    saturated: add a term whose sub-terms are all present, or drop a maximal term."""
    terms = set(np.flatnonzero(mask).tolist())
    out = []
    for size in range(2, min(maxorder, t - 1) + 1):
        for combo in combinations(range(t), size):
            term = sum(1 << i for i in combo)
            if term in terms:
                continue
            if all(term & ~(1 << i) in terms for i in combo):
                grown = mask.copy()
                grown[term] = True
                out.append(grown)
    for term in sorted(terms):
        if term.bit_count() < 2:
            continue
        if any(other != term and other & term == term for other in terms):
            continue  # not maximal
        shrunk = mask.copy()
        shrunk[term] = False
        out.append(shrunk)
    return out
