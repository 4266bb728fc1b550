"""Running independent pieces of work (bootstrap chunks, slices of candidates) on all cores.

Work is cut into pieces independently of the number of workers and results come back in
piece order, so a run gives the same numbers on one core or many. Processes are forked where
the platform allows (no re-import, and the numpy arrays are inherited), spawned elsewhere.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Result = TypeVar("Result")


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def map_chunks(
    function: Callable[..., Result], arguments: Sequence[tuple[Any, ...]], workers: int
) -> list[Result]:
    """`[function(*args) for args in arguments]`, spread over up to `workers` processes."""
    if workers <= 1 or len(arguments) <= 1:
        return [function(*args) for args in arguments]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(arguments)), mp_context=context) as pool:
        return list(pool.map(function, *zip(*arguments, strict=True)))
