"""Read dumps of advertisements: JSON Lines (one object per line) or CSV with a header.

The columns are `id, site, posted_at, title, text, city, phone, url`; only `id` and `text` are
required, the others may be missing or empty, and further columns are ignored. `posted_at` is
ISO 8601 (a time without a zone is taken as UTC) or epoch seconds (milliseconds when the number
is too large to be seconds). An ad without text is skipped; anything else that does not fit
stops the read with the line it is on.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from baken.scan.errors import ScanInputError
from baken.scan.model import Post
from baken.scan.read.detect import delimiter_of

FIELD_COLUMNS = ("title", "city", "phone", "url")
UNKNOWN_SITE = "unknown"
EPOCH_RE = re.compile(r"-?\d+(?:\.\d+)?")
# Epoch values above this are milliseconds (seconds this large are past the year 5000).
MILLISECONDS_FROM = 100_000_000_000


def iter_jsonl(path: Path) -> Iterator[Post]:
    """Every ad with text in the JSON Lines file at `path`."""
    with _open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"line {number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ScanInputError(path, where, "UTF-8 text", f"byte {exc.start}") from exc
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise ScanInputError(
                    path, where, "a JSON object (one ad per line)", f"invalid JSON: {exc}"
                ) from exc
            if not isinstance(record, dict):
                raise ScanInputError(
                    path, where, "a JSON object (one ad per line)", type(record).__name__
                )
            post = ad_post(path, where, record)
            if post is not None:
                yield post


def iter_csv(path: Path) -> Iterator[Post]:
    """Every ad with text in the CSV file at `path` (delimiter `,`, `;` or tab)."""
    with _open(path, "r") as handle:
        line = 0
        try:
            header_line = handle.readline()
            line = 1
            delimiter = delimiter_of(header_line.rstrip("\r\n"))
            if delimiter is None:
                raise ScanInputError(
                    path,
                    "line 1",
                    "a CSV header naming at least the columns id and text",
                    repr(header_line[:80]),
                )
            names = next(csv.reader([header_line], delimiter=delimiter))
            header = [name.strip().lower() for name in names]
            reader = csv.reader(handle, delimiter=delimiter)
            for row in reader:
                start, line = line + 1, reader.line_num + 1
                if not row or row == [""]:
                    continue
                where = f"line {start}"
                if len(row) != len(header):
                    raise ScanInputError(
                        path,
                        where,
                        f"{len(header)} fields as in the header ({','.join(header)})",
                        f"{len(row)} fields",
                    )
                post = ad_post(path, where, dict(zip(header, row, strict=True)))
                if post is not None:
                    yield post
        except UnicodeDecodeError as exc:
            raise ScanInputError(path, f"line {line + 1}", "UTF-8 text", exc.reason) from exc
        except csv.Error as exc:
            raise ScanInputError(path, f"line {line + 1}", "well-formed CSV", str(exc)) from exc


def ad_post(path: Path, where: str, record: Mapping[str, Any]) -> Post | None:
    """The post for one ad record, or None when it has no text."""
    ad_id = record.get("id")
    if isinstance(ad_id, bool) or not isinstance(ad_id, str | int) or not str(ad_id).strip():
        raise ScanInputError(path, where, 'a non-empty "id" (a string or a number)', repr(ad_id))
    if "text" not in record:
        raise ScanInputError(path, where, 'a "text" field', "none")
    text = record["text"]
    if text is None:
        return None
    if not isinstance(text, str):
        raise ScanInputError(path, where, '"text" as a string', type(text).__name__)
    if not text.strip():
        return None
    site = record.get("site")
    site = str(site).strip() if site not in (None, "") else UNKNOWN_SITE
    fields = {}
    for column in FIELD_COLUMNS:
        value = record.get(column)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            fields[column] = str(value).strip()
    return Post(
        id=f"ad:{site}:{str(ad_id).strip()}",
        source=site,
        text=text,
        posted_at=parse_time(path, where, record.get("posted_at")),
        fields=fields,
    )


def parse_time(path: Path, where: str, value: object) -> datetime | None:
    """An ad's `posted_at` as an aware UTC time; None when absent."""
    if value is None or value == "":
        return None
    expected = '"posted_at" as ISO 8601 or epoch seconds'
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ScanInputError(path, where, expected, repr(value))
    text = str(value).strip()
    try:
        if EPOCH_RE.fullmatch(text):
            seconds = float(text)
            if abs(seconds) >= MILLISECONDS_FROM:
                seconds /= 1000
            return datetime.fromtimestamp(seconds, tz=UTC)
        moment = datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError) as exc:
        raise ScanInputError(path, where, expected, repr(value)) from exc
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _open(path: Path, mode: str) -> Any:
    try:
        if mode == "rb":
            return path.open("rb")
        return path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ScanInputError(path, "", "a readable file", exc.strerror or str(exc)) from exc
