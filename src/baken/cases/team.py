"""The case team: which organisations have need-to-know access, with whose consent, and who
of their people can be contact person. Access is granted and revoked by rows, never deleted."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import Organisation, User
from baken.accounts.policy import CASE_ROLES, Action
from baken.cases.common import CaseError, append_event, audit, bump, locked
from baken.cases.models import Case, CaseMember, EventKind


def active_members(case: Case) -> QuerySet[CaseMember]:
    return case.members.filter(revoked_at__isnull=True).select_related("organisation")


def eligible_contacts(case: Case) -> QuerySet[User]:
    """People who can be contact person or deputy, or own a task: coordinators and case
    workers of the organisations in the team."""
    organisations = active_members(case).values("organisation_id")
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role__in=list(CASE_ROLES),
            memberships__organisation_id__in=organisations,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def require_eligible(case: Case, person: User) -> None:
    if not eligible_contacts(case).filter(pk=person.pk).exists():
        raise CaseError(
            _("%(name)s does not work for an organisation in this case's team.")
            % {"name": person.get_full_name() or person.username}
        )


@transaction.atomic
def grant_access(
    user: User,
    case: Case,
    organisation: Organisation,
    *,
    role: str = "",
    consent_to_share: bool,
    expected_version: int | None,
    at: datetime | None = None,
) -> CaseMember:
    """Add an organisation to the team. The person's consent to share with this partner is
    recorded with it; without consent, access can still be given where the law allows (e.g.
    the police for a minor), and the page says that consent is missing."""
    policy.require(user, Action.MANAGE_CASE, case)
    case = locked(case, expected_version)
    if not organisation.is_active:
        raise CaseError(_("That organisation is not active."))
    if active_members(case).filter(organisation=organisation).exists():
        raise CaseError(
            _("%(organisation)s is already in the team.") % {"organisation": organisation}
        )
    member = CaseMember.objects.create(
        case=case,
        organisation=organisation,
        role=role.strip()[:120],
        consent_to_share=consent_to_share,
        granted_by=user,
        granted_at=at or timezone.now(),
    )
    bump(case)
    append_event(
        user,
        case,
        EventKind.TEAM,
        "access_granted",
        at=at,
        organisation=organisation.name,
        consent=consent_to_share,
    )
    audit(user, case, f"access granted to organisation {organisation.pk}")
    return member


@transaction.atomic
def revoke_access(
    user: User, case: Case, member: CaseMember, *, expected_version: int | None
) -> None:
    policy.require(user, Action.MANAGE_CASE, case)
    case = locked(case, expected_version)
    if member.case_id != case.pk or member.revoked_at is not None:
        raise CaseError(_("That organisation has no access to revoke."))
    if member.organisation_id == case.lead_organisation_id:
        raise CaseError(_("The lead organisation cannot leave its own case."))
    people = [case.contact_person_id, case.deputy_id, case.previous_contact_id]
    if User.objects.filter(
        pk__in=[p for p in people if p],
        memberships__organisation_id=member.organisation_id,
        memberships__is_active=True,
    ).exists():
        raise CaseError(
            _("Someone of this organisation is contact person or deputy; hand over first.")
        )
    member.revoked_at = timezone.now()
    member.revoked_by = user
    member.save(update_fields=["revoked_at", "revoked_by"])
    bump(case)
    append_event(
        user, case, EventKind.TEAM, "access_revoked", organisation=member.organisation.name
    )
    audit(user, case, f"access revoked for organisation {member.organisation_id}")


@transaction.atomic
def set_consent(
    user: User, case: Case, member: CaseMember, consent: bool, *, expected_version: int | None
) -> None:
    policy.require(user, Action.MANAGE_CASE, case)
    case = locked(case, expected_version)
    if member.case_id != case.pk or member.revoked_at is not None:
        raise CaseError(_("That organisation is not in the team."))
    member.consent_to_share = consent
    member.save(update_fields=["consent_to_share"])
    bump(case)
    append_event(
        user,
        case,
        EventKind.TEAM,
        "consent_changed",
        organisation=member.organisation.name,
        consent=consent,
    )
    audit(user, case, f"consent for organisation {member.organisation_id}: {consent}")
