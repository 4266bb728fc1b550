"""Every candidate model of every reference table, as the R package computes it: the existence
and identifiability status exactly, total, BIC and AIC to 1e-6 relative, and the terms that
get the minus-infinity treatment."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from baken.mse.existence import check_candidates
from baken.mse.fit import fit, sparse_structure
from baken.mse.models import Model
from tests.mse.conftest import dataset, model_table

TABLES = [
    "Artificial_3",
    "Korea",
    "Kosovo",
    "Western",
    "NewOrl_5",
    "NewOrl_5_185",
    "UKdat_5",
    "Ned_5",
    "UKdat",
    "Ned",
]
RELATIVE = 1e-6


@cache
def _generator_mask(t: int, digits: str) -> np.ndarray:
    return Model.from_terms(t, [sum(1 << (int(d) - 1) for d in digits)]).mask


@cache
def _models(name: str) -> tuple[list[dict[str, str]], np.ndarray]:
    """The table's rows and each model's term indicators, built generator by generator (the
    notation itself is tested below, once per five-list candidate)."""
    rows = model_table(name)
    t = dataset(name).t
    masks = np.array(
        [
            np.logical_or.reduce([_generator_mask(t, g) for g in row["model"][1:-1].split(",")])
            for row in rows
        ]
    )
    return rows, masks


@pytest.mark.parametrize("name", TABLES)
def test_every_candidate_gets_the_r_packages_status(name: str) -> None:
    rows, masks = _models(name)
    expected = np.array([int(row["status"]) for row in rows])

    status = check_candidates(masks, dataset(name).support)

    wrong = np.flatnonzero(status != expected)
    assert wrong.size == 0, [(rows[i]["model"], expected[i], status[i]) for i in wrong[:10]]


@pytest.mark.parametrize("name", TABLES)
def test_every_usable_candidate_has_the_r_packages_total_bic_and_aic(name: str) -> None:
    rows, masks = _models(name)
    usable = [i for i, row in enumerate(rows) if row["status"] == "0"]
    assert usable, "every table has usable models"

    fits = fit(masks[usable], dataset(name).counts)

    for column, ours in (("total", fits.total), ("BIC", fits.bic), ("AIC", fits.aic)):
        reference = np.array([float(rows[i][column]) for i in usable])
        error = np.abs(ours / reference - 1)
        bad = np.flatnonzero(~(error <= RELATIVE))
        assert bad.size == 0, [
            (rows[usable[i]]["model"], column, reference[i], ours[i]) for i in bad[:10]
        ]


@pytest.mark.parametrize("name", TABLES)
def test_parameter_counts_orders_and_minus_infinite_terms_match(name: str) -> None:
    rows, masks = _models(name)
    captures = dataset(name)
    params, _ = sparse_structure(masks, captures.counts[None, :].astype(float))
    orders = np.array([max(len(g) for g in row["model"][1:-1].split(",")) for row in rows])

    assert (masks.sum(axis=1) == [int(row["n_parameters"]) for row in rows]).all()
    assert (orders == [int(row["order"]) for row in rows]).all()
    for row, mask, kept in zip(rows, masks, params, strict=True):
        if row["status"] != "0":
            continue
        minus_infinite = {
            ":".join(captures.lists[i] for i in range(captures.t) if term >> i & 1)
            for term in np.flatnonzero(mask & ~kept)
        }
        assert minus_infinite == set(filter(None, row["minus_inf"].split(";"))), row["model"]


def test_hiermod_notation_round_trips_on_every_five_list_candidate() -> None:
    rows, masks = _models("Western")
    lists = dataset("Western").lists

    parsed = [Model.parse(row["model"], lists) for row in rows]

    assert [m.hiermod for m in parsed] == [row["model"] for row in rows]
    assert all((m.mask == mask).all() for m, mask in zip(parsed, masks, strict=True))
