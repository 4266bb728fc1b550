"""The score of a pair of records: how much the fields that both hold say "same person".

Fellegi-Sunter in spirit: every field that both records hold adds a weight, roughly
log2(m/u) with m the chance that the field agrees for two records of one person and u the
chance that it agrees for two different persons; a disagreement adds log2((1-m)/(1-u)). A
field that one record lacks adds nothing. The weights are set by hand, not estimated, so
that every score can be read back as a short list of reasons:

=============  ===================================  =====================================
field          outcome                              weight
=============  ===================================  =====================================
name           parts paired up (see `names`):       sum, between -4 and +6
               same +2.5, alike +1.5, initial
               +0.5, different -4, missing -0.5
birth_date     same                                 +7
birth_date     differs                              -10 and a **hard conflict**
birth_year     same / one apart / further apart     +2 / 0 / -3 (when a date is missing)
phone          a number in common / none            +5 / -1.5
email          an address in common / none          +7 / -1.5
handle         a handle in common / none            +6 / -1
document       a number in common                   +10
document       nearly the same (one typo)           0
document       different numbers                    -10 and a **hard conflict**
nationality    same                                 +0.25; a difference counts 0
=============  ===================================  =====================================

A phone number in common is deliberately weaker than a name and birth date: families and
housemates share one phone, and exploiters put one number on many persons. Such a pair has
a different given name (-4) and birth year (-3) or date (a hard conflict), which outweigh
the phone. An identifier that differs weighs little: people have several numbers and
addresses. The weights were tuned on the synthetic data of `baken.people.synthetic` for
pairwise F1 and a short review list. Nationality only ever adds a
quarter point, never subtracts: origin is context, not evidence against being one person.
A hard conflict means the records cannot be one person whatever else agrees (different
birth dates, different document numbers); such a pair is never linked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from baken.people.matching.names import NAME_MAX, best_match, describe
from baken.people.matching.records import PreparedRecord

DATE_SAME, DATE_DIFFERS = 7.0, -10.0
YEAR_SAME, YEAR_NEAR, YEAR_DIFFERS = 2.0, 0.0, -3.0
PHONE_SAME, PHONE_DIFFERS = 5.0, -1.5
EMAIL_SAME, EMAIL_DIFFERS = 7.0, -1.5
HANDLE_SAME, HANDLE_DIFFERS = 6.0, -1.0
DOCUMENT_SAME, DOCUMENT_NEAR, DOCUMENT_DIFFERS = 10.0, 0.0, -10.0
NATIONALITY_SAME = 0.25


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where a score becomes a link or a suggestion; settings (BAKEN_MATCH_LINK/_REVIEW).

    With the default weights a link needs a name and a birth date to agree (12, or 11 with a
    typo), or a name and an identifier (10), or a birth date and an identifier when the names
    differ, as with an alias (8). The review band holds a same or similar name confirmed only
    by the birth year (6 to 7.5); a same name alone (5) is not put forward.
    """

    link: float = 8.0
    review: float = 6.0

    def __post_init__(self) -> None:
        if self.review > self.link:
            raise ValueError("the review threshold must not be above the link threshold")

    def decide(self, score: PairScore) -> str:
        """``link``, ``review`` or ``separate``. A hard conflict is never linked."""
        if score.score >= self.link and not score.hard_conflict:
            return "link"
        return "review" if score.score >= self.review else "separate"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason in a score: a field, what the comparison found, and what that weighs."""

    field: str
    outcome: str
    weight: float

    def __str__(self) -> str:
        return f"{self.field}: {self.outcome} ({self.weight:+.1f})"


@dataclass(frozen=True, slots=True)
class PairScore:
    """The score of records `left` and `right`: their positions in the linked sequence, or
    0 and 1 when `score_pair` compares two records on their own."""

    left: int
    right: int
    score: float
    evidence: tuple[Evidence, ...]
    hard_conflict: bool

    def explain(self) -> str:
        return "; ".join(str(item) for item in self.evidence)


def score_pair(a: PreparedRecord, b: PreparedRecord, left: int = 0, right: int = 1) -> PairScore:
    total, hard, reasons = weigh(a, b)
    return explained(left, right, total, hard, reasons)


def explained(left: int, right: int, total: float, hard: bool, reasons: list[Reason]) -> PairScore:
    evidence = tuple(Evidence(field, outcome, weight) for field, outcome, weight in reasons)
    return PairScore(left, right, total, evidence, hard)


Reason = tuple[str, str, float]


def weigh(
    a: PreparedRecord, b: PreparedRecord, floor: float = -math.inf
) -> tuple[float, bool, list[Reason]]:
    """The score, whether there is a hard conflict, and the reasons as plain tuples.

    `score_pair` wraps this. A batch linkage passes its review threshold as `floor`: once a
    pair is certain to stay below it, the names are not compared and nothing is explained
    (the score returned is then only known to be below `floor`), which saves most of the cost
    of the many candidate pairs that turn out to be different persons.
    """
    reasons: list[Reason] = []
    total = 0.0
    hard = False
    if a.birth_date is not None and b.birth_date is not None:
        if a.birth_date == b.birth_date:
            reasons.append(("birth_date", "same", DATE_SAME))
            total += DATE_SAME
        else:
            reasons.append(("birth_date", "differs", DATE_DIFFERS))
            total += DATE_DIFFERS
            hard = True
    elif a.birth_year is not None and b.birth_year is not None:
        apart = abs(a.birth_year - b.birth_year)
        if apart == 0:
            reasons.append(("birth_year", "same", YEAR_SAME))
            total += YEAR_SAME
        elif apart == 1:
            reasons.append(("birth_year", "one year apart", YEAR_NEAR))
            total += YEAR_NEAR
        else:
            reasons.append(("birth_year", f"{apart} years apart", YEAR_DIFFERS))
            total += YEAR_DIFFERS
    for field, left, right, same, differs in (
        ("phone", a.phones, b.phones, PHONE_SAME, PHONE_DIFFERS),
        ("email", a.emails, b.emails, EMAIL_SAME, EMAIL_DIFFERS),
        ("handle", a.handles, b.handles, HANDLE_SAME, HANDLE_DIFFERS),
    ):
        if left and right:
            if left.isdisjoint(right):
                reasons.append((field, "differs", differs))
                total += differs
            else:
                reasons.append((field, "same", same))
                total += same
    if a.documents and b.documents:
        if not a.documents.isdisjoint(b.documents):
            reasons.append(("document", "same", DOCUMENT_SAME))
            total += DOCUMENT_SAME
        elif documents_near(a.documents, b.documents):
            reasons.append(("document", "nearly the same", DOCUMENT_NEAR))
            total += DOCUMENT_NEAR
        else:
            reasons.append(("document", "differs", DOCUMENT_DIFFERS))
            total += DOCUMENT_DIFFERS
            hard = True
    if a.nationality and a.nationality == b.nationality:
        reasons.append(("nationality", "same", NATIONALITY_SAME))
        total += NATIONALITY_SAME
    if a.names and b.names:
        if total + NAME_MAX < floor:
            return total + NAME_MAX, hard, reasons
        match = best_match(a.names, b.names)
        total += match.weight
        if total >= floor:
            reasons.insert(0, ("name", describe(match), match.weight))
    return total, hard, reasons


def documents_near(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether a number on one side is one typo away from a number on the other."""
    return any(len(x) >= 6 and OSA.distance(x, y, score_cutoff=1) <= 1 for x in left for y in right)
