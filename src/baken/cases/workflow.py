"""The states of a case and the transitions allowed between them, as data.

One table decides (as Signalen's ALLOWED_STATUS_CHANGES and `signals.workflow`): state → next
states, each with its guard and the fields it requires. The service (`cases.transitions`)
reads this table; nothing else decides whether a step is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSESSMENT = "assessment", _("Assessment")
    SUPPORT = "support", _("In care")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    SAFE_AND_INDEPENDENT = "safe_and_independent", _("Safe and independent")
    MOVED_ABROAD = "moved_abroad", _("Moved abroad")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    NO_EXPLOITATION = "no_exploitation", _("No exploitation found")
    TRANSFERRED = "transferred", _("Transferred to another organisation")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class Guard(models.TextChoices):
    """Conditions a transition checks against the case (see `cases.transitions`)."""

    HAS_CONTACT_PERSON = "has_contact_person", _("A contact person is assigned")
    NOTHING_OPEN = "nothing_open", _("No open tasks or B8 deadlines (or a reason why)")


@dataclass(frozen=True)
class Transition:
    target: CaseState
    # Fields the step needs from the user, besides the case itself.
    requires: tuple[str, ...] = ()
    guards: tuple[Guard, ...] = ()


ALLOWED: dict[CaseState, tuple[Transition, ...]] = {
    CaseState.REGISTERED: (
        Transition(CaseState.ASSESSMENT, guards=(Guard.HAS_CONTACT_PERSON,)),
        Transition(
            CaseState.CLOSED, requires=("close_reason", "reason"), guards=(Guard.NOTHING_OPEN,)
        ),
    ),
    CaseState.ASSESSMENT: (
        Transition(CaseState.SUPPORT, guards=(Guard.HAS_CONTACT_PERSON,)),
        Transition(
            CaseState.CLOSED, requires=("close_reason", "reason"), guards=(Guard.NOTHING_OPEN,)
        ),
    ),
    CaseState.SUPPORT: (
        Transition(CaseState.ASSESSMENT, requires=("reason",)),
        Transition(
            CaseState.CLOSED, requires=("close_reason", "reason"), guards=(Guard.NOTHING_OPEN,)
        ),
    ),
    # Reopening: new facts, or the person comes back. The case goes back to assessment.
    CaseState.CLOSED: (Transition(CaseState.ASSESSMENT, requires=("reason",)),),
}

OPEN_STATES = frozenset({CaseState.REGISTERED, CaseState.ASSESSMENT, CaseState.SUPPORT})


def transition(current: str, target: str) -> Transition | None:
    """The allowed transition from `current` to `target`, or None if the table forbids it."""
    for allowed in ALLOWED.get(CaseState(current), ()):
        if allowed.target == target:
            return allowed
    return None
