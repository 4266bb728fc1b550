"""Filing a signal: the one write path from a validated intake to a routed, prioritised signal.

Everything happens in one transaction: the signal, the possible victims, the routing decisions,
the first status row, the audit entry. If routing fails (a region without a coordination desk)
nothing is stored, so a signal is never routed nowhere.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from baken.accounts import policy
from baken.accounts.models import Municipality, User
from baken.accounts.policy import Action
from baken.audit.models import AuditAction
from baken.audit.services import record
from baken.people import registry
from baken.signals import deadlines, dispatch, identifiers, priority
from baken.signals.models import (
    Indicator,
    IndicatorCatalogue,
    PossibleVictim,
    Signal,
    SignalDraft,
    SignalStatusChange,
)
from baken.signals.workflow import SignalStatus

ADULT_AGE = 18


@dataclass
class VictimData:
    name: str = ""
    age: int | None = None
    birth_date: date | None = None
    gender: str = "unknown"
    nationality: str = ""
    language: str = ""
    phone: str = ""
    handles: list[str] = field(default_factory=list)

    def age_today(self, today: date) -> int | None:
        """The stated age, or the age computed from the birth date."""
        if self.age is not None:
            return self.age
        if self.birth_date is None:
            return None
        before_birthday = (today.month, today.day) < (self.birth_date.month, self.birth_date.day)
        return today.year - self.birth_date.year - int(before_birthday)


@dataclass
class IntakeData:
    """A validated intake (see `intake_forms`)."""

    catalogue: IndicatorCatalogue
    municipality: Municipality
    place_kind: str
    observed_on: date
    themes: list[str]
    forms: list[str]
    indicators: list[Indicator]
    observation: str
    urgency: str
    address: str = ""
    other_persons: str = ""
    vehicles: str = ""
    online_ads: str = ""
    contact_consent: bool = False
    victims: list[VictimData] = field(default_factory=list)

    @classmethod
    def from_forms(cls, signal_form: Any, victim_forms: list[Any]) -> IntakeData:
        data = signal_form.cleaned_data
        return cls(
            catalogue=signal_form.catalogue,
            municipality=data["municipality"],
            place_kind=data["place_kind"],
            observed_on=data["observed_on"],
            themes=list(data["themes"]),
            forms=list(data.get("forms") or []),
            indicators=signal_form.chosen_indicators(),
            observation=data["observation"],
            urgency=data["urgency"],
            address=data.get("address", ""),
            other_persons=data.get("other_persons", ""),
            vehicles=data.get("vehicles", ""),
            online_ads=data.get("online_ads", ""),
            contact_consent=data.get("contact_consent", False),
            victims=[
                VictimData(**{k: form.cleaned_data.get(k) for k in VictimData.__dataclass_fields__})
                for form in victim_forms
                if not form.is_empty()
            ],
        )


def _new_reference() -> str:
    # Random, not sequential: a reference tells nothing about volumes or other signals.
    return f"S-{timezone.localdate():%Y}-{secrets.token_hex(3).upper()}"


def _repeats(signal: Signal, phone_hashes: list[str]) -> tuple[int, int]:
    earlier = Signal.objects.exclude(pk=signal.pk)
    same_place = earlier.filter(place_hash=signal.place_hash).count() if signal.place_hash else 0
    same_phone = (
        PossibleVictim.objects.exclude(signal=signal)
        .filter(phone_hash__in=phone_hashes)
        .values("signal")
        .distinct()
        .count()
        if phone_hashes
        else 0
    )
    return same_place, same_phone


@transaction.atomic
def file_signal(user: User, intake: IntakeData, *, filed_at: datetime | None = None) -> Signal:
    """File a signal. `filed_at` is for the demo world and imports only; the default is now."""
    policy.require(user, Action.FILE_SIGNAL)
    membership = policy.active_membership(user)
    assert membership is not None  # require() passed
    now = filed_at or timezone.now()
    today = timezone.localdate()
    ages = [v.age_today(today) for v in intake.victims]
    involves_minor = any(age is not None and age < ADULT_AGE for age in ages)

    signal = Signal(
        catalogue=intake.catalogue,
        filed_by=user,
        filed_by_organisation=membership.organisation,
        filed_at=now,
        municipality=intake.municipality,
        place_kind=intake.place_kind,
        address=intake.address,
        place_hash=identifiers.place_hash(intake.municipality.cbs_code, intake.address),
        observed_on=intake.observed_on,
        themes=intake.themes,
        forms=intake.forms,
        observation=intake.observation,
        urgency=intake.urgency,
        other_persons=intake.other_persons,
        vehicles=intake.vehicles,
        online_ads=intake.online_ads,
        contact_consent=intake.contact_consent,
        involves_minor=involves_minor,
        respond_by=deadlines.respond_by(now, intake.urgency),
    )
    for _attempt in range(5):
        signal.reference = _new_reference()
        try:
            with transaction.atomic():
                signal.save()
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 16 million references a year
        raise RuntimeError("could not find a free signal reference")
    signal.indicators.set(intake.indicators)

    phone_hashes = []
    for victim, age in zip(intake.victims, ages, strict=True):
        hashed = identifiers.phone_hash(victim.phone)
        if hashed:
            phone_hashes.append(hashed)
        stored = PossibleVictim.objects.create(
            signal=signal,
            name=victim.name,
            age=age,
            birth_date=victim.birth_date.isoformat() if victim.birth_date else "",
            gender=victim.gender,
            nationality=victim.nationality,
            language=victim.language,
            phone=victim.phone,
            handles=victim.handles,
            phone_hash=hashed,
        )
        # Link the possible victim to a pseudonymous person (or suggest a match).
        registry.register_victim(stored)

    same_place, same_phone = _repeats(signal, phone_hashes)
    assessed = priority.assess(
        priority.PriorityFacts(
            indicator_weights=[(i.code, i.weight) for i in intake.indicators],
            urgency=intake.urgency,
            is_minor=involves_minor,
            earlier_signals_same_place=same_place,
            earlier_signals_same_phone=same_phone,
        )
    )
    signal.priority = assessed.score
    signal.priority_reasons = priority.reasons_to_json(assessed.reasons)
    signal.save(update_fields=["priority", "priority_reasons"])

    dispatch.route(signal)
    SignalStatusChange.objects.create(
        signal=signal,
        from_status="",
        to_status=SignalStatus.NEW,
        changed_by=user,
        organisation=membership.organisation,
        changed_at=now,
    )
    SignalDraft.objects.filter(user=user).delete()
    record(user, AuditAction.CREATE, signal)
    return signal


def save_draft(user: User, data: dict[str, Any]) -> SignalDraft:
    """Keep what the signaler typed so far (encrypted); one draft per user."""
    policy.require(user, Action.FILE_SIGNAL)
    draft, _created = SignalDraft.objects.update_or_create(user=user, defaults={"data": data})
    return draft


def load_draft(user: User) -> dict[str, Any]:
    draft = SignalDraft.objects.filter(user=user).first()
    return dict(draft.data) if draft and draft.data else {}
