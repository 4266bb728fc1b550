"""Multiple systems estimation benchmark: `python -m bench.mse` (part of `make bench`).

Prints three things:

- speed: for the UK (6 lists), the Netherlands (6 lists) and the Western U.S. site (5 lists),
  the seconds `bic` and `stepwise` take with 1,000 bootstrap replicates on all cores (median of
  the repeats; wall clock, and the CPU seconds of this process and its workers, which a busy
  machine disturbs less), next to the R package's times on this kind of machine as the issue
  quotes them (R is not run here). Target: under 10 s each;
- a same-run baseline for one model fit: statsmodels' Poisson GLM against Baken's fitter, one
  fit at a time and per fit in a batch of all 32,768 six-list candidates;
- a simulation: populations of known size with dependent lists, estimated with `bic` (a
  correctly specified model class: the true model is a candidate) and with the true model
  fixed; the share of 95 % intervals that contain the true size. Target 0.93-0.97. Two
  scenarios: most people unseen, as in practice, and lists that cover two thirds.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from baken.mse import data, parallel
from baken.mse.data import CaptureData
from baken.mse.estimate import estimate
from baken.mse.fit import fit, sparse_structure
from baken.mse.lattice import design, subset_sums
from baken.mse.models import Model, candidate_masks

DATA = Path(__file__).resolve().parent.parent / "tests" / "mse" / "data"
TABLES = (("UKdat", "UK 2013, 6 lists"), ("Ned", "Netherlands, 6 lists"), ("Western", "Western, 5"))
R_SECONDS = {"bic": "120-340", "stepwise": "30-220"}
TARGET_SECONDS = 10.0
COVERAGE = (0.93, 0.97)


@dataclass(frozen=True)
class Scenario:
    """A simulated population: four lists with these capture probabilities, lists 1 and 2 (and
    1 and 3) positively dependent, lists 3 and 4 negatively."""

    label: str
    size: int
    main: tuple[float, ...]
    interactions: tuple[tuple[int, float], ...] = ((0b0011, 0.8), (0b0101, 0.4), (0b1100, -0.6))

    @property
    def truth(self) -> Model:
        return Model.from_terms(len(self.main), [term for term, _ in self.interactions])

    def probabilities(self) -> NDArray[np.float64]:
        beta = np.zeros(1 << len(self.main))
        for i, p in enumerate(self.main):
            beta[1 << i] = np.log(p / (1 - p))
        for term, value in self.interactions:
            beta[term] = value
        weights = np.exp(subset_sums(beta))
        return weights / weights.sum()


# Most people unseen, as in every reference table (between 7 % and 78 % seen), and a
# population that the lists cover well, where the R package's bootstrap, which keeps the
# number observed fixed, leaves out that number's own variation and the intervals run short.
SCENARIOS = (
    Scenario("about 36 % seen", 5000, (0.12, 0.08, 0.15, 0.06)),
    Scenario("about 67 % seen", 2000, (0.25, 0.2, 0.3, 0.15)),
)


@dataclass(frozen=True)
class Timing:
    table: str
    method: str
    wall: list[float]
    cpu: list[float]
    estimate: float
    interval: tuple[float, float]
    model: str


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_methods(repeat: int, replicates: int, seed: int) -> list[Timing]:
    out = []
    for name, _ in TABLES:
        captures = data.read(DATA / f"{name}.csv")
        for method in ("bic", "stepwise"):
            walls, cpus = [], []
            result = None
            for _ in range(repeat):
                cpu = _cpu()
                started = time.perf_counter()
                result = estimate(captures, method, bootstrap=replicates, seed=seed)
                walls.append(time.perf_counter() - started)
                cpus.append(_cpu() - cpu)
            assert result is not None
            assert result.interval is not None
            out.append(
                Timing(
                    name,
                    method,
                    walls,
                    cpus,
                    result.estimate,
                    result.interval,
                    result.model.notation(result.lists) or "main effects",
                )
            )
            print(f"  {name} {method}: " + ", ".join(f"{s:.2f}" for s in walls) + " s", flush=True)
    return out


def baseline() -> list[str]:
    """One model's fit: statsmodels against Baken, same cells and columns, same answer."""
    import statsmodels.api as sm  # a dev dependency: only the bench and tests use it

    captures = data.read(DATA / "UKdat.csv")
    model = Model.parse("LA:NG,LA:PF,NG:GP,PF:GP,PF:NCA,GO:GP", captures.lists)
    params, kept = sparse_structure(model.mask[None], captures.counts[None].astype(float))
    x = design(captures.t)[np.ix_(np.flatnonzero(kept[0]), np.flatnonzero(params[0]))]
    y = captures.counts[np.flatnonzero(kept[0])]

    def statsmodels_fit() -> float:
        return float(np.exp(sm.GLM(y, x, family=sm.families.Poisson()).fit().params[0]))

    def ours() -> float:
        return float(fit(model.mask, captures.counts).dark_figure)

    single = {name: _median_time(f, 30) for name, f in (("sm", statsmodels_fit), ("ours", ours))}
    candidates = candidate_masks(6, 2)
    started = time.perf_counter()
    fit(candidates, captures.counts)
    batch = (time.perf_counter() - started) / len(candidates)
    agree = abs(statsmodels_fit() / ours() - 1)
    return [
        "One model fit (UK, best BIC model, 13 parameters, 63 cells), this run:",
        f"  statsmodels GLM Poisson         {single['sm'] * 1e3:8.2f} ms per fit",
        f"  Baken, one fit                  {single['ours'] * 1e3:8.2f} ms per fit",
        f"  Baken, all 32,768 candidates    {batch * 1e3:8.3f} ms per fit "
        f"({single['sm'] / batch:,.0f}x statsmodels)",
        f"  dark figures agree to {agree:.1e} (relative)",
    ]


def _median_time(function: object, repeat: int) -> float:
    assert callable(function)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def simulated_counts(scenario: Scenario, seed: int) -> NDArray[np.int64]:
    """People per capture history in one simulated population."""
    counts = np.random.default_rng(seed).multinomial(scenario.size, scenario.probabilities())
    counts[0] = 0
    return counts


def _simulate(scenario: Scenario, seed: int, replicates: int) -> tuple[bool, bool, float, float]:
    counts = simulated_counts(scenario, seed)
    lists = tuple("ABCD")
    captures = CaptureData(lists, counts, tuple(int(c) for c in np.flatnonzero(counts)))
    selected = estimate(captures, "bic", bootstrap=replicates, seed=seed, workers=1)
    fixed = estimate(
        captures, "fixed", model=scenario.truth, bootstrap=replicates, seed=seed, workers=1
    )
    assert selected.interval is not None
    assert fixed.interval is not None
    return (
        selected.interval[0] <= scenario.size <= selected.interval[1],
        fixed.interval[0] <= scenario.size <= fixed.interval[1],
        selected.estimate,
        fixed.estimate,
    )


def simulation(populations: int, replicates: int, seed: int) -> list[str]:
    lines = []
    se = np.sqrt(0.95 * 0.05 / populations)
    for scenario in SCENARIOS:
        started = time.perf_counter()
        results = parallel.map_chunks(
            _simulate,
            [(scenario, seed + i, replicates) for i in range(populations)],
            parallel.default_workers(),
        )
        seconds = time.perf_counter() - started
        lines.append(
            f"Simulation, {scenario.label}: {populations} populations of {scenario.size:,} on 4 "
            f"lists, true model {scenario.truth.hiermod}, {replicates:,} bootstrap replicates "
            f"each ({seconds:.0f} s)"
        )
        for index, label in ((0, "bic (113 models, re-selection)"), (1, "true model, fixed")):
            covered = float(np.mean([r[index] for r in results]))
            estimates = [r[2 + index] for r in results]
            low, high = COVERAGE
            verdict = "met" if low <= covered <= high else "NOT met"
            lines.append(
                f"  {label:<31} 95% coverage {covered:.3f} (target {low}-{high}: {verdict}; "
                f"s.e. {se:.3f}), median estimate {statistics.median(estimates):,.0f}"
            )
    return lines


def report(timings: list[Timing], replicates: int) -> list[str]:
    header = (
        f"{'table':<9} {'method':<9} {'wall s':>7} {'cpu s':>7} {'R s':>8} {'estimate':>9} "
        f"{'95% interval':>17}  model"
    )
    lines = [header, "-" * len(header)]
    for r in timings:
        wall, cpu = statistics.median(r.wall), statistics.median(r.cpu)
        lines.append(
            f"{r.table:<9} {r.method:<9} {wall:>7.2f} {cpu:>7.2f} {R_SECONDS[r.method]:>8} "
            f"{r.estimate:>9,.0f} {r.interval[0]:>8,.0f}-{r.interval[1]:<8,.0f}  {r.model}"
        )
    slowest = max(statistics.median(r.wall) for r in timings)
    lines += [
        "",
        f"wall s: median of the runs, {replicates:,} bootstrap replicates, all cores; cpu s: this "
        "process and its workers. R s: the R package MultipleSystemsEstimation on this kind of "
        "machine, as quoted in issue #6 (not run here).",
        f"Under {TARGET_SECONDS:.0f} s each: {'met' if slowest < TARGET_SECONDS else 'NOT met'} "
        f"(slowest {slowest:.2f} s)",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="runs per table and method")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap replicates")
    parser.add_argument("--simulations", type=int, default=200, help="simulated populations")
    parser.add_argument("--seed", type=int, default=1234)
    options = parser.parse_args(argv)
    print(f"Multiple systems estimation, {os.cpu_count()} CPUs")
    timings = time_methods(max(1, options.repeat), options.bootstrap, options.seed)
    print()
    print("\n".join(report(timings, options.bootstrap)))
    print()
    print("\n".join(baseline()))
    if options.simulations > 0:
        print()
        print("\n".join(simulation(options.simulations, options.bootstrap, options.seed)))


if __name__ == "__main__":
    main()
