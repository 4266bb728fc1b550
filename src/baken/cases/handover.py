"""The contact person of a case, and the warm handover when it changes.

The first contact person is simply assigned. After that, a change is a handover: a note (what
the victim knows, open promises, risks), the new contact person, and an introduction meeting
with the victim in which both attend. Until that meeting is recorded the previous contact
person stays visible as the one the victim knows; the new one already does the work.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.cases.common import CaseError, append_event, audit, bump, locked
from baken.cases.models import Case, EventKind, Handover, Task
from baken.cases.team import require_eligible


def _name(user: User) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def assign_contact_person(
    user: User,
    case: Case,
    contact: User,
    *,
    deputy: User | None = None,
    expected_version: int | None,
    at: datetime | None = None,
) -> Case:
    """The first contact person of a case (a change later is a handover)."""
    policy.require(user, Action.MANAGE_CASE, case)
    case = locked(case, expected_version)
    if case.contact_person_id is not None:
        raise CaseError(_("This case has a contact person; changing it is a handover."))
    require_eligible(case, contact)
    case.contact_person = contact
    fields = ["contact_person"]
    if deputy is not None:
        _check_deputy(case, deputy)
        case.deputy = deputy
        fields.append("deputy")
    bump(case, *fields)
    append_event(user, case, EventKind.HANDOVER, "contact_assigned", at=at, user_id=contact.pk)
    audit(user, case, f"contact person user {contact.pk}")
    return case


def _check_deputy(case: Case, deputy: User) -> None:
    require_eligible(case, deputy)
    if deputy.pk == case.contact_person_id:
        raise CaseError(_("The deputy must be someone other than the contact person."))


@transaction.atomic
def set_deputy(
    user: User, case: Case, deputy: User | None, *, expected_version: int | None
) -> Case:
    policy.require(user, Action.MANAGE_CASE, case)
    case = locked(case, expected_version)
    if deputy is not None:
        _check_deputy(case, deputy)
    case.deputy = deputy
    bump(case, "deputy")
    append_event(
        user, case, EventKind.HANDOVER, "deputy_set", user_id=deputy.pk if deputy else None
    )
    audit(user, case, f"deputy user {deputy.pk if deputy else '-'}")
    return case


@transaction.atomic
def hand_over(
    user: User,
    case: Case,
    to_user: User,
    *,
    victim_knows: str,
    open_promises: str,
    risks: str,
    introduction_planned_at: datetime,
    expected_version: int | None,
    at: datetime | None = None,
) -> Handover:
    """Change the contact person with a handover note and a planned introduction meeting."""
    policy.require(user, Action.MANAGE_CASE, case)
    case = locked(case, expected_version)
    if case.contact_person_id is None:
        raise CaseError(_("This case has no contact person yet; assign one first."))
    if to_user.pk == case.contact_person_id:
        raise CaseError(_("%(name)s is already the contact person.") % {"name": _name(to_user)})
    require_eligible(case, to_user)
    notes = {"victim_knows": victim_knows, "open_promises": open_promises, "risks": risks}
    missing = [key for key, text in notes.items() if not text.strip()]
    if missing:
        raise CaseError(
            _(
                "A handover note needs all three parts: what the victim knows, open promises "
                "and risks (write 'none' where there are none)."
            )
        )
    if Handover.objects.filter(case=case, introduction_held_at__isnull=True).exists():
        raise CaseError(
            _("The introduction meeting of the previous handover has not been recorded yet.")
        )
    at = at or timezone.now()
    if introduction_planned_at < at - timedelta(days=1):
        raise CaseError(_("Plan the introduction meeting for today or later."))
    previous = case.contact_person
    assert previous is not None
    handover = Handover.objects.create(
        case=case,
        from_user=previous,
        to_user=to_user,
        victim_knows=victim_knows.strip(),
        open_promises=open_promises.strip(),
        risks=risks.strip(),
        introduction_planned_at=introduction_planned_at,
        recorded_by=user,
        recorded_at=at,
    )
    membership = policy.active_membership(to_user)
    Task.objects.create(
        case=case,
        title=_("Introduction meeting with the victim, together with %(name)s")
        % {"name": _name(previous)},
        owner=to_user,
        organisation=membership.organisation if membership else case.lead_organisation,
        due_on=timezone.localtime(introduction_planned_at).date(),
        created_by=user,
        created_at=at,
        handover=handover,
    )
    case.previous_contact = previous
    case.contact_person = to_user
    fields = ["previous_contact", "contact_person"]
    if case.deputy_id == to_user.pk:
        case.deputy = None
        fields.append("deputy")
    bump(case, *fields)
    append_event(
        user,
        case,
        EventKind.HANDOVER,
        "handover",
        at=at,
        from_user_id=previous.pk,
        to_user_id=to_user.pk,
        handover_id=handover.pk,
        planned=introduction_planned_at.isoformat(),
    )
    audit(user, case, f"handover {handover.pk} to user {to_user.pk}")
    return handover


@transaction.atomic
def record_introduction(
    user: User,
    case: Case,
    handover: Handover,
    *,
    held_at: datetime,
    expected_version: int | None,
) -> Handover:
    """Both contact persons met the victim: from now on only the new one is shown."""
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    if handover.case_id != case.pk or handover.introduction_held_at is not None:
        raise CaseError(_("There is no introduction meeting to record for this handover."))
    if held_at > timezone.now() + timedelta(minutes=5):
        raise CaseError(_("An introduction meeting can only be recorded once it was held."))
    if held_at < handover.recorded_at.replace(second=0, microsecond=0):
        raise CaseError(_("The introduction meeting cannot have been held before the handover."))
    handover.introduction_held_at = held_at
    handover.save(update_fields=["introduction_held_at"])
    handover.tasks.filter(done_at__isnull=True).update(done_at=held_at, done_by=user)
    case.previous_contact = None
    bump(case, "previous_contact")
    append_event(
        user,
        case,
        EventKind.HANDOVER,
        "introduction_held",
        # Entered to the minute: never before the handover it completes on the timeline.
        at=max(held_at, handover.recorded_at),
        from_user_id=handover.from_user_id,
        to_user_id=handover.to_user_id,
    )
    audit(user, case, f"introduction held for handover {handover.pk}")
    return handover


def contact_chain(case: Case) -> list[dict[str, object]]:
    """The contact persons of a case in order, each with when they started."""
    first_event = case.events.filter(summary__code="contact_assigned").order_by("at").first()
    handovers = list(case.handovers.select_related("from_user", "to_user").order_by("recorded_at"))
    chain: list[dict[str, object]] = []
    first = handovers[0].from_user if handovers else case.contact_person
    if first is not None:
        chain.append({"user": first, "since": first_event.at if first_event else case.opened_at})
    for handover in handovers:
        chain.append(
            {"user": handover.to_user, "since": handover.recorded_at, "handover": handover}
        )
    return chain
