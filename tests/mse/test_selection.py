"""BIC selection: the candidate classes, the downhill search beyond six lists, and the
bootstrap that repeats the selection."""

from __future__ import annotations

import numpy as np
import pytest

from baken.mse import bootstrap as boot
from baken.mse.data import CaptureData
from baken.mse.estimate import estimate
from baken.mse.models import DEFAULT_MAXORDER, Model, candidate_masks, exhaustive
from baken.mse.select import default_ntop, rank_models
from tests.mse.conftest import dataset, model_table


@pytest.mark.parametrize(
    ("t", "maxorder", "count"), [(2, 1, 1), (3, 2, 8), (4, 3, 113), (5, 4, 6893), (6, 2, 32768)]
)
def test_candidate_classes_have_the_r_catalogues_sizes(t: int, maxorder: int, count: int) -> None:
    masks = candidate_masks(t, maxorder)

    assert len(masks) == count
    assert len({m.tobytes() for m in masks}) == count


def test_defaults_follow_the_r_package() -> None:
    assert DEFAULT_MAXORDER == {2: 1, 3: 2, 4: 3, 5: 3, 6: 2}
    assert [default_ntop(t) for t in (3, 4, 5, 6)] == [None, 20, 100, 100]
    assert exhaustive(6, 2)
    assert not exhaustive(6, 3)
    assert not exhaustive(7, 2)


def test_ranking_sorts_the_usable_models_by_bic_as_the_r_package_does() -> None:
    captures = dataset("Western")
    rows = [r for r in model_table("Western") if r["status"] == "0" and r["order"] != "4"]

    ranking = rank_models(captures.counts, 3)

    assert len(ranking.bics) == len(rows)
    assert np.allclose(ranking.bics, sorted(float(r["BIC"]) for r in rows), rtol=1e-9)
    assert ranking.model(0).hiermod == rows[0]["model"]


def test_downhill_search_finds_the_best_of_all_32768_uk_models() -> None:
    captures = dataset("UKdat")
    wide = CaptureData(captures.lists, captures.counts, captures.rows)

    downhill = estimate(wide, "bic", maxorder=3, bootstrap=0)  # order 3: too many to fit all

    assert downhill.search == "downhill"
    assert downhill.model.hiermod == model_table("UKdat")[0]["model"]  # the same as all pairs
    assert any("downhill search" in w for w in downhill.warnings)


def test_bic_beyond_six_lists_runs_and_repeats_selection_in_the_bootstrap() -> None:
    result = estimate(dataset("NewOrl"), "bic", bootstrap=60, seed=2, workers=1)

    assert result.search == "downhill"
    assert result.interval is not None
    assert result.interval[0] < result.estimate < result.interval[1]


def test_ten_lists_can_be_estimated() -> None:
    generator = np.random.default_rng(10)
    t = 10
    on_list = generator.random((4000, t)) < 0.12
    cells = (on_list * (1 << np.arange(t))).sum(axis=1)
    counts = np.bincount(cells, minlength=1 << t)
    counts[0] = 0
    lists = tuple(f"L{i}" for i in range(t))
    captures = CaptureData(lists, counts, tuple(int(c) for c in np.flatnonzero(counts)))

    result = estimate(captures, "auto", bootstrap=40, seed=1, workers=1)

    assert result.method == "stepwise"
    # Independent lists: the estimate is near the 4,000 people generated.
    assert 3200 < result.estimate < 4800


def test_bootstrap_reselects_the_best_model_of_each_replicate() -> None:
    captures = dataset("Korea")
    ranking = rank_models(captures.counts, 2)
    tables = boot.draw(captures.counts, captures.rows, 30, seed=4)
    starts = np.zeros_like(ranking.masks, dtype=float)

    chosen = boot.bic_replicates(tables, ranking.masks, starts)

    for table, total in zip(tables, chosen, strict=True):
        again = rank_models(table, 2)
        usable = [
            i
            for i in range(len(again.masks))
            if again.masks[i].tobytes() in {m.tobytes() for m in ranking.masks}
        ]
        assert total == pytest.approx(again.totals[usable[0]], rel=1e-9)


def test_same_seed_same_interval_whatever_the_number_of_workers() -> None:
    captures = dataset("Western")

    one = estimate(captures, "stepwise", bootstrap=300, seed=11, workers=1)
    two = estimate(captures, "stepwise", bootstrap=300, seed=11, workers=2)
    other = estimate(captures, "stepwise", bootstrap=300, seed=12, workers=1)

    assert np.array_equal(one.replicates, two.replicates, equal_nan=True)
    assert one.interval == two.interval
    assert one.interval != other.interval


def test_model_notation_in_names_and_numbers() -> None:
    lists = ("LA", "NG", "PF", "GO", "GP", "NCA")
    model = Model.parse("LA:NG,PF:GO", lists)

    assert model.hiermod == "[12,34,5,6]"
    assert model.notation(lists) == "LA:NG,PF:GO"
    assert Model.parse("[12,34]", lists) == model
    assert Model.parse("la:ng,pf:go", lists) == model
    assert Model.parse("", lists) == Model.main_effects(6)
    assert Model.parse("LA:NG:PF", lists).n_parameters == 1 + 6 + 3 + 1
