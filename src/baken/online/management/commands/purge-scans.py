# ruff: noqa: N999  (the command's name is the file name: `baken purge-scans`)
"""`baken purge-scans`: delete the raw material of scans past the retention period (daily)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from baken.online import services


class Command(BaseCommand):
    help = (
        "Delete uploaded files, post texts and identifiers of scans older than "
        "BAKEN_SCAN_RETENTION_DAYS. Figures of the leads stay. Safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"retention in days (default {settings.BAKEN_SCAN_RETENTION_DAYS})",
        )

    def handle(self, *args: Any, days: int | None, **options: Any) -> None:
        if days is not None and days < 1:
            self.stderr.write("--days must be 1 or more.")
            raise SystemExit(2)
        purged = services.purge(days=days)
        self.stdout.write(f"Raw material deleted of {len(purged)} scan(s): {purged}")
