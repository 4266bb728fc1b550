"""The one error the scan engine raises for bad input material."""

from __future__ import annotations

from pathlib import Path


class ScanInputError(ValueError):
    """A file the scan cannot read as it is.

    The message names the file, where in it the problem is (a line for JSON Lines and CSV, a
    JSON path and byte position for a Telegram export) and what was expected there, so the
    person who made the export can fix it or export again. The parts are kept as attributes for
    callers that show them separately.
    """

    def __init__(self, path: str | Path, where: str, expected: str, found: str = "") -> None:
        self.path = str(path)
        self.where = where
        self.expected = expected
        self.found = found
        message = (
            f"{self.path}: {where}: expected {expected}"
            if where
            else (f"{self.path}: expected {expected}")
        )
        if found:
            message += f"; found {found}"
        super().__init__(message)
