"""Agreement between a found partition of posts and the true one, for tests and the benchmark.

Both measures count *pairs* of posts: a pair is true when the truth puts both posts in one
group, found when the engine does. Pairwise precision is the share of found pairs that are
true, recall the share of true pairs that were found. The adjusted Rand index (Hubert & Arabie
1985) is the Rand index corrected for chance: 1 for identical partitions, about 0 for a random
one. All are computed from the contingency table of the two labellings, in time linear in the
number of posts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class PairScores:
    ari: float
    precision: float
    recall: float
    true_pairs: int
    found_pairs: int


def _pairs(counts: np.ndarray) -> float:
    counts = counts.astype(np.float64)
    return float((counts * (counts - 1) / 2).sum())


def _contingency(truth: np.ndarray, found: np.ndarray) -> tuple[float, float, float, float]:
    truth = np.asarray(truth)
    found = np.asarray(found)
    if truth.shape != found.shape:
        raise ValueError("the two labellings must have the same length")
    _, t = np.unique(truth, return_inverse=True)
    _, f = np.unique(found, return_inverse=True)
    cells = np.unique(t.astype(np.int64) * (int(f.max(initial=0)) + 1) + f, return_counts=True)[1]
    both = _pairs(cells)
    true_pairs = _pairs(np.bincount(t))
    found_pairs = _pairs(np.bincount(f))
    total = len(truth) * (len(truth) - 1) / 2
    return both, true_pairs, found_pairs, total


def adjusted_rand_index(truth: np.ndarray, found: np.ndarray) -> float:
    """ARI of two labellings of the same posts."""
    both, true_pairs, found_pairs, total = _contingency(truth, found)
    if total == 0:
        return 1.0
    expected = true_pairs * found_pairs / total
    maximum = (true_pairs + found_pairs) / 2
    if maximum == expected:
        return 1.0
    return (both - expected) / (maximum - expected)


def pair_scores(truth: np.ndarray, found: np.ndarray) -> PairScores:
    """ARI and pairwise precision and recall of `found` against `truth`."""
    both, true_pairs, found_pairs, total = _contingency(truth, found)
    expected = true_pairs * found_pairs / total if total else 0.0
    maximum = (true_pairs + found_pairs) / 2
    ari = 1.0 if maximum == expected else (both - expected) / (maximum - expected)
    return PairScores(
        ari=ari,
        precision=both / found_pairs if found_pairs else 1.0,
        recall=both / true_pairs if true_pairs else 1.0,
        true_pairs=int(true_pairs),
        found_pairs=int(found_pairs),
    )
