"""Linkage benchmark: `make bench` (or `python -m bench.linkage --sizes 100000,1000000`).

Generates synthetic records with a known true person (`baken.people.synthetic`), links them
with `baken.people.matching.link` and prints, per size: the time to link (median of the
repeats), records per second, pairwise precision, recall and F1 against the truth, and two
ratios that stay comparable on a shared, noisy machine:

- link/prepare: the linkage time over the time, measured in the same run, to only normalise
  every record (`matching.prepare`), a fixed amount of work that the machine's speed scales
  alike;
- time(largest)/time(smallest), over the size ratio: 1.0 means the time grows linearly.

Targets: F1 >= 0.97, and 1,000,000 records linked in under 2 minutes.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from baken.people import matching, synthetic

TARGET_F1 = 0.97
TARGET_SECONDS_PER_MILLION = 120.0


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    found_pairs: int


@dataclass(frozen=True)
class Result:
    size: int
    generate_seconds: float
    prepare_seconds: float
    link_seconds: list[float]
    scores: PairScores
    true_persons: int
    found_persons: int

    @property
    def median(self) -> float:
        return statistics.median(self.link_seconds)


def pair_scores(truth: Sequence[int], found: Sequence[int]) -> PairScores:
    """Pairwise precision and recall: a pair of records is a true pair when both belong to one
    true person, a found pair when the linkage put both in one cluster. Counted from cluster
    sizes, so the cost is linear in the number of records."""

    def pairs(counts: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    true_pairs = pairs(Counter(truth))
    found_pairs = pairs(Counter(found))
    both = pairs(Counter(zip(truth, found, strict=True)))
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1, true_pairs, found_pairs)


_BASELINE_RECORDS: Sequence[matching.Record] = ()


def baseline(records: Sequence[matching.Record]) -> float:
    """Seconds to only normalise `records` in one process. Run in a forked child where
    possible, so that the caches it fills leave the linkage runs of this process cold."""
    global _BASELINE_RECORDS  # read by the forked child without pickling
    _BASELINE_RECORDS = records
    try:
        if "fork" not in multiprocessing.get_all_start_methods():
            return _time_prepare()
        with multiprocessing.get_context("fork").Pool(1) as pool:
            return pool.apply(_time_prepare)
    finally:
        _BASELINE_RECORDS = ()


def _time_prepare() -> float:
    # Without the cyclic garbage collector, which would rescan the growing list of prepared
    # records (which hold no cycles) ever more often and make the yardstick grow faster
    # than the work.
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        prepared = [matching.prepare(record) for record in _BASELINE_RECORDS]
        seconds = time.perf_counter() - started
    finally:
        gc.enable()
    del prepared
    return seconds


def measure(size: int, repeat: int, seed: int) -> Result:
    started = time.perf_counter()
    records, truth = synthetic.generate(size, seed)
    generated = time.perf_counter()
    prepare_seconds = baseline(records)
    thresholds = matching.Thresholds()
    seconds: list[float] = []
    person_of: Sequence[int] = []
    for _ in range(repeat):
        gc.collect()
        link_started = time.perf_counter()
        person_of = matching.link(records, thresholds).person_of
        seconds.append(time.perf_counter() - link_started)
    return Result(
        size=size,
        generate_seconds=generated - started,
        prepare_seconds=prepare_seconds,
        link_seconds=seconds,
        scores=pair_scores(truth, person_of),
        true_persons=len(set(truth)),
        found_persons=len(set(person_of)),
    )


def report(results: list[Result]) -> list[str]:
    header = (
        f"{'records':>9} {'link s':>8} {'runs':>4} {'records/s':>10} {'prepare s':>9} "
        f"{'link/prep':>9} {'precision':>9} {'recall':>7} {'F1':>7} {'persons':>8} {'found':>8}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.size:>9,} {r.median:>8.2f} {len(r.link_seconds):>4} {r.size / r.median:>10,.0f} "
            f"{r.prepare_seconds:>9.2f} {r.median / r.prepare_seconds:>9.2f} "
            f"{r.scores.precision:>9.4f} {r.scores.recall:>7.4f} {r.scores.f1:>7.4f} "
            f"{r.true_persons:>8,} {r.found_persons:>8,}"
        )
    lines.append("")
    lines.append(
        "link s: median of the runs; link/prep: link time over the time to only normalise the "
        "same records (measured in this run)."
    )
    smallest, largest = results[0], results[-1]
    if largest.size > smallest.size:
        growth = largest.median / smallest.median
        size_ratio = largest.size / smallest.size
        lines.append(
            f"time({largest.size:,}) / time({smallest.size:,}) = {growth:.1f} for "
            f"{size_ratio:.0f}x the records ({growth / size_ratio:.2f} of linear; prepare grew "
            f"{largest.prepare_seconds / smallest.prepare_seconds:.1f}x)"
        )
    worst_f1 = min(r.scores.f1 for r in results)
    lines.append(
        f"F1 target >= {TARGET_F1}: {'met' if worst_f1 >= TARGET_F1 else 'NOT met'} "
        f"(lowest {worst_f1:.4f})"
    )
    for r in results:
        if r.size == 1_000_000:
            ok = r.median < TARGET_SECONDS_PER_MILLION
            lines.append(
                f"1,000,000 records under {TARGET_SECONDS_PER_MILLION:.0f} s: "
                f"{'met' if ok else 'NOT met'} ({r.median:.1f} s)"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median is shown)")
    parser.add_argument(
        "--repeat-largest", type=int, default=1, help="runs for the largest size (default 1)"
    )
    parser.add_argument("--seed", type=int, default=20240501)
    options = parser.parse_args(argv)
    sizes = sorted(int(size) for size in options.sizes.split(","))
    results = []
    for size in sizes:
        repeat = options.repeat_largest if size == sizes[-1] and len(sizes) > 1 else options.repeat
        result = measure(size, max(1, repeat), options.seed)
        print(
            f"{size:,} records generated in {result.generate_seconds:.1f} s, linked in "
            + ", ".join(f"{s:.2f}" for s in result.link_seconds)
            + " s",
            flush=True,
        )
        results.append(result)
    print()
    print(
        f"Record linkage, synthetic data (seed {options.seed}), {os.cpu_count()} CPUs; "
        "link() with its default workers"
    )
    print("\n".join(report(results)))


if __name__ == "__main__":
    main()
