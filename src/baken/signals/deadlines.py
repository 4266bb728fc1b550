"""Response-time clocks for signals: by when the receiving organisation answers. Free of Django.

The rules, by the urgency the signaler chose:

- urgent: the end of the calendar day it was filed (23:59:59 Dutch time), whatever day that
  is: an urgent signal filed on a Sunday or on Christmas Day is due that same day;
- normal: the end of the 2nd working day after the filing day (filed on a Friday: Tuesday);
- low: the end of the 5th working day after the filing day.

Days are Dutch calendar days (Europe/Amsterdam), so a signal filed at 23:30 UTC on a Monday
in summer was filed on Tuesday. A working day is Monday to Friday and not a Dutch public
holiday. The holidays come from the `holidays` package (`country_holidays("NL")`, its default
"public" category): New Year's Day, Good Friday, Easter Monday, King's Day, Ascension Day,
Whit Monday, Christmas Day and the second day of Christmas (the Sunday holidays need no rule).

Two of those deserve a word:

- King's Day (Koningsdag) is 27 April, or 26 April when the 27th is a Sunday (2025, 2031);
  before 2014 it was Queen's Day on 30 April. The package knows all of this.
- Liberation Day (Bevrijdingsdag, 5 May) counts only in lustrum years (2025, 2030, ...): the
  package lists it as a public holiday only then, and most employers in the chain give the day
  off only then. The Algemene termijnenwet treats 5 May as a holiday every year, which would
  make a clock one day later in the other years; for signals about possible victims we keep the
  stricter clock. Changing that is `HOLIDAY_CATEGORIES = ("public", "optional")`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DUTCH_TIME = "Europe/Amsterdam"
HOLIDAY_CATEGORIES: tuple[str, ...] = ("public",)
END_OF_DAY = time(23, 59, 59)
# Working days after the filing day; urgent signals are due the same calendar day.
WORKING_DAYS_TO_RESPOND = {"normal": 2, "low": 5}
URGENT = "urgent"


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> frozenset[date]:
    listed = holidays.country_holidays("NL", years=year, categories=HOLIDAY_CATEGORIES)
    return frozenset(listed)


def is_holiday(day: date) -> bool:
    return day in _holidays_in(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Dutch public holiday."""
    return day.weekday() < 5 and not is_holiday(day)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (`day` itself for n = 0, working day or not)."""
    if n < 0:
        raise ValueError("add_working_days counts forward only.")
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware.")


def respond_by(filed_at: datetime, urgency: str, tz: str = DUTCH_TIME) -> datetime:
    """When the answer to a signal filed at `filed_at` is due, as an aware datetime in `tz`."""
    _require_aware(filed_at, "filed_at")
    zone = ZoneInfo(tz)
    filed_on = filed_at.astimezone(zone).date()
    if urgency == URGENT:
        due_on = filed_on
    elif urgency in WORKING_DAYS_TO_RESPOND:
        due_on = add_working_days(filed_on, WORKING_DAYS_TO_RESPOND[urgency])
    else:
        raise ValueError(f"Unknown urgency: {urgency!r}")
    # 23:59:59 is never in a daylight-saving gap or fold in Europe (changes are at night).
    return datetime.combine(due_on, END_OF_DAY, tzinfo=zone)


def time_left(due: datetime, now: datetime) -> timedelta:
    """Time until `due`; negative once it has passed."""
    _require_aware(due, "respond_by")
    _require_aware(now, "now")
    # In UTC: Python subtracts two datetimes of the same tzinfo as wall-clock times, which is
    # an hour off across a daylight-saving change.
    return due.astimezone(UTC) - now.astimezone(UTC)
