"""Linking a batch of records into persons: prepare, block, score, cluster.

On large batches the costliest stage, scoring the candidate pairs, is split into `workers`
slices: this process scores the first slice and forked workers the others, each with the
function that a single process runs on all pairs. Forking shares the prepared records with
the workers without copying them; only the pairs that reach the review band come back, as
plain tuples. Preparing stays in one process: sending a million prepared records back from
workers was measured to cost more than it saved. Where fork is unavailable everything runs
in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from baken.people.matching.blocking import candidate_pairs, group
from baken.people.matching.clustering import Clusters
from baken.people.matching.records import PreparedRecord, Record, blocking_keys, prepare
from baken.people.matching.scoring import PairScore, Reason, Thresholds, explained, weigh

# A scored pair as it travels between processes: left, right, score, hard conflict, reasons.
Scored = tuple[int, int, float, bool, list[Reason]]

# Below this many records a second process costs more than it saves.
PARALLEL_FROM = 20_000


@dataclass
class Linkage:
    """The outcome of linking a batch.

    `person_of[i]` is the person (0..k-1) of record i. `links` are the pairs whose merge made
    the persons, strongest first. `suggestions` are pairs in the review band whose records
    ended up as different persons, for a coordinator to decide, strongest first; they include
    the `blocked` pairs: scores in the link band whose merge was refused because the joined
    person would hold two birth dates or two sets of document numbers.
    """

    person_of: list[int]
    links: list[PairScore] = field(default_factory=list)
    suggestions: list[PairScore] = field(default_factory=list)
    blocked: list[PairScore] = field(default_factory=list)
    candidate_pairs: int = 0

    @property
    def persons(self) -> int:
        return max(self.person_of, default=-1) + 1


def link(
    records: Sequence[Record], thresholds: Thresholds | None = None, *, workers: int | None = None
) -> Linkage:
    """Link `records` into persons. `workers` defaults to one process per CPU for batches
    of `PARALLEL_FROM` records or more, one process below that."""
    limits = thresholds or Thresholds()
    if workers is None:
        workers = (os.cpu_count() or 1) if len(records) >= PARALLEL_FROM else 1
    if (
        "fork" not in multiprocessing.get_all_start_methods()
        or multiprocessing.current_process().daemon  # a pool worker may not fork its own
    ):
        workers = 1

    with _one_batch_at_a_time:
        collecting = gc.isenabled()
        # Millions of small objects and no reference cycles: the cyclic collector would only
        # rescan the growing heap again and again (it made a million records twice as slow).
        gc.disable()
        try:
            prepared = [prepare(record) for record in records]
            keys = (blocking_keys(record) for record in prepared)
            pairs = candidate_pairs(group(keys), prepared)
            _batch.update(prepared=prepared, pairs=pairs, review=limits.review)
            scored = [item for part in _run(_score_slice, len(pairs), workers) for item in part]
            _batch.clear()
            return _cluster(prepared, scored, limits, len(pairs))
        finally:
            _batch.clear()
            if collecting:
                gc.enable()


def _cluster(
    prepared: list[PreparedRecord], scored: list[Scored], limits: Thresholds, n_pairs: int
) -> Linkage:
    scored.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))  # strongest first, stable
    clusters = Clusters(prepared)
    links: list[PairScore] = []
    blocked: list[PairScore] = []
    review: list[Scored] = []
    for pair in scored:
        left, right, total, hard, _ = pair
        if total < limits.link or hard:
            review.append(pair)
        elif clusters.union(left, right):
            links.append(explained(*pair))
        elif clusters.find(left) != clusters.find(right):
            blocked.append(explained(*pair))
            review.append(pair)
    suggestions = [
        explained(*pair) for pair in review if clusters.find(pair[0]) != clusters.find(pair[1])
    ]
    return Linkage(clusters.labels(), links, suggestions, blocked, n_pairs)


# --- stages, run on a slice in this process or in a forked worker ---------------------------

# The batch being linked, set before workers fork so that they read it without pickling.
# Batches in concurrent threads would overwrite it, so they take turns.
_batch: dict[str, Any] = {}
_one_batch_at_a_time = threading.Lock()


def _score_slice(start: int, stop: int) -> list[Scored]:
    """The pairs of the slice that reach the review band, with their reasons as tuples."""
    prepared: list[PreparedRecord] = _batch["prepared"]
    floor: float = _batch["review"]
    kept = []
    for i, j in _batch["pairs"][start:stop]:
        total, hard, reasons = weigh(prepared[i], prepared[j], floor)
        if total >= floor:
            kept.append((i, j, total, hard, reasons))
    return kept


T = TypeVar("T")


def _run(stage: Callable[[int, int], T], total: int, workers: int) -> list[T]:
    """`stage` over [0, total) in `workers` contiguous slices, in order; this process takes
    the first slice while forked workers take the others."""
    if workers <= 1 or total < 2 * workers:
        return [stage(0, total)]
    step = -(-total // workers)
    bounds = [(start, min(start + step, total)) for start in range(0, total, step)]
    with multiprocessing.get_context("fork").Pool(len(bounds) - 1) as pool:
        pending = [pool.apply_async(stage, bound) for bound in bounds[1:]]
        first = stage(*bounds[0])
        return [first, *(result.get() for result in pending)]
