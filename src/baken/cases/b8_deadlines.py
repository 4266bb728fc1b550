"""Deadlines of the B8 track and of identification, computed from dates. Free of Django.

B8 is chapter B8/3 of the Vreemdelingencirculaire (Aliens Circular): the residence scheme for
victims of trafficking who are not Dutch or EU citizens.

- *Bedenktijd* (reflection period): at most three months, offered once, in which the person
  decides whether to report to the police or cooperate with the investigation. Baken warns
  `REFLECTION_WARNING_DAYS` before it ends while no decision is recorded.
- A temporary residence permit follows a police report (*aangifte*) or cooperation; it is
  renewed yearly while the criminal case runs. Continued residence can be applied for after a
  conviction, or after three years of the permit (the "three-year rule").
- The exception route (the person cannot cooperate because of a serious threat or for medical
  or psychological reasons) has its own one-year horizon, after which the permit is reviewed.

Identification is decoupled from the police report (as in the UK National Referral
Mechanism): a reasonable-grounds decision within five working days of opening the case, a
conclusive decision after at least 30 days of recovery and support from that first decision.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from baken.signals.deadlines import add_working_days

REFLECTION_MONTHS = 3
REFLECTION_WARNING_DAYS = 14
RENEWAL_MONTHS = 12
CONTINUED_RESIDENCE_YEARS = 3
EXCEPTION_HORIZON_MONTHS = 12
REASONABLE_GROUNDS_WORKING_DAYS = 5
RECOVERY_DAYS = 30


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reflection_end(start: date) -> date:
    """The last day of a reflection period that started on `start` (three months, inclusive)."""
    return add_months(start, REFLECTION_MONTHS) - timedelta(days=1)


def reasonable_grounds_due(opened_on: date) -> date:
    return add_working_days(opened_on, REASONABLE_GROUNDS_WORKING_DAYS)


def conclusive_earliest(reasonable_grounds_on: date) -> date:
    return reasonable_grounds_on + timedelta(days=RECOVERY_DAYS)


@dataclass(frozen=True)
class Deadline:
    """One date something is due on a case; `code` says what, `open` whether it still is."""

    code: str
    due: date
    open: bool = True

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def overdue(self, today: date) -> bool:
        return self.open and self.due < today

    def due_within(self, today: date, days: int) -> bool:
        return self.open and today <= self.due <= today + timedelta(days=days)


@dataclass(frozen=True)
class B8Facts:
    """The dates of one B8 track that the deadlines depend on (None when not there yet)."""

    reflection_start: date | None = None
    cooperation_decided: bool = False
    permit_applied_on: date | None = None
    permit_granted_on: date | None = None
    permit_valid_until: date | None = None
    criminal_case_ended_on: date | None = None
    conviction_on: date | None = None
    continued_residence_applied_on: date | None = None
    exception_granted_on: date | None = None
    ind_decision_on: date | None = None


def b8_deadlines(facts: B8Facts) -> list[Deadline]:
    """Every deadline of the track, open or met, in date order."""
    result: list[Deadline] = []
    if facts.reflection_start is not None:
        result.append(
            Deadline(
                "reflection_end",
                reflection_end(facts.reflection_start),
                open=not facts.cooperation_decided,
            )
        )
    if facts.permit_granted_on is not None:
        valid_until = facts.permit_valid_until or add_months(
            facts.permit_granted_on, RENEWAL_MONTHS
        )
        running = facts.criminal_case_ended_on is None
        result.append(Deadline("permit_renewal", valid_until, open=running))
        # Continued residence: after a conviction, or three years after the permit.
        eligible = add_months(facts.permit_granted_on, 12 * CONTINUED_RESIDENCE_YEARS)
        if facts.conviction_on is not None:
            eligible = min(eligible, facts.conviction_on)
        result.append(
            Deadline(
                "continued_residence",
                eligible,
                open=facts.continued_residence_applied_on is None,
            )
        )
    elif facts.permit_applied_on is not None:
        # The IND decides; Baken cannot know by when, it keeps the application open.
        result.append(
            Deadline(
                "ind_decision",
                facts.permit_applied_on + timedelta(days=90),
                open=facts.ind_decision_on is None,
            )
        )
    if facts.exception_granted_on is not None:
        result.append(
            Deadline(
                "exception_review",
                add_months(facts.exception_granted_on, EXCEPTION_HORIZON_MONTHS),
            )
        )
    return sorted(result, key=lambda deadline: deadline.due)


def reflection_warning(facts: B8Facts, today: date) -> Deadline | None:
    """The reflection period's end when it is at most 14 days away (or passed) and no decision
    about a report or cooperation has been recorded; else None."""
    if facts.reflection_start is None or facts.cooperation_decided:
        return None
    end = reflection_end(facts.reflection_start)
    if (end - today).days <= REFLECTION_WARNING_DAYS:
        return Deadline("reflection_end", end)
    return None
