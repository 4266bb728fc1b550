"""Near-duplicate grouping of posts into template clusters.

1. Informative shingles: those held by at least two posts, less boilerplate (see
   `similarity`). A shingle held by more than `stop_share` of all posts (and more than
   `stop_floor`) is boilerplate unless the posts holding it are copies of one text: the first
   `stop_sample` of them, in order, must agree in `stop_agreement` of their signature bins on
   average, or the shingle is dropped. So a stock phrase is dropped however small the scan,
   while a template that fills a fifth of a small channel stays. A post with fewer than
   `min_shingles` informative shingles is too short or too generic to be a template copy and
   stays a cluster of its own.
2. Candidates: one-permutation MinHash signatures, banded LSH (`minhash`), kept when their
   signatures agree in at least `prefilter` of the bins. Every candidate pair is verified
   below; a bucket, however large, only costs time linear in its size.
3. Seed grouping: candidates that are close copies, with a Jaccard similarity weighted by
   inverse document frequency of at least `seed_similarity` and shared shingles making up at
   least `seed_coverage` of each post. It splits noisy templates but seldom joins different
   texts; it only serves to count, for every shingle, in how many groups it appears.
4. Verification, `passes` times: a pair is an edge when its Jaccard similarity weighted by
   *group* frequency reaches `similarity` AND the shared shingles make up at least `coverage`
   of each post. The clusters are the connected components of the edges, and the next pass
   counts group frequencies over them.
5. Anti-chaining guard: in every cluster of three or more, a *seed* (the member with the most
   edges) and its neighbours define the cluster's template (the shingles most of them hold).
   A member that holds less than `containment` of that template, or whose own text the
   template explains less than `explained` of, is taken out; the members taken out are
   grouped again among themselves and checked again (three rounds in all).

The guards against chaining are thus: boilerplate shingles dropped and group-frequency weights
(a generic phrase weighs next to nothing), the coverage rule (sharing one phrase is not sharing
a text) and the template check (a cluster is one text, not a chain of pairs). Numbers never take
part: digits, spelled-out digits and the identifiers extraction found are masked before
shingling, so one mis-read phone number cannot join two clusters either.

Known limit: in a scan of a few thousand posts, a stock phrase used in more than `stop_share`
of them by many advertisers is dropped, but one used less often still weighs as a rare phrase
would; two templates that share several such phrases can then end up in one cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from baken.scan import minhash
from baken.scan.arrays import blocks, sorted_unique
from baken.scan.grouping import similarity


@dataclass(frozen=True, slots=True)
class GroupingPolicy:
    """The thresholds of template grouping; the defaults are the benchmarked ones."""

    rows: int = 2
    min_shingles: int = 6
    stop_share: float = 0.05
    stop_floor: int = 20
    stop_sample: int = 16
    stop_agreement: float = 0.25
    prefilter: float = 0.15
    seed_similarity: float = 0.2
    seed_coverage: float = 0.35
    similarity: float = 0.2
    coverage: float = 0.25
    group_stop_share: float = 0.01
    group_stop_floor: int = 20
    passes: int = 2
    containment: float = 0.3
    explained: float = 0.25
    seed_neighbours: int = 32


@dataclass(slots=True)
class Grouping:
    """The template cluster of every post (`labels`, numbered 0, 1, … in the order of each
    cluster's first post) and the verified pairs behind them with their similarity."""

    labels: np.ndarray
    pair_i: np.ndarray
    pair_j: np.ndarray
    pair_similarity: np.ndarray

    def sizes(self) -> np.ndarray:
        return np.bincount(self.labels)


def group(flat: np.ndarray, offsets: np.ndarray, policy: GroupingPolicy | None = None) -> Grouping:
    """Template clusters of the posts whose shingle sets are `flat`/`offsets` (each post's ids
    distinct and sorted, as `minhash.Shingler.shingle` gives them)."""
    policy = policy or GroupingPolicy()
    n = len(offsets) - 1
    ids, counts, frequent, first = minhash.shingle_index(
        flat, max(policy.stop_share * n, policy.stop_floor), policy.stop_sample
    )
    keep = (counts >= 2)[ids]
    singular = _per_post(~keep, offsets)
    if len(frequent):
        stop = np.zeros(len(counts), dtype=bool)
        stop[_loose(frequent, first, flat, offsets, keep, policy)] = True
        keep &= ~stop[ids]
    sig = minhash.signatures(flat, offsets, keep)
    del flat  # the caller should hold no other reference: the largest array of a scan
    kept = _per_post(keep, offsets)
    sizes = kept + singular
    usable = kept >= policy.min_shingles

    i, j = minhash.candidate_pairs(sig, policy.rows, usable)
    agreement = minhash.agreement(sig, i, j)
    wanted = agreement >= policy.prefilter
    i, j, agreement = i[wanted], j[wanted], agreement[wanted]
    del sig, agreement

    matrix = similarity.shingle_matrix(ids, offsets, keep)
    del ids, keep
    weights = similarity.post_weights(matrix)
    score, cover = similarity.pair_similarity(matrix, weights, sizes, i, j)
    edge = (score >= policy.seed_similarity) & (cover >= policy.seed_coverage)
    labels = _components(n, i[edge], j[edge])
    for _ in range(max(policy.passes, 1)):
        weights = similarity.group_weights(
            matrix, labels, policy.group_stop_share, policy.group_stop_floor
        )
        score, cover = similarity.pair_similarity(matrix, weights, sizes, i, j)
        edge = (score >= policy.similarity) & (cover >= policy.coverage)
        labels = _components(n, i[edge], j[edge])
    i, j, score = i[edge], j[edge], score[edge]
    labels = _guard(matrix, weights, labels, i, j, policy)
    return Grouping(renumber(labels), i, j, score)


def _per_post(mask: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """How many entries of each post `mask` selects."""
    before = np.zeros(len(offsets), dtype=np.int64)  # selected entries before each offset
    carry = 0
    for start, end in blocks(len(mask)):  # a running count of the whole mask would be large
        running = np.cumsum(mask[start:end], dtype=np.int64)
        low, high = np.searchsorted(offsets, [start, end], side="right")
        before[low:high] = carry + running[offsets[low:high] - start - 1]
        carry += int(running[-1])
    return np.diff(before)


def _loose(
    frequent: np.ndarray,
    first: np.ndarray,
    flat: np.ndarray,
    offsets: np.ndarray,
    keep: np.ndarray,
    policy: GroupingPolicy,
) -> np.ndarray:
    """Those of the `frequent` shingles whose posts are not copies of one text: the first
    posts holding the shingle (`first`: positions in `flat`), taken in order, agree in less
    than `policy.stop_agreement` of their signature bins on average. They are boilerplate."""
    owner = np.searchsorted(offsets, np.maximum(first, 0), side="right") - 1
    posts = np.where(first >= 0, owner, -1)
    sampled = sorted_unique(posts[posts >= 0])
    # Signatures of the sampled posts only.
    lengths = np.diff(offsets)[sampled]
    starts = np.repeat(offsets[sampled], lengths)
    within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    entries = starts + within
    sig = minhash.signatures(
        flat[entries], np.concatenate(([0], np.cumsum(lengths))), keep[entries]
    )
    row = np.searchsorted(sampled, np.maximum(posts, 0))
    a, b = row[:, :-1], row[:, 1:]
    valid = (posts[:, :-1] >= 0) & (posts[:, 1:] >= 0)
    agree = np.zeros(a.shape, dtype=np.float32)
    agree[valid] = minhash.agreement(sig, a[valid], b[valid])
    mean = agree.sum(axis=1) / np.maximum(valid.sum(axis=1), 1)
    return frequent[mean < policy.stop_agreement]


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    graph = sp.coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def renumber(labels: np.ndarray) -> np.ndarray:
    """Cluster numbers in the order of each cluster's first post: the same posts in the same
    order give the same numbers, whatever order the graph library found the components in."""
    if len(labels) == 0:
        return labels.astype(np.int64)
    first = np.full(labels.max() + 1, len(labels), dtype=np.int64)
    np.minimum.at(first, labels, np.arange(len(labels)))
    rank = np.empty_like(first)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[labels]


def _guard(
    matrix: sp.csr_matrix,
    weights: np.ndarray,
    labels: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    policy: GroupingPolicy,
    rounds: int = 3,
) -> np.ndarray:
    """Take out of each cluster the members that do not hold its template (see the module
    docstring), group those again among themselves, and repeat."""
    n = len(labels)
    labels = labels.copy()
    check = np.ones(n, dtype=bool)
    for round_ in range(rounds):
        size = np.bincount(labels, minlength=n)
        members = np.flatnonzero(check & (size[labels] >= 3))
        if len(members) == 0:
            break
        holds, explained = _template_share(matrix, weights, labels, members, i, j, policy)
        out = members[(holds < policy.containment) | (explained < policy.explained)]
        if len(out) == 0:
            break
        moved = np.zeros(n, dtype=bool)
        moved[out] = True
        if round_ == rounds - 1:
            labels[out] = labels.max() + 1 + np.arange(len(out))
            break
        inside = moved[i] & moved[j] & (labels[i] == labels[j])
        regroup = _components(n, i[inside], j[inside])
        labels[out] = labels.max() + 1 + regroup[out]
        check = moved
    return labels


def _template_share(
    matrix: sp.csr_matrix,
    weights: np.ndarray,
    labels: np.ndarray,
    members: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    policy: GroupingPolicy,
) -> tuple[np.ndarray, np.ndarray]:
    """For each of `members`, the weighted share of its cluster's template that it holds and
    the share of the member the template explains; the template is what most of the seed and
    its first neighbours share."""
    n = len(labels)
    in_scope = np.zeros(n, dtype=bool)
    in_scope[members] = True
    same = in_scope[i] & in_scope[j] & (labels[i] == labels[j])
    a, b = i[same], j[same]
    degree = np.bincount(np.concatenate((a, b)), minlength=n)
    order = np.lexsort((members, -degree[members], labels[members]))
    ranked = members[order]
    first = np.concatenate(([True], labels[ranked][1:] != labels[ranked][:-1]))
    seeds = ranked[first]
    is_seed = np.zeros(n, dtype=bool)
    is_seed[seeds] = True
    neighbour = np.concatenate((b[is_seed[a]], a[is_seed[b]]))
    hood = np.concatenate((seeds, sorted_neighbours(neighbour, labels, policy.seed_neighbours)))
    groups, group_of = np.unique(labels[hood], return_inverse=True)
    template = similarity.consensus(matrix, group_of, hood, len(groups))
    rows = np.searchsorted(groups, labels[members])
    return similarity.containment(matrix, weights, template, members, rows)


def sorted_neighbours(posts: np.ndarray, labels: np.ndarray, limit: int) -> np.ndarray:
    """At most `limit` posts per cluster, the earliest ones, distinct."""
    posts = sorted_unique(posts)
    if len(posts) == 0:
        return posts
    order = np.lexsort((posts, labels[posts]))
    posts = posts[order]
    group = labels[posts]
    start = np.searchsorted(group, group)
    return posts[np.arange(len(posts)) - start < limit]
