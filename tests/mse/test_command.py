"""`baken estimate` end to end: the table, the JSON object, the plot and the exit statuses."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.mse.conftest import DATA


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("estimate", *args, stdout=out)
    return out.getvalue()


def test_json_gives_one_object_with_the_estimate_and_its_provenance() -> None:
    result = json.loads(run(str(DATA / "Korea.csv"), "--json", "--seed", "7", "--bootstrap", "200"))

    assert result["lists"] == ["b", "c", "d"]
    assert result["observed"] == 123
    assert result["method"] == "bic"
    assert result["model"] == "b:c,c:d"
    assert result["hiermod"] == "[12,23]"
    assert round(result["estimate"]) == 157
    assert result["dark_figure"] == pytest.approx(result["estimate"] - 123)
    low, high = result["interval"]
    assert low < result["estimate"] < high
    assert result["level"] == 0.95
    assert result["bootstrap"] == 200
    assert result["seed"] == 7
    assert result["seconds"] >= 0
    assert result["warnings"] == []
    assert sorted(result["selection"]["excluded"]["1"]["examples"]) == ["[12,13,23]", "[12,13]"]


def test_the_table_names_model_estimate_and_interval() -> None:
    text = run(
        str(DATA / "Western.csv"), "--method", "stepwise", "--seed", "1", "--bootstrap", "100"
    )

    assert "A:E   [15,2,3,4]" in text
    assert "2,483 in total, of whom 2,138 on no list" in text
    assert "95% interval" in text
    assert "80% interval" in text


def test_a_fixed_model_in_either_notation() -> None:
    by_name = json.loads(
        run(
            str(DATA / "UKdat.csv"),
            "--model",
            "LA:NG,LA:PF,NG:GP,PF:GP,PF:NCA,GO:GP",
            "--bootstrap",
            "0",
            "--json",
        )
    )
    by_number = json.loads(
        run(
            str(DATA / "UKdat.csv"),
            "--method",
            "fixed",
            "--model",
            "[12,13,25,35,36,45]",
            "--bootstrap",
            "0",
            "--json",
        )
    )

    assert by_name["method"] == by_number["method"] == "fixed"
    assert by_name["estimate"] == by_number["estimate"] == pytest.approx(12349.587, abs=1e-3)
    assert by_name["interval"] is None


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        ("A:B", "model [12,3] (A:B): the maximum-likelihood estimate does not exist (status 1)"),
        ("A:B,A:C,B:C", "model [12,13,23] (A:B,A:C,B:C): the model is not identifiable (status 2)"),
    ],
)
def test_a_model_without_a_usable_estimate_is_reported_not_fitted(model: str, reason: str) -> None:
    with pytest.raises(CommandError) as raised:
        run(str(DATA / "Artificial_3.csv"), "--method", "fixed", "--model", model)

    assert str(raised.value) == reason
    assert raised.value.returncode == 1


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("A,B,count\n1,0,5\n0,1,-2\n", (), "bad.csv:3: count must not be negative"),
        ("A,B,count\n1,0,5\n0,1,2\n", ("--model", "A:Z"), "no list called 'Z'"),
        ("A,B,count\n1,0,5\n0,1,2\n", ("--level", "1.5"), "--level must lie between 0 and 1"),
        ("A,B,count\n1,0,5\n0,1,2\n", ("--plot", "x.pdf"), "must end in .png or .svg"),
        ("A,B,C,count\n1,0,0,5\n0,1,1,2\n", ("--method", "bic", "--model", "A:B"), "fixed"),
        ("A,B,C,count\n1,0,0,5\n0,1,1,2\n", ("--maxorder", "3"), "between 1 and 2 for 3 lists"),
    ],
)
def test_bad_input_stops_with_status_2(
    tmp_path: Path, content: str, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        run(str(path), *args)

    assert message in str(raised.value)
    assert raised.value.returncode == 2


def test_the_baken_command_exits_2_with_the_line_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B,count\n1,0,5\n0,0,3\n", encoding="utf-8")
    baken = Path(sys.executable).with_name("baken")

    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(baken), "estimate", str(path)], capture_output=True, text=True, check=False
    )

    assert done.returncode == 2
    assert f"{path}:3: a row on no list (all zeros)" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_is_written(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"estimate{suffix}"

    run(str(DATA / "Korea.csv"), "--seed", "1", "--bootstrap", "100", "--plot", str(target))

    start = target.read_bytes()[:64]
    assert start.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in target.read_bytes()


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("bic", "none of the 8 candidate models has an estimate on these data"),
        (
            "stepwise",
            "stepwise ended on model [1,2,3] (main effects): the maximum-likelihood "
            "estimate does not exist (status 1)",
        ),
    ],
)
def test_lists_that_never_overlap_give_no_estimate(
    tmp_path: Path, method: str, message: str
) -> None:
    path = tmp_path / "apart.csv"
    path.write_text("A,B,C,count\n1,0,0,5\n0,1,0,4\n0,0,1,3\n", encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        run(str(path), "--method", method)

    assert str(raised.value) == message
    assert raised.value.returncode == 1
