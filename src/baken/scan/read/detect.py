"""Tell a Telegram export from a JSON Lines or CSV ad dump by its content.

The extension is only a tie-breaker: exports get renamed, and a `.json` file may hold one ad
per line. Only the first block of the file is read, so detection costs nothing on a
multi-gigabyte export.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from baken.scan.errors import ScanInputError

TELEGRAM = "telegram"
JSONL = "jsonl"
CSV = "csv"
FORMATS = (TELEGRAM, JSONL, CSV)

HEAD_BYTES = 64 * 1024
# Root keys that only a Telegram Desktop export has (single-chat or full-account layout).
TELEGRAM_KEYS = frozenset(
    {"messages", "chats", "left_chats", "about", "personal_information", "contacts"}
)
CSV_DELIMITERS = (",", ";", "\t")
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".jsonlines"})
EXPECTED = (
    "a Telegram Desktop export (result.json), JSON Lines with one ad object per line, "
    "or CSV with a header naming at least the columns id and text"
)


def resolve(path: str | Path) -> Path:
    """The file to read for `path`: an export folder stands for its `result.json`."""
    path = Path(path)
    if path.is_dir():
        result = path / "result.json"
        if not result.is_file():
            raise ScanInputError(path, "", "a folder with a Telegram export's result.json in it")
        return result
    return path


def detect_format(path: str | Path) -> str:
    """Return "telegram", "jsonl" or "csv" for the file at `path` (or an export folder)."""
    path = resolve(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise ScanInputError(path, "", "a readable file", exc.strerror or str(exc)) from exc
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text:
        raise ScanInputError(path, "", EXPECTED, "an empty file")
    if text.startswith(b"{"):
        return _json_kind(path, text)
    if text.startswith(b"["):
        raise ScanInputError(path, "byte 0", EXPECTED, "a JSON array")
    header = _first_line(text).decode("utf-8", errors="replace")
    if delimiter_of(header) is not None:
        return CSV
    raise ScanInputError(path, "line 1", EXPECTED, repr(header[:80]))


def delimiter_of(header: str) -> str | None:
    """The delimiter of a CSV header line that names the columns id and text, if it does."""
    for delimiter in CSV_DELIMITERS:
        if delimiter not in header:
            continue
        names = next(csv.reader([header], delimiter=delimiter))
        columns = {name.strip().lower() for name in names}
        if {"id", "text"} <= columns:
            return delimiter
    return None


def _json_kind(path: Path, text: bytes) -> str:
    line = _first_line(text)
    has_newline = len(line) < len(text)
    if line.strip() == b"{":
        return TELEGRAM  # a pretty-printed JSON document: Telegram writes result.json so
    if not has_newline and len(text) >= HEAD_BYTES - 4:
        # One line longer than the block: a minified document, not an ad per line.
        return JSONL if path.suffix.lower() in JSONL_SUFFIXES else TELEGRAM
    try:
        first = json.loads(line)
    except ValueError:
        # A broken first line: let the reader the name points to report where.
        return JSONL if path.suffix.lower() in JSONL_SUFFIXES else TELEGRAM
    if isinstance(first, dict) and TELEGRAM_KEYS & set(first):
        return TELEGRAM
    return JSONL


def _first_line(text: bytes) -> bytes:
    end = text.find(b"\n")
    return text if end < 0 else text[:end].rstrip(b"\r")
