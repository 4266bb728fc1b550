"""The score of a pair of records: how much the fields that both hold say "same person".

Fellegi–Sunter in spirit: every field that both records hold adds a weight, roughly
log2(m/u) with m the chance that the field agrees for two records of one person and u the
chance that it agrees for two different persons; a disagreement adds log2((1-m)/(1-u)). A
field that one record lacks adds nothing. The weights are set by hand, not estimated, so
that every score can be read back as a short list of reasons:

=============  ==================================  ======================================
field          outcome                             weight
=============  ==================================  ======================================
name           per aligned part: same +3,          sum, between -4 and +7; parts one
               alike (spelling, typo) +2,          name lacks -0.5 each (a dropped
               initial +1, different -4            middle name or second surname)
birth_date     same                                +7
birth_date     differs                             -10 and a **hard conflict**
birth_year     same / one apart / further          +1.5 / +0.5 / -3 (dates missing)
phone          a number in common / none           +5 / -1 (family members share phones)
email          an address in common / none         +7 / -1
handle         a handle in common / none           +6 / -0.5
document       a number in common                  +10
document       nearly the same (one typo)          0
document       different numbers                   -10 and a **hard conflict**
nationality    same                                +0.25; a difference counts 0
=============  ==================================  ======================================

A phone number in common is deliberately weaker than a name and birth date: families and
housemates share one phone, and exploiters put one number on many persons. Such a pair has
different names or birth years, which outweigh the phone. Nationality only ever adds a
quarter point, never subtracts: origin is context, not evidence against being one person.
A hard conflict means the records cannot be one person whatever else agrees (different
birth dates, different document numbers); such a pair is never linked.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio

from baken.people.matching.records import Name, PreparedRecord

NAME_PART_SAME, NAME_PART_ALIKE, NAME_PART_INITIAL, NAME_PART_DIFFERS = 3.0, 2.0, 1.0, -4.0
NAME_PART_MISSING = -0.5
NAME_MIN, NAME_MAX = -4.0, 7.0
DATE_SAME, DATE_DIFFERS = 7.0, -10.0
YEAR_SAME, YEAR_NEAR, YEAR_DIFFERS = 1.5, 0.5, -3.0
PHONE_SAME, PHONE_DIFFERS = 5.0, -1.0
EMAIL_SAME, EMAIL_DIFFERS = 7.0, -1.0
HANDLE_SAME, HANDLE_DIFFERS = 6.0, -0.5
DOCUMENT_SAME, DOCUMENT_NEAR, DOCUMENT_DIFFERS = 10.0, 0.0, -10.0
NATIONALITY_SAME = 0.25


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where a score becomes a link or a suggestion; settings (BAKEN_MATCH_LINK/_REVIEW).

    With the default weights, 8 needs a name and a birth date, or a name and an identifier,
    to agree; 4 puts forward a same name alone, or a shared phone with a half-matching name.
    """

    link: float = 8.0
    review: float = 4.0

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
    """The score of records `left` and `right` (positions in the linked sequence)."""

    left: int
    right: int
    score: float
    evidence: tuple[Evidence, ...]
    hard_conflict: bool

    def explain(self) -> str:
        return "; ".join(str(item) for item in self.evidence)


def score_pair(a: PreparedRecord, b: PreparedRecord, left: int = 0, right: int = 1) -> PairScore:
    total, hard, reasons = weigh(a, b)
    evidence = tuple(Evidence(field, outcome, weight) for field, outcome, weight in reasons)
    return PairScore(left, right, total, evidence, hard)


Reason = tuple[str, str, float]


def weigh(a: PreparedRecord, b: PreparedRecord) -> tuple[float, bool, list[Reason]]:
    """The score, whether there is a hard conflict, and the reasons as plain tuples.

    `score_pair` wraps this; a batch linkage calls it directly so that the millions of pairs
    that stay apart cost no objects beyond their tuples.
    """
    reasons: list[Reason] = []
    hard = False
    if a.names and b.names:
        reasons.append(_names(a.names, b.names))
    if a.birth_date is not None and b.birth_date is not None:
        if a.birth_date == b.birth_date:
            reasons.append(("birth_date", "same", DATE_SAME))
        else:
            reasons.append(("birth_date", "differs", DATE_DIFFERS))
            hard = True
    elif a.birth_year is not None and b.birth_year is not None:
        apart = abs(a.birth_year - b.birth_year)
        if apart == 0:
            reasons.append(("birth_year", "same", YEAR_SAME))
        elif apart == 1:
            reasons.append(("birth_year", "one year apart", YEAR_NEAR))
        else:
            reasons.append(("birth_year", f"{apart} years apart", YEAR_DIFFERS))
    if a.phones and b.phones:
        if a.phones.isdisjoint(b.phones):
            reasons.append(("phone", "differs", PHONE_DIFFERS))
        else:
            reasons.append(("phone", "same", PHONE_SAME))
    if a.emails and b.emails:
        if a.emails.isdisjoint(b.emails):
            reasons.append(("email", "differs", EMAIL_DIFFERS))
        else:
            reasons.append(("email", "same", EMAIL_SAME))
    if a.handles and b.handles:
        if a.handles.isdisjoint(b.handles):
            reasons.append(("handle", "differs", HANDLE_DIFFERS))
        else:
            reasons.append(("handle", "same", HANDLE_SAME))
    if a.documents and b.documents:
        if not a.documents.isdisjoint(b.documents):
            reasons.append(("document", "same", DOCUMENT_SAME))
        elif documents_near(a.documents, b.documents):
            reasons.append(("document", "nearly the same", DOCUMENT_NEAR))
        else:
            reasons.append(("document", "differs", DOCUMENT_DIFFERS))
            hard = True
    if a.nationality and a.nationality == b.nationality:
        reasons.append(("nationality", "same", NATIONALITY_SAME))
    return sum(weight for _, _, weight in reasons), hard, reasons


def documents_near(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether a number on one side is one typo away from a number on the other."""
    return any(
        len(x) >= 6 and OSA.distance(x, y, score_cutoff=1) <= 1 for x in left for y in right
    )


# --- names ----------------------------------------------------------------------------------


def _names(left: tuple[Name, ...], right: tuple[Name, ...]) -> Reason:
    """The best-agreeing pair among the names and aliases of both records."""
    best: Reason | None = None
    for x in left:
        for y in right:
            if x.text == y.text:
                same = ("name", "same", min(NAME_PART_SAME * len(x.tokens), NAME_MAX))
                if best is None or same[2] > best[2]:
                    best = same
                continue
            reason = compare_names(x, y)
            if best is None or reason[2] > best[2]:
                best = reason
    assert best is not None  # both sides hold at least one name
    return best


def compare_names(x: Name, y: Name) -> Reason:
    """Compare two names part by part, in whatever order their parts were written.

    The parts are paired up so that the agreement is greatest (all orders are tried for
    names of up to three parts). Each pair is the same, alike (same phonetic code, or one
    typo apart), an initial against its name, or different; parts left over cost a little.
    The outcome shows the similarity of the aligned names (rapidfuzz ratio, 0 to 1).
    """
    short, long = (x, y) if len(x.tokens) <= len(y.tokens) else (y, x)
    s_tokens, s_codes, l_tokens, l_codes = short.tokens, short.codes, long.tokens, long.codes
    order: tuple[int, ...]
    if len(s_tokens) == 2 and len(l_tokens) == 2:  # the common case, without the machinery
        p00 = _part_points(s_tokens[0], s_codes[0], l_tokens[0], l_codes[0])
        p11 = _part_points(s_tokens[1], s_codes[1], l_tokens[1], l_codes[1])
        p01 = _part_points(s_tokens[0], s_codes[0], l_tokens[1], l_codes[1])
        p10 = _part_points(s_tokens[1], s_codes[1], l_tokens[0], l_codes[0])
        order, matched = ((0, 1), [p00, p11]) if p00 + p11 >= p01 + p10 else ((1, 0), [p01, p10])
    else:
        points = [
            [_part_points(s, sc, t, tc) for t, tc in zip(l_tokens, l_codes, strict=True)]
            for s, sc in zip(s_tokens, s_codes, strict=True)
        ]
        order = _best_order(points, len(l_tokens))
        matched = [points[i][j] for i, j in enumerate(order)]
    missing = len(l_tokens) - len(s_tokens)
    weight = max(NAME_MIN, min(NAME_MAX, sum(matched) + NAME_PART_MISSING * missing))
    aligned = " ".join([l_tokens[j] for j in order])
    similarity = ratio(short.text, aligned, processor=None) / 100
    if all(p == NAME_PART_SAME for p in matched):
        outcome = f"same, {missing} part(s) missing" if missing else "same"
    elif all(p > 0 for p in matched):
        outcome = f"similar {similarity:.2f}"
    elif any(p > 0 for p in matched):
        outcome = f"partly alike {similarity:.2f}"
    else:
        outcome = f"differs {similarity:.2f}"
    return ("name", outcome, weight)


def _part_points(s: str, s_code: str, t: str, t_code: str) -> float:
    if s == t:
        return NAME_PART_SAME
    if s[0] != t[0] and s_code != t_code:
        return NAME_PART_DIFFERS
    if len(s) == 1 or len(t) == 1:
        return NAME_PART_INITIAL if s[0] == t[0] else NAME_PART_DIFFERS
    if s_code == t_code and len(s_code) > 1 and abs(len(s) - len(t)) <= 2:
        return NAME_PART_ALIKE
    # One typo (replaced, dropped, added or swapped letters) in a part of three letters or more.
    if s[0] == t[0] and min(len(s), len(t)) >= 3 and OSA.distance(s, t, score_cutoff=1) <= 1:
        return NAME_PART_ALIKE
    return NAME_PART_DIFFERS


def _best_order(points: list[list[float]], width: int) -> tuple[int, ...]:
    """For each part of the shorter name, the part of the longer name it is paired with."""
    rows = len(points)
    if rows == 1:
        row = points[0]
        return (max(range(width), key=row.__getitem__),)
    if width <= 3:
        return max(
            permutations(range(width), rows),
            key=lambda order: sum(points[i][j] for i, j in enumerate(order)),
        )
    order: list[int] = []  # many parts: greedy, best pairs first
    free = set(range(width))
    for row in points:
        j = max(free, key=row.__getitem__)
        order.append(j)
        free.discard(j)
    return tuple(order)
