"""Array helpers of the global steps: sorting on all cores, distinct values, work on threads.

A scan's grouping and linking are mostly sorts of large integer arrays (shingle keys, pair
codes, group-by-bin keys), run after the worker processes have finished, with the cores free.
NumPy sorts on one core but releases the GIL while it sorts, so `sort_in_place` splits an array
around its quantiles (`ndarray.partition`, linear and in place) and sorts the parts on
threads, side by side: no copy is made, which matters at a million posts, where the largest
sorted array is most of a scan's memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np

THREADS = max(1, min(4, os.cpu_count() or 1))
# Below this many values a plain sort is as fast: the partition pass and the threads cost
# about a sixth of a sort, and small arrays are sorted inside the workers, whose cores are busy.
PARALLEL_SORT_FROM = 1 << 20

# Element-wise work on arrays of tens of millions of entries runs in blocks of this many: a
# whole-array expression allocates a fresh temporary of hundreds of megabytes per operation,
# which at a million posts made one line of index arithmetic take seconds instead of a tenth.
BLOCK = 1 << 20

_T = TypeVar("_T")


def blocks(n: int, step: int | None = None) -> Iterator[tuple[int, int]]:
    """`(start, end)` of consecutive blocks of `step` (default `BLOCK`) covering `range(n)`."""
    step = step or BLOCK
    for start in range(0, n, step):
        yield start, min(start + step, n)


def threaded(function: Callable[[int], _T], items: Iterable[int]) -> list[_T]:
    """`function` over `items` on `THREADS` threads, results in order. NumPy releases the GIL in
    its sorts and in ufuncs over large arrays, so blocks of posts or bands of signatures run
    side by side on the cores."""
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(function, items))


def sort_in_place(values: np.ndarray, parts: int | None = None) -> np.ndarray:
    """Sort the one-dimensional `values` in place, on `parts` threads (default `THREADS`) when
    the array is large; returns `values`. The result equals `values.sort()`."""
    parts = THREADS if parts is None else parts
    n = len(values)
    if parts <= 1 or n < max(PARALLEL_SORT_FROM, parts):
        values.sort()
        return values
    bounds = [n * part // parts for part in range(parts + 1)]
    # Every value before bounds[k] is then <= every value from bounds[k] on, so sorting each
    # slice on its own sorts the whole.
    values.partition(bounds[1:-1])
    threaded(lambda part: values[bounds[part] : bounds[part + 1]].sort(), range(parts))
    return values


def sorted_unique(values: np.ndarray, overwrite: bool = False) -> np.ndarray:
    """The distinct values, sorted; with `overwrite`, `values` (a temporary of the caller) is
    sorted in place instead of copied. (`np.unique` without `return_*` takes a hash-based path
    in numpy 2.3+ that is many times slower than a sort on large integer arrays.)"""
    if len(values) == 0:
        return values
    ordered = sort_in_place(values if overwrite else values.copy())
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


__all__ = [
    "BLOCK",
    "PARALLEL_SORT_FROM",
    "THREADS",
    "blocks",
    "sort_in_place",
    "sorted_unique",
    "threaded",
]
