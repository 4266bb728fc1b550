"""Where a scan's chunks are analysed: in the calling process, a pool of local processes or a
Dask cluster; results come back in chunk order whichever way, so the output does not depend on
it.

A local pool's processes are forked from a forkserver that loads the language model and
compiles the catalogue once (`baken.scan.preload`); while it starts, the calling process reads
ahead (`_read_ahead`) instead of waiting with a core idle.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from baken.scan.chunks import ANALYSER, Chunk, ChunkResult, warm_up

# Chunks read ahead while the workers start (see `_start_workers`).
READ_AHEAD_CHUNKS = 32  # 64,000 posts of the default chunk size


def run_chunks(
    function: Callable[[Chunk], ChunkResult],
    chunks: Iterator[tuple[Chunk, int]],
    workers: int | None,
    scheduler: str | None,
    analyser: str = ANALYSER,
) -> Iterator[tuple[ChunkResult, int]]:
    """`function` over `chunks` (with their weights), results in chunk order: in this process
    (`workers` 1), in `workers` local processes (None: one per core) or on the Dask cluster at
    `scheduler`. `analyser` is the chunks' analyser, loaded once per local worker."""
    if scheduler:
        yield from _on_dask(function, chunks, scheduler)
        return
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        for chunk, weight in chunks:
            yield function(chunk), weight
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods and analyser == ANALYSER:
        # Takes effect when the forkserver starts (the first pool of the process); workers then
        # start warm (see `baken.scan.preload`) and `warm_up` below finds everything loaded.
        context.set_forkserver_preload(["baken.scan.preload"])
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=warm_up, initargs=(analyser,)
    )
    try:
        ahead = _read_ahead(chunks, _start_workers(pool), READ_AHEAD_CHUNKS)
        yield from _in_order(lambda chunk: pool.submit(function, chunk), ahead, 2 * workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_order(
    submit: Callable[[Chunk], Any], chunks: Iterator[tuple[Chunk, int]], pending: int
) -> Iterator[tuple[ChunkResult, int]]:
    """Results of `submit(chunk)` futures in chunk order, with at most `pending` (and one)
    chunks submitted and not yet taken, so memory stays bounded however long the input."""
    queue: deque[tuple[Any, int]] = deque()
    for chunk, weight in chunks:
        queue.append((submit(chunk), weight))
        while len(queue) > pending:
            future, size = queue.popleft()
            yield future.result(), size
    while queue:
        future, size = queue.popleft()
        yield future.result(), size


def _start_workers(pool: ProcessPoolExecutor) -> threading.Event:
    """Start the pool's workers from a thread; the event is set once they take work.

    Starting them takes a second or two (the forkserver loads the language model and compiles
    the catalogue before it forks), during which a `submit` from the reading thread would
    block it with a core idle. Reading ahead meanwhile (`_read_ahead`) takes that reading out
    of the time in which the workers compete with it for the cores."""
    ready = threading.Event()

    def start() -> None:
        try:
            # A pool that cannot start is broken: the next `submit` raises that where it counts.
            with contextlib.suppress(Exception):
                pool.submit(_nothing).result()
        finally:
            ready.set()

    threading.Thread(target=start, name="scan-workers-start", daemon=True).start()
    return ready


def _nothing() -> None:
    return None


def _read_ahead(
    chunks: Iterator[tuple[Chunk, int]], ready: threading.Event, limit: int
) -> Iterator[tuple[Chunk, int]]:
    """`chunks`, held back (at most `limit` of them) until `ready` is set."""
    held: list[tuple[Chunk, int]] = []
    for item in chunks:
        if not held and ready.is_set():
            yield item
            continue
        held.append(item)
        if len(held) < limit and not ready.is_set():
            continue
        ready.wait()
        yield from held
        held.clear()
    yield from held


def _on_dask(
    function: Callable[[Chunk], ChunkResult],
    chunks: Iterator[tuple[Chunk, int]],
    address: str,
) -> Iterator[tuple[ChunkResult, int]]:
    from distributed import Client

    client = Client(address, set_as_default=False)
    try:
        pending = max(4, 2 * len(client.scheduler_info(n_workers=-1).get("workers", {})))
        yield from _in_order(
            lambda chunk: client.submit(function, chunk, pure=False), chunks, pending
        )
    finally:
        client.close()


__all__ = ["READ_AHEAD_CHUNKS", "run_chunks"]
