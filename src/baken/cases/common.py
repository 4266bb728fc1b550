"""What every write on a case shares: the errors, the optimistic lock, and the timeline event.

Every write path locks the case row, compares the version the user saw, bumps it, appends a
timeline event and writes the audit entry, inside the caller's transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.audit.models import AuditAction
from baken.audit.services import record
from baken.cases.models import Case, CaseEvent, EventKind


class CaseError(ValueError):
    """A step on a case that the rules refuse; the message says why."""


class TransitionNotAllowedError(CaseError):
    pass


class ConflictError(CaseError):
    """Somebody else changed the case first."""


def locked(case: Case, expected_version: int | None) -> Case:
    """The case row, locked for this transaction, if it is still the version the user saw."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Somebody else changed this case in the meantime. Nothing was saved: reload "
                "the case and try again."
            )
        )
    if current.anonymised_at is not None:
        raise CaseError(_("This case has been anonymised and can no longer change."))
    return current


def bump(case: Case, *fields: str) -> None:
    case.version += 1
    case.save(update_fields=["version", *fields])


def append_event(
    user: User | None,
    case: Case,
    kind: EventKind,
    code: str,
    *,
    body: str = "",
    at: datetime | None = None,
    **params: Any,
) -> CaseEvent:
    """Add one line to the case's timeline. `code` and `params` make the fixed description
    (see `cases.explain`); `body` is what a professional wrote."""
    membership = policy.active_membership(user) if user is not None else None
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        at=at or timezone.now(),
        actor=user,
        organisation=membership.organisation if membership else None,
        summary={"code": code, "params": params},
        body=body,
    )


def audit(user: User, case: Case, what: str, action: AuditAction = AuditAction.UPDATE) -> None:
    """The audit entry of a write. `what` names the step, never personal data."""
    record(user, action, case, reason=what[:500])
