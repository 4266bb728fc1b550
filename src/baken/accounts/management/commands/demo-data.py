"""`baken demo-data [--password PW] [--logins-file PATH]`: build the synthetic demo world."""

# ruff: noqa: N999 (the module name is the command name, and commands here are hyphenated)

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from baken.accounts.demo import (
    LOGINS_HEADER,
    DemoLogin,
    DemoWorld,
    PasswordAction,
    build_demo_world,
    write_logins_csv,
)
from baken.cases.demo import build_demo_cases
from baken.online.demo import DEMO_POSTS, DEMO_REGION, DemoScanError, build_demo_scan
from baken.signals.demo import build_demo_signals


class Command(BaseCommand):
    help = (
        "Create (or complete) the synthetic demo world: municipalities, the organisations of "
        "every region, one user per role per region, synthetic signals and cases, and a finished "
        "online scan. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help="password for every demo user; without it, new users get a generated one "
            "and existing users keep theirs",
        )
        parser.add_argument(
            "--signals-per-region",
            type=int,
            default=30,
            help="synthetic signals to file in each region that has none yet (default 30)",
        )
        parser.add_argument(
            "--scan-posts",
            type=int,
            default=DEMO_POSTS,
            help=f"generated posts in the demo scan of the online monitors of {DEMO_REGION}, "
            f"made once (default {DEMO_POSTS}; 0 for none)",
        )
        parser.add_argument(
            "--logins-file",
            type=Path,
            default=None,
            help="where to write the log-ins as CSV (default: var/demo-logins.csv)",
        )

    def handle(
        self,
        *args: Any,
        password: str | None,
        logins_file: Path | None,
        signals_per_region: int,
        scan_posts: int,
        **options: Any,
    ) -> None:
        # Demo users with a password on the command line have no place in production.
        if settings.BAKEN_MODE == "production":
            raise CommandError("demo-data only runs in demo mode (BAKEN_MODE=demo).")
        path = logins_file or Path(settings.VAR_DIR) / "demo-logins.csv"
        try:
            # The file is written inside the transaction: if it cannot be, nothing is created.
            with transaction.atomic():
                world = build_demo_world(password)
                signals = build_demo_signals(signals_per_region) if signals_per_region > 0 else 0
                cases = build_demo_cases() if signals_per_region > 0 else 0
                scans = build_demo_scan(scan_posts) if scan_posts > 0 else 0
                write_logins_csv(path, world.logins)
        except ValidationError as exc:
            raise CommandError("The password is not accepted: " + " ".join(exc.messages)) from exc
        except DemoScanError as exc:
            raise CommandError(f"{exc}; nothing was created") from exc
        except OSError as exc:
            raise CommandError(f"{path}: cannot write the log-ins: {exc}") from exc
        self._report(world, signals, cases, scans, path)

    def _report(self, world: DemoWorld, signals: int, cases: int, scans: int, path: Path) -> None:
        self.stdout.write(
            f"Organisations created {world.organisations_created}; users created "
            f"{world.users_created}, updated {world.users_updated}; signals filed {signals}; "
            f"cases opened {cases}; online scans run {scans}."
        )
        if world.password_action == PasswordAction.SET:
            self.stdout.write("Every demo user has the given password.")
        elif world.password_action == PasswordAction.GENERATED:
            self.stdout.write(
                f"Password of the {world.users_created} new demo users (shown once): "
                f"{world.generated_password}"
            )
        else:
            self.stdout.write("The demo users existed already; their passwords are unchanged.")
        self.stdout.write(f"Log-ins written to {path}:")
        self.stdout.write(_table(world.logins))


def _table(logins: list[DemoLogin]) -> str:
    rows = [list(LOGINS_HEADER)] + [
        [login.username, login.role.value, login.organisation.name, login.region.code]
        for login in logins
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(LOGINS_HEADER))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
