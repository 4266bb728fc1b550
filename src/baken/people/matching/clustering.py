"""Persons from links: union-find that refuses to join records that cannot be one person.

Links are transitive: if A is linked to B and B to C, A and C become one person although
they were never compared. A chain of weak links could so join two people whose birth dates
or document numbers differ. Every cluster therefore keeps its birth date and its document
numbers, and a union whose result would hold two birth dates, or two sets of document
numbers without a number in common, is refused. Links are applied strongest first, so the
best-supported grouping wins when two links compete.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from baken.people.matching.records import PreparedRecord
from baken.people.matching.scoring import documents_near


class Clusters:
    """A disjoint-set forest over record positions, with the hard fields of each cluster."""

    def __init__(self, records: Sequence[PreparedRecord]) -> None:
        self.parent = list(range(len(records)))
        self.size = [1] * len(records)
        # Per root: the one birth date of the cluster (or None), and its document numbers.
        self.birth_date: list[date | None] = [record.birth_date for record in records]
        self.documents: list[frozenset[str]] = [record.documents for record in records]

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:  # path compression
            parent[i], i = root, parent[i]
        return root

    def conflict(self, a: int, b: int) -> bool:
        """Whether the clusters of roots `a` and `b` disagree on a hard field."""
        left, right = self.birth_date[a], self.birth_date[b]
        if left is not None and right is not None and left != right:
            return True
        docs_a, docs_b = self.documents[a], self.documents[b]
        return bool(
            docs_a and docs_b and docs_a.isdisjoint(docs_b) and not documents_near(docs_a, docs_b)
        )

    def union(self, i: int, j: int) -> bool:
        """Join the clusters of `i` and `j`; False if they are one already or conflict."""
        a, b = self.find(i), self.find(j)
        if a == b or self.conflict(a, b):
            return False
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        self.birth_date[a] = self.birth_date[a] or self.birth_date[b]
        if self.documents[b]:
            self.documents[a] = self.documents[a] | self.documents[b]
        return True

    def labels(self) -> list[int]:
        """A dense person number per record, numbered in order of first appearance."""
        numbers: dict[int, int] = {}
        return [numbers.setdefault(self.find(i), len(numbers)) for i in range(len(self.parent))]
