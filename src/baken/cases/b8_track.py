"""The B8 track of a case: offering the reflection period once, and recording the report or
cooperation status, the permit and the IND's decision, the criminal case and the exception
route. Deadlines are computed by `cases.b8_deadlines` from these facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.cases import b8_deadlines
from baken.cases.b8_deadlines import B8Facts, Deadline
from baken.cases.common import CaseError, append_event, audit, bump, locked
from baken.cases.models import B8Track, Case, EventKind, IndDecision, ReportStatus
from baken.cases.models.b8 import DECIDED_REPORT_STATUSES

# Fields `update` accepts, with the kind of value each takes.
DATE_FIELDS = (
    "report_status_on",
    "permit_applied_on",
    "ind_decision_on",
    "permit_valid_until",
    "criminal_case_ended_on",
    "conviction_on",
    "continued_residence_applied_on",
    "exception_granted_on",
)
CHOICE_FIELDS = {"report_status": ReportStatus, "ind_decision": IndDecision}
OTHER_FIELDS = ("exception_route", "exception_statements")
EXCEPTION_STATUSES = (ReportStatus.NOT_POSSIBLE_THREAT, ReportStatus.NOT_POSSIBLE_MEDICAL)


def track_of(case: Case) -> B8Track | None:
    return B8Track.objects.filter(case=case).first()


def facts(track: B8Track) -> B8Facts:
    decided = track.report_status in DECIDED_REPORT_STATUSES or track.exception_route
    granted = track.ind_decision == IndDecision.GRANTED
    return B8Facts(
        reflection_start=track.reflection_start,
        cooperation_decided=decided,
        permit_applied_on=track.permit_applied_on,
        permit_granted_on=track.ind_decision_on if granted else None,
        permit_valid_until=track.permit_valid_until,
        criminal_case_ended_on=track.criminal_case_ended_on,
        conviction_on=track.conviction_on,
        continued_residence_applied_on=track.continued_residence_applied_on,
        exception_granted_on=track.exception_granted_on,
        ind_decision_on=track.ind_decision_on if track.ind_decision else None,
    )


def deadlines(case: Case) -> list[Deadline]:
    track = track_of(case)
    return b8_deadlines.b8_deadlines(facts(track)) if track else []


def warning(case: Case, today: date | None = None) -> Deadline | None:
    track = track_of(case)
    if track is None:
        return None
    return b8_deadlines.reflection_warning(facts(track), today or timezone.localdate())


@dataclass(frozen=True)
class DueItem:
    case: Case
    deadline: Deadline


def due_within(cases: QuerySet[Case], days: int, today: date | None = None) -> list[DueItem]:
    """Open B8 deadlines of these cases due within `days` days or overdue, earliest first."""
    today = today or timezone.localdate()
    items = []
    for track in B8Track.objects.filter(case__in=cases).select_related("case"):
        for deadline in b8_deadlines.b8_deadlines(facts(track)):
            if deadline.open and deadline.due <= today + timedelta(days=days):
                items.append(DueItem(track.case, deadline))
    return sorted(items, key=lambda item: item.deadline.due)


def warnings_for(cases: QuerySet[Case], today: date | None = None) -> list[DueItem]:
    """The reflection-period warnings of these cases, from one query over their tracks."""
    today = today or timezone.localdate()
    items = []
    for track in B8Track.objects.filter(case__in=cases).select_related("case"):
        found = b8_deadlines.reflection_warning(facts(track), today)
        if found is not None:
            items.append(DueItem(track.case, found))
    return sorted(items, key=lambda item: item.deadline.due)


@transaction.atomic
def offer_reflection(
    user: User,
    case: Case,
    *,
    offered_on: date,
    start: date,
    expected_version: int | None,
) -> B8Track:
    """Offer the reflection period (bedenktijd). It is given once per person; its end is
    computed: three months from the start."""
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    track, _created = B8Track.objects.get_or_create(case=case)
    if track.reflection_start is not None:
        raise CaseError(_("The reflection period has already been given; it is given once."))
    if start < offered_on:
        raise CaseError(_("The reflection period cannot start before it was offered."))
    if offered_on > timezone.localdate():
        raise CaseError(_("The offer cannot be dated in the future."))
    track.reflection_offered_on = offered_on
    track.reflection_start = start
    track.version += 1
    track.save()
    bump(case)
    end = b8_deadlines.reflection_end(start)
    append_event(
        user,
        case,
        EventKind.B8,
        "reflection_started",
        start=start.isoformat(),
        end=end.isoformat(),
    )
    audit(user, case, "B8 reflection period started")
    return track


def _clean(track: B8Track, changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(DATE_FIELDS) - set(CHOICE_FIELDS) - set(OTHER_FIELDS)
    if unknown:
        raise CaseError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    today = timezone.localdate()
    for name in DATE_FIELDS:
        value = changes.get(name)
        if value is not None and not isinstance(value, date):
            raise CaseError(_("%(field)s must be a date.") % {"field": name})
        if value is not None and name != "permit_valid_until" and value > today:
            raise CaseError(_("%(field)s cannot be in the future.") % {"field": name})
    for name, choices in CHOICE_FIELDS.items():
        if name in changes and changes[name] not in ("", *choices.values):
            raise CaseError(
                _("%(field)s has no option '%(value)s'.") % {"field": name, "value": changes[name]}
            )
    merged = {name: getattr(track, name) for name in (*DATE_FIELDS, *CHOICE_FIELDS, *OTHER_FIELDS)}
    merged.update(changes)
    if merged["ind_decision"] and not merged["permit_applied_on"]:
        raise CaseError(_("Record the permit application before the IND's decision."))
    if (
        merged["ind_decision"] in (IndDecision.GRANTED, IndDecision.REFUSED)
        and not merged["ind_decision_on"]
    ):
        raise CaseError(_("Give the date of the IND's decision."))
    if merged["exception_route"]:
        if merged["report_status"] not in EXCEPTION_STATUSES:
            raise CaseError(
                _(
                    "The exception route is for a person who cannot cooperate because of a "
                    "serious threat or for medical reasons: record that status first."
                )
            )
        if not str(merged["exception_statements"] or "").strip():
            raise CaseError(
                _("The exception route needs the statements it rests on (police, doctor).")
            )
    if (
        merged["ind_decision"] == IndDecision.GRANTED
        and merged["ind_decision_on"]
        and not merged["permit_valid_until"]
    ):
        changes["permit_valid_until"] = b8_deadlines.add_months(
            merged["ind_decision_on"], b8_deadlines.RENEWAL_MONTHS
        )
    return changes


@transaction.atomic
def update(
    user: User, case: Case, changes: dict[str, Any], *, expected_version: int | None
) -> B8Track:
    """Record facts of the track. Unchanged fields may be left out."""
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    track, _created = B8Track.objects.get_or_create(case=case)
    changes = {k: v for k, v in changes.items() if getattr(track, k, object()) != v}
    if not changes:
        return track
    changes = _clean(track, dict(changes))
    if "report_status" in changes and "report_status_on" not in changes:
        changes["report_status_on"] = timezone.localdate()
    for name, value in changes.items():
        setattr(track, name, value)
    track.version += 1
    track.save()
    bump(case)
    shown = {
        name: (value.isoformat() if isinstance(value, date) else value)
        for name, value in changes.items()
        if name != "exception_statements"
    }
    append_event(
        user,
        case,
        EventKind.B8,
        "b8_updated",
        body=changes.get("exception_statements", ""),
        changes=shown,
    )
    audit(user, case, "B8 track: " + ", ".join(sorted(changes)))
    return track
