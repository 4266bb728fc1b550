"""Capture histories: how many people were seen on exactly which lists.

Two input forms are read:

- a table, one 0/1 column per list and a `count` column: each row says how many people were
  on exactly the lists marked 1 (what `baken link --histories` writes, and how the reference
  data are published);
- one row per person and list, `person_id,list`: the histories are built here, lists sorted
  by name as `baken link` sorts them.

Everything that would make an estimate meaningless is refused with the file, the line and
the reason (`InputError`); duplicate histories are summed with a warning.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from baken.mse.lattice import MAX_LISTS

COUNT = "count"
PERSON_COLUMNS = ("person_id", "list")


class InputError(ValueError):
    """Input that cannot be estimated from; the message names the file and line."""

    def __init__(self, message: str, path: str = "<input>", line: int | None = None) -> None:
        self.path, self.line, self.reason = path, line, message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class CaptureData:
    """The observed cells of a multiple systems estimation problem.

    `counts[b]` is the number of people seen on exactly the lists in bitmask b (bit i = the
    i-th list); `counts[0]`, the people on no list, is what is to be estimated and always 0.
    `rows` keeps the observed histories in the order they were supplied."""

    lists: tuple[str, ...]
    counts: NDArray[np.int64]
    rows: tuple[int, ...]
    warnings: tuple[str, ...] = field(default=())

    @classmethod
    def from_histories(
        cls,
        lists: Sequence[str],
        histories: Iterable[tuple[Sequence[int], int]],
        warnings: Sequence[str] = (),
    ) -> CaptureData:
        """From (0/1 per list, count) pairs; repeated histories are added up."""
        t = len(lists)
        counts = np.zeros(1 << t, dtype=np.int64)
        rows: list[int] = []
        for history, count in histories:
            if len(history) != t:
                raise InputError(f"a history needs {t} entries, not {len(history)}")
            cell = sum(1 << i for i, bit in enumerate(history) if bit)
            if cell == 0:
                raise InputError("the history on no list cannot be observed")
            if cell not in rows:
                rows.append(cell)
            counts[cell] += count
        data = cls(tuple(lists), counts, tuple(rows), tuple(warnings))
        data.validate()
        return data

    def validate(self, path: str = "<input>") -> None:
        if len(self.lists) < 2:
            raise InputError(
                f"only one list ({', '.join(self.lists) or 'none'}): "
                "estimation needs the overlap of at least two",
                path,
            )
        if len(self.lists) > MAX_LISTS:
            raise InputError(f"{len(self.lists)} lists; at most {MAX_LISTS} are supported", path)
        if self.observed == 0:
            raise InputError("nobody was observed: every count is 0", path)

    @property
    def t(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    @property
    def support(self) -> NDArray[np.bool_]:
        return self.counts > 0

    def list_totals(self) -> dict[str, int]:
        """How many people each list holds."""
        cells = np.arange(len(self.counts))
        return {
            name: int(self.counts[(cells >> i) & 1 == 1].sum()) for i, name in enumerate(self.lists)
        }

    def history(self, cell: int) -> tuple[int, ...]:
        return tuple((cell >> i) & 1 for i in range(self.t))


def read(path: str | Path) -> CaptureData:
    """Read a capture-history table or a person-list file, telling them apart by the header."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", str(path)) from None
    return parse(text, str(path))


def parse(text: str, path: str = "<input>") -> CaptureData:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise InputError("empty file: expected a header", path, 1)
    names = [cell.strip() for cell in header]
    if tuple(name.lower() for name in names) == PERSON_COLUMNS:
        data = _read_persons(reader, path)
    else:
        data = _read_table(names, reader, path)
    data.validate(path)
    empty = [name for name, total in data.list_totals().items() if total == 0]
    if empty:
        note = f"nobody is on list {', '.join(empty)}; it adds nothing to the estimate"
        data = CaptureData(data.lists, data.counts, data.rows, (*data.warnings, note))
    return data


def _read_table(names: list[str], reader: Iterable[list[str]], path: str) -> CaptureData:
    lowered = [name.lower() for name in names]
    if COUNT not in lowered:
        raise InputError(
            "no 'count' column: the header must be the lists (0/1 columns) and count, "
            "or person_id,list",
            path,
            1,
        )
    count_at = lowered.index(COUNT)
    lists = [name for i, name in enumerate(names) if i != count_at]
    _check_list_names(lists, path)
    t = len(lists)
    if t < 2:
        raise InputError(
            f"only one list ({', '.join(lists) or 'none'}): estimation needs at least two",
            path,
            1,
        )
    if t > MAX_LISTS:
        raise InputError(f"{t} lists; at most {MAX_LISTS} are supported", path, 1)
    counts = np.zeros(1 << t, dtype=np.int64)
    first_line: dict[int, int] = {}
    rows: list[int] = []
    warnings: list[str] = []
    line = 1
    for record in reader:
        line = getattr(reader, "line_num", line + 1)
        if not record or not any(cell.strip() for cell in record):
            continue
        if len(record) != len(names):
            raise InputError(f"{len(record)} fields, the header has {len(names)}", path, line)
        cell = 0
        values = [value for j, value in enumerate(record) if j != count_at]
        for i, (name, raw) in enumerate(zip(lists, values, strict=True)):
            value = raw.strip()
            if value not in {"0", "1"}:
                raise InputError(f"list {name!r} must be 0 or 1, not {value!r}", path, line)
            cell |= (value == "1") << i
        count = _count(record[count_at], path, line)
        if cell == 0:
            raise InputError(
                "a row on no list (all zeros): the unseen people are what is estimated, "
                "they cannot be given",
                path,
                line,
            )
        if cell in first_line:
            warnings.append(
                f"{path}:{line}: the same lists as line {first_line[cell]}; counts added up"
            )
        else:
            first_line[cell] = line
            rows.append(cell)
        counts[cell] += count
    return CaptureData(tuple(lists), counts, tuple(rows), tuple(warnings))


def _read_persons(reader: Iterable[list[str]], path: str) -> CaptureData:
    seen: dict[str, set[str]] = {}
    line = 1
    for record in reader:
        line = getattr(reader, "line_num", line + 1)
        if not record or not any(cell.strip() for cell in record):
            continue
        if len(record) != 2:
            raise InputError(f"{len(record)} fields, expected person_id,list", path, line)
        person, name = (cell.strip() for cell in record)
        if not person:
            raise InputError("empty person_id", path, line)
        if not name:
            raise InputError("empty list", path, line)
        seen.setdefault(person, set()).add(name)
    lists = sorted({name for names in seen.values() for name in names})
    if len(lists) < 2:
        raise InputError(
            f"only one list ({', '.join(lists) or 'none'}): estimation needs at least two",
            path,
        )
    if len(lists) > MAX_LISTS:
        raise InputError(f"{len(lists)} lists; at most {MAX_LISTS} are supported", path)
    if COUNT in (name.lower() for name in lists):
        raise InputError(f"a list may not be called {COUNT!r}", path)
    column = {name: i for i, name in enumerate(lists)}
    counts = np.zeros(1 << len(lists), dtype=np.int64)
    for names in seen.values():
        counts[sum(1 << column[name] for name in names)] += 1
    # Rows as `baken link` writes them: fewer lists first, then the earlier lists first.
    cells = [int(c) for c in np.flatnonzero(counts)]
    cells.sort(key=lambda c: (c.bit_count(), [-((c >> i) & 1) for i in range(len(lists))]))
    return CaptureData(tuple(lists), counts, tuple(cells))


def _check_list_names(lists: list[str], path: str) -> None:
    for i, name in enumerate(lists):
        if not name:
            raise InputError(f"column {i + 1} has no name", path, 1)
        if name in lists[:i]:
            raise InputError(f"list {name!r} appears twice in the header", path, 1)


def _count(raw: str, path: str, line: int) -> int:
    value = raw.strip()
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"count must be a whole number, not {value!r}", path, line) from None
    if not np.isfinite(number) or number != int(number):
        raise InputError(f"count must be a whole number, not {value!r}", path, line)
    if number < 0:
        raise InputError(f"count must not be negative, not {value!r}", path, line)
    return int(number)
