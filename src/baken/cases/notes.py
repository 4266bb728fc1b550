"""Notes on a case and contacts with the victim: free text, encrypted, on the timeline."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.cases.common import CaseError, append_event, audit, bump, locked
from baken.cases.models import Case, CaseEvent, EventKind

MAX_NOTE = 10_000


@transaction.atomic
def add_note(
    user: User,
    case: Case,
    text: str,
    *,
    contact: bool = False,
    at: datetime | None = None,
    expected_version: int | None,
) -> CaseEvent:
    """A note, or (`contact=True`) the record of a contact with the victim at `at`."""
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    text = text.strip()
    if not text:
        raise CaseError(_("The note is empty."))
    if len(text) > MAX_NOTE:
        raise CaseError(_("A note can hold at most 10,000 characters."))
    if at is not None and at > timezone.now() + timedelta(minutes=5):
        raise CaseError(_("A contact can only be recorded once it took place."))
    bump(case)
    kind = EventKind.CONTACT if contact else EventKind.NOTE
    event = append_event(user, case, kind, kind.value, body=text, at=at)
    audit(user, case, f"{kind.value} added")
    return event
