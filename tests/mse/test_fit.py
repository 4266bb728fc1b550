"""The log-linear fitter: lattice products, the minus-infinity treatment, and agreement with an
independent Poisson GLM (statsmodels) on the same cells and columns."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from baken.mse import linalg
from baken.mse.fit import fit, sparse_structure
from baken.mse.lattice import design, subset_sums, superset_sums
from baken.mse.models import Model
from tests.mse.conftest import dataset


@pytest.mark.parametrize("t", [2, 3, 6, 9])
def test_lattice_sums_are_products_with_the_design_matrix(t: int) -> None:
    values = np.random.default_rng(t).random((4, 1 << t))
    x = design(t)  # x[w, S] = 1 when S is contained in w

    assert np.allclose(superset_sums(values), values @ x)
    assert np.allclose(subset_sums(values), values @ x.T)
    assert np.allclose(superset_sums(values.T, axis=0), (values @ x).T)
    assert np.allclose(superset_sums(values[:1]), values[:1] @ x)  # one row stays one row
    assert np.allclose(superset_sums(values[0]), values[0] @ x)


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("Ned", "I:K,I:Z,K:R,O:P,O:Z,P:R,P:Z"),  # I:K and K:R have nobody: minus infinity
        ("UKdat", "LA:NG,LA:PF,NG:GP,PF:GP,PF:NCA,GO:GP"),
        ("Kosovo", "EXH:ABA:OSCE,EXH:HRW,OSCE:HRW"),
        ("Western", "A:B,A:E"),
    ],
)
def test_fit_agrees_with_a_statsmodels_poisson_glm(name: str, model: str) -> None:
    captures = dataset(name)
    mask = Model.parse(model, captures.lists).mask
    params, kept = sparse_structure(mask[None], captures.counts[None].astype(float))
    cells, columns = np.flatnonzero(kept[0]), np.flatnonzero(params[0])
    x = design(captures.t)[np.ix_(cells, columns)]

    reference = sm.GLM(captures.counts[cells], x, family=sm.families.Poisson()).fit(tol=1e-12)
    ours = fit(mask, captures.counts)

    assert ours.dark_figure == pytest.approx(np.exp(reference.params[0]), rel=1e-7)
    assert ours.total == pytest.approx(captures.observed + np.exp(reference.params[0]), rel=1e-7)
    assert ours.loglik == pytest.approx(reference.llf, rel=1e-9)


def test_minus_infinite_terms_drop_their_cells_and_count_in_the_penalty() -> None:
    captures = dataset("Ned")
    model = Model.parse("I:K,K:R", captures.lists)  # nobody is on I and K, nor on K and R
    without = Model.main_effects(captures.t)

    with_terms, main = fit(model.mask, captures.counts), fit(without.mask, captures.counts)

    # Cells with I and K, or K and R, are fixed at 0; the other 39 observable cells are fitted.
    _, kept = sparse_structure(model.mask[None], captures.counts[None].astype(float))
    assert kept.sum() == 63 - 16 - 16 + 8
    assert with_terms.bic - main.bic == pytest.approx(
        2 * np.log(captures.observed) - 2 * (with_terms.loglik - main.loglik)
    )


def test_a_batch_gives_what_each_fit_gives_alone() -> None:
    captures = dataset("UKdat_5")
    models = [Model.parse(m, captures.lists) for m in ("", "LA:NG", "LA:NG:PFNCA,NG:GP")]

    batch = fit(np.array([m.mask for m in models]), captures.counts)

    for i, model in enumerate(models):
        alone = fit(model.mask, captures.counts)
        assert batch.total[i] == pytest.approx(float(alone.total), rel=1e-12)
        assert batch.bic[i] == pytest.approx(float(alone.bic), rel=1e-12)


def test_a_warm_start_reaches_the_same_estimate() -> None:
    captures = dataset("Western")
    mask = Model.parse("A:E", captures.lists).mask
    cold = fit(mask, captures.counts, with_fitted=True)
    assert cold.fitted is not None
    shifted = captures.counts.copy()
    shifted[1] += 7

    warm = fit(mask, shifted, start=np.log(np.where(cold.fitted > 0, cold.fitted, 1.0)))

    assert float(warm.total) == pytest.approx(float(fit(mask, shifted).total), rel=1e-9)


def test_a_model_that_cannot_be_identified_gives_nan_not_a_number() -> None:
    captures = dataset("Artificial_3")
    saturated_pairs = Model.parse("A:B,A:C,B:C", captures.lists)

    result = fit(saturated_pairs.mask, captures.counts)

    assert np.isnan(result.total)


def test_cholesky_solves_and_flags_singular_systems() -> None:
    generator = np.random.default_rng(2)
    a = generator.random((5, 5, 3))
    matrices = np.einsum("ikb,jkb->ijb", a, a) + np.eye(5)[:, :, None]
    matrices[:, :, 2] = np.outer([1, 2, 0, 0, 1], [1, 2, 0, 0, 1]) + np.diag([0, 0, 1, 1, 0])
    rhs = generator.random((5, 3))

    x, singular = linalg.solve_spd(matrices, rhs)

    assert list(singular) == [False, False, True]
    for b in range(2):
        assert np.allclose(matrices[:, :, b] @ x[:, b], rhs[:, b])
    assert list(linalg.rank(matrices, 1e-9)) == [5, 5, 3]
