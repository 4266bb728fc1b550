"""The bootstrap and jackknife behind the intervals: resample the observed people, redo the
estimate, selection included.

Replicates resample the n observed people with replacement: a multinomial draw over the
observed capture histories (in the order supplied) with probabilities proportional to their
counts. All draws come from one numpy Generator seeded with `seed` and are made before any work
is split, so the replicates, and the interval, depend on the seed only, never on the number of
workers. They cannot match R's draws: R's `rmultinom` uses another generator.

The jackknife deletes one person at a time, grouped by capture history: one deletion per
observed history, weighted by its count.

The three `*_replicates` functions estimate a batch of replicate tables each; they run in
worker processes, chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from baken.mse import parallel
from baken.mse.existence import check
from baken.mse.fit import fit
from baken.mse.stepwise import stepwise

Counts = NDArray[np.int64]
Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]

CHUNK = 125  # replicates per piece of work: 1000 replicates make 8 pieces for the workers
SCREEN_STEPS = 2  # IRLS steps before models that cannot win a replicate are set aside
SCREEN_SLACK = 1e-9


def draw(counts: Counts, rows: tuple[int, ...], replicates: int, seed: int) -> Counts:
    """`replicates` resampled tables (people per cell), each of the same total."""
    cells = np.array([cell for cell in rows if counts[cell] > 0], dtype=np.int64)
    weights = counts[cells].astype(np.float64)
    generator = np.random.default_rng(seed)
    draws = generator.multinomial(int(counts.sum()), weights / weights.sum(), size=replicates)
    out = np.zeros((replicates, counts.size), dtype=np.int64)
    out[:, cells] = draws
    return out


def jackknife(counts: Counts) -> tuple[Counts, Floats]:
    """One table per observed cell with one person fewer in it, and its weight (the count)."""
    cells = np.flatnonzero(counts > 0)
    tables = np.repeat(counts[None, :], len(cells), axis=0)
    tables[np.arange(len(cells)), cells] -= 1
    return tables, counts[cells].astype(np.float64)


def run(
    function: Callable[..., Floats], tables: Counts, arguments: tuple[Any, ...], workers: int
) -> Floats:
    """`function(tables_chunk, *arguments)` over fixed-size chunks, on up to `workers` cores."""
    pieces = [(tables[begin : begin + CHUNK], *arguments) for begin in range(0, len(tables), CHUNK)]
    return np.concatenate(parallel.map_chunks(function, pieces, workers))


def _by_support(masks: Bools, tables: Counts) -> NDArray[np.int8]:
    """Check status of each model on each table, (tables, models). The check depends on the
    zero pattern only, so it runs once per distinct pattern."""
    patterns, inverse = np.unique(tables > 0, axis=0, return_inverse=True)
    status = check(masks[None, :, :], patterns[:, None, :])
    return status[inverse.reshape(-1)]


def bic_replicates(tables: Counts, masks: Bools, start: Floats) -> Floats:
    """Per table: the total of the model with the smallest BIC on that table among `masks`
    (ranked by BIC on the original data; ties go to the earlier, as R's strict `<` does),
    each fitted only where its estimate exists. NaN when none has one.

    Only the winner's fit has to be exact. Two IRLS steps from the original fit bracket every
    model's BIC (`Fits.bic_bound`); a model whose lower end lies above the best upper end on
    its table cannot win there and is not iterated further. About one model in fifty survives
    the screen; the winner and any exact tie always do."""
    status = _by_support(masks, tables)
    table_index, model_index = np.nonzero(status == 0)
    quick = fit(
        masks[model_index],
        tables[table_index],
        start=start[model_index],
        iterations=SCREEN_STEPS,
        with_fitted=True,
    )
    assert quick.bic_bound is not None
    assert quick.fitted is not None
    upper = np.full(status.shape, np.inf)
    lower = np.full(status.shape, np.inf)
    upper[table_index, model_index] = np.where(np.isfinite(quick.bic), quick.bic, np.inf)
    lower[table_index, model_index] = np.where(
        np.isfinite(quick.bic_bound), quick.bic_bound, -np.inf
    )
    best_upper = upper.min(axis=1, keepdims=True)
    # The bound's margins hold up to round-off in the solve: allow for it.
    contender = lower <= best_upper + SCREEN_SLACK * np.maximum(1.0, np.abs(best_upper))
    keep = contender[table_index, model_index]
    with np.errstate(divide="ignore"):
        warm = np.log(quick.fitted[keep])
    exact = fit(
        masks[model_index[keep]],
        tables[table_index[keep]],
        start=np.where(np.isfinite(warm), warm, 0.0),
    )
    bic = np.full(status.shape, np.inf)
    total = np.full(status.shape, np.nan)
    usable = np.isfinite(exact.bic)
    rows, columns = table_index[keep][usable], model_index[keep][usable]
    bic[rows, columns] = exact.bic[usable]
    total[rows, columns] = exact.total[usable]
    best = np.argmin(bic, axis=1)  # the first of equal minima
    index = np.arange(len(tables))
    return np.where(np.isfinite(bic[index, best]), total[index, best], np.nan)


def fixed_replicates(tables: Counts, mask: Bools, start: Floats) -> Floats:
    """Per table: the total of the one model, NaN where its estimate does not exist."""
    usable = _by_support(mask[None, :], tables)[:, 0] == 0
    out = np.full(len(tables), np.nan)
    if usable.any():
        out[usable] = fit(mask, tables[usable], start=start).total
    return out


def stepwise_replicates(tables: Counts, pthresh: float) -> Floats:
    """Per table: the total of the model the stepwise procedure selects on it, and 1 if that
    model's estimate exists (0 if not: the procedure does not check its start)."""
    selection = stepwise(tables, pthresh)
    usable = check(selection.masks, tables > 0) == 0
    return np.column_stack([selection.totals, usable.astype(np.float64)])
