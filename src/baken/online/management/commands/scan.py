"""`baken scan INPUT... --out DIR [--workers N] [--scheduler ADDRESS] [--municipalities FILE]`:
scan Telegram exports and ad dumps for template clusters and link networks, without the
database.

A thin adapter over `baken.scan.pipeline.run_scan`, which describes the files it writes. Input
that cannot be read stops the scan with one line naming the file and the place in it, and exit
status 2; the output folder keeps what it had.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from baken.scan.errors import ScanInputError
from baken.scan.extract.places import read_municipalities
from baken.scan.pipeline import ScanOptions, run_scan


class Command(BaseCommand):
    help = (
        "Scan Telegram exports (result.json or its folder) and ad dumps (JSON Lines, CSV) into "
        "DIR: posts.jsonl, clusters.csv, networks.csv, leads.csv and report.html."
    )
    # A file-to-file batch: it needs neither the database nor the project's system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files or export folders")
        parser.add_argument("--out", required=True, metavar="DIR", help="output folder")
        parser.add_argument(
            "--workers", type=int, metavar="N", help="local processes (default: one per core)"
        )
        parser.add_argument(
            "--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://10.0.0.5:8786"
        )
        parser.add_argument(
            "--municipalities",
            type=Path,
            metavar="FILE",
            help="CSV with a `name` column (as load-municipalities takes): the municipalities "
            "to find as places (default: the list shipped with Baken)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["workers"]
        if workers is not None and workers < 1:
            raise CommandError("--workers must be at least 1.", returncode=2)
        bar = _Progress()
        try:
            listed = options["municipalities"]
            municipalities = tuple(read_municipalities(listed)) if listed else None
            summary = run_scan(
                [Path(p) for p in options["inputs"]],
                Path(options["out"]),
                workers=workers,
                scheduler=options["scheduler"],
                progress=bar,
                options=ScanOptions(municipalities=municipalities),
            )
        except ScanInputError as exc:
            raise CommandError(str(exc), returncode=2) from None
        finally:
            bar.close()
        top = summary.leads[0] if summary.leads else None
        best = f"; highest score {top.score:.1f} ({top.posts} posts)" if top else ""
        self.stdout.write(
            f"{_count(summary.posts, 'post')}: {_count(summary.clusters, 'template cluster')}, "
            f"{_count(summary.networks, 'network')} of two or more posts{best}. "
            f"Written to {summary.out_dir}."
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class _Progress:
    """A tqdm bar on a terminal (none otherwise), fed by the pipeline's progress callback."""

    def __init__(self) -> None:
        self.bar: tqdm[Any] | None = None
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            unit = "posts" if stage == "analyse" else "step"
            self.bar = tqdm(total=total, desc=stage, unit=unit, disable=None, leave=False)
        if self.bar is None:
            return
        if total != self.bar.total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
