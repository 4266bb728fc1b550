"""Scan benchmark: `python -m bench.scan [--size 20000] [--speed 100000] [--repeat 3] [--million]`.

Generates ads and Telegram messages with planted template clusters and operations
(`baken.scan.synthetic`), writes them as a scan's input files and runs the whole scan on them
(`baken.scan.pipeline.run_scan`: read, extract, score, group, link, write). Prints, per token
noise level, the adjusted Rand index and pairwise precision and recall of the template clusters
and of the networks against the truth, the recall of planted phone numbers (plain and obscured)
and whether any invalid look-alike number was linked; then posts per second and peak memory
(the scan's process and its workers together) for the speed runs.

The baseline is measured in the same run on the same posts: datasketch's MinHash LSH over word
3-shingles at Jaccard 0.3 (128 permutations), clusters as connected components of the LSH
matches; its networks join those clusters with every shared linkable identifier, unguarded.
Its time is for grouping alone (shingling, MinHash, LSH, components), not reading or writing;
this engine's grouping alone (shingles of the plain texts, clusters) is timed beside it. The
speed run is repeated (`--repeat`, default 3), each scan followed by the baseline on the same
texts, and the medians are compared: on a shared machine one pair of runs can differ by 15 %
in either direction.

Targets: template ARI >= 0.98 at 10 % noise and >= 0.95 at 20 %, pair precision >= 0.99;
network ARI >= 0.98 at 10 %; phone recall >= 0.98 at 3 %, no invalid number linked; 100,000
posts end to end in under 20 s and at least twice as fast as the baseline's grouping;
1,000,000 posts in under 4 minutes with peak memory under 4 GB.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import phonenumbers

from baken.scan.grouping import group
from baken.scan.metrics import PairScores, pair_scores
from baken.scan.minhash import Shingler
from baken.scan.pipeline import run_scan
from baken.scan.synthetic import SyntheticScan, generate
from baken.scan.synthetic_files import write_inputs

NOISE_LEVELS = (0.0, 0.03, 0.10, 0.20)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Quality:
    noise: float
    posts: int
    clusters: PairScores
    networks: PairScores
    phone_recall: float
    obscured_recall: float
    invalid_linked: int
    seconds: float
    baseline_clusters: PairScores
    baseline_networks: PairScores
    baseline_seconds: float


def _found(out: Path, data: SyntheticScan, name: str, column: str) -> np.ndarray:
    position = {post.id: k for k, post in enumerate(data.posts)}
    labels = np.empty(len(data.posts), dtype=object)
    with (out / name).open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            labels[position[row["post_id"]]] = row[column]
    return np.unique(labels.astype(str), return_inverse=True)[1]


def _phones(out: Path, data: SyntheticScan) -> tuple[float, float, int, list[list[str]]]:
    """Recall of planted phones (all, obscured), invalid numbers linked, linkable contacts."""
    position = {post.id: k for k, post in enumerate(data.posts)}
    found: list[set[str]] = [set() for _ in data.posts]
    contacts: list[list[str]] = [[] for _ in data.posts]
    invalid = 0
    with (out / "posts.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            post = json.loads(line)
            k = position[post["id"]]
            for item in post["identifiers"]:
                if not item["linkable"]:
                    continue
                contacts[k].append(f"{item['kind']}:{item['value']}")
                if item["kind"] == "phone":
                    found[k].add(item["value"])
                    if not phonenumbers.is_valid_number(phonenumbers.parse(item["value"])):
                        invalid += 1
    hits = total = hidden_hits = hidden = 0
    for k, planted in enumerate(data.phones):
        for phone in planted:
            total += 1
            hits += phone.e164 in found[k]
            if phone.obscured:
                hidden += 1
                hidden_hits += phone.e164 in found[k]
    return hits / max(total, 1), hidden_hits / max(hidden, 1), invalid, contacts


def _components(n: int, pairs: list[tuple[int, int]]) -> np.ndarray:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not pairs:
        return np.arange(n)
    a, b = zip(*pairs, strict=True)
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def baseline_clusters(texts: Sequence[str]) -> np.ndarray:
    """datasketch MinHash LSH over word 3-shingles at Jaccard 0.3: connected components."""
    from datasketch import MinHash, MinHashLSH

    shingles = []
    for text in texts:
        words = _WORD.findall(text.lower())
        grams = {" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}
        shingles.append([g.encode() for g in grams])
    hashes = MinHash.bulk(shingles, num_perm=128)
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    pairs: list[tuple[int, int]] = []
    for k, minhash in enumerate(hashes):
        pairs.extend((k, other) for other in lsh.query(minhash))
        lsh.insert(k, minhash)
    return _components(len(texts), pairs)


def baseline_networks(clusters: np.ndarray, contacts: list[list[str]]) -> np.ndarray:
    owner: dict[str, int] = {}
    pairs = []
    for k, keys in enumerate(contacts):
        for key in keys:
            pairs.append((k, owner.setdefault(key, k)))
    first: dict[int, int] = {}
    for k, cluster in enumerate(clusters.tolist()):
        pairs.append((k, first.setdefault(cluster, k)))
    return _components(len(clusters), pairs)


def quality(size: int, noise: float, seed: int, workers: int | None) -> Quality:
    data = generate(size, noise, seed)
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as folder:
        inputs = write_inputs(data.posts, Path(folder) / "in")
        started = time.perf_counter()
        run_scan(inputs, Path(folder) / "out", workers=workers)
        seconds = time.perf_counter() - started
        out = Path(folder) / "out"
        clusters = pair_scores(data.clusters, _found(out, data, "clusters.csv", "cluster_id"))
        networks = pair_scores(data.networks, _found(out, data, "networks.csv", "network_id"))
        recall, hidden, invalid, contacts = _phones(out, data)
    started = time.perf_counter()
    base = baseline_clusters([post.text for post in data.posts])
    base_seconds = time.perf_counter() - started
    return Quality(
        noise,
        size,
        clusters,
        networks,
        recall,
        hidden,
        invalid,
        seconds,
        pair_scores(data.clusters, base),
        pair_scores(data.networks, baseline_networks(base, contacts)),
        base_seconds,
    )


def _rss_tree(root: int) -> int:
    """Resident memory, in bytes, of process `root` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry), int(fields[1])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def _scan_child(inputs: list[str], out: str, workers: int | None) -> None:
    run_scan(inputs, out, workers=workers)


def timed_scan(inputs: list[Path], out: Path, workers: int | None) -> tuple[float, int]:
    """Seconds and peak memory (process tree) of a scan run in a fresh process."""
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=_scan_child, args=([str(p) for p in inputs], str(out), workers))
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            if child.pid:
                peak = max(peak, _rss_tree(child.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.perf_counter()
    child.start()
    sampler.start()
    child.join()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if child.exitcode != 0:
        raise SystemExit(f"the scan failed with exit code {child.exitcode}")
    return seconds, peak


def speed(size: int, seed: int, workers: int | None, baseline: bool, repeat: int = 1) -> list[str]:
    """Scan `size` generated posts `repeat` times, each scan followed by the baseline's grouping
    of the same texts when `baseline`, so both see the same machine minute by minute; prints
    every run and the medians, and the ratio of the medians."""
    generated = time.perf_counter()
    data = generate(size, 0.10, seed)
    lines = [
        f"\n{size:,} posts at 10 % noise (generated in {time.perf_counter() - generated:.0f} s)"
    ]
    folder = Path(tempfile.mkdtemp(prefix="bench-scan-"))
    try:
        inputs = write_inputs(data.posts, folder / "in")
        texts = [post.text for post in data.posts] if baseline else []
        del data
        scans: list[float] = []
        bases: list[float] = []
        peak = 0
        for run in range(1, repeat + 1):
            seconds, used = timed_scan(inputs, folder / "out", workers)
            scans.append(seconds)
            peak = max(peak, used)
            line = f"  run {run}: scan end to end {seconds:.1f} s ({used / 2**30:.2f} GiB)"
            if baseline:
                started = time.perf_counter()
                baseline_clusters(texts)
                bases.append(time.perf_counter() - started)
                line += f"; baseline grouping alone {bases[-1]:.1f} s"
            if repeat > 1:
                lines.append(line)
        scan = float(np.median(scans))
        lines.append(
            f"  scan end to end: {scan:.1f} s{_median_of(repeat)}, {size / scan:,.0f} posts/s, "
            f"peak memory {peak / 2**30:.2f} GiB"
        )
        if baseline:
            base = float(np.median(bases))
            started = time.perf_counter()
            group(*Shingler().shingle_texts(texts))
            ours = time.perf_counter() - started
            lines.append(
                f"  baseline grouping alone: {base:.1f} s{_median_of(repeat)}; scan end to end "
                f"is {base / scan:.2f}x faster"
            )
            lines.append(
                f"  this grouping alone (shingles and clusters, one process, no extraction): "
                f"{ours:.1f} s, {base / ours:.1f}x faster than the baseline"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return lines


def _median_of(repeat: int) -> str:
    return f" (median of {repeat})" if repeat > 1 else ""


def _row(name: str, s: PairScores) -> str:
    return f"{name:<18} ARI {s.ari:.4f}  precision {s.precision:.4f}  recall {s.recall:.4f}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scan", description=__doc__)
    parser.add_argument("--size", type=int, default=20_000, help="posts per noise level")
    parser.add_argument("--speed", type=int, default=100_000, help="posts for the speed run")
    parser.add_argument("--million", action="store_true", help="also scan 1,000,000 posts")
    parser.add_argument(
        "--repeat", type=int, default=3, help="speed runs (scan, then baseline) for the medians"
    )
    parser.add_argument("--workers", type=int, help="scan workers (default: one per core)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-quality", action="store_true", help="only the speed runs")
    args = parser.parse_args(argv)
    print(f"Quality: {args.size:,} posts per noise level, {os.cpu_count()} cores")
    for noise in () if args.no_quality else NOISE_LEVELS:
        q = quality(args.size, noise, args.seed, args.workers)
        print(f"\nnoise {noise:.0%} (scan {q.seconds:.1f} s, baseline {q.baseline_seconds:.1f} s)")
        print("  " + _row("templates", q.clusters))
        print("  " + _row("  baseline", q.baseline_clusters))
        print("  " + _row("networks", q.networks))
        print("  " + _row("  baseline", q.baseline_networks))
        print(
            f"  phone recall {q.phone_recall:.4f} (obscured {q.obscured_recall:.4f}); "
            f"invalid numbers linked: {q.invalid_linked}"
        )
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    for line in speed(args.speed, args.seed, args.workers, baseline=True, repeat=args.repeat):
        print(line)
    if args.million:
        for line in speed(1_000_000, args.seed, args.workers, baseline=False):
            print(line)


if __name__ == "__main__":
    main()
