"""The one write path of the audit log.

`record` appends an entry; the acting organisation is the user's active membership at the time.
Entries carry ids, never personal data: the reader follows the id to the record (and is audited
in turn).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from baken.accounts.models import Organisation, User
from baken.accounts.policy import active_membership
from baken.audit.models import AuditAction, AuditEntry


def object_type_of(obj: Model | type[Model]) -> str:
    return obj._meta.label_lower


def record(
    user: Any,
    action: AuditAction,
    obj: Model | None = None,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    reason: str = "",
    organisation: Organisation | None = None,
) -> AuditEntry:
    """Append one entry. Pass a model instance, or an object type (and id) for lists."""
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = obj.pk if object_id is None else object_id
    if not object_type:
        raise ValueError("An audit entry needs an object or an object type.")
    acting_user = user if isinstance(user, User) else None
    if organisation is None and acting_user is not None:
        membership = active_membership(acting_user)
        organisation = membership.organisation if membership else None
    return AuditEntry.objects.create(
        user=acting_user,
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        reason=reason,
    )


def record_read(user: Any, obj: Model, reason: str = "") -> AuditEntry:
    return record(user, AuditAction.VIEW, obj, reason=reason)


def record_list(user: Any, model: type[Model], reason: str = "") -> AuditEntry:
    """A list view of protected records is a read too; the filter is not stored (no PII)."""
    return record(user, AuditAction.VIEW, object_type=object_type_of(model), reason=reason)
