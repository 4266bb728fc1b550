"""One scan from input files to output folder: read → analyse → group → link → score → write.

`run_scan(inputs, out_dir)` is what `baken scan` and the online app's background task call.
Reading happens in the calling process; posts go out in chunks to be analysed (extraction,
indicators, shingles), in the calling process (`workers=1`), in a pool of local processes
(`workers=N`) or on a Dask cluster (`scheduler="tcp://…"`). Chunk results come back in input
order whatever order they finish in, and grouping and linking are global steps run afterwards
on their compact results, so the three ways give byte-identical files.

Memory stays small: a chunk's JSON lines go to a spool file as soon as they arrive, and only
columns (shingle ids, linkable identifiers, places, names, indicator codes, dates) stay in
memory until the end.

Progress is reported through a callback, `progress(stage, done, total)`, with stages `analyse`
(posts; the total is an estimate from the input sizes until the last chunk), `group`, `link`
and `write`.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

import numpy as np

from baken.scan import minhash, output, report, scoring
from baken.scan.grouping import GroupingPolicy, group
from baken.scan.model import Entity, Finding, Post
from baken.scan.networks import LinkPolicy, Networks, link
from baken.scan.read import read_posts
from baken.scan.scoring import EVIDENCE_WEIGHTS, Lead, advertised_names

ANALYSER = "baken.scan.analyse:analyse"
LINKING_KINDS = ("phone", "handle", "email")
# Chunks read ahead while the workers start (see `_start_workers`).
READ_AHEAD_CHUNKS = 32  # 64,000 posts of the default chunk size
ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """How a scan runs; the defaults are the benchmarked ones. `analyser` names the function
    `module:name` that turns a post into a finding (a name, not a function, so that a worker
    process or a Dask worker can import it)."""

    chunk_size: int = 2000
    analyser: str = ANALYSER
    grouping: GroupingPolicy = field(default_factory=GroupingPolicy)
    linking: LinkPolicy = field(default_factory=LinkPolicy)
    report_networks: int = 20


@dataclass(slots=True)
class Chunk:
    index: int
    posts: list[Post]
    analyser: str = ANALYSER

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # A chunk crosses to a worker process as plain tuples: pickling a slotted dataclass
        # goes through Python-level `__reduce_ex__` per object, which made sending the posts
        # cost as much CPU in the reading process as a tenth of their analysis.
        posts = [
            (p.id, p.source, p.text, p.posted_at, p.entities, p.fields or None) for p in self.posts
        ]
        return _unpack_chunk, (self.index, posts, self.analyser)


def _unpack_chunk(
    index: int,
    posts: list[tuple[str, str, str, Any, tuple[Entity, ...], dict[str, str] | None]],
    analyser: str,
) -> Chunk:
    return Chunk(
        index,
        [
            Post(id_, source, text, posted_at, entities, fields or {})
            for id_, source, text, posted_at, entities, fields in posts
        ],
        analyser,
    )


@dataclass(slots=True)
class ChunkResult:
    """What the global steps need of a chunk of posts, in compact form."""

    index: int
    ids: list[str]
    lines: bytes  # the posts' JSON prefixes (`output.post_prefix`), UTF-8, one per line
    flat: np.ndarray
    offsets: np.ndarray
    posted: np.ndarray
    weight: np.ndarray
    contacts: output.Interned
    places: output.Interned
    names: output.Interned
    codes: output.Interned


@dataclass(slots=True)
class ScanSummary:
    """What a scan found, beside the files it wrote: counts, the leads (highest score first),
    the identifiers set aside as shared infrastructure, seconds per stage, and the linkage
    itself for a network view (`graph`)."""

    out_dir: Path
    posts: int
    clusters: int
    networks: int
    leads: list[Lead]
    hubs: dict[str, tuple[int, int, int]]
    seconds: dict[str, float]
    linkage: Networks
    post_ids: list[str]
    network_ids: list[str]

    def graph(self, network_id: str) -> dict[str, list[dict[str, Any]]]:
        """Nodes (posts, identifiers, templates) and edges with their reasons of a network,
        by its id in the output files (`N000012`)."""
        return self.linkage.graph(int(network_id[1:]) - 1, self.post_ids)


_SHINGLER = minhash.Shingler()
_ANALYSERS: dict[str, Callable[[Post], Finding]] = {}


def _analyser(name: str) -> Callable[[Post], Finding]:
    if name not in _ANALYSERS:
        module, _, attribute = name.partition(":")
        _ANALYSERS[name] = getattr(importlib.import_module(module), attribute)
    return _ANALYSERS[name]


def warm_up(analyser: str = ANALYSER) -> None:
    """Load what the analyser needs (language model, place names, catalogue) ahead of time."""
    module = importlib.import_module(analyser.partition(":")[0])
    if hasattr(module, "warm_up"):
        module.warm_up()


def analyse_chunk(chunk: Chunk) -> ChunkResult:
    """Analyse the posts of `chunk`: the function every worker runs."""
    analyse = _analyser(chunk.analyser)
    lines: list[str] = []
    words: list[list[str]] = []
    posted = np.full(len(chunk.posts), np.nan)
    weight = np.zeros(len(chunk.posts), dtype=np.float32)
    contacts: list[tuple[int, str]] = []
    places: list[tuple[int, str]] = []
    names: list[tuple[int, str]] = []
    codes: list[tuple[int, str]] = []
    for number, post in enumerate(chunk.posts):
        finding = analyse(post)
        lines.append(output.post_prefix(finding))
        masks = []
        for item in finding.identifiers:
            if not item.field:
                masks.append((item.start, item.end))
            if item.linkable and item.kind in LINKING_KINDS:
                contacts.append((number, f"{item.kind}:{item.value}"))
            elif item.kind == "place":
                places.append((number, item.value))
            elif item.kind == "name":
                names.append((number, item.value))
        if not any(item.kind == "name" for item in finding.identifiers):
            names.extend((number, name) for name in advertised_names(post.text))
        words.append(minhash.masked_words(post.text, masks))
        evidence = {hit.code: hit.evidence for hit in finding.indicators}
        weight[number] = sum(EVIDENCE_WEIGHTS.get(level, 0.0) for level in evidence.values())
        codes.extend((number, code) for code, level in evidence.items() if level != "contradicted")
        if post.posted_at is not None:
            moment = post.posted_at
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            posted[number] = moment.timestamp()
    flat, offsets = _SHINGLER.shingle(words)
    return ChunkResult(
        chunk.index,
        [post.id for post in chunk.posts],
        output.encode_lines(lines),
        flat,
        offsets,
        posted,
        weight,
        output.intern_pairs(contacts),
        output.intern_pairs(places),
        output.intern_pairs(names),
        output.intern_pairs(codes),
    )


def run_scan(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressCallback | None = None,
    options: ScanOptions | None = None,
) -> ScanSummary:
    """Scan `inputs` (Telegram exports, JSON Lines or CSV ad dumps) into `out_dir`.

    Raises `baken.scan.errors.ScanInputError` for material that cannot be read; the output
    folder then keeps what it had."""
    options = options or ScanOptions()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda stage, done, total: None)
    paths = [Path(p) for p in inputs]
    size = sum(_size(p) for p in paths)
    columns = output.Columns(out)
    clock = _Clock()
    try:
        chunks = _chunks(read_posts(paths), options)
        seen_bytes = 0
        for result, weight in _run(analyse_chunk, chunks, workers, scheduler, options):
            columns.add(result)
            seen_bytes += weight
            estimate = max(columns.count + 1, round(columns.count * size / max(seen_bytes, 1)))
            report("analyse", columns.count, estimate)
        report("analyse", columns.count, columns.count)
        clock.lap("analyse")
        return _finish(columns, out, options, report, clock)
    finally:
        columns.close()


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self._last, 3)
        self._last = now


def _finish(
    columns: output.Columns,
    out: Path,
    options: ScanOptions,
    progress: ProgressCallback,
    clock: _Clock,
) -> ScanSummary:
    n = columns.count
    progress("group", 0, 1)
    grouping = group(*columns.shingles(), options.grouping)
    progress("group", 1, 1)
    clock.lap("group")
    progress("link", 0, 1)
    contact_post, contact_key = columns.contacts.arrays()
    kinds = [name.split(":", 1)[0] for name in columns.contacts.names]
    cluster_count = int(grouping.labels.max(initial=-1)) + 1
    cluster_ids = [output.identifier_id("T", k, cluster_count) for k in range(cluster_count)]
    linkage = link(
        n,
        contact_post,
        contact_key,
        columns.contacts.names,
        kinds,
        grouping.labels,
        options.linking,
        cluster_ids,
    )
    linked = linkage.tie_linked & (linkage.tie_key < len(kinds))
    place_post, place_id = columns.places.arrays()
    name_post, name_id = columns.names.arrays()
    code_post, code_id = columns.codes.arrays()
    found = scoring.leads(
        linkage.labels,
        (linkage.tie_post[linked], linkage.tie_key[linked], columns.contacts.names),
        (place_post, place_id, columns.places.names),
        (name_post, name_id),
        (code_post, code_id, columns.codes.names),
        columns.weight(),
        columns.posted(),
    )
    progress("link", 1, 1)
    clock.lap("link")
    progress("write", 0, 1)
    network_count = int(linkage.labels.max(initial=-1)) + 1
    network_ids = [output.identifier_id("N", k, network_count) for k in range(network_count)]
    material = report.Material(found[: options.report_networks], grouping.labels, linkage)
    with output.staged(out) as open_file:
        posts = open_file(output.POSTS)
        posts.flush()  # nothing written as text: the lines go to the bytes underneath
        posts.buffer.writelines(
            _finished_lines(
                columns, grouping.labels, cluster_ids, linkage.labels, network_ids, material
            )
        )
        output.write_pairs(
            open_file(output.CLUSTERS),
            output.CLUSTER_COLUMNS,
            columns.ids,
            [cluster_ids[k] for k in grouping.labels.tolist()],
        )
        output.write_pairs(
            open_file(output.NETWORKS),
            output.NETWORK_COLUMNS,
            columns.ids,
            [network_ids[k] for k in linkage.labels.tolist()],
        )
        output.write_leads(open_file(output.LEADS), output.lead_rows(found, network_ids))
        open_file(output.REPORT).write(
            report.render(material, columns.ids, cluster_ids, network_ids, n)
        )
    progress("write", 1, 1)
    clock.lap("write")
    sizes = np.bincount(grouping.labels, minlength=cluster_count)
    network_sizes = np.bincount(linkage.labels, minlength=network_count)
    return ScanSummary(
        out_dir=out,
        posts=n,
        clusters=int((sizes >= 2).sum()),
        networks=int((network_sizes >= 2).sum()),
        leads=found,
        hubs=dict(linkage.hubs),
        seconds=clock.seconds,
        linkage=linkage,
        post_ids=columns.ids,
        network_ids=network_ids,
    )


def _finished_lines(
    columns: output.Columns,
    clusters: np.ndarray,
    cluster_ids: list[str],
    networks: np.ndarray,
    network_ids: list[str],
    material: report.Material,
) -> Iterator[bytes]:
    """The lines of posts.jsonl, encoded, for one `writelines`; the report's posts are taken
    on the way. Labels go through `tolist` once: indexing a NumPy array per post costs more
    than the line."""
    finish, wanted = output.LineFinisher(cluster_ids, network_ids), material.wanted
    labels = zip(clusters.tolist(), networks.tolist(), strict=True)
    for index, (line, (cluster, network)) in enumerate(zip(columns.lines(), labels, strict=True)):
        if index in wanted:
            material.offer(index, line.decode("utf-8"))
        yield finish(line, cluster, network)


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*.json"))
        return path.stat().st_size
    except OSError:
        return 0


def _chunks(posts: Iterable[Post], options: ScanOptions) -> Iterator[tuple[Chunk, int]]:
    """Chunks of posts with a rough count of the input bytes they stand for."""
    batch: list[Post] = []
    weight = 0
    index = 0
    for post in posts:
        batch.append(post)
        weight += len(post.text.encode()) + 120
        if len(batch) >= options.chunk_size:
            yield Chunk(index, batch, options.analyser), weight
            batch, weight, index = [], 0, index + 1
    if batch:
        yield Chunk(index, batch, options.analyser), weight


def _run(
    function: Callable[[Chunk], ChunkResult],
    chunks: Iterator[tuple[Chunk, int]],
    workers: int | None,
    scheduler: str | None,
    options: ScanOptions,
) -> Iterator[tuple[ChunkResult, int]]:
    """`function` over `chunks`, results in chunk order."""
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
    if "forkserver" in methods and options.analyser == ANALYSER:
        # Takes effect when the forkserver starts (the first pool of the process); workers then
        # start warm (see `baken.scan.preload`) and `warm_up` below finds everything loaded.
        context.set_forkserver_preload(["baken.scan.preload"])
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=warm_up, initargs=(options.analyser,)
    )
    try:
        queue: deque[tuple[Any, int]] = deque()
        for chunk, weight in _read_ahead(chunks, _start_workers(pool), READ_AHEAD_CHUNKS):
            queue.append((pool.submit(function, chunk), weight))
            while len(queue) > 2 * workers:
                future, size = queue.popleft()
                yield future.result(), size
        while queue:
            future, size = queue.popleft()
            yield future.result(), size
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
        queue: deque[tuple[Any, int]] = deque()
        for chunk, weight in chunks:
            queue.append((client.submit(function, chunk, pure=False), weight))
            while len(queue) > pending:
                future, size = queue.popleft()
                yield future.result(), size
        while queue:
            future, size = queue.popleft()
            yield future.result(), size
    finally:
        client.close()


__all__ = [
    "ANALYSER",
    "Chunk",
    "ChunkResult",
    "ScanOptions",
    "ScanSummary",
    "analyse_chunk",
    "run_scan",
]
