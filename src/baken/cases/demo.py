"""Demo cases in every state, with handovers, decisions and B8 tracks at different stages.

Each scenario files its own two signals about one synthetic person (weeks or months back, so
that deadlines and the 30 days of recovery have passed or are near), opens the case at the
region's coordination desk and walks it through the real services. Idempotent: a region with
demo cases gets no more. Deterministic: fixed names and offsets, no randomness.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from baken.accounts.models import Organisation, OrganisationKind, Region, User
from baken.accounts.roles import Role
from baken.cases import (
    b8_track,
    handover,
    identification,
    notes,
    opening,
    support,
    tasks,
    team,
    transitions,
)
from baken.cases.models import Case, IndDecision, ReportStatus
from baken.cases.workflow import CaseState, CloseReason
from baken.signals import intake
from baken.signals.catalogue_store import current_catalogue
from baken.signals.models import Indicator
from baken.signals.vocabulary import Form, PlaceKind, Theme, Urgency


@dataclass(frozen=True)
class Scenario:
    alias: str
    days_ago: int  # when the case was opened
    form: str
    steps: Callable[[Context], None]


@dataclass
class Context:
    case: Case
    coordinator: User
    case_worker: User
    opened: date
    shelter: Organisation
    police: Organisation
    desk: Organisation

    def fresh(self) -> Case:
        self.case.refresh_from_db()
        return self.case

    def on(self, days: int) -> date:
        return self.opened + timedelta(days=days)

    def at(self, days: int) -> datetime:
        return timezone.make_aware(datetime.combine(self.on(days), datetime.min.time())) + (
            timedelta(hours=10)
        )


def _indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(catalogue=current_catalogue()).order_by("position")[:3])


def _contact(c: Context) -> None:
    handover.assign_contact_person(
        c.coordinator,
        c.fresh(),
        c.case_worker,
        deputy=c.coordinator,
        expected_version=c.fresh().version,
        at=c.at(0),
    )


def _team(c: Context) -> None:
    team.grant_access(
        c.coordinator,
        c.fresh(),
        c.police,
        role="AVIM",
        consent_to_share=True,
        expected_version=c.fresh().version,
        at=c.at(1),
    )


def _assess(c: Context, grounds_day: int = 3) -> None:
    transitions.change_state(
        c.coordinator,
        c.fresh(),
        CaseState.ASSESSMENT,
        expected_version=c.fresh().version,
        at=c.at(1),
    )
    identification.record_decision(
        c.coordinator,
        c.fresh(),
        stage="reasonable_grounds",
        outcome="positive",
        decided_on=c.on(grounds_day),
        panel=[c.desk, c.police],
        indicators=_indicators(),
        reasons="Meerdere signalen van dwang en afhankelijkheid (synthetisch).",
        expected_version=c.fresh().version,
    )


def registered(c: Context) -> None:
    notes.add_note(
        c.coordinator,
        c.fresh(),
        "Eerste contact via de signaleerder gepland (synthetisch).",
        expected_version=c.fresh().version,
        at=c.at(0),
    )


def registered_with_contact(c: Context) -> None:
    _contact(c)
    tasks.add_task(
        c.coordinator,
        c.fresh(),
        title="Kennismaking plannen met tolk",
        owner=c.case_worker,
        due_on=timezone.localdate() + timedelta(days=2),
        expected_version=c.fresh().version,
    )


def assessment_reflection_ending(c: Context) -> None:
    _contact(c)
    _team(c)
    _assess(c)
    b8_track.offer_reflection(
        c.coordinator,
        c.fresh(),
        offered_on=c.on(2),
        start=c.on(2),
        expected_version=c.fresh().version,
    )
    b8_track.update(
        c.coordinator,
        c.fresh(),
        {"report_status": ReportStatus.CONSIDERING, "report_status_on": c.on(10)},
        expected_version=c.fresh().version,
    )


def support_permit_granted(c: Context) -> None:
    _contact(c)
    _team(c)
    _assess(c)
    b8_track.offer_reflection(
        c.coordinator,
        c.fresh(),
        offered_on=c.on(2),
        start=c.on(2),
        expected_version=c.fresh().version,
    )
    b8_track.update(
        c.coordinator,
        c.fresh(),
        {
            "report_status": ReportStatus.FILED,
            "report_status_on": c.on(20),
            "permit_applied_on": c.on(21),
            "ind_decision": IndDecision.GRANTED,
            "ind_decision_on": c.on(23),
        },
        expected_version=c.fresh().version,
    )
    transitions.change_state(
        c.coordinator,
        c.fresh(),
        CaseState.SUPPORT,
        expected_version=c.fresh().version,
        at=c.at(5),
    )
    support.add_placement(
        c.coordinator,
        c.fresh(),
        kind="cosm",
        organisation=c.shelter,
        starts_on=c.on(1),
        expected_version=c.fresh().version,
    )
    support.offer_unconditional_support(
        c.coordinator, c.fresh(), offered_on=c.on(1), expected_version=c.fresh().version
    )
    identification.record_decision(
        c.coordinator,
        c.fresh(),
        stage="conclusive",
        outcome="positive",
        decided_on=c.on(40),
        panel=[c.desk, c.police],
        indicators=_indicators(),
        reasons="Na herstelperiode bevestigd door het MDO (synthetisch).",
        expected_version=c.fresh().version,
    )
    handover.hand_over(
        c.coordinator,
        c.fresh(),
        c.coordinator,
        victim_knows="Kent de opvang en de advocaat.",
        open_promises="Begeleiding naar de IND-afspraak.",
        risks="Contact met familie loopt via de dader.",
        introduction_planned_at=c.at(44),
        expected_version=c.fresh().version,
        at=c.at(42),
    )
    handover.record_introduction(
        c.coordinator,
        c.fresh(),
        c.fresh().handovers.get(),
        held_at=c.at(44),
        expected_version=c.fresh().version,
    )


def support_handover_pending(c: Context) -> None:
    _contact(c)
    _assess(c)
    transitions.change_state(
        c.coordinator,
        c.fresh(),
        CaseState.SUPPORT,
        expected_version=c.fresh().version,
        at=c.at(6),
    )
    support.add_support(
        c.coordinator,
        c.fresh(),
        kind="expert_by_experience",
        area="psychosocial",
        description="Ervaringsdeskundige betrokken bij gesprekken (synthetisch).",
        expected_version=c.fresh().version,
    )
    handover.hand_over(
        c.coordinator,
        c.fresh(),
        c.coordinator,
        victim_knows="Weet dat de casemanager vertrekt.",
        open_promises="Hulp bij aanvraag uitkering.",
        risks="Geen bekend.",
        introduction_planned_at=timezone.now() + timedelta(days=3),
        expected_version=c.fresh().version,
    )


def assessment_exception_route(c: Context) -> None:
    _contact(c)
    _team(c)
    _assess(c)
    b8_track.offer_reflection(
        c.coordinator,
        c.fresh(),
        offered_on=c.on(2),
        start=c.on(2),
        expected_version=c.fresh().version,
    )
    b8_track.update(
        c.coordinator,
        c.fresh(),
        {
            "report_status": ReportStatus.NOT_POSSIBLE_MEDICAL,
            "report_status_on": c.on(30),
            "exception_route": True,
            "exception_granted_on": c.on(50),
            "exception_statements": "Verklaring behandelaar: niet in staat tot verhoor "
            "(synthetisch).",
        },
        expected_version=c.fresh().version,
    )


def closed(c: Context) -> None:
    _contact(c)
    _assess(c)
    transitions.change_state(
        c.coordinator,
        c.fresh(),
        CaseState.SUPPORT,
        expected_version=c.fresh().version,
        at=c.at(7),
    )
    transitions.change_state(
        c.coordinator,
        c.fresh(),
        CaseState.CLOSED,
        close_reason=CloseReason.SAFE_AND_INDEPENDENT,
        reason="Woont zelfstandig, heeft werk en een eigen netwerk (synthetisch).",
        expected_version=c.fresh().version,
        at=c.at(80),
    )


def reopened(c: Context) -> None:
    _contact(c)
    transitions.change_state(
        c.coordinator,
        c.fresh(),
        CaseState.CLOSED,
        close_reason=CloseReason.LOST_CONTACT,
        reason="Niet meer bereikbaar (synthetisch).",
        expected_version=c.fresh().version,
        at=c.at(10),
    )
    transitions.change_state(
        c.coordinator,
        c.fresh(),
        CaseState.ASSESSMENT,
        reason="Nieuwe melding via de opvang (synthetisch).",
        expected_version=c.fresh().version,
        at=c.at(30),
    )


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("Mira", 3, Form.SEXUAL, registered),
    Scenario("Ionut", 6, Form.LABOUR, registered_with_contact),
    Scenario("Daria", 88, Form.SEXUAL, assessment_reflection_ending),
    Scenario("Tomasz", 120, Form.LABOUR, support_permit_granted),
    Scenario("Joy", 40, Form.SEXUAL, support_handover_pending),
    Scenario("Amina", 100, Form.CRIMINAL, assessment_exception_route),
    Scenario("Kevin", 150, Form.CRIMINAL, closed),
    Scenario("Lena", 60, Form.LABOUR, reopened),
)


def _member(region: Region, role: Role) -> User | None:
    return (
        User.objects.filter(
            memberships__role=role,
            memberships__is_active=True,
            memberships__organisation__region=region,
        )
        .order_by("id")
        .first()
    )


def _file_pair(filer: User, region: Region, scenario: Scenario, filed: datetime) -> list:
    municipality = region.municipalities.order_by("name").first()
    assert municipality is not None
    person = intake.VictimData(
        name=f"{scenario.alias} Demo{region.code.title()}",
        birth_date=date(1990 + len(scenario.alias), 1 + scenario.days_ago % 12, 14),
        # A valid Dutch mobile number, fixed per region and scenario (crc32: no hash seed).
        phone=f"061{zlib.crc32(f'{region.code}:{scenario.alias}'.encode()) % 10**7:07d}",
    )
    signals = []
    for offset in (0, 2):
        data = intake.IntakeData(
            catalogue=current_catalogue(),
            municipality=municipality,
            place_kind=PlaceKind.PRIVATE_HOME,
            observed_on=(filed - timedelta(days=1 + offset)).date(),
            themes=[Theme.TRAFFICKING.value],
            forms=[scenario.form],
            indicators=_indicators(),
            observation="Synthetische demo-melding voor een casus.",
            urgency=Urgency.NORMAL.value,
            victims=[person],
        )
        signals.append(intake.file_signal(filer, data, filed_at=filed - timedelta(days=offset)))
    return signals


@transaction.atomic
def build_demo_cases() -> int:
    """Open the scenarios' cases in every region with a desk and no demo cases yet."""
    created = 0
    for region in Region.objects.exclude(coordination_desk=None).order_by("code"):
        desk = region.coordination_desk
        assert desk is not None
        if Case.objects.filter(lead_organisation=desk).exists():
            continue
        coordinator = _member(region, Role.COORDINATOR)
        case_worker = _member(region, Role.CASE_WORKER)
        filer = _member(region, Role.SIGNALER)
        shelter = Organisation.objects.filter(region=region, kind=OrganisationKind.SHELTER).first()
        police = Organisation.objects.filter(region=region, kind=OrganisationKind.POLICE).first()
        if not (coordinator and case_worker and filer and shelter and police):
            continue
        for scenario in SCENARIOS:
            opened_at = timezone.now() - timedelta(days=scenario.days_ago, hours=2)
            signals = _file_pair(filer, region, scenario, opened_at - timedelta(hours=20))
            case = opening.open_case(
                coordinator, signals, alias=scenario.alias, forms=[scenario.form], at=opened_at
            )
            # The shelter is in every team, so its case worker can be contact person.
            team.grant_access(
                coordinator,
                case,
                shelter,
                role="Opvang en begeleiding",
                consent_to_share=True,
                expected_version=case.version,
                at=opened_at,
            )
            context = Context(
                case=case,
                coordinator=coordinator,
                case_worker=case_worker,
                opened=timezone.localtime(opened_at).date(),
                shelter=shelter,
                police=police,
                desk=desk,
            )
            scenario.steps(context)
            created += 1
    return created
