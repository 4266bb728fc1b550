"""The whole path of the issue through the services: open from two linked signals, contact
person, reasonable grounds without a police report, reflection period, handover with an
introduction meeting, and the timeline that shows it all."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from baken.accounts import policy
from baken.cases import b8_track, handover, identification, timeline, transitions
from baken.cases.models import Case, DecisionOutcome, DecisionStage, ReportStatus
from baken.signals.workflow import SignalStatus
from tests.cases.world import World
from tests.signals.helpers import indicators


def test_the_issue_flow_through_the_services(world: World) -> None:
    case = world.open_case()
    assert case.person is not None
    assert {s.pk for s in case.signals.all()} == {s.pk for s in world.signals}
    for signal in world.signals:
        signal.refresh_from_db()
        assert signal.status == SignalStatus.CASE_OPENED

    case = handover.assign_contact_person(
        world.coordinator, case, world.desk_worker, expected_version=case.version
    )
    decision = identification.record_decision(
        world.coordinator,
        case,
        stage=DecisionStage.REASONABLE_GROUNDS,
        outcome=DecisionOutcome.POSITIVE,
        decided_on=timezone.localdate(),
        panel=[world.desk, world.police],
        indicators=indicators("ALG-01"),
        reasons="Meerdere indicatoren van dwang.",
        expected_version=Case.objects.get(pk=case.pk).version,
    )
    assert decision.pk
    track = b8_track.track_of(case)
    assert track is None or track.report_status == ReportStatus.UNKNOWN

    case.refresh_from_db()
    start = timezone.localdate() - timedelta(days=80)
    b8_track.offer_reflection(
        world.coordinator, case, offered_on=start, start=start, expected_version=case.version
    )
    warning = b8_track.warning(case)
    assert warning is not None
    assert warning.code == "reflection_end"

    case.refresh_from_db()
    handover.hand_over(
        world.coordinator,
        case,
        world.coordinator,
        victim_knows="Weet van de opvangplek.",
        open_promises="Afspraak met advocaat regelen.",
        risks="Dader zoekt contact via familie.",
        introduction_planned_at=timezone.now() + timedelta(days=2),
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert case.contact_person == world.coordinator
    assert case.previous_contact == world.desk_worker

    kinds = [entry.kind for entry in timeline.entries(case)]
    for kind in ("opened", "signal", "decision", "b8", "handover"):
        assert kind in kinds
    assert transitions.open_items(case)
    assert not policy.visible_to(world.outsider, Case.objects.all()).exists()
