"""The guards of the case services: the B8 track, identification, transitions, handover, the
team and retention; and that every write (and every read through the API) leaves an audit
entry."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone, translation

from baken.accounts import policy
from baken.accounts.models import OrganisationKind
from baken.accounts.policy import Action
from baken.audit.models import AuditAction, AuditEntry
from baken.cases import (
    b8_deadlines,
    b8_track,
    handover,
    identification,
    notes,
    tasks,
    team,
    transitions,
)
from baken.cases.common import CaseError, TransitionNotAllowedError
from baken.cases.models import (
    B8Track,
    Case,
    CaseEvent,
    CaseMember,
    CaseStatusChange,
    DecisionOutcome,
    DecisionStage,
    DeletionRecord,
    Handover,
    ReportStatus,
)
from baken.cases.workflow import CaseState, CloseReason
from tests.cases.world import World
from tests.factories import OrganisationFactory
from tests.signals.helpers import indicators

TODAY = timezone.localdate


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def version(case: Case) -> int:
    return fresh(case).version


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The messages are matched in English, whatever the default language.
    with translation.override("en"):
        yield


@pytest.fixture
def case(world: World) -> Case:
    return world.open_case(alias="Ana", contact_person=world.desk_worker)


def audited(case: Case, action: AuditAction = AuditAction.UPDATE) -> list[str]:
    entries = AuditEntry.objects.filter(
        object_type="cases.case", object_id=str(case.pk), action=action
    )
    return list(entries.order_by("at", "id").values_list("reason", flat=True))


# The B8 track.


def test_the_reflection_period_ends_three_months_after_its_start(world: World, case: Case) -> None:
    start = date(2025, 11, 30)
    track = b8_track.offer_reflection(
        world.desk_worker, case, offered_on=start, start=start, expected_version=version(case)
    )

    assert b8_deadlines.reflection_end(track.reflection_start) == date(2026, 2, 27)
    [deadline] = b8_track.deadlines(case)
    assert (deadline.code, deadline.due, deadline.open) == (
        "reflection_end",
        date(2026, 2, 27),
        True,
    )


def test_the_reflection_period_is_given_once(world: World, case: Case) -> None:
    today = TODAY()
    b8_track.offer_reflection(
        world.desk_worker, case, offered_on=today, start=today, expected_version=version(case)
    )
    with pytest.raises(CaseError, match="given once"):
        b8_track.offer_reflection(
            world.coordinator, case, offered_on=today, start=today, expected_version=version(case)
        )
    assert B8Track.objects.get(case=case).reflection_start == today


@pytest.mark.parametrize(
    ("offered", "start", "message"),
    [(0, -1, "cannot start before"), (1, 2, "future")],
    ids=["start-before-offer", "offer-in-the-future"],
)
def test_an_impossible_reflection_offer_is_refused(
    world: World, case: Case, offered: int, start: int, message: str
) -> None:
    today = TODAY()
    with pytest.raises(CaseError, match=message):
        b8_track.offer_reflection(
            world.desk_worker,
            case,
            offered_on=today + timedelta(days=offered),
            start=today + timedelta(days=start),
            expected_version=version(case),
        )
    assert b8_track.track_of(case) is None or b8_track.track_of(case).reflection_start is None  # type: ignore[union-attr]


def test_the_warning_comes_14_days_before_the_end_without_a_decision(
    world: World, case: Case
) -> None:
    today = TODAY()
    start = today - timedelta(days=60)
    b8_track.offer_reflection(
        world.desk_worker, case, offered_on=start, start=start, expected_version=version(case)
    )
    end = b8_deadlines.reflection_end(start)

    assert b8_track.warning(case, today=end - timedelta(days=15)) is None
    warning = b8_track.warning(case, today=end - timedelta(days=14))
    assert warning is not None
    assert warning.due == end
    assert b8_track.warning(case, today=end + timedelta(days=3)) is not None

    b8_track.update(
        world.desk_worker,
        case,
        {"report_status": ReportStatus.DECLINED},
        expected_version=version(case),
    )
    assert b8_track.warning(case, today=end - timedelta(days=1)) is None
    assert not [d for d in b8_track.deadlines(case) if d.open]


def test_deadlines_due_this_week_are_listed_across_cases(world: World, case: Case) -> None:
    start = TODAY() - timedelta(days=85)
    b8_track.offer_reflection(
        world.desk_worker, case, offered_on=start, start=start, expected_version=version(case)
    )
    due = b8_track.due_within(Case.objects.all(), days=7)
    assert [(item.case.pk, item.deadline.code) for item in due] == [(case.pk, "reflection_end")]
    assert b8_track.due_within(Case.objects.all(), days=7, today=start) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ind_decision": "granted", "ind_decision_on": "today"}, "permit application"),
        ({"permit_applied_on": "yesterday", "ind_decision": "refused"}, "date of the IND"),
        ({"conviction_on": "tomorrow"}, "future"),
        ({"report_status": "undecided"}, "no option"),
        ({"reflection_start": "today"}, "Unknown fields"),
        ({"exception_route": True}, "serious threat"),
        (
            {"report_status": ReportStatus.NOT_POSSIBLE_MEDICAL, "exception_route": True},
            "statements",
        ),
    ],
    ids=[
        "decision-without-application",
        "decision-without-date",
        "future-date",
        "unknown-status",
        "reflection-is-offered-not-updated",
        "exception-without-status",
        "exception-without-statements",
    ],
)
def test_b8_facts_are_validated(
    world: World, case: Case, changes: dict[str, Any], message: str
) -> None:
    days = {"today": TODAY(), "yesterday": TODAY() - timedelta(days=1)}
    days["tomorrow"] = TODAY() + timedelta(days=1)
    values = {k: days.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}
    before = version(case)

    with pytest.raises(CaseError, match=message):
        b8_track.update(world.desk_worker, case, values, expected_version=before)

    assert version(case) == before


def test_the_exception_route_rests_on_statements_and_has_a_one_year_horizon(
    world: World, case: Case
) -> None:
    granted = TODAY() - timedelta(days=10)
    b8_track.update(
        world.desk_worker,
        case,
        {
            "report_status": ReportStatus.NOT_POSSIBLE_THREAT,
            "exception_route": True,
            "exception_statements": "Verklaring politie: ernstige dreiging.",
            "exception_granted_on": granted,
        },
        expected_version=version(case),
    )

    [review] = b8_track.deadlines(case)
    assert (review.code, review.due) == ("exception_review", b8_deadlines.add_months(granted, 12))
    # The statements are on the timeline as text, never in the fixed description.
    event = CaseEvent.objects.filter(case=case, summary__code="b8_updated").get()
    assert "Verklaring" in event.body
    assert "Verklaring" not in json.dumps(event.summary)


def test_a_granted_permit_is_valid_a_year_and_renewed_while_the_criminal_case_runs(
    world: World, case: Case
) -> None:
    applied, decided = TODAY() - timedelta(days=100), TODAY() - timedelta(days=5)
    b8_track.update(
        world.desk_worker,
        case,
        {
            "report_status": ReportStatus.FILED,
            "permit_applied_on": applied,
            "ind_decision": "granted",
            "ind_decision_on": decided,
        },
        expected_version=version(case),
    )
    track = B8Track.objects.get(case=case)
    assert track.permit_valid_until == b8_deadlines.add_months(decided, 12)
    codes = {d.code: d for d in b8_track.deadlines(case)}
    assert codes["permit_renewal"].open
    assert codes["continued_residence"].due == b8_deadlines.add_months(decided, 36)

    b8_track.update(
        world.desk_worker,
        case,
        {"criminal_case_ended_on": TODAY(), "conviction_on": TODAY()},
        expected_version=version(case),
    )
    codes = {d.code: d for d in b8_track.deadlines(case)}
    assert not codes["permit_renewal"].open
    assert codes["continued_residence"].due == TODAY()


# Identification.


def decide(world: World, case: Case, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "stage": DecisionStage.REASONABLE_GROUNDS,
        "outcome": DecisionOutcome.POSITIVE,
        "decided_on": TODAY(),
        "panel": [world.desk, world.police],
        "indicators": indicators("ALG-01"),
        "reasons": "Meerdere indicatoren van dwang.",
    }
    values.update(overrides)
    return identification.record_decision(
        world.desk_worker, case, expected_version=version(case), **values
    )


def test_reasonable_grounds_are_due_within_five_working_days(world: World, case: Case) -> None:
    status = identification.status(case)
    opened_on = timezone.localtime(case.opened_at).date()
    assert status.reasonable_grounds_due == b8_deadlines.reasonable_grounds_due(opened_on)
    assert (status.reasonable_grounds_due - opened_on).days >= 5
    assert status.reasonable_grounds_overdue(status.reasonable_grounds_due + timedelta(days=1))
    decide(world, case)
    assert not identification.status(case).reasonable_grounds_overdue(TODAY() + timedelta(days=30))


def test_identification_never_asks_for_a_police_report(world: World, case: Case) -> None:
    decision = decide(world, case)
    assert decision.outcome == DecisionOutcome.POSITIVE
    assert b8_track.track_of(case) is None


def test_a_panel_needs_two_organisations_of_different_kinds(world: World, case: Case) -> None:
    second_police = OrganisationFactory(region=world.police.region, kind=OrganisationKind.POLICE)
    with pytest.raises(CaseError, match="different kinds"):
        decide(world, case, panel=[world.desk])
    with pytest.raises(CaseError, match="different kinds"):
        decide(world, case, panel=[world.police, second_police])
    with pytest.raises(CaseError, match="indicators"):
        decide(world, case, indicators=[])
    with pytest.raises(CaseError, match="reasons"):
        decide(world, case, reasons="  ")
    assert not case.decisions.exists()


def test_a_conclusive_decision_needs_a_positive_reasonable_grounds_and_30_days(
    world: World,
) -> None:
    opened = timezone.now() - timedelta(days=45)
    case = world.open_case(contact_person=world.desk_worker, at=opened)
    grounds_on = TODAY() - timedelta(days=35)

    with pytest.raises(CaseError, match="positive reasonable-grounds"):
        decide(world, case, stage=DecisionStage.CONCLUSIVE)
    decide(world, case, outcome=DecisionOutcome.NEGATIVE, decided_on=grounds_on)
    with pytest.raises(CaseError, match="positive reasonable-grounds"):
        decide(world, case, stage=DecisionStage.CONCLUSIVE)
    decide(world, case, decided_on=grounds_on)
    with pytest.raises(CaseError, match="30 days"):
        decide(world, case, stage=DecisionStage.CONCLUSIVE, decided_on=grounds_on + timedelta(29))

    decide(world, case, stage=DecisionStage.CONCLUSIVE, decided_on=grounds_on + timedelta(days=30))
    status = identification.status(case)
    assert status.conclusive is not None
    assert status.conclusive_earliest == grounds_on + timedelta(days=30)


def test_a_decision_is_dated_between_opening_and_today(world: World, case: Case) -> None:
    with pytest.raises(CaseError, match="future"):
        decide(world, case, decided_on=TODAY() + timedelta(days=1))
    with pytest.raises(CaseError, match="before the case was opened"):
        decide(world, case, decided_on=TODAY() - timedelta(days=1))


# Transitions.


def move(user: Any, case: Case, target: str, **kwargs: Any) -> Case:
    return transitions.change_state(user, case, target, expected_version=version(case), **kwargs)


def test_the_workflow_runs_registered_assessment_support_closed_and_reopens(
    world: World, case: Case
) -> None:
    move(world.coordinator, case, CaseState.ASSESSMENT)
    move(world.coordinator, case, CaseState.SUPPORT)
    move(
        world.coordinator,
        case,
        CaseState.CLOSED,
        close_reason="safe_and_independent",
        reason="Zelfstandig",
    )
    closed = fresh(case)
    assert closed.closed_at is not None
    assert closed.close_reason == CloseReason.SAFE_AND_INDEPENDENT

    with pytest.raises(CaseError, match="reason"):
        move(world.coordinator, case, CaseState.ASSESSMENT)
    move(world.coordinator, case, CaseState.ASSESSMENT, reason="Nieuwe feiten")

    reopened = fresh(case)
    assert (reopened.state, reopened.closed_at, reopened.close_reason) == ("assessment", None, "")
    history = CaseStatusChange.objects.filter(case=case).order_by("changed_at", "id")
    assert [h.to_state for h in history] == [
        "registered",
        "assessment",
        "support",
        "closed",
        "assessment",
    ]
    assert history.last().reason == "Nieuwe feiten"  # type: ignore[union-attr]
    assert len([r for r in audited(case) if r.startswith("state ")]) == 4


@pytest.mark.parametrize(
    ("path", "target"),
    [((), CaseState.SUPPORT), ((CaseState.ASSESSMENT,), CaseState.REGISTERED)],
    ids=["registered-to-support", "back-to-registered"],
)
def test_forbidden_transitions_are_refused_and_change_nothing(
    world: World, case: Case, path: tuple[str, ...], target: str
) -> None:
    for step in path:
        move(world.coordinator, case, step)
    before = (fresh(case).state, version(case), CaseStatusChange.objects.count())

    with pytest.raises(TransitionNotAllowedError):
        move(world.coordinator, case, target)

    assert (fresh(case).state, version(case), CaseStatusChange.objects.count()) == before


def test_closed_cases_only_reopen(world: World, case: Case) -> None:
    move(world.coordinator, case, CaseState.CLOSED, close_reason="other", reason="Dubbel")
    with pytest.raises(TransitionNotAllowedError):
        move(world.coordinator, case, CaseState.SUPPORT, reason="x")


def test_assessment_needs_a_contact_person(world: World) -> None:
    case = world.open_case()
    with pytest.raises(CaseError, match="contact person"):
        move(world.coordinator, case, CaseState.ASSESSMENT)


def test_closing_needs_a_close_reason(world: World, case: Case) -> None:
    with pytest.raises(CaseError, match="why the case is closed"):
        move(world.coordinator, case, CaseState.CLOSED, reason="Klaar")


def test_closing_with_an_open_task_is_refused_unless_a_reason_is_given(
    world: World, case: Case
) -> None:
    tasks.add_task(
        world.coordinator,
        case,
        title="Huisarts bellen",
        owner=world.desk_worker,
        due_on=TODAY(),
        expected_version=version(case),
    )
    close = {"close_reason": "moved_abroad", "reason": "Terug naar land van herkomst"}

    with pytest.raises(CaseError, match="open task"):
        move(world.coordinator, case, CaseState.CLOSED, **close)
    assert fresh(case).state == CaseState.REGISTERED

    move(world.coordinator, case, CaseState.CLOSED, close_anyway_reason="Taak vervalt", **close)
    last = CaseStatusChange.objects.filter(case=case).order_by("id").last()
    assert last is not None
    assert "Taak vervalt" in last.reason


def test_closing_with_an_open_b8_deadline_is_refused_unless_a_reason_is_given(
    world: World, case: Case
) -> None:
    today = TODAY()
    b8_track.offer_reflection(
        world.desk_worker, case, offered_on=today, start=today, expected_version=version(case)
    )
    close = {"close_reason": "lost_contact", "reason": "Onvindbaar"}

    with pytest.raises(CaseError, match="B8 deadline"):
        move(world.coordinator, case, CaseState.CLOSED, **close)
    move(world.coordinator, case, CaseState.CLOSED, close_anyway_reason="Vertrokken", **close)
    assert fresh(case).state == CaseState.CLOSED


def test_only_the_lead_or_the_contact_person_changes_the_state(world: World, case: Case) -> None:
    team.grant_access(
        world.coordinator,
        case,
        world.police,
        consent_to_share=True,
        expected_version=version(case),
    )
    with pytest.raises(PermissionDenied):
        move(world.police_officer, case, CaseState.ASSESSMENT)
    move(world.desk_worker, case, CaseState.ASSESSMENT)  # the contact person
    assert fresh(case).state == CaseState.ASSESSMENT


# Handover.


def hand_over(world: World, case: Case, to: Any, **notes_: str) -> Handover:
    values = {
        "victim_knows": "Weet van de opvangplek.",
        "open_promises": "Afspraak met advocaat.",
        "risks": "Dader zoekt contact.",
    }
    values.update(notes_)
    return handover.hand_over(
        world.coordinator,
        case,
        to,
        introduction_planned_at=timezone.now() + timedelta(days=1),
        expected_version=version(case),
        **values,
    )


@pytest.mark.parametrize("missing", ["victim_knows", "open_promises", "risks"])
def test_a_handover_needs_all_three_notes(world: World, case: Case, missing: str) -> None:
    with pytest.raises(CaseError, match="all three parts"):
        hand_over(world, case, world.coordinator, **{missing: " "})
    assert fresh(case).contact_person == world.desk_worker
    assert not Handover.objects.exists()


def test_the_previous_contact_stays_until_the_introduction_is_recorded(
    world: World, case: Case
) -> None:
    item = hand_over(world, case, world.coordinator)
    handed = fresh(case)
    assert (handed.contact_person, handed.previous_contact) == (
        world.coordinator,
        world.desk_worker,
    )
    # The introduction meeting is a task of the new contact person.
    [task] = item.tasks.all()
    assert (task.owner, task.is_open) == (world.coordinator, True)
    with pytest.raises(CaseError, match="introduction meeting of the previous handover"):
        hand_over(world, case, world.desk_worker)

    handover.record_introduction(
        world.desk_worker, case, item, held_at=timezone.now(), expected_version=version(case)
    )

    introduced = fresh(case)
    assert introduced.previous_contact is None
    assert introduced.contact_person == world.coordinator
    task.refresh_from_db()
    assert not task.is_open
    with pytest.raises(CaseError, match="no introduction meeting"):
        handover.record_introduction(
            world.desk_worker, case, item, held_at=timezone.now(), expected_version=version(case)
        )


def test_the_contact_chain_and_handover_count_follow_each_handover(
    world: World, case: Case
) -> None:
    first = hand_over(world, case, world.coordinator)
    handover.record_introduction(
        world.coordinator, case, first, held_at=timezone.now(), expected_version=version(case)
    )
    hand_over(world, case, world.desk_worker)

    chain = handover.contact_chain(case)
    assert [link["user"] for link in chain] == [
        world.desk_worker,
        world.coordinator,
        world.desk_worker,
    ]
    assert case.handovers.count() == 2
    assert chain[1]["handover"] == first


def test_a_handover_goes_to_someone_in_the_team_and_not_to_the_same_person(
    world: World, case: Case
) -> None:
    with pytest.raises(CaseError, match="does not work for an organisation"):
        hand_over(world, case, world.outsider)
    with pytest.raises(CaseError, match="already the contact person"):
        hand_over(world, case, world.desk_worker)
    with pytest.raises(CaseError, match="changing it is a handover"):
        handover.assign_contact_person(
            world.coordinator, case, world.coordinator, expected_version=version(case)
        )


def test_the_deputy_is_someone_else_in_the_team(world: World, case: Case) -> None:
    with pytest.raises(CaseError, match="someone other than the contact person"):
        handover.set_deputy(
            world.coordinator, case, world.desk_worker, expected_version=version(case)
        )
    handover.set_deputy(world.coordinator, case, world.coordinator, expected_version=version(case))
    assert fresh(case).deputy == world.coordinator


# The team.


def test_granting_and_revoking_access_is_audited_and_revocation_hides_the_case(
    world: World, case: Case
) -> None:
    member = team.grant_access(
        world.coordinator,
        case,
        world.police,
        role="Recherche",
        consent_to_share=False,
        expected_version=version(case),
    )
    assert policy.can(world.police_officer, Action.VIEW_CASE, fresh(case))
    assert policy.visible_to(world.police_officer, Case.objects.all()).get() == case
    with pytest.raises(CaseError, match="already in the team"):
        team.grant_access(
            world.coordinator,
            case,
            world.police,
            consent_to_share=True,
            expected_version=version(case),
        )

    team.set_consent(world.coordinator, case, member, True, expected_version=version(case))
    member.refresh_from_db()
    assert member.consent_to_share
    team.revoke_access(world.coordinator, case, member, expected_version=version(case))

    assert not policy.can(world.police_officer, Action.VIEW_CASE, fresh(case))
    assert not policy.visible_to(world.police_officer, Case.objects.all()).exists()
    assert not policy.visible_to(world.police_officer, CaseEvent.objects.all()).exists()
    member.refresh_from_db()
    assert (member.revoked_by, member.revoked_at is not None) == (world.coordinator, True)
    assert CaseMember.objects.filter(case=case, organisation=world.police).count() == 1
    reasons = audited(case)
    assert f"access granted to organisation {world.police.pk}" in reasons
    assert f"consent for organisation {world.police.pk}: True" in reasons
    assert f"access revoked for organisation {world.police.pk}" in reasons
    codes = list(
        CaseEvent.objects.filter(case=case, kind="team").values_list("summary__code", flat=True)
    )
    assert codes == ["access_granted", "consent_changed", "access_revoked"]


def test_the_lead_and_an_organisation_with_the_contact_person_stay_in_the_team(
    world: World, case: Case
) -> None:
    lead = CaseMember.objects.get(case=case, organisation=world.desk)
    with pytest.raises(CaseError, match="lead organisation"):
        team.revoke_access(world.coordinator, case, lead, expected_version=version(case))
    police = team.grant_access(
        world.coordinator, case, world.police, consent_to_share=True, expected_version=version(case)
    )
    handover.set_deputy(
        world.coordinator, case, world.police_officer, expected_version=version(case)
    )
    with pytest.raises(CaseError, match="hand over first"):
        team.revoke_access(world.coordinator, case, police, expected_version=version(case))


def test_only_the_lead_manages_the_team(world: World, case: Case) -> None:
    with pytest.raises(PermissionDenied):
        team.grant_access(
            world.outsider,
            case,
            world.outsider_org,
            consent_to_share=True,
            expected_version=version(case),
        )


# Retention.


def closed_long_ago(world: World) -> Case:
    """A case with every kind of free text, closed 400 days ago."""
    long_ago = timezone.now() - timedelta(days=500)
    case = world.open_case(alias="Ana Geheim", contact_person=world.desk_worker, at=long_ago)
    notes.add_note(world.desk_worker, case, "Notitie met details", expected_version=version(case))
    hand_over(world, case, world.coordinator, risks="Risico met naam")
    b8_track.update(
        world.desk_worker,
        case,
        {
            "report_status": ReportStatus.NOT_POSSIBLE_MEDICAL,
            "exception_route": True,
            "exception_statements": "Verklaring arts",
        },
        expected_version=version(case),
    )
    transitions.change_state(
        world.coordinator,
        case,
        CaseState.CLOSED,
        close_reason="other",
        reason="Reden met details",
        close_anyway_reason="Open taak vervalt",
        expected_version=version(case),
        at=timezone.now() - timedelta(days=400),
    )
    return fresh(case)


def test_anonymise_cases_empties_the_texts_and_keeps_a_record_without_personal_data(
    world: World,
) -> None:
    case = closed_long_ago(world)

    call_command("anonymise-cases", "--days", "365", stdout=io.StringIO())

    case = fresh(case)
    assert case.anonymised_at is not None
    assert (case.alias, case.person) == ("", None)
    bodies = {event.body for event in CaseEvent.objects.filter(case=case) if event.body}
    assert bodies == {"[anonymised]"}
    item = Handover.objects.get(case=case)
    assert (item.victim_knows, item.open_promises, item.risks) == ("[anonymised]",) * 3
    assert B8Track.objects.get(case=case).exception_statements == "[anonymised]"
    assert set(CaseStatusChange.objects.filter(case=case).values_list("reason", flat=True)) <= {
        "",
        "[anonymised]",
    }
    record = DeletionRecord.objects.get()
    assert record.case_reference == case.reference
    assert record.removed["alias"] == 1
    assert record.removed["handover_notes"] == 3
    dumped = json.dumps(
        {
            "reference": record.case_reference,
            "removed": record.removed,
            "days": record.retention_days,
        }
    )
    for secret in ("Ana", "Geheim", "Notitie", "Risico", "Verklaring", "Reden", "Popescu"):
        assert secret not in dumped
    entry = AuditEntry.objects.get(action=AuditAction.DELETE, object_type="cases.deletionrecord")
    assert "Ana" not in entry.reason
    with pytest.raises(CaseError, match="anonymised"):
        notes.add_note(world.coordinator, case, "Nog iets", expected_version=case.version)


def test_anonymise_cases_leaves_open_and_recently_closed_cases_alone(
    world: World, case: Case
) -> None:
    move(world.coordinator, case, CaseState.CLOSED, close_reason="other", reason="Net dicht")

    call_command("anonymise-cases", "--days", "30", stdout=io.StringIO())

    assert fresh(case).alias == "Ana"
    assert fresh(case).anonymised_at is None
    assert not DeletionRecord.objects.exists()


# Audit.


def test_every_write_is_audited_with_the_step_and_no_personal_data(
    world: World, case: Case
) -> None:
    notes.add_note(world.desk_worker, case, "Vertrouwelijk gesprek", expected_version=version(case))
    decide(world, case)
    move(world.coordinator, case, CaseState.ASSESSMENT)

    assert audited(case, AuditAction.CREATE) == ["opened from 2 signal(s)"]
    reasons = audited(case)
    assert f"contact person user {world.desk_worker.pk}" in reasons
    assert "note added" in reasons
    assert "identification decision reasonable_grounds positive" in reasons
    assert "state registered → assessment" in reasons
    assert not [r for r in reasons if "Vertrouwelijk" in r or "Ana" in r]
    actors = set(
        AuditEntry.objects.filter(object_id=str(case.pk), action=AuditAction.UPDATE).values_list(
            "user", flat=True
        )
    )
    assert actors == {world.coordinator.pk, world.desk_worker.pk}
