"""How alike two posts are, and what a group of posts has in common.

Posts are rows of a sparse 0/1 matrix over shingles. Only *informative* shingles are columns:
a shingle that no other post has cannot show that two posts are alike, it only makes every
comparison of its post weaker (a typo makes one), and a shingle in a large share of all posts
is boilerplate. Both are left out; singular shingles still count in a post's size, so a post
that shares one phrase but is otherwise its own text stays apart.

Weights are an inverse document frequency counted over *templates* rather than posts: a first
grouping is made, and a shingle's weight falls with the number of groups it appears in. A
template copied 400 times weighs like one document, so its own words keep their weight, while
a stock phrase that many different advertisers use ("100% echt, geen nep") weighs next to
nothing however few posts there are.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from baken.scan import arrays
from baken.scan.arrays import blocks, sort_in_place, sorted_unique, threaded

EPSILON = np.float32(1e-6)  # the weight of a stop shingle: present (counted), but weightless


def shingle_matrix(ids: np.ndarray, offsets: np.ndarray, keep: np.ndarray) -> sp.csr_matrix:
    """Posts by kept shingles, 1 where the post holds the shingle. `ids` are the dense shingle
    ids of `minhash.shingle_index` (ascending within each post), `keep` masks the kept ones."""
    n = len(offsets) - 1
    chosen = ids[keep]
    present = np.zeros(int(ids.max(initial=-1)) + 1, dtype=bool)
    present[chosen] = True
    column = (np.cumsum(present, dtype=np.int32) - 1)[chosen]
    del chosen
    total = np.concatenate(([0], np.cumsum(keep, dtype=np.int64)))
    indptr = total[offsets]
    data = np.ones(len(column), dtype=np.float32)
    return sp.csr_matrix((data, column, indptr), shape=(n, int(present.sum())))


def post_weights(matrix: sp.csr_matrix) -> np.ndarray:
    """Per shingle: log of (posts + 1) over (posts holding it + 1), at least `EPSILON`."""
    held = np.bincount(matrix.indices, minlength=matrix.shape[1])
    weights = np.log((matrix.shape[0] + 1) / (held + 1)).astype(np.float32)
    return np.maximum(weights, EPSILON)


def group_weights(
    matrix: sp.csr_matrix, labels: np.ndarray, stop_share: float, stop_floor: int
) -> np.ndarray:
    """Per bin: log of (groups + 1) over (groups holding the bin + 1); `EPSILON` for a bin held
    by more than `stop_share` of the groups (and more than `stop_floor` groups)."""
    width = matrix.shape[1]
    keys = group_keys(matrix, labels)
    per_bin = np.bincount(sorted_unique(keys, overwrite=True) % width, minlength=width)
    del keys
    groups = len(sorted_unique(labels[np.diff(matrix.indptr) > 0]))
    weights = np.log((groups + 1) / (per_bin + 1)).astype(np.float32)
    weights[per_bin > max(stop_share * groups, stop_floor)] = EPSILON
    return np.maximum(weights, EPSILON)


def group_keys(matrix: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """`label * width + bin` of every entry of `matrix` (the label of its row), built in blocks
    of rows: whole-matrix temporaries would be as large as the matrix, several times over."""
    width = matrix.shape[1]
    indptr = matrix.indptr
    keys = np.empty(matrix.nnz, dtype=np.int64)
    # Rows per block, for about `BLOCK` entries a block.
    rows = max(1, arrays.BLOCK * matrix.shape[0] // max(matrix.nnz, 1))
    for first, last in blocks(matrix.shape[0], rows):
        low, high = int(indptr[first]), int(indptr[last])
        part = keys[low:high]
        sizes = np.diff(indptr[first : last + 1])
        part[...] = np.repeat(labels[first:last].astype(np.int64), sizes)
        part *= width
        part += matrix.indices[low:high]
    return keys


def weighted(matrix: sp.csr_matrix, weights: np.ndarray) -> sp.csr_matrix:
    return sp.csr_matrix((weights[matrix.indices], matrix.indices, matrix.indptr), matrix.shape)


def pair_similarity(
    matrix: sp.csr_matrix,
    weights: np.ndarray,
    sizes: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    block: int = 100_000,
) -> tuple[np.ndarray, np.ndarray]:
    """For each pair: the weighted Jaccard similarity of the two posts' kept shingles, and the
    *coverage*: the shared shingles as a share of the larger of the two posts (`sizes` counts
    each post's kept and singular shingles). Blocks of pairs run on a few threads: the sparse
    products release the GIL."""
    heavy = weighted(matrix, weights)
    row_weight = np.asarray(heavy.sum(axis=1)).ravel()
    similarity = np.empty(len(i), dtype=np.float32)
    coverage = np.empty(len(i), dtype=np.float32)

    def run(start: int) -> None:
        a, b = i[start : start + block], j[start : start + block]
        shared = heavy[a].multiply(matrix[b]).tocsr()
        common = np.asarray(shared.sum(axis=1)).ravel()
        union = row_weight[a] + row_weight[b] - common
        similarity[start : start + block] = common / np.maximum(union, EPSILON)
        count = np.diff(shared.indptr)
        coverage[start : start + block] = count / np.maximum(np.maximum(sizes[a], sizes[b]), 1)

    threaded(run, range(0, len(i), block))
    return similarity, coverage


def consensus(
    matrix: sp.csr_matrix, groups: np.ndarray, members: np.ndarray, count: int
) -> sp.csr_matrix:
    """Groups by bins: 1 where more than half of the group's `members` (post indices, with
    `groups` giving each one's group) hold the bin."""
    width = matrix.shape[1]
    keys = sort_in_place(group_keys(matrix[members], groups))
    if len(keys) == 0:
        return sp.csr_matrix((count, width), dtype=np.float32)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    held = np.diff(np.append(starts, len(keys)))
    keys = keys[starts]
    group = keys // width
    size = np.bincount(groups, minlength=count)
    chosen = held * 2 > size[group]
    data = np.ones(int(chosen.sum()), dtype=np.float32)
    return sp.csr_matrix(
        (data, (group[chosen], (keys[chosen] % width).astype(np.int32))), shape=(count, width)
    )


def containment(
    matrix: sp.csr_matrix,
    weights: np.ndarray,
    template: sp.csr_matrix,
    posts: np.ndarray,
    rows: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """For post `posts[k]` and template row `rows[k]`: the weighted share of the template that
    the post holds, and the weighted share of the post that the template explains."""
    heavy = weighted(template, weights)
    total = np.asarray(heavy.sum(axis=1)).ravel()
    own = np.asarray(weighted(matrix[posts], weights).sum(axis=1)).ravel()
    common = np.asarray(heavy[rows].multiply(matrix[posts]).sum(axis=1)).ravel()
    return common / np.maximum(total[rows], EPSILON), common / np.maximum(own, EPSILON)
