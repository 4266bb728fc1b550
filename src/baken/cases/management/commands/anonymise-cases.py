# ruff: noqa: N999  (the command's name is the file name: `baken anonymise-cases`)
"""`baken anonymise-cases`: anonymise closed cases past the retention period (run daily)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from baken.audit.models import AuditAction
from baken.audit.services import record
from baken.cases import retention


class Command(BaseCommand):
    help = (
        "Anonymise closed cases whose retention period (BAKEN_CASE_RETENTION_DAYS) has passed. "
        "Prints what was removed, without personal data. Safe to run daily and to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: BAKEN_CASE_RETENTION_DAYS, "
            f"now {settings.BAKEN_CASE_RETENTION_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is not None and days < 1:
            self.stderr.write("--days must be 1 or more.")
            raise SystemExit(2)
        run = retention.run(retention_days=days)
        for entry in run.records:
            record(
                None,
                AuditAction.DELETE,
                entry,
                reason=f"case {entry.case_reference} anonymised",
            )
            removed = ", ".join(f"{key} {value}" for key, value in sorted(entry.removed.items()))
            self.stdout.write(f"{entry.case_reference}: {removed or 'nothing to remove'}")
        self.stdout.write(f"{len(run.records)} case(s) anonymised.")
