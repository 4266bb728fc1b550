"""The writers of a scan's files give the bytes the standard writers would."""

from __future__ import annotations

import csv
import io

import pytest

from baken.scan.output import write_pairs


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
