# ruff: noqa: N999  (the command's name is the file name: `baken scan-worker`)
"""`baken scan-worker`: run queued scans, one at a time (production: BAKEN_SCAN_RUNNER=worker)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from baken.online import services
from baken.online.models import Scan, ScanStatus


class Command(BaseCommand):
    help = "Run queued online scans. Runs until stopped, or once with --once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is queued, then stop")
        parser.add_argument(
            "--requeue",
            action="store_true",
            help="first put scans left 'running' by a stopped process back in the queue",
        )
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls")

    def handle(
        self, *args: Any, once: bool, requeue: bool, interval: float, **options: Any
    ) -> None:
        if requeue:
            count = Scan.objects.filter(status=ScanStatus.RUNNING).update(
                status=ScanStatus.QUEUED, progress=0, stage=""
            )
            self.stdout.write(f"{count} scan(s) put back in the queue.")
        while True:
            queued = Scan.objects.filter(status=ScanStatus.QUEUED).order_by("created_at").first()
            if queued is not None:
                scan = services.run(queued.pk)
                self.stdout.write(f"scan {scan.pk}: {scan.status}")
                continue
            if once:
                return
            time.sleep(interval)
