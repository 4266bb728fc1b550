"""Shingles, MinHash signatures and LSH candidate pairs, vectorised in numpy.

Text is reduced to *normalised tokens*: lower-case words; digits, spelled-out digits and the
spans that extraction recognised (phones, handles, e-mails, places, ages, prices, names)
replaced by one slot token each, so that the values that change from copy to copy of a template
do not make the copies look different. A post's *shingles* are its tokens and its pairs of
adjacent tokens, each hashed to 32 bits with CRC-32 and a fixed mixer: the same text gives the
same shingles in every process, which is what lets a partitioned run reproduce a local one.

Signatures use one-permutation hashing with densification by rotation (Shrivastava & Li, ICML
2014): each shingle is hashed once into one of `K` bins and the bin keeps its minimum; an empty
bin borrows the value of the next non-empty bin. This costs one hash per
shingle instead of `K`, and two signatures agree in a bin with probability close to the
Jaccard similarity of the two shingle sets.

Candidate pairs come from banding: posts whose signatures agree on all rows of a band share
a bucket. A bucket is turned into pairs as a star around its first member plus a chain through
its members in order, so that a bucket of any size costs time linear in its size; every pair is
verified afterwards, so a large bucket of boilerplate only costs that linear time.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from itertools import chain, repeat

import numpy as np

from baken.scan.arrays import THREADS, blocks, sort_in_place, sorted_unique, threaded

K = 64  # bins of a signature
EMPTY = np.uint32(0xFFFFFFFF)
SLOT = "#"
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# `_TOKEN` for lower-case ASCII text: the same words, found a third faster (an explicit class
# is one table look-up, a negated category is several tests).
_ASCII_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_DIGIT_WORDS = frozenset(
    [
        "nul",
        "een",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
    ]
)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_BIGRAM = np.uint64(0x632BE59BD9B4E019)


def masked_words(text: str, masks: Iterable[tuple[int, int]] = ()) -> list[str]:
    """The lower-case words and numbers of `text`, each `(start, end)` span in `masks` replaced
    by a number (so that it becomes a slot)."""
    spans = sorted(masks)
    if spans:
        parts: list[str] = []
        at = 0
        for start, end in spans:
            if start >= at:
                parts.extend((text[at:start], " 0 "))
                at = end
        parts.append(text[at:])
        text = "".join(parts)
    text = text.lower()
    return (_ASCII_TOKEN if text.isascii() else _TOKEN).findall(text)


def tokens(text: str, masks: Iterable[tuple[int, int]] = ()) -> list[str]:
    """Normalised tokens of `text` (for reading; `Shingler` works on `masked_words` directly):
    numbers, spelled-out digits and masked spans become one slot `#`, one-letter words go."""
    out: list[str] = []
    for word in masked_words(text, masks):
        if word[0].isdigit() or word in _DIGIT_WORDS:
            if out and out[-1] == SLOT:
                continue
            word = SLOT
        elif len(word) < 2:
            continue
        out.append(word)
    return out


_SLOT_ID = 0x1_0000_0000  # outside CRC-32's range
_DROP_ID = 0x1_0000_0001
_MISS = -1
_BLOCK_LISTS = 4096


class Shingler:
    """Turns word lists into 32-bit shingle ids. Keeps a cache of word ids; one per process (it
    is not shared, and needs not be: the id of a word is fixed)."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def _learn(self, word: str) -> int:
        if len(self._cache) > 1_000_000:
            self._cache.clear()
        if word == SLOT or word[0].isdigit() or word in _DIGIT_WORDS:
            value = _SLOT_ID
        elif len(word) < 2:
            value = _DROP_ID
        else:
            value = zlib.crc32(word.encode())
        self._cache[word] = value
        return value

    def word_ids(self, words: Sequence[str]) -> np.ndarray:
        """The ids of `words` (int64). The cache is read for all of them in one C-level pass;
        only the words it misses, found by NumPy, take a step in Python."""
        ids = np.fromiter(
            map(self._cache.get, words, repeat(_MISS)), dtype=np.int64, count=len(words)
        )
        for at in np.flatnonzero(ids == _MISS).tolist():
            ids[at] = self._learn(words[at])
        return ids

    def shingle_texts(
        self, texts: Sequence[str], masks: Sequence[Iterable[tuple[int, int]]] = ()
    ) -> tuple[np.ndarray, np.ndarray]:
        """`shingle` of the texts' masked words (see `masked_words`)."""
        spans = list(masks) or [()] * len(texts)
        return self.shingle([masked_words(t, m) for t, m in zip(texts, spans, strict=True)])

    def shingle(self, word_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Sorted distinct shingle ids of every word list (words as `tokens` or `masked_words`
        give them), flat, with `offsets` such that list `i` has `flat[offsets[i]:offsets[i+1]]`."""
        count = len(word_lists)
        lengths = np.fromiter(map(len, word_lists), dtype=np.int64, count=count)
        # One look-up pass over the words of many lists at once (`map` of the cache's `get`
        # runs in C) rather than a generator per list; in blocks, so a call with every post of
        # a large scan does not hold a Python list of all its words.
        ids = np.empty(int(lengths.sum()), dtype=np.uint64)
        at = 0
        for first in range(0, count, _BLOCK_LISTS):
            block = self.word_ids(
                list(chain.from_iterable(word_lists[first : first + _BLOCK_LISTS]))
            )
            ids[at : at + len(block)] = block
            at += len(block)
        owner = np.repeat(np.arange(count, dtype=np.uint64), lengths)
        keep = ids != _DROP_ID
        ids, owner = ids[keep], owner[keep]
        slot = ids == _SLOT_ID
        again = np.zeros(len(ids), dtype=bool)
        again[1:] = slot[1:] & slot[:-1] & (owner[1:] == owner[:-1])
        ids, owner = ids[~again], owner[~again]
        unigrams = _mix(ids)
        follows = owner[1:] == owner[:-1]
        bigrams = _mix(ids[:-1][follows] * _BIGRAM + ids[1:][follows])
        keys = np.concatenate(
            (
                (owner << np.uint64(32)) | (unigrams >> np.uint64(32)),
                (owner[:-1][follows] << np.uint64(32)) | (bigrams >> np.uint64(32)),
            )
        )
        keys = sorted_unique(keys, overwrite=True)
        flat = (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        offsets = np.searchsorted(keys >> np.uint64(32), np.arange(count + 1, dtype=np.uint64))
        return flat, offsets.astype(np.int64)


def _mix(values: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: a fixed, well-spread 64-bit hash of 64-bit values."""
    x = values + _GOLDEN
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


def signatures(
    flat: np.ndarray,
    offsets: np.ndarray,
    keep: np.ndarray | None = None,
    seed: int = 1,
    block: int = 65536,
) -> np.ndarray:
    """One-permutation MinHash signatures, `(posts, K)` uint32, of the shingle sets given as
    `flat`/`offsets` (see `Shingler.shingle`); `keep`, if given, masks the shingles to use. A
    post without shingles gets `EMPTY` in every bin. Works through `block` posts at a time, so
    the temporary arrays stay small."""
    n = len(offsets) - 1
    salt = np.uint64(seed * 0x5851F42D4C957F2D & (2**64 - 1))
    sig = np.full((n, K), EMPTY, dtype=np.uint32)

    def fill(first: int) -> None:
        last = min(first + block, n)
        low, high = int(offsets[first]), int(offsets[last])
        owner = np.repeat(
            np.arange(last - first, dtype=np.int64), np.diff(offsets[first : last + 1])
        )
        part = flat[low:high]
        if keep is not None:
            chosen = keep[low:high]
            part, owner = part[chosen], owner[chosen]
        hashed = _mix(part.astype(np.uint64) ^ salt)
        bins = (hashed >> np.uint64(58)).astype(np.int64)  # top 6 bits: K = 64 bins
        values = (hashed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        window = sig[first:last].reshape(-1)
        np.minimum.at(window, owner * K + bins, values)
        sig[first:last] = _densify(window.reshape(-1, K))

    block = max(1, min(block, -(-n // THREADS)))  # at least one block per thread
    threaded(fill, range(0, n, block))
    return sig


def _densify(sig: np.ndarray) -> np.ndarray:
    """Densification by rotation (Shrivastava & Li, ICML 2014): an empty bin takes the value of
    the nearest non-empty bin to its right (wrapping around), mixed with the distance, so two
    posts agree in a filled bin only when they agree in the donor bin at the same distance."""
    empty = sig == EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if len(rows) == 0:
        return sig
    part, hole = sig[rows], empty[rows]
    position = np.where(
        np.concatenate((hole, hole), axis=1), np.int16(4 * K), np.arange(2 * K, dtype=np.int16)
    )
    nearest = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1][:, :K]
    donor = nearest % K
    distance = (nearest - np.arange(K, dtype=np.int16)).astype(np.uint32)
    filled = np.take_along_axis(part, donor.astype(np.intp), axis=1) + distance * np.uint32(
        0x9E3779B1
    )
    sig[rows] = np.where(hole, filled, part)
    return sig


def candidate_pairs(
    sig: np.ndarray, rows: int, usable: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs `(i, j)`, `i < j`, of posts whose signatures agree on every row of at
    least one band of `rows` bins. `usable` masks the posts that may take part."""
    index = np.arange(len(sig), dtype=np.int64) if usable is None else np.flatnonzero(usable)

    def band_pairs(band: int) -> list[np.ndarray]:
        part = sig[index, band * rows : (band + 1) * rows].astype(np.uint64)
        key = np.zeros(len(index), dtype=np.uint64)
        for column in range(rows):
            key = _mix(key ^ part[:, column])
        # Sorting (bucket key, position) packed in one integer is much faster than argsort;
        # 32 bits of bucket key only add a few false candidates, and those are verified.
        packed = (key & ~np.uint64(0xFFFFFFFF)) | np.arange(len(index), dtype=np.uint64)
        packed.sort()
        ordered = packed >> np.uint64(32)
        same = ordered[1:] == ordered[:-1]
        if not same.any():
            return []
        members = index[(packed & np.uint64(0xFFFFFFFF)).astype(np.int64)]
        # Chain: each member with the next in the bucket.
        chain_i, chain_j = members[:-1][same], members[1:][same]
        # Star: each member with the first of its bucket.
        starts = np.concatenate(([True], ~same))
        first = members[np.flatnonzero(starts)][np.cumsum(starts) - 1]
        star = first != members
        return [_codes(chain_i, chain_j), _codes(first[star], members[star])]

    found = [
        codes for codes_of_band in threaded(band_pairs, range(K // rows)) for codes in codes_of_band
    ]
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    codes = sorted_unique(np.concatenate(found), overwrite=True)
    return (codes >> 32).astype(np.int64), (codes & 0xFFFFFFFF).astype(np.int64)


def _codes(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    low, high = np.minimum(i, j), np.maximum(i, j)
    return (low << 32) | high


def agreement(sig: np.ndarray, i: np.ndarray, j: np.ndarray, block: int = 262144) -> np.ndarray:
    """Share of signature bins in which posts `i` and `j` agree: an estimate of the Jaccard
    similarity of their shingle sets. Compares the low 8 bits of each bin (b-bit MinHash), which
    moves a quarter of the memory and adds about 1/256 to the estimate."""
    low = (sig & np.uint32(0xFF)).astype(np.uint8)
    out = np.empty(len(i), dtype=np.float32)

    def compare(start: int) -> None:
        a, b = low[i[start : start + block]], low[j[start : start + block]]
        out[start : start + block] = np.count_nonzero(a == b, axis=1) / K

    block = max(1, min(block, -(-len(i) // THREADS)))
    threaded(compare, range(0, len(i), block))
    return out


def shingle_index(
    flat: np.ndarray, frequent_over: float | None = None, sample: int = 16
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Dense ids for the shingles of `flat` (shingle ids, distinct within each post), by one
    exact sort: for every entry its id `0 … U-1` in the order of the shingle values; for every
    id the number of posts holding it (its document frequency); the ids held by more than
    `frequent_over` posts; and for each of those the positions in `flat` of its first `sample`
    entries (-1 where there are fewer)."""
    n = len(flat)
    none = np.zeros(0, dtype=np.int64)
    if n == 0:
        return none.astype(np.int32), none, none, np.zeros((0, sample), dtype=np.int64)
    keys = np.empty(n, dtype=np.uint64)  # (shingle << 32) | position, built block by block
    for start, end in blocks(n):
        part = keys[start:end]
        part[...] = flat[start:end]
        part <<= np.uint64(32)
        part |= np.arange(start, end, dtype=np.uint64)
    sort_in_place(keys)
    new = np.empty(n, dtype=bool)
    new[0] = True
    position = np.empty(n, dtype=np.uint32)
    for start, end in blocks(n):
        # The low 32 bits (an unsafe cast of unsigned integers keeps them): the positions.
        np.copyto(position[start:end], keys[start:end], casting="unsafe")
        if end > 1:
            low = max(start, 1)
            new[low:end] = (keys[low:end] >> np.uint64(32)) != (
                keys[low - 1 : end - 1] >> np.uint64(32)
            )
    del keys
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, n))
    rank = np.cumsum(new, dtype=np.int32)
    rank -= 1
    ids = np.empty(n, dtype=np.int32)
    ids[position] = rank
    del new, rank
    if frequent_over is None:
        return ids, counts, none, np.zeros((0, sample), dtype=np.int64)
    frequent = np.flatnonzero(counts > frequent_over)
    at = starts[frequent][:, None] + np.arange(sample)[None, :]
    inside = np.arange(sample)[None, :] < counts[frequent][:, None]
    first = np.where(inside, position[np.minimum(at, n - 1)].astype(np.int64), -1)
    return ids, counts, frequent, first
