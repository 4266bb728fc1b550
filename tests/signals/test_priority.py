"""The priority score orders the triage inbox and explains itself, point by point."""

from __future__ import annotations

import dataclasses

import pytest

from baken.signals.priority import (
    Priority,
    PriorityFacts,
    Reason,
    assess,
    reasons_from_json,
    reasons_to_json,
)


def facts(**overrides) -> PriorityFacts:  # type: ignore[no-untyped-def]
    values = {
        "indicator_weights": (),
        "urgency": "low",
        "is_minor": False,
        "earlier_signals_same_place": 0,
        "earlier_signals_same_phone": 0,
    }
    values.update(overrides)
    return PriorityFacts(**values)  # type: ignore[arg-type]


def test_signal_with_nothing_to_go_on_scores_zero_and_gives_no_reasons() -> None:
    assert assess(facts()) == Priority(score=0, reasons=())


def test_each_indicator_counts_its_weight_twice() -> None:
    result = assess(facts(indicator_weights=[("passport_withheld", 3), ("debt_bondage", 5)]))
    assert result.score == 16
    assert result.reasons == (
        Reason("indicator", 10, "debt_bondage"),
        Reason("indicator", 6, "passport_withheld"),
    )


def test_an_indicator_ticked_twice_counts_once() -> None:
    result = assess(facts(indicator_weights=[("debt_bondage", 5), ("debt_bondage", 5)]))
    assert result.score == 10


@pytest.mark.parametrize(("urgency", "points"), [("urgent", 20), ("normal", 5), ("low", 0)])
def test_urgency_points(urgency: str, points: int) -> None:
    result = assess(facts(urgency=urgency))
    assert result.score == points
    assert result.reasons == ((Reason("urgency", points, urgency),) if points else ())


def test_minor_adds_twenty_five() -> None:
    assert assess(facts(is_minor=True)).reasons == (Reason("minor", 25, ""),)


@pytest.mark.parametrize(("earlier", "points"), [(1, 5), (2, 10), (3, 15), (4, 15), (40, 15)])
def test_repeated_signals_add_five_each_up_to_fifteen(earlier: int, points: int) -> None:
    by_place = assess(facts(earlier_signals_same_place=earlier))
    assert by_place.reasons == (Reason("repeat_place", points, str(earlier)),)
    by_phone = assess(facts(earlier_signals_same_phone=earlier))
    assert by_phone.reasons == (Reason("repeat_phone", points, str(earlier)),)


def test_reasons_add_up_to_the_score_and_come_highest_first() -> None:
    result = assess(
        facts(
            indicator_weights=[("recruited_online", 2), ("no_own_id", 4)],
            urgency="urgent",
            is_minor=True,
            earlier_signals_same_place=2,
            earlier_signals_same_phone=1,
        )
    )
    assert result.score == sum(reason.points for reason in result.reasons) == 4 + 8 + 20 + 25 + 15
    assert [(r.kind, r.points) for r in result.reasons] == [
        ("minor", 25),
        ("urgency", 20),
        ("repeat_place", 10),
        ("indicator", 8),
        ("repeat_phone", 5),
        ("indicator", 4),
    ]


def test_more_serious_facts_never_lower_the_score() -> None:
    base = facts(indicator_weights=[("debt_bondage", 5)], urgency="normal")
    score = assess(base).score
    assert assess(dataclasses.replace(base, urgency="urgent")).score > score
    assert assess(dataclasses.replace(base, is_minor=True)).score > score
    assert assess(dataclasses.replace(base, earlier_signals_same_phone=1)).score > score


def test_the_score_cannot_be_given_nationality_or_origin() -> None:
    names = {field.name for field in dataclasses.fields(PriorityFacts)}
    assert names == {
        "indicator_weights",
        "urgency",
        "is_minor",
        "earlier_signals_same_place",
        "earlier_signals_same_phone",
    }
    with pytest.raises(TypeError):
        PriorityFacts((), "normal", False, nationality="RO")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "bad",
    [
        {"urgency": "whenever"},
        {"earlier_signals_same_place": -1},
        {"earlier_signals_same_phone": -1},
        {"indicator_weights": [("x", -3)]},
    ],
)
def test_facts_that_cannot_be_scored_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message names the fact
        assess(facts(**bad))


def test_reasons_survive_the_trip_through_json() -> None:
    reasons = assess(
        facts(indicator_weights=[("debt_bondage", 5)], urgency="urgent", is_minor=True)
    ).reasons
    stored = reasons_to_json(reasons)
    assert stored[0] == {"kind": "minor", "points": 25, "detail": ""}
    assert all(set(item) == {"kind", "points", "detail"} for item in stored)
    assert reasons_from_json(stored) == reasons
