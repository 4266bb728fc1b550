"""The files of `baken link`: organisations' lists of records in, persons and capture
histories out.

An input file is CSV in UTF-8 (a byte-order mark is tolerated) with exactly the columns
`record_id,list,name,birth_date,phone,email,handle,nationality` in any order. `list` names the
organisation or source that registered the record; the identifying columns may be empty, and
`name`, `phone`, `email` and `handle` may hold several values separated by `|` (aliases, a
second number). `birth_date` is `YYYY-MM-DD`, or a bare year `YYYY` when only that is known.

Error messages name the file, the line and the column but never repeat a value from it: the
values are personal data, and error messages end up in logs and terminals.

The output gives every record a person id, `P000001` and up, numbered in order of first
appearance in the input, so the same input and the same linkage give the same file. The
capture histories are the input of multiple systems estimation: one column per list (0/1),
then `count`, the number of persons seen on exactly that combination of lists.
"""

from __future__ import annotations

import csv
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from baken.people.matching import Record

COLUMNS = ("record_id", "list", "name", "birth_date", "phone", "email", "handle", "nationality")
SEPARATOR = "|"
HISTORY_COUNT = "count"
_BOM = b"\xef\xbb\xbf"
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")


class LinkFileError(Exception):
    """An input file that cannot be read as records; the message says where and why."""


def read_records(paths: Sequence[str | Path]) -> list[Record]:
    """All records of all files, in file order, checked; record ids are unique across files."""
    first_seen: dict[str, int] = {}  # record id -> index of its record
    file_of, line_of = array("H"), array("L")  # where each record came from
    records: list[Record] = []
    for file_index, path in enumerate(paths):
        for line, record in _records_of_file(Path(path)):
            earlier = first_seen.setdefault(record.id, len(records))
            if earlier != len(records):
                raise LinkFileError(
                    f"{path}:{line}: duplicate record_id, "
                    f"first at {paths[file_of[earlier]]}:{line_of[earlier]}"
                )
            records.append(record)
            file_of.append(file_index)
            line_of.append(line)
    return records


def _records_of_file(path: Path) -> Iterator[tuple[int, Record]]:
    try:
        with path.open("rb") as binary:
            lines = _Lines(path, binary)
            reader = csv.reader(lines, strict=True)
            try:
                header = next(reader, None)
                if header is None:
                    raise LinkFileError(
                        f"{path}: empty file, expected the header {','.join(COLUMNS)}"
                    )
                positions = _positions(path, header)
                for row in reader:
                    if not row:
                        continue  # a blank line
                    if len(row) != len(COLUMNS):
                        raise LinkFileError(
                            f"{path}:{reader.line_num}: expected {len(COLUMNS)} fields, "
                            f"found {len(row)}"
                        )
                    yield reader.line_num, _record(path, reader.line_num, row, positions)
            except csv.Error as exc:
                raise LinkFileError(f"{path}:{lines.number}: not valid CSV ({exc})") from None
    except OSError as exc:
        raise LinkFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from None


class _Lines:
    """The lines of a file as text, decoded one at a time so a decoding error has a line."""

    def __init__(self, path: Path, binary: Iterable[bytes]) -> None:
        self.path = path
        self.binary = iter(binary)
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = next(self.binary)
        self.number += 1
        if self.number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise LinkFileError(f"{self.path}:{self.number}: not UTF-8 text") from None


def _positions(path: Path, header: list[str]) -> tuple[int, ...]:
    names = [column.strip() for column in header]
    if not set(names) & set(COLUMNS):
        # Probably a file without a header; its first line is data, which stays unquoted.
        raise LinkFileError(f"{path}:1: no header, expected {','.join(COLUMNS)}")
    for column in names:
        if column not in COLUMNS:
            raise LinkFileError(
                f"{path}:1: unknown column {column!r}; expected {','.join(COLUMNS)}"
            )
    for column in COLUMNS:
        if column not in names:
            raise LinkFileError(f"{path}:1: missing column {column!r}")
        if names.count(column) > 1:
            raise LinkFileError(f"{path}:1: column {column!r} appears twice")
    return tuple(names.index(column) for column in COLUMNS)


def _record(path: Path, line: int, row: list[str], positions: tuple[int, ...]) -> Record:
    record_id, source, name, birth, phone, email, handle, nationality = (
        row[i].strip() for i in positions
    )
    if not record_id:
        raise LinkFileError(f"{path}:{line}: empty record_id")
    if not source:
        raise LinkFileError(f"{path}:{line}: empty list")
    birth_date, birth_year = _birth(path, line, birth)
    return Record(
        id=record_id,
        source=source,
        names=_values(name),
        birth_date=birth_date,
        birth_year=birth_year,
        phones=_values(phone),
        emails=_values(email),
        handles=_values(handle),
        documents=(),
        nationality=nationality,
    )


def _values(cell: str) -> tuple[str, ...]:
    if not cell:
        return ()
    return tuple(value for value in (part.strip() for part in cell.split(SEPARATOR)) if value)


def _birth(path: Path, line: int, text: str) -> tuple[date | None, int | None]:
    if not text:
        return None, None
    try:
        if _FULL_DATE.fullmatch(text):
            born = date.fromisoformat(text)
            return born, born.year
        if _YEAR.fullmatch(text) and int(text) > 0:
            return None, int(text)
    except ValueError:
        pass
    # The value itself stays out of the message: it may be someone's birth date.
    raise LinkFileError(f"{path}:{line}: bad birth_date (expected YYYY-MM-DD or YYYY)")


def person_ids(person_of: Sequence[int]) -> list[str]:
    """Stable person ids per record, `P000001` and up, in order of first appearance."""
    number: dict[int, int] = {}
    return [f"P{number.setdefault(cluster, len(number) + 1):06d}" for cluster in person_of]


def write_persons(out: TextIO, records: Sequence[Record], person_of: Sequence[int]) -> None:
    """The `record_id,person_id` file: one row per record, in input order."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("record_id", "person_id"))
    writer.writerows(zip((r.id for r in records), person_ids(person_of), strict=True))


def capture_histories(
    records: Sequence[Record], person_of: Sequence[int]
) -> tuple[list[str], list[tuple[tuple[int, ...], int]]]:
    """The lists (sorted by name) and, per observed combination of lists, how many persons
    were seen on exactly those lists. Rows come as the estimation packages order them:
    persons on one list first, then on two, and so on; within that, the earlier lists first.
    """
    lists = sorted({record.source for record in records})
    if HISTORY_COUNT in lists:
        raise LinkFileError(f"a list may not be called {HISTORY_COUNT!r} in capture histories")
    column = {name: i for i, name in enumerate(lists)}
    seen_on: dict[int, set[int]] = {}
    for record, person in zip(records, person_of, strict=True):
        seen_on.setdefault(person, set()).add(column[record.source])
    counts = Counter(
        tuple(1 if i in seen else 0 for i in range(len(lists))) for seen in seen_on.values()
    )
    rows = sorted(counts.items(), key=lambda row: (sum(row[0]), [-bit for bit in row[0]]))
    return lists, rows


def write_histories(
    out: TextIO, lists: Sequence[str], rows: Iterable[tuple[tuple[int, ...], int]]
) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*lists, HISTORY_COUNT))
    writer.writerows((*history, count) for history, count in rows)
