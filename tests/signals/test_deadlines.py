"""Response-time clocks: urgent the same day, normal two and low five Dutch working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from baken.signals.deadlines import add_working_days, is_working_day, respond_by, time_left

AMS = ZoneInfo("Europe/Amsterdam")


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def end_of(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=AMS)


def test_normal_signal_filed_on_friday_is_due_tuesday_evening() -> None:
    assert respond_by(local(2026, 1, 9), "normal") == end_of(2026, 1, 13)


def test_normal_signal_filed_on_saturday_is_due_tuesday_too() -> None:
    assert respond_by(local(2026, 1, 10), "normal") == end_of(2026, 1, 13)


def test_low_signal_gets_five_working_days() -> None:
    assert respond_by(local(2026, 1, 12), "low") == end_of(2026, 1, 19)


def test_urgent_signal_is_due_the_same_day_even_on_sunday() -> None:
    assert respond_by(local(2026, 3, 1, 9), "urgent") == end_of(2026, 3, 1)


def test_urgent_signal_on_christmas_day_is_due_that_day() -> None:
    assert respond_by(local(2026, 12, 25, 21, 30), "urgent") == end_of(2026, 12, 25)


def test_kings_day_is_not_a_working_day() -> None:
    assert not is_working_day(date(2026, 4, 27))  # a Monday
    # Friday before: Monday 27 April is King's Day, so Tuesday and Wednesday count.
    assert respond_by(local(2026, 4, 24), "normal") == end_of(2026, 4, 29)


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday() -> None:
    assert not is_working_day(date(2025, 4, 26))
    assert is_working_day(date(2025, 4, 28))
    assert respond_by(local(2025, 4, 25), "normal") == end_of(2025, 4, 29)


def test_liberation_day_counts_only_in_lustrum_years() -> None:
    assert not is_working_day(date(2025, 5, 5))  # a Monday in a lustrum year
    assert respond_by(local(2025, 5, 2), "normal") == end_of(2025, 5, 7)
    assert is_working_day(date(2026, 5, 5))  # a Tuesday, not a lustrum year
    assert respond_by(local(2026, 5, 1), "normal") == end_of(2026, 5, 5)


def test_easter_holidays_are_skipped() -> None:
    # Good Friday 3 April and Easter Monday 6 April 2026.
    assert respond_by(local(2026, 4, 2), "normal") == end_of(2026, 4, 8)


def test_christmas_days_are_skipped() -> None:
    # Christmas 2025 falls on Thursday and Friday.
    assert respond_by(local(2025, 12, 24), "normal") == end_of(2025, 12, 30)


def test_low_signal_over_christmas_and_new_year() -> None:
    # 2026: Christmas on Friday, Boxing Day on Saturday, New Year's Day on a Friday.
    assert respond_by(local(2026, 12, 24), "low") == end_of(2027, 1, 4)


def test_filing_day_is_the_dutch_calendar_day() -> None:
    # 22:30 UTC on Monday 15 June 2026 is 00:30 on Tuesday in Amsterdam.
    filed = datetime(2026, 6, 15, 22, 30, tzinfo=UTC)
    assert respond_by(filed, "urgent") == end_of(2026, 6, 16)
    assert respond_by(filed, "normal") == end_of(2026, 6, 18)


def test_deadline_across_the_start_of_summer_time() -> None:
    # Summer time starts on Sunday 29 March 2026: the deadline carries the summer offset.
    due = respond_by(local(2026, 3, 27), "normal")
    assert due == end_of(2026, 3, 31)
    assert due.utcoffset() == timedelta(hours=2)
    assert due.astimezone(UTC) == datetime(2026, 3, 31, 21, 59, 59, tzinfo=UTC)


def test_time_left_on_the_day_summer_time_ends_has_twenty_five_hours() -> None:
    # Sunday 25 October 2026 lasts 25 hours in Amsterdam.
    start_of_day = datetime(2026, 10, 25, 0, 0, tzinfo=AMS)
    due = respond_by(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "urgent")
    assert due == end_of(2026, 10, 25)
    assert due.utcoffset() == timedelta(hours=1)
    assert time_left(due, start_of_day) == timedelta(hours=24, minutes=59, seconds=59)


def test_time_left_is_negative_once_overdue() -> None:
    due = end_of(2026, 1, 13)
    assert time_left(due, due - timedelta(hours=3)) == timedelta(hours=3)
    assert time_left(due, due + timedelta(minutes=5)) == -timedelta(minutes=5)


def test_add_working_days() -> None:
    friday = date(2026, 1, 9)
    assert add_working_days(friday, 0) == friday
    assert add_working_days(friday, 1) == date(2026, 1, 12)
    assert add_working_days(friday, 5) == date(2026, 1, 16)
    with pytest.raises(ValueError, match="forward"):
        add_working_days(friday, -1)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 1), False),  # New Year's Day
        (date(2026, 1, 2), True),
        (date(2026, 1, 3), False),  # Saturday
        (date(2026, 1, 4), False),  # Sunday
        (date(2026, 5, 14), False),  # Ascension Day
        (date(2026, 5, 25), False),  # Whit Monday
        (date(2026, 12, 24), True),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_naive_datetimes_and_unknown_urgencies_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        respond_by(datetime(2026, 1, 9, 10, 0), "normal")
    with pytest.raises(ValueError, match="Unknown urgency"):
        respond_by(local(2026, 1, 9), "soon")
    with pytest.raises(ValueError, match="timezone-aware"):
        time_left(end_of(2026, 1, 9), datetime(2026, 1, 9, 10, 0))
