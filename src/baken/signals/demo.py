"""A few hundred synthetic signals for the demo world, filed and triaged through the real
services, so the inbox, clocks and history look like a working week. Deterministic (seeded)
and idempotent: a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from baken.accounts import policy
from baken.accounts.models import Municipality, Organisation, OrganisationKind, Region, User
from baken.accounts.policy import Action
from baken.accounts.roles import Role
from baken.signals import intake, triage
from baken.signals.catalogue_store import current_catalogue
from baken.signals.models import Indicator, Signal
from baken.signals.vocabulary import Form, IndicatorGroup, PlaceKind, Theme, Urgency
from baken.signals.workflow import SignalStatus

SIGNALS_PER_REGION = 30
SEED = 20261128

# What a frontline worker might write, per theme. Synthetic; no real case behind any of it.
OBSERVATIONS: dict[str, list[str]] = {
    Theme.TRAFFICKING: [
        "Bij controle in {place} trof ik {n} personen aan die niet zelf mochten praten; een man "
        "nam steeds het woord en hield hun paspoorten bij zich.",
        "Een jonge vrouw vertelde dat zij haar schuld voor de reis eerst moet terugbetalen en "
        "dat haar telefoon wordt gecontroleerd.",
        "Op het terrein slapen arbeiders in containers; loon wordt contant uitbetaald na aftrek "
        "van huur en vervoer, veel minder dan afgesproken.",
        "Een bewoner van de COA-locatie wordt 's nachts opgehaald door onbekenden en komt "
        "uitgeput terug; hij zegt dat hij 'iets moet terugdoen'.",
    ],
    Theme.DOMESTIC_VIOLENCE: [
        "Tijdens huisbezoek zag ik verwondingen; de partner bleef erbij en antwoordde voor haar.",
        "Buren melden geregeld geschreeuw; een kind vertelde dat het 's avonds niet naar huis wil.",
    ],
    Theme.UNDERMINING: [
        "In het pand wisselen de huurders elke paar weken; er staan dure auto's op naam van "
        "een bedrijf zonder zichtbare activiteit.",
        "Een winkel is vrijwel altijd leeg maar draait volgens de eigenaar grote omzet.",
    ],
    Theme.HOUSING_FRAUD: [
        "In een eengezinswoning staan {n} matrassen; de bewoners betalen per bed aan een "
        "tussenpersoon en zijn niet ingeschreven.",
        "Het adres wordt in advertenties aangeboden als kamerverhuur voor arbeidsmigranten.",
    ],
}
FORMS_FOR_GROUP: dict[str, str] = {
    IndicatorGroup.SEXUAL: Form.SEXUAL,
    IndicatorGroup.LABOUR: Form.LABOUR,
    IndicatorGroup.CRIMINAL: Form.CRIMINAL,
}
THEME_GROUPS = {
    Theme.TRAFFICKING: [
        IndicatorGroup.GENERAL,
        IndicatorGroup.SEXUAL,
        IndicatorGroup.LABOUR,
        IndicatorGroup.CRIMINAL,
    ],
    Theme.DOMESTIC_VIOLENCE: [IndicatorGroup.DOMESTIC_VIOLENCE],
    Theme.UNDERMINING: [IndicatorGroup.UNDERMINING],
    Theme.HOUSING_FRAUD: [IndicatorGroup.HOUSING_FRAUD],
}
THEME_WEIGHTS = {
    Theme.TRAFFICKING: 6,
    Theme.DOMESTIC_VIOLENCE: 2,
    Theme.UNDERMINING: 1,
    Theme.HOUSING_FRAUD: 1,
}


def _indicators_by_group() -> dict[str, list[Indicator]]:
    grouped: dict[str, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(catalogue=current_catalogue()):
        grouped.setdefault(indicator.group, []).append(indicator)
    return grouped


def _acting(user: User) -> User:
    # Policy caches the active membership on the instance; a fresh instance starts clean.
    fresh = User.objects.get(pk=user.pk)
    policy.active_membership(fresh)
    return fresh


def _filers(region: Region) -> list[User]:
    return [
        _acting(user)
        for user in User.objects.filter(
            memberships__organisation__region=region,
            memberships__role__in=[Role.SIGNALER, Role.ONLINE_MONITOR, Role.CASE_WORKER],
        ).distinct()
    ]


def _coordinator(region: Region) -> User | None:
    user = User.objects.filter(
        memberships__organisation=region.coordination_desk, memberships__role=Role.COORDINATOR
    ).first()
    return _acting(user) if user else None


def _intake(
    rng: random.Random, faker: Faker, region: Region, grouped: dict, seen: list
) -> intake.IntakeData:
    theme = rng.choices(list(THEME_WEIGHTS), weights=list(THEME_WEIGHTS.values()))[0]
    themes: list[str] = [theme]
    if theme == Theme.TRAFFICKING and rng.random() < 0.15:
        themes.append(Theme.HOUSING_FRAUD)
    groups = [g for g in THEME_GROUPS[theme] if grouped.get(g)]
    chosen: list[Indicator] = []
    for group in rng.sample(groups, k=min(len(groups), rng.randint(1, 2))):
        chosen += rng.sample(grouped[group], k=min(len(grouped[group]), rng.randint(1, 3)))
    forms: list[str] = sorted(
        {FORMS_FOR_GROUP[i.group] for i in chosen if i.group in FORMS_FOR_GROUP}
    )
    municipality = rng.choice(list(Municipality.objects.filter(region=region)))
    street = faker.street_name()
    victims = []
    for _n in range(rng.choice([0, 1, 1, 1, 2])):
        if seen and rng.random() < 0.2:
            # The same person signalled again, by someone else and written differently:
            # the registry links these (or suggests them) across organisations.
            victims.append(_written_differently(rng, rng.choice(seen)))
            continue
        minor = theme == Theme.TRAFFICKING and rng.random() < 0.12
        person = intake.VictimData(
            name=f"{faker.first_name()} {faker.last_name()}" if rng.random() < 0.7 else "",
            age=rng.randint(14, 17) if minor else rng.randint(18, 48),
            gender=rng.choice(["female", "female", "male", "unknown"]),
            language=rng.choice(["", "Roemeens", "Pools", "Engels", "Spaans", "Bulgaars"]),
            phone=f"06{rng.randint(10000000, 99999999)}" if rng.random() < 0.5 else "",
        )
        victims.append(person)
        if person.name:
            seen.append(person)
    text = rng.choice(OBSERVATIONS[theme]).format(place=municipality.name, n=rng.randint(2, 9))
    return intake.IntakeData(
        catalogue=current_catalogue(),
        municipality=municipality,
        place_kind=rng.choice(PlaceKind.values),
        observed_on=timezone.localdate() - timedelta(days=rng.randint(0, 20)),
        themes=themes,
        forms=forms,
        indicators=chosen,
        observation=text,
        urgency=rng.choices(Urgency.values, weights=[2, 6, 2])[0],
        address=f"{street} {rng.randint(1, 180)}" if rng.random() < 0.6 else "",
        contact_consent=rng.random() < 0.4,
        victims=victims,
    )


def _written_differently(rng: random.Random, person: intake.VictimData) -> intake.VictimData:
    """Another professional's notes on a known person: name order, phone format, age."""
    first, _, last = person.name.partition(" ")
    phone = person.phone
    if phone and rng.random() < 0.5:
        phone = f"+31 6 {phone[2:6]} {phone[6:]}"
    return intake.VictimData(
        name=f"{last} {first}" if rng.random() < 0.5 else person.name,
        age=person.age,
        gender=person.gender,
        phone=phone,
    )


def _triage(rng: random.Random, coordinator: User, signal: Signal, forward_to: list) -> None:
    # Triage happens some hours after filing (never in the future).
    at = min(signal.filed_at + timedelta(hours=rng.randint(1, 30)), timezone.now())
    roll = rng.random()
    # Signals routed elsewhere only (Veilig Thuis, the RIEC) wait there: the demo world has
    # coordinators only at the coordination desks.
    if roll < 0.4 or not policy.can(coordinator, Action.TRIAGE_SIGNAL, signal):
        return
    signal = triage.change_status(coordinator, signal, SignalStatus.IN_TRIAGE, at=at)
    if roll < 0.55:
        triage.assign(coordinator, signal, coordinator, expected_version=signal.version)
    elif roll < 0.65 and forward_to:
        triage.change_status(
            coordinator,
            signal,
            SignalStatus.FORWARDED,
            reason="Valt onder een andere regio/partner.",
            forward_to=rng.choice(forward_to),
            at=at,
        )
    elif roll < 0.8:
        triage.change_status(coordinator, signal, SignalStatus.CASE_OPENED, at=at)
    else:
        triage.change_status(
            coordinator,
            signal,
            SignalStatus.CLOSED,
            reason=rng.choice(
                [
                    "Geen aanwijzingen voor uitbuiting na gesprek.",
                    "Dubbele melding.",
                    "Al bekend bij de politie; daar in behandeling.",
                ]
            ),
            at=at,
        )


@transaction.atomic
def build_demo_signals(per_region: int = SIGNALS_PER_REGION) -> int:
    """File `per_region` signals in every region that has none yet; returns how many."""
    rng = random.Random(SEED)  # noqa: S311  (synthetic demo data, not security)
    faker = Faker("nl_NL")
    faker.seed_instance(SEED)
    grouped = _indicators_by_group()
    created = 0
    now = timezone.now()
    seen: list[intake.VictimData] = []
    for region in Region.objects.exclude(coordination_desk=None).order_by("code"):
        if Signal.objects.filter(municipality__region=region).exists():
            continue
        filers, coordinator = _filers(region), _coordinator(region)
        if not filers or coordinator is None:
            continue
        forward_to = list(
            Organisation.objects.filter(
                region=region, kind__in=[OrganisationKind.VEILIG_THUIS, OrganisationKind.RIEC]
            )
        )
        for _n in range(per_region):
            filed_at = now - timedelta(hours=rng.randint(1, 24 * 14))
            signal = intake.file_signal(
                rng.choice(filers),
                _intake(rng, faker, region, grouped, seen),
                filed_at=filed_at,
            )
            _triage(rng, coordinator, signal, forward_to)
            created += 1
    return created
