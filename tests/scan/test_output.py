"""The writers of a scan's files give the bytes the standard writers would."""

from __future__ import annotations

import csv
import io

import pytest

from baken.scan.output import stamp, stamps, write_pairs


def _csv_module(values: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("post_id", "cluster_id"))
    writer.writerows((value, f"T{k:03d}") for k, value in enumerate(values))
    return out.getvalue()


@pytest.mark.parametrize(
    "values",
    [
        ["ad:site:1", "tg:123:45", "ad:sité:ü"],  # the usual: no quoting
        ["ad:a,b:1", "ad:site:2"],  # a comma in a site name
        ['ad:say "hi":1'],
        ["ad:two\nlines:1", "ad:cr\r:2"],
        [""],
        ["ad:tab\there:1", " ad:lead:1", "ad:semi;colon:1", "ad:pipe|:1"],
    ],
)
def test_pairs_are_written_as_csv_writer_writes_them(values: list[str]) -> None:
    out = io.StringIO()

    write_pairs(out, ("post_id", "cluster_id"), values, [f"T{k:03d}" for k in range(len(values))])

    assert out.getvalue() == _csv_module(values)


@pytest.mark.parametrize(
    "seconds",
    [
        [],
        [1_700_000_000.0, 0.0, -1.0, 951_782_400.0],  # whole seconds, a leap day
        [float("nan"), 1.5, -0.5, 1_700_000_000.25, 1e-7],  # no time, fractions
        [-62_135_596_800.0, 253_402_300_799.0],  # the first and last second of `datetime`
    ],
)
def test_stamps_write_what_stamp_writes(seconds: list[float]) -> None:
    assert stamps(seconds) == [stamp(value) for value in seconds]
    assert all(text.endswith("+00:00") for text in stamps(seconds) if text)
