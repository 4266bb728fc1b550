"""Per-post analysis work, counted in instructions: `python -m bench.scan_work [--posts 2000]`.

On a shared machine the time of the same scan varies by a third from minute to minute, so a
change that saves 3 % of the per-post work cannot be seen in seconds. This benchmark counts the
CPU instructions the analysis of generated posts executes instead (valgrind's cachegrind, with
the cache simulation off): the count is the same from run to run, to the last digit, when hash
randomisation, address-space randomisation and BLAS threads are fixed, as they are here.

It runs the analysis of `--posts` generated posts (`baken.scan.chunks.analyse_chunk`: extract,
score, the post's JSON line, its shingles) in a child process under cachegrind, once without
those posts and once with them, and prints the difference per post. Everything both runs do
(start-up, generating the posts, loading the models, a warm-up chunk that fills the caches)
cancels out.

`--against REV` measures the scan code of another git revision (checked out in a temporary
worktree) in the same way and prints both counts and their ratio.

Instructions are not seconds: a cache miss or a system call costs more than its instructions
say. Use this to compare versions of the per-post code, and `bench.scan` for the time.
Needs valgrind (Debian package `valgrind`); without it the benchmark says so and stops.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

WARM_UP_POSTS = 500
CHUNK = 2000
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def _child(total: int, count: int, seed: int) -> None:
    from baken.scan.analyse import warm_up
    from baken.scan.chunks import Chunk, analyse_chunk
    from baken.scan.synthetic import generate

    posts = generate(WARM_UP_POSTS + total, 0.10, seed).posts
    warm_up()
    analyse_chunk(Chunk(0, posts[:WARM_UP_POSTS]))
    measured = posts[WARM_UP_POSTS : WARM_UP_POSTS + count]
    for first in range(0, len(measured), CHUNK):
        analyse_chunk(Chunk(1 + first // CHUNK, measured[first : first + CHUNK]))


def _instructions(total: int, count: int, seed: int, source: Path | None = None) -> int:
    """Instructions of a child run; `source` is another checkout's `src` folder to import
    `baken` from (None: this one)."""
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.scan_work",
        "--child",
        str(total),
        str(count),
        str(seed),
    ]
    if shutil.which("setarch"):
        command = ["setarch", "-R", *command]  # the same addresses in every run
    environment = {
        **os.environ,
        "PYTHONPATH": str(source) if source else os.environ.get("PYTHONPATH", ""),
        "PYTHONHASHSEED": "0",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
    }
    done = subprocess.run(  # noqa: S603 - valgrind and this module, fixed arguments
        command, capture_output=True, text=True, env=environment, check=False
    )
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"the run under valgrind failed:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scan_work", description=__doc__)
    parser.add_argument("--posts", type=int, default=2000, help="posts analysed (default 2000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--against", metavar="REV", help="also measure this git revision")
    parser.add_argument("--child", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return
    if shutil.which("valgrind") is None:
        print("Per-post work: skipped, valgrind is not installed (Debian package valgrind).")
        return
    per_post = _per_post(args.posts, args.seed)
    print(
        f"Per-post work: {per_post / 1000:,.1f} thousand instructions a post "
        f"({args.posts:,} generated posts at 10 % noise; analysis, JSON line and shingles)"
    )
    if args.against:
        with tempfile.TemporaryDirectory(prefix="bench-scan-work-") as folder:
            checkout = Path(folder) / "checkout"
            _git("worktree", "add", "--detach", str(checkout), args.against)
            try:
                other = _per_post(args.posts, args.seed, checkout / "src")
            finally:
                _git("worktree", "remove", "--force", str(checkout))
        print(
            f"  at {args.against}: {other / 1000:,.1f} thousand; this tree does "
            f"{per_post / other:.3f} times its work"
        )


def _per_post(posts: int, seed: int, source: Path | None = None) -> float:
    without = _instructions(posts, 0, seed, source)
    return (_instructions(posts, posts, seed, source) - without) / posts


def _git(*arguments: str) -> None:
    subprocess.run(["git", *arguments], check=True, capture_output=True)  # noqa: S603, S607


if __name__ == "__main__":
    main()
