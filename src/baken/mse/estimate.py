"""The public entry point: the size of the hidden population, with an interval.

`estimate(data, method=...)` returns an `Estimate`: the total (observed plus dark figure),
the model behind it, and a BCa bootstrap interval whose replicates redo the whole procedure,
model selection included where there is one. Methods, with the R package's defaults:

- `fixed`: one given model (default: independence), bootstrap over that model;
- `bic`: the best model by BIC among all hierarchical models up to `maxorder` (a downhill
  search beyond six lists); the bootstrap re-selects among the `ntop` best in every replicate
  (Silverman, Chan and Vincent 2024);
- `stepwise`: pairwise terms added while a Poisson test finds the overlap surprising
  (p < 0.02; Chan, Silverman and Vincent 2021);
- `auto`: `bic` up to five lists, `stepwise` beyond.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from baken.mse import bootstrap as boot
from baken.mse.bca import Interval, acceleration, bias, intervals
from baken.mse.data import CaptureData
from baken.mse.existence import Status, check
from baken.mse.fit import fit
from baken.mse.models import Model, default_maxorder, exhaustive
from baken.mse.parallel import default_workers
from baken.mse.select import default_ntop, rank_models
from baken.mse.stepwise import PTHRESH, stepwise

METHODS = ("auto", "bic", "stepwise", "fixed")
DEFAULT_BOOTSTRAP = 1000
DEFAULT_LEVEL = 0.95
REPORTED_LEVEL = 0.80  # reported next to the chosen level, as the R package reports both

Floats = NDArray[np.float64]


class EstimationError(Exception):
    """The data and settings admit no estimate; the message says why."""


class ModelNotEstimableError(EstimationError):
    """The given model has no usable maximum-likelihood estimate on these data."""

    def __init__(
        self, model: Model, lists: Sequence[str], status: Status, context: str = ""
    ) -> None:
        self.model, self.status = model, status
        name = model.notation(lists) or "main effects"
        super().__init__(
            f"{context}model {model.hiermod} ({name}): {status.description} (status {int(status)})"
        )


@dataclass(frozen=True)
class RankedModel:
    model: Model
    total: float
    bic: float


@dataclass(frozen=True)
class Estimate:
    """An estimate of the total population, seen and unseen, with its provenance."""

    lists: tuple[str, ...]
    observed: int
    method: str  # the method that ran: fixed, bic or stepwise
    model: Model
    estimate: float  # total: observed + dark figure
    dark_figure: float
    level: float
    interval: tuple[float, float] | None
    intervals: tuple[Interval, ...]
    bootstrap: int  # replicates drawn
    replicates: Floats  # the estimate per replicate (NaN where none could be made)
    seed: int | None
    seconds: float
    warnings: tuple[str, ...]
    acceleration: float | None = None
    bias: float | None = None
    maxorder: int | None = None
    ntop: int | None = None
    search: str | None = None
    candidates: int | None = None
    excluded: dict[Status, int] = field(default_factory=dict)
    excluded_examples: dict[Status, tuple[Model, ...]] = field(default_factory=dict)
    ranking: tuple[RankedModel, ...] = ()

    @property
    def usable_replicates(self) -> int:
        return int(np.isfinite(self.replicates).sum())


def estimate(
    data: CaptureData,
    method: str = "auto",
    *,
    model: Model | None = None,
    maxorder: int | None = None,
    bootstrap: int = DEFAULT_BOOTSTRAP,
    level: float = DEFAULT_LEVEL,
    seed: int | None = None,
    ntop: int | None = None,
    pthresh: float = PTHRESH,
    workers: int | None = None,
) -> Estimate:
    """Estimate the total population behind `data`. `ntop` (bic) caps the models the
    bootstrap re-selects among (default as in the R package; 1 gives the interval that
    ignores model uncertainty). `workers` defaults to every core."""
    started = time.perf_counter()
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, not {level}")
    if bootstrap < 0:
        raise ValueError(f"the number of bootstrap replicates cannot be negative ({bootstrap})")
    t = data.t
    if model is not None and method == "auto":
        method = "fixed"
    resolved = method if method != "auto" else ("bic" if t <= 5 else "stepwise")
    if model is not None and resolved != "fixed":
        raise ValueError(f"a model is given with --method {resolved}; use --method fixed")
    if maxorder is not None and not 1 <= maxorder <= t - 1:
        raise ValueError(f"maxorder must lie between 1 and {t - 1} for {t} lists")
    workers = workers or default_workers()
    if seed is None and bootstrap > 0:
        # A fresh seed, reported with the result so that the run can be redone.
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    counts = data.counts
    warnings = list(data.warnings)
    if method == "auto" and t == 6:
        warnings.append(
            "6 lists: auto uses stepwise, as the R package does; --method bic fits all 32,768 "
            "pairwise models"
        )
    for name, value in (("maxorder", maxorder), ("ntop", ntop)):
        if value is not None and resolved != "bic":
            warnings.append(f"{name} applies to bic only; ignored for {resolved}")
    extra: dict[str, object] = {}
    replicate: Callable[..., Floats]
    arguments: tuple[Any, ...]

    if resolved == "fixed":
        chosen = model or Model.main_effects(t)
        status = Status(int(check(chosen.mask, data.support)))
        if status != Status.OK:
            raise ModelNotEstimableError(chosen, data.lists, status)
        fits = fit(chosen.mask, counts, with_fitted=True)
        point, dark = float(fits.total), float(fits.dark_figure)
        if not np.isfinite(point):
            raise ModelNotEstimableError(chosen, data.lists, Status.NOT_IDENTIFIABLE)
        replicate, arguments = boot.fixed_replicates, (chosen.mask, _eta(fits.fitted))
    elif resolved == "bic":
        order = maxorder or default_maxorder(t)
        ranking = rank_models(counts, order, workers)
        if len(ranking.totals) == 0:
            raise EstimationError(
                f"none of the {ranking.candidates} candidate models has an estimate on these data"
            )
        chosen = ranking.model(0)
        point = float(ranking.totals[0])
        dark = point - data.observed
        top = ntop if ntop is not None else default_ntop(t)
        kept = ranking.masks[: top if top else None]
        starts = _eta(fit(kept, counts, with_fitted=True).fitted)
        replicate, arguments = boot.bic_replicates, (kept, starts)
        extra = {
            "maxorder": order,
            "ntop": len(kept),
            "search": ranking.search,
            "candidates": ranking.candidates,
            "excluded": ranking.excluded,
            "excluded_examples": ranking.examples,
            "ranking": tuple(
                RankedModel(ranking.model(i), float(ranking.totals[i]), float(ranking.bics[i]))
                for i in range(min(5, len(ranking.totals)))
            ),
        }
        if not exhaustive(t, order):
            warnings.append(
                f"{t} lists with interactions up to order {order}: too many models to fit all, "
                f"so BIC was minimised by a downhill search ({ranking.candidates} models fitted)"
            )
    else:
        selection = stepwise(counts, pthresh)
        chosen = Model.from_mask(selection.masks[0])
        # The procedure never checks its start, independence (nor does the R package); an
        # estimate from a model without one would be a number that means nothing.
        status = Status(int(check(chosen.mask, data.support)))
        if status != Status.OK:
            raise ModelNotEstimableError(chosen, data.lists, status, "stepwise ended on ")
        point = float(selection.totals[0])
        dark = point - data.observed
        replicate, arguments = boot.stepwise_replicates, (pthresh,)

    replicates: Floats = np.zeros(0)
    found: tuple[Interval, ...] = ()
    accel = z0 = None
    if bootstrap > 0:
        assert seed is not None
        tables = boot.draw(counts, data.rows, bootstrap, seed)
        replicates = boot.run(replicate, tables, arguments, workers)
        deleted, weights = boot.jackknife(counts)
        jack = boot.run(replicate, deleted, arguments, 1 if len(deleted) < 64 else workers)
        if resolved == "stepwise":
            # Totals, and whether the model each replicate ended on has an estimate.
            replicates, unchecked = replicates[:, 0], int((replicates[:, 1] == 0).sum())
            jack = jack[:, 0]
            if unchecked:
                warnings.append(
                    f"{unchecked} of {bootstrap} bootstrap replicates ended on a model without "
                    "an estimate (stepwise does not check its start, as in the R package); "
                    "their totals are where the fit stopped and weigh on the upper limit"
                )
        missing = ~np.isfinite(jack)
        if missing.any():
            if resolved == "fixed":
                raise EstimationError(
                    f"model {chosen.hiermod} has no estimate when one person is left out of "
                    f"{int(missing.sum())} of the capture histories; no interval can be made"
                )
            warnings.append(
                f"{int(missing.sum())} jackknife deletions had no usable model and were left out"
            )
        accel = acceleration(jack[~missing], weights[~missing])
        failed = int((~np.isfinite(replicates)).sum())
        if failed == bootstrap:
            raise EstimationError("no bootstrap replicate had a usable model; no interval")
        if failed:
            warnings.append(
                f"{failed} of {bootstrap} bootstrap replicates had no usable model and were "
                "left out"
            )
        z0 = bias(replicates[np.isfinite(replicates)], point)
        levels = sorted({REPORTED_LEVEL, level})
        found = tuple(intervals(replicates, point, accel, levels))
    headline = next(((i.low, i.high) for i in found if i.level == level), None)
    return Estimate(
        lists=data.lists,
        observed=data.observed,
        method=resolved,
        model=chosen,
        estimate=point,
        dark_figure=dark,
        level=level,
        interval=headline,
        intervals=found,
        bootstrap=bootstrap,
        replicates=replicates,
        seed=seed if bootstrap > 0 else None,
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        acceleration=accel,
        bias=z0,
        **extra,  # type: ignore[arg-type]
    )


def _eta(fitted: Floats | None) -> Floats:
    """Fitted log means, a warm start for refits on resampled data (0 where the mean is 0:
    those cells stay out in every replicate)."""
    assert fitted is not None
    with np.errstate(divide="ignore"):
        return np.where(fitted > 0, np.log(np.where(fitted > 0, fitted, 1.0)), 0.0)
