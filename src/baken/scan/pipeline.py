"""One scan from input files to output folder: read → analyse → group → link → score → write.

`run_scan(inputs, out_dir)` is what `baken scan` and the online app's background task call.
Reading happens in the calling process; posts go out in chunks to be analysed (extraction,
indicators, shingles: `chunks.analyse_chunk`), in the calling process (`workers=1`), in a pool
of local processes (`workers=N`) or on a Dask cluster (`scheduler="tcp://…"`; see `workers`).
Chunk results come back in input order whatever order they finish in, and grouping and linking
are global steps run afterwards on their compact results, so the three ways give byte-identical
files.

Memory stays small: a chunk's JSON lines go to a spool file as soon as they arrive, and only
columns (shingle ids, linkable identifiers, places, names, indicator codes, dates) stay in
memory until the end.

Progress is reported through a callback, `progress(stage, done, total)`, with stages `analyse`
(posts; the total is an estimate from the input sizes until the last chunk), `group`, `link`
and `write`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from baken.scan import output, report, scoring
from baken.scan.chunks import ANALYSER, Chunk, ChunkResult, analyse_chunk
from baken.scan.grouping import GroupingPolicy, group
from baken.scan.model import Post
from baken.scan.networks import LinkPolicy, Networks, link
from baken.scan.read import read_posts
from baken.scan.scoring import Lead
from baken.scan.workers import run_chunks

ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """How a scan runs; the defaults are the benchmarked ones. `analyser` names the function
    `module:name` that turns a post into a finding (a name, not a function, so that a worker
    process or a Dask worker can import it). `municipalities` are the official names of the
    municipalities to find as places (None: the list shipped with Baken); they travel with
    every chunk, so local and Dask workers use the same list."""

    chunk_size: int = 2000
    analyser: str = ANALYSER
    municipalities: tuple[str, ...] | None = None
    grouping: GroupingPolicy = field(default_factory=GroupingPolicy)
    linking: LinkPolicy = field(default_factory=LinkPolicy)
    report_networks: int = 20


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
        for result, weight in run_chunks(
            analyse_chunk, chunks, workers, scheduler, options.analyser
        ):
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
            yield Chunk(index, batch, options.analyser, options.municipalities), weight
            batch, weight, index = [], 0, index + 1
    if batch:
        yield Chunk(index, batch, options.analyser, options.municipalities), weight


__all__ = [
    "ANALYSER",
    "Chunk",
    "ChunkResult",
    "ScanOptions",
    "ScanSummary",
    "analyse_chunk",
    "run_scan",
]
