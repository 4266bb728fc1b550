"""The triage states of a signal and the transitions allowed between them.

One table decides (as Signalen's ALLOWED_STATUS_CHANGES): state → next states, with whether a
reason is required. A forwarded signal lands in the receiving organisation's inbox, which takes
it into triage again; the history of every step stays with the signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignalStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_TRIAGE = "in_triage", _("In triage")
    FORWARDED = "forwarded", _("Forwarded")
    CASE_OPENED = "case_opened", _("Case opened")
    CLOSED = "closed", _("Closed without follow-up")


@dataclass(frozen=True)
class Transition:
    target: SignalStatus
    reason_required: bool = False
    # Forwarding names the organisation that receives the signal.
    needs_organisation: bool = False


ALLOWED: dict[SignalStatus, tuple[Transition, ...]] = {
    SignalStatus.NEW: (
        Transition(SignalStatus.IN_TRIAGE),
        Transition(SignalStatus.FORWARDED, reason_required=True, needs_organisation=True),
        Transition(SignalStatus.CLOSED, reason_required=True),
    ),
    SignalStatus.IN_TRIAGE: (
        Transition(SignalStatus.FORWARDED, reason_required=True, needs_organisation=True),
        Transition(SignalStatus.CASE_OPENED),
        Transition(SignalStatus.CLOSED, reason_required=True),
    ),
    SignalStatus.FORWARDED: (
        Transition(SignalStatus.IN_TRIAGE),
        Transition(SignalStatus.FORWARDED, reason_required=True, needs_organisation=True),
        Transition(SignalStatus.CLOSED, reason_required=True),
    ),
    SignalStatus.CASE_OPENED: (),
    # A closed signal can be taken up again when new facts come in.
    SignalStatus.CLOSED: (Transition(SignalStatus.IN_TRIAGE, reason_required=True),),
}

OPEN_STATUSES = frozenset({SignalStatus.NEW, SignalStatus.IN_TRIAGE, SignalStatus.FORWARDED})


def transition(current: str, target: str) -> Transition | None:
    """The allowed transition from `current` to `target`, or None if the table forbids it."""
    for allowed in ALLOWED.get(SignalStatus(current), ()):
        if allowed.target == target:
            return allowed
    return None
