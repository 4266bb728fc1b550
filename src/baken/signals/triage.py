"""Triage of a signal by the coordinators holding it: status transitions, forwarding and
assignment. Every change appends a status row (never edits one), bumps the signal's version and
is audited. A write based on an outdated version is refused with `ConflictError`, so two
coordinators acting at once never silently overwrite each other.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import Membership, Organisation, User
from baken.accounts.policy import Action
from baken.accounts.roles import Role
from baken.audit.models import AuditAction
from baken.audit.services import record
from baken.signals import workflow
from baken.signals.models import Notification, Signal, SignalRouting, SignalStatusChange
from baken.signals.workflow import SignalStatus


class TriageError(ValueError):
    """A triage step that the rules refuse; the message says why."""


class TransitionNotAllowedError(TriageError):
    pass


class ConflictError(TriageError):
    """Somebody else changed the signal first."""


def _locked(signal: Signal, expected_version: int | None) -> Signal:
    current = Signal.objects.select_for_update().get(pk=signal.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _("Somebody else changed this signal in the meantime. Reload it and try again.")
        )
    return current


def _notify_filer(signal: Signal, actor: User) -> None:
    if signal.filed_by_id != actor.pk:
        Notification.objects.create(
            user_id=signal.filed_by_id, signal=signal, kind=Notification.Kind.STATUS_CHANGED
        )


@transaction.atomic
def change_status(
    user: User,
    signal: Signal,
    target: str,
    *,
    reason: str = "",
    forward_to: Organisation | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Signal:
    """Move a signal to `target`. `at` is for the demo world and imports only (default now)."""
    policy.require(user, Action.TRIAGE_SIGNAL, signal)
    signal = _locked(signal, expected_version)
    allowed = workflow.transition(signal.status, target)
    if allowed is None:
        raise TransitionNotAllowedError(
            _("A signal that is '%(current)s' cannot become '%(target)s'.")
            % {
                "current": SignalStatus(signal.status).label,
                "target": SignalStatus(target).label if target in SignalStatus.values else target,
            }
        )
    reason = reason.strip()
    if allowed.reason_required and not reason:
        raise TriageError(_("Give a reason for this step."))
    membership = policy.active_membership(user)
    assert membership is not None
    at = at or timezone.now()
    if allowed.needs_organisation:
        _forward(user, signal, membership, forward_to, reason, at)

    SignalStatusChange.objects.create(
        signal=signal,
        from_status=signal.status,
        to_status=allowed.target,
        changed_by=user,
        organisation=membership.organisation,
        reason=reason,
        changed_at=at,
    )
    signal.status = allowed.target
    signal.version += 1
    if allowed.needs_organisation:
        signal.assigned_to = None  # the receiving organisation assigns its own people
    signal.save(update_fields=["status", "version", "assigned_to"])
    _notify_filer(signal, user)
    record(user, AuditAction.UPDATE, signal, reason=f"status → {allowed.target}: {reason}"[:500])
    return signal


def _forward(
    user: User,
    signal: Signal,
    membership: Membership,
    forward_to: Organisation | None,
    reason: str,
    at: datetime,
) -> None:
    if forward_to is None or not forward_to.is_active:
        raise TriageError(_("Choose the organisation to forward the signal to."))
    if forward_to.pk == membership.organisation_id:
        raise TriageError(_("The signal is already with your organisation."))
    # The signal leaves this inbox; the routing rows stay as history.
    SignalRouting.objects.filter(
        signal=signal, organisation=membership.organisation, is_active=True
    ).update(is_active=False)
    SignalRouting.objects.get_or_create(
        signal=signal,
        organisation=forward_to,
        is_active=True,
        defaults={
            "reason": f"forwarded: {reason}"[:300],
            "forwarded_by": user,
            "created_at": at,
        },
    )


def colleagues_for_assignment(user: User) -> list[User]:
    """Coordinators of the acting organisation: who a signal can be assigned to."""
    membership = policy.active_membership(user)
    if membership is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=membership.organisation,
            memberships__role=Role.COORDINATOR,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@transaction.atomic
def assign(user: User, signal: Signal, assignee: User | None, *, expected_version: int) -> Signal:
    """Assign to self or a colleague (or nobody). The version guards against a race."""
    policy.require(user, Action.TRIAGE_SIGNAL, signal)
    signal = _locked(signal, expected_version)
    if assignee is not None and assignee not in colleagues_for_assignment(user):
        raise TriageError(_("You can only assign a signal to a coordinator of your organisation."))
    signal.assigned_to = assignee
    signal.version += 1
    signal.save(update_fields=["assigned_to", "version"])
    if assignee is not None and assignee.pk != user.pk:
        Notification.objects.create(user=assignee, signal=signal, kind=Notification.Kind.ASSIGNED)
    record(
        user,
        AuditAction.UPDATE,
        signal,
        reason=f"assigned to user {assignee.pk if assignee else '-'}",
    )
    return signal
