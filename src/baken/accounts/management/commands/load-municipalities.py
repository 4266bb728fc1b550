"""`baken load-municipalities FILE.csv`: create or update municipalities and their regions."""

# ruff: noqa: N999 (the module name is the command name, and commands here are hyphenated)

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baken.accounts import services


class Command(BaseCommand):
    help = (
        "Load municipalities from a UTF-8 CSV with the header "
        f"{','.join(services.MUNICIPALITY_COLUMNS)}. The file is checked whole before anything "
        "is written; loading it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV file of municipalities")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            # utf-8-sig drops the byte order mark that spreadsheet programs put before the header.
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file}: cannot read the file: {exc}") from exc
        try:
            result = services.load_municipalities(text)
        except services.MunicipalityFileError as exc:
            raise CommandError(f"{file}: {exc}; nothing was loaded") from exc
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"
        )
