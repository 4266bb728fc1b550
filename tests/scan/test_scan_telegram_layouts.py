"""`baken scan` on the hand-made Telegram exports of both layouts: the five files, every text
message once (service messages and media without text left out), and the same posts when the
same material is read again."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from baken.scan.read import iter_posts

DATA = Path(__file__).parent / "data"
FILES = ["clusters.csv", "leads.csv", "networks.csv", "posts.jsonl", "report.html"]


def _scan(inputs: list[Path], out: Path) -> list[dict]:
    call_command(
        "scan", *map(str, inputs), "--out", str(out), "--workers", "1", stdout=io.StringIO()
    )
    assert sorted(p.name for p in out.iterdir()) == FILES
    return [json.loads(line) for line in (out / "posts.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("name", ["telegram_chat.json", "telegram_account.json"])
def test_both_layouts_give_the_five_files(name: str, tmp_path: Path) -> None:
    export = tmp_path / "export" / "result.json"
    export.parent.mkdir()
    shutil.copy(DATA / name, export)

    posts = _scan([export.parent], tmp_path / "out")

    expected = [post.id for post in iter_posts(export)]
    assert expected, "the hand-made export has text messages"
    ids = [post["id"] for post in posts]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(expected)
    assert all(post["id"].startswith("tg:") for post in posts)
    with (tmp_path / "out" / "networks.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["post_id"] for row in rows} == set(expected)


def test_the_same_export_twice_adds_nothing(tmp_path: Path) -> None:
    once = _scan([DATA / "telegram_account.json"], tmp_path / "once")
    twice = _scan([DATA / "telegram_account.json", DATA / "telegram_account.json"], tmp_path / "b")
    assert [post["id"] for post in twice] == [post["id"] for post in once]
