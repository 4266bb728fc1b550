"""Opening a case from one or more signals held by the coordinator's organisation.

The signals are marked "case opened" through the signals' own triage service (so their history
says so too). The person is the one the signals' possible victims were linked to (persons app);
when the signals point at more than one person, the coordinator chooses. The lead organisation
is the coordinator's, and it is the first member of the team.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.audit.models import AuditAction
from baken.cases.common import CaseError, append_event, audit
from baken.cases.models import Case, CaseMember, CaseStatusChange, EventKind
from baken.cases.workflow import CaseState
from baken.people.models import Person
from baken.signals import triage
from baken.signals.models import Signal
from baken.signals.workflow import SignalStatus


def _new_reference() -> str:
    # Random, not sequential: a reference tells nothing about volumes.
    return f"Z-{timezone.localdate():%Y}-{secrets.token_hex(3).upper()}"


def persons_of(signals: Sequence[Signal]) -> list[Person]:
    """The (current, after merges) persons the signals' possible victims are linked to."""
    persons: dict[int, Person] = {}
    for signal in signals:
        for victim in signal.victims.select_related("person_record__person"):
            record = getattr(victim, "person_record", None)
            if record is None:
                continue
            person = record.person
            while person.merged_into_id is not None:
                person = Person.objects.get(pk=person.merged_into_id)
            persons[person.pk] = person
    return sorted(persons.values(), key=lambda person: person.pk)


def _take_signal(user: User, signal: Signal, at: datetime) -> None:
    """Move the signal to "case opened" by the allowed steps of the signals' workflow."""
    if signal.status in (SignalStatus.NEW, SignalStatus.FORWARDED):
        signal = triage.change_status(user, signal, SignalStatus.IN_TRIAGE, at=at)
    if signal.status != SignalStatus.CASE_OPENED:
        triage.change_status(user, signal, SignalStatus.CASE_OPENED, at=at)


@transaction.atomic
def open_case(
    user: User,
    signals: Sequence[Signal],
    *,
    person: Person | None = None,
    alias: str = "",
    forms: Sequence[str] = (),
    contact_person: User | None = None,
    at: datetime | None = None,
) -> Case:
    """Open a case. `at` is for the demo world and imports only (default now)."""
    policy.require(user, Action.OPEN_CASE)
    if not signals:
        raise CaseError(_("Choose at least one signal to open a case from."))
    signals = list(Signal.objects.filter(pk__in=[s.pk for s in signals]).order_by("filed_at"))
    for signal in signals:
        policy.require(user, Action.OPEN_CASE, signal)
        existing = signal.cases.first()
        if existing is not None:
            raise CaseError(
                _("Signal %(signal)s already belongs to case %(case)s.")
                % {"signal": signal.reference, "case": existing.reference}
            )
        if signal.status == SignalStatus.CLOSED:
            raise CaseError(
                _("Signal %(signal)s is closed; take it up again first.")
                % {"signal": signal.reference}
            )
    candidates = persons_of(signals)
    if person is None and len(candidates) > 1:
        raise CaseError(
            _("These signals concern more than one person. Choose the person the case is about.")
        )
    if person is not None and person.pk not in {p.pk for p in candidates}:
        raise CaseError(_("That person is not linked to these signals."))
    person = person or (candidates[0] if candidates else None)

    membership = policy.active_membership(user)
    assert membership is not None  # require() passed
    at = at or timezone.now()
    case = Case(
        lead_organisation=membership.organisation,
        opened_by=user,
        opened_at=at,
        person=person,
        alias=alias.strip(),
        forms=sorted(set(forms) or {f for s in signals for f in s.forms}),
        is_minor=any(s.involves_minor for s in signals),
    )
    for _attempt in range(5):
        case.reference = _new_reference()
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 16 million references a year
        raise RuntimeError("could not find a free case reference")
    case.signals.set(signals)
    CaseMember.objects.create(
        case=case,
        organisation=membership.organisation,
        role=_("Lead organisation"),
        granted_by=user,
        granted_at=at,
    )
    CaseStatusChange.objects.create(
        case=case,
        from_state="",
        to_state=CaseState.REGISTERED,
        changed_by=user,
        organisation=membership.organisation,
        changed_at=at,
    )
    append_event(user, case, EventKind.OPENED, "opened", at=at, signals=len(signals))
    for signal in signals:
        _take_signal(user, signal, at)
        append_event(
            user,
            case,
            EventKind.SIGNAL,
            "signal_filed",
            at=signal.filed_at,
            signal=signal.reference,
            signal_id=signal.pk,
        )
    audit(user, case, f"opened from {len(signals)} signal(s)", AuditAction.CREATE)
    if contact_person is not None:
        from baken.cases.handover import assign_contact_person

        assign_contact_person(user, case, contact_person, expected_version=case.version, at=at)
        case.refresh_from_db()
    return case
