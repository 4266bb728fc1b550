"""Changing the state of a case, by the table in `cases.workflow`.

Every step appends a status row and a timeline event and is audited; the case row only mirrors
the newest state. Closing checks that nothing is left open: open tasks or open B8 deadlines
refuse the close unless the user says why they close anyway.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.cases import b8_track
from baken.cases.common import (
    CaseError,
    TransitionNotAllowedError,
    append_event,
    audit,
    bump,
    locked,
)
from baken.cases.models import Case, CaseStatusChange, EventKind
from baken.cases.workflow import CaseState, CloseReason, Guard
from baken.cases.workflow import transition as allowed_transition


def open_items(case: Case) -> list[str]:
    """What is still open on a case, in words, for the close guard."""
    items = []
    tasks = case.tasks.filter(done_at__isnull=True).count()
    if tasks:
        items.append(_("%(count)d open task(s)") % {"count": tasks})
    deadlines = [d for d in b8_track.deadlines(case) if d.open]
    if deadlines:
        items.append(_("%(count)d open B8 deadline(s)") % {"count": len(deadlines)})
    return items


def _label(state: str) -> str:
    return str(CaseState(state).label) if state in CaseState.values else state


@transaction.atomic
def change_state(
    user: User,
    case: Case,
    target: str,
    *,
    reason: str = "",
    close_reason: str = "",
    close_anyway_reason: str = "",
    expected_version: int | None,
    at: datetime | None = None,
) -> Case:
    """Move a case to `target`. `at` is for the demo world and imports only."""
    policy.require(user, Action.MANAGE_CASE, case)
    case = locked(case, expected_version)
    allowed = allowed_transition(case.state, target)
    if allowed is None:
        raise TransitionNotAllowedError(
            _("A case that is '%(current)s' cannot become '%(target)s'.")
            % {"current": _label(case.state), "target": _label(target)}
        )
    reason = reason.strip()
    if "reason" in allowed.requires and not reason:
        raise CaseError(_("Give a reason for this step."))
    if "close_reason" in allowed.requires and close_reason not in CloseReason.values:
        raise CaseError(_("Choose why the case is closed."))
    if Guard.HAS_CONTACT_PERSON in allowed.guards and case.contact_person_id is None:
        raise CaseError(_("Assign a contact person first."))
    close_anyway_reason = close_anyway_reason.strip()
    if Guard.NOTHING_OPEN in allowed.guards:
        still_open = open_items(case)
        if still_open and not close_anyway_reason:
            raise CaseError(
                _("Still open: %(items)s. Finish them, or say why the case closes anyway.")
                % {"items": ", ".join(still_open)}
            )
    membership = policy.active_membership(user)
    assert membership is not None
    at = at or timezone.now()
    full_reason = reason
    if close_anyway_reason and Guard.NOTHING_OPEN in allowed.guards:
        label = _("Closed with open items")
        full_reason = f"{reason}\n{label}: {close_anyway_reason}".strip()
    CaseStatusChange.objects.create(
        case=case,
        from_state=case.state,
        to_state=allowed.target,
        changed_by=user,
        organisation=membership.organisation,
        changed_at=at,
        reason=full_reason,
        close_reason=close_reason if allowed.target == CaseState.CLOSED else "",
    )
    previous = case.state
    case.state = allowed.target
    if allowed.target == CaseState.CLOSED:
        case.closed_at = at
        case.close_reason = close_reason
    else:
        case.closed_at = None
        case.close_reason = ""
    bump(case, "state", "closed_at", "close_reason")
    append_event(
        user,
        case,
        EventKind.TRANSITION,
        "transition",
        at=at,
        body=full_reason,
        from_state=previous,
        to_state=allowed.target.value,
        close_reason=close_reason,
    )
    audit(user, case, f"state {previous} → {allowed.target}")
    return case
