"""`baken estimate FILE.csv`: estimate the hidden number behind overlapping lists (multiple
systems estimation), with a bootstrap interval.

A thin adapter over the `baken.mse` engine: it reads the file, runs `mse.estimate` and prints
the result as a table, or as JSON with `--json`; `--plot` saves a picture. Input that cannot
be estimated from stops with the file, the line and the reason, exit status 2; a model whose
estimate does not exist or is not identifiable on these data (or data on which no model has
one) is reported as such, exit status 1. No database is needed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baken.mse import data, plot, report
from baken.mse.estimate import (
    DEFAULT_BOOTSTRAP,
    DEFAULT_LEVEL,
    METHODS,
    EstimationError,
    estimate,
)
from baken.mse.models import Model, ModelSyntaxError

USAGE_ERROR = 2
NOT_ESTIMABLE = 1


class Command(BaseCommand):
    help = (
        "Estimate the total number of people, seen and unseen, from the overlap of lists "
        "(multiple systems estimation). FILE.csv holds one 0/1 column per list and a count "
        "column, or one row per person and list (person_id,list)."
    )
    # A file-to-file computation: it needs neither the database nor the system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.csv", help="capture histories or person lists")
        parser.add_argument(
            "--method",
            choices=METHODS,
            default="auto",
            help="auto (bic up to 5 lists, stepwise beyond), bic, stepwise or fixed",
        )
        parser.add_argument(
            "--model",
            help="the model for --method fixed: interactions as list names joined by ':', "
            "comma-separated (LA:NG,PF:GO), or the R package's [12,13]; default main effects",
        )
        parser.add_argument(
            "--maxorder", type=int, help="highest interaction order for bic (default by lists)"
        )
        parser.add_argument(
            "--bootstrap",
            type=int,
            default=DEFAULT_BOOTSTRAP,
            metavar="N",
            help=f"bootstrap replicates for the interval (default {DEFAULT_BOOTSTRAP}; 0: none)",
        )
        parser.add_argument(
            "--level",
            type=float,
            default=DEFAULT_LEVEL,
            help=f"interval level (default {DEFAULT_LEVEL})",
        )
        parser.add_argument("--seed", type=int, help="random seed, for a reproducible interval")
        parser.add_argument(
            "--ntop", type=int, help="bic: re-select among this many best models in the bootstrap"
        )
        parser.add_argument("--workers", type=int, help="processes (default: every core)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--plot", metavar="FILE.png|svg", help="save a plot")

    def handle(self, *args: Any, **options: Any) -> None:
        plot_path = options["plot"]
        if plot_path and Path(plot_path).suffix.lower() not in plot.FORMATS:
            raise CommandError(
                f"--plot {plot_path}: the file must end in .png or .svg", returncode=USAGE_ERROR
            )
        for name, low in (("bootstrap", 0), ("workers", 1), ("ntop", 1), ("maxorder", 1)):
            value = options[name]
            if value is not None and value < low:
                raise CommandError(f"--{name} must be at least {low}", returncode=USAGE_ERROR)
        if not 0 < options["level"] < 1:
            raise CommandError("--level must lie between 0 and 1", returncode=USAGE_ERROR)
        try:
            captures = data.read(options["file"])
            model = Model.parse(options["model"], captures.lists) if options["model"] else None
        except (data.InputError, ModelSyntaxError) as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from None
        if model is not None and options["method"] not in {"auto", "fixed"}:
            raise CommandError(
                f"--model goes with --method fixed, not {options['method']}",
                returncode=USAGE_ERROR,
            )
        try:
            result = estimate(
                captures,
                options["method"],
                model=model,
                maxorder=options["maxorder"],
                bootstrap=options["bootstrap"],
                level=options["level"],
                seed=options["seed"],
                ntop=options["ntop"],
                workers=options["workers"],
            )
        except EstimationError as exc:  # the data admit no estimate with these settings
            raise CommandError(str(exc), returncode=NOT_ESTIMABLE) from None
        except ValueError as exc:  # settings that do not fit the data, such as --maxorder
            raise CommandError(str(exc), returncode=USAGE_ERROR) from None
        if plot_path:
            try:
                plot.save(result, plot_path, source=Path(options["file"]).name)
            except OSError as exc:
                raise CommandError(
                    f"cannot write {plot_path}: {exc.strerror or exc}", returncode=USAGE_ERROR
                ) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(result), indent=2))
        else:
            self.stdout.write(report.as_text(result, Path(options["file"]).name))
