"""`baken scan`: the command writes the scan's files; bad input is one line and exit status 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from baken.scan.synthetic import generate
from baken.scan.synthetic_files import write_inputs


def test_scan_writes_the_five_files_and_a_summary_line(tmp_path: Path) -> None:
    inputs = write_inputs(generate(300, 0.0, seed=2).posts, tmp_path / "in")
    stdout = io.StringIO()

    call_command(
        "scan", *map(str, inputs), "--out", str(tmp_path / "out"), "--workers", "1", stdout=stdout
    )

    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["clusters.csv", "leads.csv", "networks.csv", "posts.jsonl", "report.html"]
    assert stdout.getvalue().startswith("300 posts: ")


def test_the_summary_line_counts_in_singular_and_plural(tmp_path: Path) -> None:
    ads = tmp_path / "ads.csv"
    ads.write_text("id,text\n1,Nieuw in Zeist\n", encoding="utf-8")
    stdout = io.StringIO()

    call_command("scan", str(ads), "--out", str(tmp_path / "out"), "--workers", "1", stdout=stdout)

    assert stdout.getvalue().startswith(
        "1 post: 0 template clusters, 0 networks of two or more posts; highest score"
    )


def test_malformed_input_exits_2_with_one_line_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "ads.csv"
    bad.write_text("id,text\n1,hoi\n2,hoi,one column too many\n", encoding="utf-8")
    baken = Path(sys.executable).with_name("baken")

    done = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [str(baken), "scan", str(bad), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(bad) in lines[0]
    assert "line 3" in lines[0]


def test_a_missing_input_is_a_command_error_with_status_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        call_command("scan", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "out"))

    assert error.value.returncode == 2
    assert "nope.jsonl" in str(error.value)


def test_the_municipalities_to_find_can_be_given_as_a_file(tmp_path: Path) -> None:
    ads = tmp_path / "ads.csv"
    ads.write_text("id,text\n1,Nieuw in Deventer en Utrecht\n", encoding="utf-8")
    listed = tmp_path / "gemeenten.csv"
    listed.write_text("cbs_code,name\nGM0150,Deventer\n", encoding="utf-8")

    call_command(
        "scan",
        str(ads),
        "--out",
        str(tmp_path / "out"),
        "--municipalities",
        str(listed),
        "--workers",
        "1",
        stdout=io.StringIO(),
    )

    (post,) = [json.loads(line) for line in (tmp_path / "out" / "posts.jsonl").open()]
    assert [i["value"] for i in post["identifiers"] if i["kind"] == "place"] == ["Deventer"]


def test_an_unusable_municipalities_file_stops_before_anything_is_written(tmp_path: Path) -> None:
    ads = tmp_path / "ads.csv"
    ads.write_text("id,text\n1,Nieuw in Deventer\n", encoding="utf-8")
    listed = tmp_path / "gemeenten.csv"
    listed.write_text("code,naam\nGM0150,Deventer\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command(
            "scan", str(ads), "--out", str(tmp_path / "out"), "--municipalities", str(listed)
        )

    assert error.value.returncode == 2
    assert str(error.value).startswith(f"{listed}: line 1: expected a header with a `name`")
    assert not (tmp_path / "out").exists()
