"""The existence and identifiability check: the LP of Chan, Silverman and Vincent (2021) and
the exact shortcuts that spare it."""

from __future__ import annotations

import numpy as np
import pytest

from baken.mse import bootstrap as boot
from baken.mse.existence import Status, check, check_candidates
from baken.mse.models import Model, candidate_masks
from tests.mse.conftest import dataset, model_table


def test_the_artificial_table_shows_both_failures() -> None:
    captures = dataset("Artificial_3")

    def status(text: str) -> Status:
        return Status(int(check(Model.parse(text, captures.lists).mask, captures.support)))

    # Chan, Silverman and Vincent (2021), Table 2: [12,13,23] is not identifiable, and any
    # model with AB has no (extended) maximum-likelihood estimate.
    assert status("A:B,A:C,B:C") == Status.NOT_IDENTIFIABLE
    assert status("A:B") == Status.NO_MLE
    assert status("A:B,A:C") == Status.NO_MLE
    assert status("A:B,B:C") == Status.NO_MLE
    assert status("A:C,B:C") == Status.OK
    assert status("") == Status.OK


def test_a_model_with_no_overlap_data_at_all_is_reported_as_both() -> None:
    # Everybody on exactly one list: independence cannot be fitted (the dark figure runs
    # off to infinity), and the pair A:B has nothing to be estimated from.
    support = np.zeros(8, dtype=bool)
    support[[1, 2, 4]] = True

    assert check(Model.main_effects(3).mask, support) == Status.NO_MLE


@pytest.mark.parametrize("name", ["Artificial_3", "Korea", "Kosovo"])
def test_shortcuts_agree_with_the_lp_alone_on_every_small_candidate(name: str) -> None:
    captures = dataset(name)
    masks = np.array([Model.parse(r["model"], captures.lists).mask for r in model_table(name)])

    assert (check(masks, captures.support, always_lp=True) == check(masks, captures.support)).all()


@pytest.mark.parametrize("name", ["Western", "NewOrl_5", "UKdat_5", "Ned_5"])
def test_shortcuts_agree_with_the_lp_alone_on_a_sample_of_five_list_candidates(name: str) -> None:
    captures = dataset(name)
    rows = model_table(name)
    generator = np.random.default_rng(6)
    failing = [i for i, r in enumerate(rows) if r["status"] != "0"]
    fine = [i for i, r in enumerate(rows) if r["status"] == "0"]
    picks = list(generator.permutation(failing)[:40]) + list(generator.permutation(fine)[:40])
    masks = np.array([Model.parse(rows[i]["model"], captures.lists).mask for i in picks])
    expected = [int(rows[i]["status"]) for i in picks]

    assert list(check(masks, captures.support, always_lp=True)) == expected
    assert list(check(masks, captures.support)) == expected


@pytest.mark.parametrize("name", ["UKdat", "Western", "NewOrl_5"])
def test_shortcuts_agree_with_the_lp_on_bootstrap_replicates(name: str) -> None:
    # In the bootstrap, the check runs on resampled tables with cells that fell to zero.
    captures = dataset(name)
    # The R package's best 20 by BIC (model tables are sorted by BIC).
    top = np.array([Model.parse(r["model"], captures.lists).mask for r in model_table(name)[:20]])
    tables = boot.draw(captures.counts, captures.rows, 8, seed=3)
    assert ((tables == 0) & captures.support).any()  # cells that fell to zero
    masks = np.repeat(top, len(tables), axis=0)
    supports = np.tile(tables > 0, (len(top), 1))

    fast = check(masks, supports)

    assert (fast == check(masks, supports, always_lp=True)).all()


def test_candidate_sweep_gives_the_same_statuses_as_checking_one_by_one() -> None:
    captures = dataset("Western")
    masks = candidate_masks(5, 4)[::13]

    assert (check_candidates(masks, captures.support) == check(masks, captures.support)).all()
