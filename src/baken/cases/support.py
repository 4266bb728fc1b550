"""Shelter and support on a case: placements, needs and referrals, an expert by experience,
and the offer of unconditional support (support that never waits for a police report)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import Organisation, User
from baken.accounts.policy import Action
from baken.cases.common import CaseError, append_event, audit, bump, locked
from baken.cases.models import (
    Case,
    EventKind,
    Placement,
    PlacementKind,
    SupportArea,
    SupportItem,
    SupportKind,
)


@transaction.atomic
def add_placement(
    user: User,
    case: Case,
    *,
    kind: str,
    starts_on: date,
    organisation: Organisation | None = None,
    ends_on: date | None = None,
    note: str = "",
    expected_version: int | None,
) -> Placement:
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    if kind not in PlacementKind.values:
        raise CaseError(_("Choose the kind of placement."))
    if ends_on is not None and ends_on < starts_on:
        raise CaseError(_("A placement cannot end before it starts."))
    placement = Placement.objects.create(
        case=case,
        kind=kind,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
        recorded_by=user,
    )
    bump(case)
    append_event(
        user,
        case,
        EventKind.PLACEMENT,
        "placement",
        body=note.strip(),
        placement_kind=kind,
        shelter=organisation.name if organisation else "",
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat() if ends_on else "",
    )
    audit(user, case, f"placement {placement.pk} ({kind})")
    return placement


@transaction.atomic
def end_placement(
    user: User, case: Case, placement: Placement, *, ends_on: date, expected_version: int | None
) -> Placement:
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    if placement.case_id != case.pk or placement.ends_on is not None:
        raise CaseError(_("That placement has already ended."))
    if ends_on < placement.starts_on:
        raise CaseError(_("A placement cannot end before it starts."))
    placement.ends_on = ends_on
    placement.save(update_fields=["ends_on"])
    bump(case)
    append_event(
        user,
        case,
        EventKind.PLACEMENT,
        "placement_ended",
        placement_kind=placement.kind,
        ends_on=ends_on.isoformat(),
    )
    audit(user, case, f"placement {placement.pk} ended")
    return placement


@transaction.atomic
def add_support(
    user: User,
    case: Case,
    *,
    kind: str,
    area: str,
    description: str = "",
    referred_to: Organisation | None = None,
    expected_version: int | None,
) -> SupportItem:
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    if kind not in SupportKind.values:
        raise CaseError(_("Choose whether this is a need, a referral or an expert by experience."))
    if area not in SupportArea.values:
        raise CaseError(_("Choose the area of support."))
    if kind == SupportKind.REFERRAL and referred_to is None:
        raise CaseError(_("A referral names the organisation referred to."))
    item = SupportItem.objects.create(
        case=case,
        kind=kind,
        area=area,
        description=description.strip(),
        referred_to=referred_to,
        recorded_by=user,
    )
    bump(case)
    append_event(
        user,
        case,
        EventKind.SUPPORT,
        "support",
        body=description.strip(),
        support_kind=kind,
        area=area,
        referred_to=referred_to.name if referred_to else "",
    )
    audit(user, case, f"support {item.pk} ({kind}, {area})")
    return item


@transaction.atomic
def offer_unconditional_support(
    user: User, case: Case, *, offered_on: date, expected_version: int | None
) -> Case:
    """Record that support was offered without any condition of a police report."""
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    if case.unconditional_support_since is not None:
        raise CaseError(_("Unconditional support has already been recorded."))
    if offered_on > timezone.localdate():
        raise CaseError(_("The offer cannot be dated in the future."))
    case.unconditional_support_since = offered_on
    bump(case, "unconditional_support_since")
    append_event(
        user, case, EventKind.SUPPORT, "unconditional_support", offered_on=offered_on.isoformat()
    )
    audit(user, case, "unconditional support offered")
    return case
