"""Candidate pairs: which records of a batch are worth scoring at all.

Scoring every pair of a million records is 5 * 10^11 comparisons; blocking keeps only pairs
that share a blocking key (`records.blocking_keys`): an identifier, or a name part that sounds
alike together with the birth date or year. A key that very many records share says little
and would cost quadratically, so blocks above `MAX_BLOCK` records are treated by kind:

- identifier keys (phone, e-mail, handle, document): a number that a hundred records carry
  (an exploiter's number on many adverts) still links, but each record is compared only with
  its `WINDOW` neighbours after sorting the block by name (a sorted-neighbourhood window);
- name keys (date, year, name): skipped. A common name in a common birth year ("Jan de Vries,
  1990") tells too little to pair records on; they meet through their birth date or another
  key instead.

Within ``year:`` and ``name:`` blocks only pairs with an undated record are made (see
`UNDATED_KINDS`): that keeps the cost of these wide keys to the few records that need them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

from baken.people.matching.records import IDENTIFIER_KINDS, PreparedRecord

MAX_BLOCK = 50
WINDOW = 10
# Blocks of these kinds pair only records of which at least one lacks a birth date: two
# dated records of one person share a ``date:`` key, and with different dates they are a
# hard conflict, which is not worth scoring.
UNDATED_KINDS = ("year", "name")


def group(keys_per_record: Iterable[Iterable[str]]) -> dict[str, list[int]]:
    """Blocks: each key with the positions of the records that have it, in ascending order."""
    blocks: dict[str, list[int]] = {}
    for position, keys in enumerate(keys_per_record):
        for key in keys:
            members = blocks.get(key)
            if members is None:
                blocks[key] = [position]
            else:
                members.append(position)
    return blocks


def candidate_pairs(
    blocks: dict[str, list[int]], records: Sequence[PreparedRecord]
) -> list[tuple[int, int]]:
    """The distinct pairs (i < j) that share a block, within the limits described above."""
    n = len(records)
    found: set[int] = set()  # pair (i, j) as i * n + j: ints hash and store cheaply
    for key, members in blocks.items():
        size = len(members)
        if size < 2:
            continue
        kind = key.partition(":")[0]
        if size > MAX_BLOCK:
            if kind in IDENTIFIER_KINDS:
                found.update(_windowed(members, records, n))
        elif kind in UNDATED_KINDS:
            found.update(_undated(members, records, n))
        else:
            found.update(i * n + j for i, j in combinations(members, 2))
    return [divmod(code, n) for code in found]


def _undated(members: list[int], records: Sequence[PreparedRecord], n: int) -> Iterable[int]:
    undated = [i for i in members if records[i].birth_date is None]
    for i in undated:
        for j in members:
            if i != j and (j > i or records[j].birth_date is not None):
                yield min(i, j) * n + max(i, j)


def _windowed(members: list[int], records: Sequence[PreparedRecord], n: int) -> Iterable[int]:
    ordered = sorted(members, key=lambda i: _name_order(records[i]))
    for offset, i in enumerate(ordered):
        for j in ordered[offset + 1 : offset + 1 + WINDOW]:
            yield min(i, j) * n + max(i, j)


def _name_order(record: PreparedRecord) -> str:
    return record.names[0].key if record.names else ""
