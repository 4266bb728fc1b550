"""The array helpers of the global steps give what the plain NumPy expressions give, also when
their parallel and blocked paths are taken (forced here with small thresholds)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from baken.scan import arrays, minhash
from baken.scan.grouping import clusters, similarity


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 7 entries and parallel sorts from 10 values: every blocked loop runs many
    times and ends on a partial block."""
    monkeypatch.setattr(arrays, "BLOCK", 7)
    monkeypatch.setattr(arrays, "PARALLEL_SORT_FROM", 10)


@pytest.mark.parametrize("parts", [1, 2, 3, 4])
@pytest.mark.parametrize("size", [0, 1, 9, 10, 11, 1000])
@pytest.mark.parametrize("dtype", [np.int64, np.uint64, np.uint32])
def test_sort_in_place_equals_numpy_sort(
    small_blocks: None, parts: int, size: int, dtype: type
) -> None:
    rng = np.random.default_rng(size + parts)
    # Few distinct values, so that many equal values straddle the split points.
    values = rng.integers(0, 50, size).astype(dtype)
    expected = np.sort(values)

    result = arrays.sort_in_place(values, parts)

    assert result is values
    assert result.dtype == dtype
    assert np.array_equal(result, expected)


def test_sort_in_place_splits_large_arrays_across_threads(
    small_blocks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    slices: list[int] = []

    def record(function, items):  # type: ignore[no-untyped-def]
        items = list(items)
        slices.extend(items)
        return [function(item) for item in items]

    monkeypatch.setattr(arrays, "threaded", record)
    values = np.random.default_rng(1).integers(0, 2**62, 100, dtype=np.int64)
    expected = np.sort(values)

    arrays.sort_in_place(values, 3)

    assert slices == [0, 1, 2]
    assert np.array_equal(values, expected)


@pytest.mark.parametrize("overwrite", [False, True])
def test_sorted_unique(small_blocks: None, overwrite: bool) -> None:
    values = np.random.default_rng(2).integers(0, 30, 200, dtype=np.int64)
    original = values.copy()

    result = arrays.sorted_unique(values, overwrite=overwrite)

    assert np.array_equal(result, np.unique(original))
    if not overwrite:
        assert np.array_equal(values, original)


@pytest.mark.parametrize("n", [0, 1, 7, 8, 20])
def test_blocks_cover_the_range_once(small_blocks: None, n: int) -> None:
    spans = list(arrays.blocks(n))

    assert [i for start, end in spans for i in range(start, end)] == list(range(n))
    assert all(0 < end - start <= 7 for start, end in spans)


def _reference_index(flat: np.ndarray, over: float, sample: int) -> tuple[np.ndarray, ...]:
    _, ids, counts = np.unique(flat, return_inverse=True, return_counts=True)
    frequent = np.flatnonzero(counts > over)
    first = np.full((len(frequent), sample), -1, dtype=np.int64)
    for row, k in enumerate(frequent):
        positions = np.flatnonzero(ids == k)[:sample]
        first[row, : len(positions)] = positions
    return ids.astype(np.int32), counts, frequent, first


@pytest.mark.parametrize("size", [1, 6, 7, 8, 300])
def test_shingle_index_in_blocks_equals_the_reference(small_blocks: None, size: int) -> None:
    flat = np.random.default_rng(size).integers(0, 40, size).astype(np.uint32)

    got = minhash.shingle_index(flat, 3, 4)

    for value, expected in zip(got, _reference_index(flat, 3, 4), strict=True):
        assert np.array_equal(value, expected)
    assert got[0].dtype == np.int32


def test_per_post_counts_in_blocks(small_blocks: None) -> None:
    rng = np.random.default_rng(5)
    lengths = rng.integers(0, 6, 60)
    lengths[[0, 1, 30, 59]] = 0  # empty posts at the start, inside and at the end
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    mask = rng.random(int(offsets[-1])) < 0.5

    counts = clusters._per_post(mask, offsets)

    expected = [int(mask[offsets[k] : offsets[k + 1]].sum()) for k in range(len(lengths))]
    assert counts.tolist() == expected


def test_group_keys_in_blocks(small_blocks: None) -> None:
    rng = np.random.default_rng(6)
    matrix = sp.random(40, 9, density=0.4, format="csr", random_state=7, dtype=np.float32)
    labels = rng.integers(0, 5, 40)

    keys = similarity.group_keys(matrix, labels)

    owner = np.repeat(labels, np.diff(matrix.indptr))
    assert keys.tolist() == (owner * 9 + matrix.indices).tolist()
