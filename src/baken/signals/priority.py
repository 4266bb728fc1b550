"""The priority of a signal in the triage inbox, with its explanation: pure, free of Django.

The score only orders work; it decides nothing about a person (BRIEF: no automated decision).
Every point has a reason the coordinator sees beside the signal:

- each indicator observed: its catalogue weight times 2;
- urgency as the signaler judged it: urgent +20, normal +5, low 0;
- a minor involved: +25 (young prostitution and minors are prioritised);
- earlier signals about the same place: +5 each, at most +15;
- earlier signals about the same phone number: +5 each, at most +15.

Reasons worth no points are left out, so the reasons always add up to the score; they are
sorted by points, highest first.

What the score must never see: nationality, stated ethnicity, country of birth, language or
any other mark of origin. Using origin as a risk indicator (the police's "Eastern European
origin") discriminates by proxy and was rightly criticised; origin may be shown as context,
but it cannot raise a score. That is why `PriorityFacts` has no field to carry it: the
guarantee is in the type, not in the discipline of the caller. Sex work and working without a
licence are not indicators either; the catalogue does not contain them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

INDICATOR_FACTOR = 2
URGENCY_POINTS = {"urgent": 20, "normal": 5, "low": 0}
MINOR_POINTS = 25
REPEAT_POINTS = 5
REPEAT_CAP = 15

# For equal points the reasons keep a fixed, readable order.
KIND_ORDER = ("minor", "urgency", "indicator", "repeat_place", "repeat_phone")


@dataclass(frozen=True)
class PriorityFacts:
    """What the score may look at. `indicator_weights` holds (code, weight) pairs from the
    signal's catalogue version; the counts are of earlier signals, this one not included."""

    indicator_weights: Sequence[tuple[str, int]]
    urgency: str
    is_minor: bool
    earlier_signals_same_place: int = 0
    earlier_signals_same_phone: int = 0


@dataclass(frozen=True)
class Reason:
    """One part of the score. `detail` is the indicator code, the urgency, or the count of
    earlier signals; empty for a minor."""

    kind: str
    points: int
    detail: str = ""


@dataclass(frozen=True)
class Priority:
    score: int
    reasons: tuple[Reason, ...]


def _repeat_points(count: int) -> int:
    return min(count * REPEAT_POINTS, REPEAT_CAP)


def assess(facts: PriorityFacts) -> Priority:
    """Score a signal and say why. Raises ValueError on facts that cannot be scored."""
    if facts.urgency not in URGENCY_POINTS:
        raise ValueError(f"Unknown urgency: {facts.urgency!r}")
    if facts.earlier_signals_same_place < 0 or facts.earlier_signals_same_phone < 0:
        raise ValueError("A count of earlier signals cannot be negative.")

    # An indicator counts once, however often it was ticked.
    weights: dict[str, int] = {}
    for code, weight in facts.indicator_weights:
        if weight < 0:
            raise ValueError(f"Indicator {code} has a negative weight.")
        weights[code] = max(weight, weights.get(code, 0))

    reasons = [
        Reason("indicator", weight * INDICATOR_FACTOR, code) for code, weight in weights.items()
    ]
    reasons.append(Reason("urgency", URGENCY_POINTS[facts.urgency], facts.urgency))
    if facts.is_minor:
        reasons.append(Reason("minor", MINOR_POINTS))
    for kind, count in (
        ("repeat_place", facts.earlier_signals_same_place),
        ("repeat_phone", facts.earlier_signals_same_phone),
    ):
        reasons.append(Reason(kind, _repeat_points(count), str(count)))

    shown = sorted(
        (reason for reason in reasons if reason.points > 0),
        key=lambda r: (-r.points, KIND_ORDER.index(r.kind), r.detail),
    )
    return Priority(score=sum(r.points for r in shown), reasons=tuple(shown))


def reasons_to_json(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    """For `Signal.priority_reasons`: a list of plain dicts."""
    return [{"kind": r.kind, "points": r.points, "detail": r.detail} for r in reasons]


def reasons_from_json(data: Sequence[dict[str, Any]]) -> tuple[Reason, ...]:
    return tuple(
        Reason(
            kind=str(item["kind"]), points=int(item["points"]), detail=str(item.get("detail", ""))
        )
        for item in data
    )
