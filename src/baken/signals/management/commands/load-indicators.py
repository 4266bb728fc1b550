# ruff: noqa: N999 (the module name is the command name, and commands here are hyphenated)
"""`baken load-indicators [FILE]`: load an indicator catalogue and make it current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baken.signals.catalogue import CatalogueError
from baken.signals.catalogue_store import SHIPPED_CATALOGUE, load_catalogue


class Command(BaseCommand):
    help = (
        "Load an indicator catalogue (TOML) and make it the current one. The file is checked "
        "whole before anything is written; loading the same file again changes nothing, and a "
        "changed file needs a new version. Without FILE the catalogue shipped with Baken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            type=Path,
            default=SHIPPED_CATALOGUE,
            help=f"catalogue file (default: {SHIPPED_CATALOGUE.name})",
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            catalogue, created = load_catalogue(file)
        except CatalogueError as exc:
            raise CommandError(f"{exc}\nNothing was loaded.") from exc
        count = catalogue.indicators.count()
        if created:
            self.stdout.write(
                f"created catalogue {catalogue.version} with {count} indicators; it is now "
                "the current catalogue"
            )
        else:
            current = "current" if catalogue.is_current else "not current"
            self.stdout.write(
                f"unchanged: catalogue {catalogue.version} ({count} indicators, {current}) "
                "was already loaded with the same content"
            )
