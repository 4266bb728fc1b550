"""`baken link INPUT.csv [INPUT2.csv ...] --out OUTPUT.csv [--histories HIST.csv]`: link the
records on organisations' lists into persons, in one batch, without the database.

The input format and the output files are described in `baken.people.linkfile`. Outputs are
written to temporary files beside their targets and renamed into place only when everything
succeeded, so a failed run leaves no half-written file behind. They are readable by their
owner only: which records are one person is itself personal data.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baken.people import linkfile, matching

Writer = Callable[[TextIO], None]


class Command(BaseCommand):
    help = (
        "Link the records of CSV files (columns record_id,list,name,birth_date,phone,email,"
        "handle,nationality) into persons; write record_id,person_id to --out and, with "
        "--histories, the capture histories per combination of lists for estimation."
    )
    # A file-to-file batch: it needs neither the database nor the project's system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inputs", nargs="+", metavar="INPUT.csv", help="CSV files to link")
        parser.add_argument("--out", required=True, metavar="OUTPUT.csv", help="person per record")
        parser.add_argument(
            "--histories", metavar="HIST.csv", help="capture histories: lists (0/1) and count"
        )
        parser.add_argument(
            "--link-threshold",
            type=float,
            help="score from which two records are one person (default: the engine's)",
        )
        parser.add_argument(
            "--review-threshold",
            type=float,
            help="score from which a pair is suggested for review (default: the engine's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        thresholds = _thresholds(options["link_threshold"], options["review_threshold"])
        started = time.perf_counter()
        try:
            records = linkfile.read_records(options["inputs"])
        except linkfile.LinkFileError as exc:
            raise CommandError(str(exc)) from None
        read = time.perf_counter()
        lists = sorted({record.source for record in records})
        if options["histories"] and linkfile.HISTORY_COUNT in lists:
            # Found before the linkage rather than after it: it would clash with that column.
            raise CommandError(f"A list is called {linkfile.HISTORY_COUNT!r}; rename it.")
        linkage = matching.link(records, thresholds)
        linked = time.perf_counter()

        outputs: list[tuple[Path, Writer]] = [
            (
                Path(options["out"]),
                lambda out: linkfile.write_persons(out, records, linkage.person_of),
            )
        ]
        if options["histories"]:
            lists, rows = linkfile.capture_histories(records, linkage.person_of)
            outputs.append(
                (
                    Path(options["histories"]),
                    lambda out: linkfile.write_histories(out, lists, rows),
                )
            )
        _write_all(outputs)

        persons = len(set(linkage.person_of))
        seconds = linked - read
        rate = len(records) / seconds if seconds > 0 else float("inf")
        self.stderr.write(
            f"{len(records)} records on {len(lists)} lists: {persons} persons, "
            f"{len(linkage.suggestions)} pairs to review. "
            f"Read in {read - started:.1f} s, linked in {seconds:.1f} s ({rate:,.0f} records/s)."
        )


def _thresholds(link: float | None, review: float | None) -> matching.Thresholds:
    defaults = matching.Thresholds()
    link = defaults.link if link is None else link
    review = defaults.review if review is None else review
    if review > link:
        raise CommandError(
            f"--review-threshold ({review}) must not exceed --link-threshold ({link})."
        )
    return matching.Thresholds(link=link, review=review)


def _write_all(outputs: list[tuple[Path, Writer]]) -> None:
    """Write every output to a temporary file beside it, then rename them all into place."""
    staged: list[tuple[Path, Path]] = []
    target = Path()
    try:
        for target, write in outputs:
            descriptor, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".part"
            )
            staged.append((Path(name), target))
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
                write(out)
        for temporary, target in staged:
            temporary.replace(target)
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
