"""The files of `baken link`: strict reading with errors that point at the line, stable
person ids, and capture histories as estimation expects them."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from baken.people.linkfile import (
    LinkFileError,
    capture_histories,
    person_ids,
    read_records,
    write_histories,
    write_persons,
)
from baken.people.matching import Record

HEADER = "record_id,list,name,birth_date,phone,email,handle,nationality\n"


def csv_file(tmp_path: Path, text: str, name: str = "in.csv", *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_reads_rows_into_records_with_aliases_and_a_bare_year(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "nationality,handle,email,phone,birth_date,name,list,record_id\n"
        "RO,@ana_p,ana@example.org,06-12345678|+40 721 234 567,1994-03-12,"
        "Ana Popescu| Ana Pop ,coa,c-1\n"
        ',,,,1990,"Berg, Jan van der",politie,p-7\n'
        "\n"
        ",,,,,,zorg,z-2\n",
        bom=True,
    )
    first, second, third = read_records([path])
    assert first == Record(
        id="c-1",
        source="coa",
        names=("Ana Popescu", "Ana Pop"),
        birth_date=date(1994, 3, 12),
        birth_year=1994,
        phones=("06-12345678", "+40 721 234 567"),
        emails=("ana@example.org",),
        handles=("@ana_p",),
        documents=(),
        nationality="RO",
    )
    assert (second.names, second.birth_date, second.birth_year) == (
        ("Berg, Jan van der",),
        None,
        1990,
    )
    assert (third.id, third.names, third.phones, third.birth_year) == ("z-2", (), (), None)


def test_a_missing_column_is_named_with_the_file(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "record_id,list,name,phone,email,handle,nationality\n")
    with pytest.raises(LinkFileError, match=r"in\.csv:1: missing column 'birth_date'"):
        read_records([path])


def test_an_unknown_or_doubled_column_is_refused(tmp_path: Path) -> None:
    extra = csv_file(tmp_path, HEADER.strip() + ",remarks\n", "extra.csv")
    with pytest.raises(LinkFileError, match=r"extra\.csv:1: unknown column 'remarks'"):
        read_records([extra])
    doubled = csv_file(tmp_path, HEADER.strip() + ",name\n", "doubled.csv")
    with pytest.raises(LinkFileError, match=r"doubled\.csv:1: column 'name' appears twice"):
        read_records([doubled])


def test_a_file_without_header_is_refused_without_quoting_its_data(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "r1,politie,Jan de Vries,1990-01-01,,,,\n")
    with pytest.raises(LinkFileError, match=r"in\.csv:1: no header") as error:
        read_records([path])
    assert "Vries" not in str(error.value)


@pytest.mark.parametrize(
    "bad", ["01-05-1990", "1990-13-01", "1990-02-30", "90", "1990-5-1", "onbekend"]
)
def test_a_bad_birth_date_names_file_and_line_but_not_the_value(tmp_path: Path, bad: str) -> None:
    path = csv_file(tmp_path, HEADER + "r1,coa,Ana,1990-01-01,,,,\n" + f"r2,coa,Ana,{bad},,,,\n")
    with pytest.raises(LinkFileError) as error:
        read_records([path])
    message = str(error.value)
    assert message == f"{path}:3: bad birth_date (expected YYYY-MM-DD or YYYY)"
    assert bad not in message.removeprefix(str(path))


def test_a_duplicate_record_id_across_files_names_both_places(tmp_path: Path) -> None:
    first = csv_file(tmp_path, HEADER + "r1,coa,,,,,,\nr2,coa,,,,,,\n", "a.csv")
    second = csv_file(tmp_path, HEADER + "r3,zorg,,,,,,\nr2,zorg,,,,,,\n", "b.csv")
    with pytest.raises(LinkFileError) as error:
        read_records([first, second])
    assert str(error.value) == f"{second}:3: duplicate record_id, first at {first}:3"


def test_an_empty_list_or_record_id_is_an_error(tmp_path: Path) -> None:
    no_list = csv_file(tmp_path, HEADER + "r1,coa,,,,,,\nr2, ,Ana,,,,,\n", "a.csv")
    with pytest.raises(LinkFileError, match=r"a\.csv:3: empty list"):
        read_records([no_list])
    no_id = csv_file(tmp_path, HEADER + ",coa,Ana,,,,,\n", "b.csv")
    with pytest.raises(LinkFileError, match=r"b\.csv:2: empty record_id"):
        read_records([no_id])


def test_a_row_with_too_few_fields_is_an_error(tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER + "r1,coa,Ana Pop,1990\n")
    with pytest.raises(LinkFileError, match=r"in\.csv:2: expected 8 fields, found 4"):
        read_records([path])


def test_an_unreadable_file_is_an_error_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(LinkFileError, match=r"missing\.csv: cannot read the file"):
        read_records([tmp_path / "missing.csv"])
    with pytest.raises(LinkFileError, match="cannot read the file"):
        read_records([tmp_path])  # a directory
    empty = csv_file(tmp_path, "", "empty.csv")
    with pytest.raises(LinkFileError, match=r"empty\.csv: empty file"):
        read_records([empty])


def test_text_that_is_not_utf8_is_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (HEADER + "r1,coa,Ana,,,,,\n").encode() + "r2,coa,Jos\xe9,,,,,\n".encode("latin-1")
    )
    with pytest.raises(LinkFileError, match=r"latin1\.csv:3: not UTF-8 text"):
        read_records([path])


def test_a_quoted_field_with_a_line_break_keeps_line_numbers_right(tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER + 'r1,coa,"Ana\nPop",,,,,\nr2,coa,Ana,1990-99-99,,,,\n')
    with pytest.raises(LinkFileError, match=r"in\.csv:4: bad birth_date"):
        read_records([path])


def test_person_ids_are_numbered_by_first_appearance() -> None:
    assert person_ids([5, 2, 5, 7, 2]) == ["P000001", "P000002", "P000001", "P000003", "P000002"]
    assert person_ids([0, 1, 0]) == person_ids([9, 3, 9])


def test_persons_file_has_one_row_per_record_in_input_order() -> None:
    records = [Record(id=i, source="coa") for i in ("b", "a", "c")]
    out = io.StringIO()
    write_persons(out, records, [4, 1, 4])
    assert out.getvalue() == "record_id,person_id\nb,P000001\na,P000002\nc,P000001\n"


def test_capture_histories_count_persons_per_combination_of_lists() -> None:
    # Persons: 0 on A and B; 1 on C; 2 on A (twice); 3 on B and C; 4 on A, B and C; 5 on A.
    placed = [
        ("A", 0), ("B", 0), ("C", 1), ("A", 2), ("A", 2), ("B", 3), ("C", 3),
        ("C", 4), ("B", 4), ("A", 4), ("A", 5),
    ]  # fmt: skip
    records = [Record(id=str(i), source=source) for i, (source, _) in enumerate(placed)]
    lists, rows = capture_histories(records, [person for _, person in placed])
    assert lists == ["A", "B", "C"]
    assert rows == [
        ((1, 0, 0), 2),
        ((0, 0, 1), 1),
        ((1, 1, 0), 1),
        ((0, 1, 1), 1),
        ((1, 1, 1), 1),
    ]
    out = io.StringIO()
    write_histories(out, lists, rows)
    assert out.getvalue() == "A,B,C,count\n1,0,0,2\n0,0,1,1\n1,1,0,1\n0,1,1,1\n1,1,1,1\n"


def test_a_list_called_count_cannot_be_a_history_column() -> None:
    with pytest.raises(LinkFileError, match="count"):
        capture_histories([Record(id="1", source="count")], [0])
