"""Reference data for the mse engine: the public tables and what the R package and the papers
report for them, copied from ../shared/data/mse (see data/README.md for their sources)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

from baken.mse import data
from baken.mse.data import CaptureData

DATA = Path(__file__).parent / "data"
MODEL_TABLES = DATA / "model_tables"


@cache
def dataset(name: str) -> CaptureData:
    return data.read(DATA / f"{name}.csv")


@cache
def model_table(name: str) -> list[dict[str, str]]:
    """Every candidate model with the R package's status, total, BIC and AIC."""
    with gzip.open(MODEL_TABLES / f"{name}.csv.gz", "rt", encoding="utf-8") as raw:
        return list(csv.DictReader(io.StringIO(raw.read())))


@cache
def published() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(
        (DATA / "published_estimates.json").read_text(encoding="utf-8")
    )["entries"]
    return entries
