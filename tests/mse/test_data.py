"""Reading capture histories and person lists; bad input is refused with file, line and reason."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from baken.mse import data
from tests.mse.conftest import DATA, dataset


def write(tmp_path: Path, text: str, name: str = "lists.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_table_gives_counts_per_capture_history() -> None:
    captures = dataset("Korea")

    assert captures.lists == ("b", "c", "d")
    assert captures.observed == 123
    assert captures.counts[0b011] == 54  # on b and c only
    assert captures.counts[0b110] == 0  # the explicit zero row
    assert captures.list_totals() == {"b": 77, "c": 71, "d": 59}


def test_person_lists_build_the_same_histories(tmp_path: Path) -> None:
    table = dataset("Korea")
    rows = ["person_id,list"]
    person = 0
    for cell in np.flatnonzero(table.counts):
        for _ in range(table.counts[cell]):
            person += 1
            rows += [f"p{person},{name}" for i, name in enumerate(table.lists) if cell >> i & 1]
    rows.append(f"p1,{table.lists[0]}")  # a repeated row changes nothing

    persons = data.read(write(tmp_path, "\n".join(rows) + "\n"))

    assert persons.lists == table.lists
    assert (persons.counts == table.counts).all()


def test_duplicate_histories_are_added_up_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B,count\n1,0,5\n0,1,4\n1,1,2\n1,0,3\n")

    captures = data.read(path)

    assert captures.counts[0b01] == 8
    assert captures.warnings == (f"{path}:5: the same lists as line 2; counts added up",)


def test_a_byte_order_mark_and_blank_lines_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfA,B,count\r\n1,0,5\r\n\r\n0,1,4\r\n1,1,2\r\n")

    assert data.read(path).observed == 11


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("A,B,count\n1,0,5\n2,1,3\n", 3, "list 'A' must be 0 or 1, not '2'"),
        ("A,B,count\n1,0,5\n0,1,-3\n", 3, "count must not be negative, not '-3'"),
        ("A,B,count\n1,0,5\n0,1,2.5\n", 3, "count must be a whole number, not '2.5'"),
        ("A,B,count\n1,0,x\n", 2, "count must be a whole number, not 'x'"),
        ("A,B,n\n1,0,5\n", 1, "no 'count' column"),
        ("A,count\n1,5\n", 1, "only one list (A)"),
        ("A,B,count\n1,0,5\n0,0,3\n", 3, "a row on no list (all zeros)"),
        ("A,B,count\n1,0,5\n0,1\n", 3, "2 fields, the header has 3"),
        ("A,A,count\n1,0,5\n", 1, "list 'A' appears twice"),
        ("", 1, "empty file"),
        ("person_id,list\np1,A\np2,A\n", None, "only one list (A)"),
        ("person_id,list\np1,A\n,B\n", 3, "empty person_id"),
    ],
)
def test_bad_input_names_the_line_and_the_reason(
    tmp_path: Path, text: str, line: int | None, reason: str
) -> None:
    path = write(tmp_path, text)

    with pytest.raises(data.InputError) as raised:
        data.read(path)

    assert raised.value.line == line
    assert reason in str(raised.value)
    assert str(raised.value).startswith(f"{path}:{line}:" if line else f"{path}:")


def test_nobody_observed_is_refused(tmp_path: Path) -> None:
    with pytest.raises(data.InputError, match="nobody was observed"):
        data.read(write(tmp_path, "A,B,count\n1,0,0\n0,1,0\n"))


def test_eleven_lists_are_refused(tmp_path: Path) -> None:
    header = ",".join(f"L{i}" for i in range(11))
    with pytest.raises(data.InputError, match="11 lists; at most 10"):
        data.read(write(tmp_path, f"{header},count\n" + "1," + "0," * 10 + "4\n"))


def test_every_reference_table_reads_with_its_published_total() -> None:
    totals = {"UKdat": 2744, "Ned": 8234, "NewOrl": 186, "NewOrl_185": 185, "Western": 345}

    for name, total in totals.items():
        assert data.read(DATA / f"{name}.csv").observed == total
