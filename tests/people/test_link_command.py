"""`baken link` end to end: generated lists in, persons and capture histories out."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from baken.people.matching import Record
from baken.people.synthetic import generate

COLUMNS = ["record_id", "list", "name", "birth_date", "phone", "email", "handle", "nationality"]


def write_lists(path: Path, records: list[Record]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for r in records:
            birth = r.birth_date.isoformat() if r.birth_date else (r.birth_year or "")
            names, phones, emails, handles = (
                "|".join(values) for values in (r.names, r.phones, r.emails, r.handles)
            )
            writer.writerow([r.id, r.source, names, birth, phones, emails, handles, r.nationality])


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def pairs(counts: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def test_links_generated_lists_into_the_true_persons(tmp_path: Path) -> None:
    records, truth = generate(1500, seed=3)
    police = [r for r in records if r.source == "politie"]
    write_lists(tmp_path / "politie.csv", police)
    write_lists(tmp_path / "others.csv", [r for r in records if r.source != "politie"])
    out, histories = tmp_path / "persons.csv", tmp_path / "histories.csv"
    stderr = io.StringIO()

    call_command(
        "link",
        str(tmp_path / "politie.csv"),
        str(tmp_path / "others.csv"),
        "--out",
        str(out),
        "--histories",
        str(histories),
        stderr=stderr,
    )

    person_of = {row["record_id"]: row["person_id"] for row in read_rows(out)}
    assert len(person_of) == len(records)
    true_of = {r.id: t for r, t in zip(records, truth, strict=True)}
    found = [person_of[r.id] for r in records]
    real = [true_of[r.id] for r in records]
    both = pairs(Counter(zip(real, found, strict=True)))
    precision, recall = both / pairs(Counter(found)), both / pairs(Counter(real))
    assert 2 * precision * recall / (precision + recall) >= 0.95
    # The first record of the first file is the first person.
    assert person_of[police[0].id] == "P000001"

    rows = read_rows(histories)
    assert list(rows[0]) == ["arbeidsinspectie", "coa", "gemeente", "politie", "zorg", "count"]
    assert sum(int(row["count"]) for row in rows) == len(set(person_of.values()))
    assert all(any(row[name] == "1" for name in list(row)[:-1]) for row in rows)
    assert f"{len(records)} records on 5 lists" in stderr.getvalue()


def test_same_input_gives_the_same_output(tmp_path: Path) -> None:
    records, _ = generate(300, seed=4)
    write_lists(tmp_path / "in.csv", records)
    for name in ("first.csv", "second.csv"):
        call_command("link", str(tmp_path / "in.csv"), "--out", str(tmp_path / name))
    assert (tmp_path / "first.csv").read_text() == (tmp_path / "second.csv").read_text()


def test_bad_input_fails_and_leaves_no_output(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(",".join(COLUMNS) + "\nr1,coa,Ana Pop,12-03-1994,,,,\n", encoding="utf-8")
    out, histories = tmp_path / "persons.csv", tmp_path / "histories.csv"
    with pytest.raises(CommandError, match=r"in\.csv:2: bad birth_date"):
        call_command("link", str(source), "--out", str(out), "--histories", str(histories))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_failed_run_keeps_an_earlier_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "persons.csv"
    out.write_text("earlier\n")
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("link", str(tmp_path / "missing.csv"), "--out", str(out))
    assert out.read_text() == "earlier\n"


def test_an_unwritable_output_is_a_command_error(tmp_path: Path) -> None:
    records, _ = generate(20, seed=5)
    write_lists(tmp_path / "in.csv", records)
    with pytest.raises(CommandError, match=r"cannot write .*no/out\.csv: No such file"):
        call_command("link", str(tmp_path / "in.csv"), "--out", str(tmp_path / "no" / "out.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_review_threshold_above_link_threshold_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="must not exceed"):
        call_command(
            "link",
            str(tmp_path / "in.csv"),
            "--out",
            str(tmp_path / "out.csv"),
            "--link-threshold",
            "5",
            "--review-threshold",
            "6",
        )


def test_a_list_called_count_is_refused_before_linking(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(",".join(COLUMNS) + "\nr1,count,Ana Pop,1994,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="'count'"):
        call_command(
            "link",
            str(source),
            "--out",
            str(tmp_path / "o.csv"),
            "--histories",
            str(tmp_path / "h.csv"),
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
