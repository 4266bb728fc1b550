"""The B8 and identification dates, computed without Django."""

from __future__ import annotations

from datetime import date

import pytest

from baken.cases.b8_deadlines import (
    B8Facts,
    add_months,
    b8_deadlines,
    conclusive_earliest,
    reasonable_grounds_due,
    reflection_end,
    reflection_warning,
)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 1, 10), date(2026, 4, 9)),
        # Three months from 30 November: 28 February is the last day that exists.
        (date(2026, 11, 30), date(2027, 2, 27)),
        (date(2027, 11, 30), date(2028, 2, 28)),  # 2028 is a leap year: 29 Feb is the 3-month mark
        (date(2026, 12, 31), date(2027, 3, 30)),
    ],
)
def test_the_reflection_period_is_three_months(start: date, end: date) -> None:
    assert reflection_end(start) == end


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 5, 15), 12) == date(2027, 5, 15)
    assert add_months(date(2026, 12, 1), 3) == date(2027, 3, 1)


def test_reasonable_grounds_are_due_in_five_working_days_without_holidays() -> None:
    # Opened on Monday 21 December 2026: 22, 23, 24, (Christmas Day on Friday 25 is a
    # holiday, the weekend with Boxing Day is not a working day anyway) 28 and 29 December.
    assert reasonable_grounds_due(date(2026, 12, 21)) == date(2026, 12, 29)
    assert reasonable_grounds_due(date(2026, 11, 27)) == date(2026, 12, 4)  # from a Friday


def test_a_conclusive_decision_waits_thirty_days() -> None:
    assert conclusive_earliest(date(2026, 1, 31)) == date(2026, 3, 2)


def test_the_warning_starts_fourteen_days_before_the_end_without_a_decision() -> None:
    facts = B8Facts(reflection_start=date(2026, 1, 10))  # ends 9 April
    assert reflection_warning(facts, date(2026, 3, 25)) is None
    warning = reflection_warning(facts, date(2026, 3, 26))
    assert warning is not None
    assert warning.due == date(2026, 4, 9)
    # After the end it stays (overdue) until a decision is recorded.
    assert reflection_warning(facts, date(2026, 4, 20)) is not None
    decided = B8Facts(reflection_start=date(2026, 1, 10), cooperation_decided=True)
    assert reflection_warning(decided, date(2026, 4, 1)) is None


def test_a_granted_permit_gives_renewal_and_continued_residence_dates() -> None:
    facts = B8Facts(
        reflection_start=date(2026, 1, 10),
        cooperation_decided=True,
        permit_applied_on=date(2026, 2, 1),
        permit_granted_on=date(2026, 2, 15),
    )
    by_code = {deadline.code: deadline for deadline in b8_deadlines(facts)}
    assert by_code["reflection_end"].open is False
    assert by_code["permit_renewal"].due == date(2027, 2, 15)
    assert by_code["permit_renewal"].open is True
    assert by_code["continued_residence"].due == date(2029, 2, 15)
    # A conviction brings continued residence forward; the end of the case stops renewals.
    convicted = B8Facts(
        permit_granted_on=date(2026, 2, 15),
        conviction_on=date(2027, 6, 1),
        criminal_case_ended_on=date(2027, 6, 1),
    )
    by_code = {deadline.code: deadline for deadline in b8_deadlines(convicted)}
    assert by_code["continued_residence"].due == date(2027, 6, 1)
    assert by_code["permit_renewal"].open is False


def test_the_exception_route_is_reviewed_after_a_year() -> None:
    facts = B8Facts(exception_granted_on=date(2026, 3, 1))
    (deadline,) = b8_deadlines(facts)
    assert deadline.code == "exception_review"
    assert deadline.due == date(2027, 3, 1)


def test_an_application_waits_for_the_ind() -> None:
    (deadline,) = b8_deadlines(B8Facts(permit_applied_on=date(2026, 2, 1)))
    assert deadline.code == "ind_decision"
    assert deadline.open is True
    (met,) = b8_deadlines(
        B8Facts(permit_applied_on=date(2026, 2, 1), ind_decision_on=date(2026, 3, 1))
    )
    assert met.open is False
