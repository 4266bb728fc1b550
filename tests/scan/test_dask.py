"""The same scan on a Dask cluster writes byte-identical files to the local run."""

from __future__ import annotations

from pathlib import Path

from distributed import LocalCluster

from baken.scan.pipeline import ScanOptions, run_scan
from baken.scan.synthetic import generate
from baken.scan.synthetic_files import write_inputs

FILES = ("posts.jsonl", "clusters.csv", "networks.csv", "leads.csv", "report.html")


def test_a_dask_run_writes_the_same_files_as_a_local_run(tmp_path: Path) -> None:
    inputs = write_inputs(generate(1200, noise=0.1, seed=8).posts, tmp_path / "in")
    options = ScanOptions(chunk_size=200)  # several chunks, so order on return matters
    run_scan(inputs, tmp_path / "local", workers=1, options=options)

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        summary = run_scan(
            inputs, tmp_path / "dask", scheduler=cluster.scheduler_address, options=options
        )

    assert summary.posts == 1200
    for name in FILES:
        local, remote = (tmp_path / "local" / name), (tmp_path / "dask" / name)
        assert remote.read_bytes() == local.read_bytes(), name
