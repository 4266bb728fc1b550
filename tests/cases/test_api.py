"""The cases API: opening from signals, scoped reads, transitions with their 409s, handover,
the B8 track, identification decisions and the timeline; and that an organisation outside the
team sees nothing of a case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.cases import notes, opening, tasks, team
from baken.cases.models import B8Track, Case, CaseStatusChange, Handover
from baken.cases.workflow import CaseState
from tests.cases.world import World, build_world, user

NOTES = {
    "victim_knows": "Weet van de opvangplek.",
    "open_promises": "Afspraak met advocaat regelen.",
    "risks": "Dader zoekt contact via familie.",
}


def api(who: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if who is not None:
        client.force_login(who)
    return client


def get(who: Any, path: str, **params: Any) -> Any:
    return api(who).get(path, params)


def send(who: Any, method: str, path: str, body: dict[str, Any]) -> Any:
    return getattr(api(who), method)(path, body, content_type="application/json")


def url(case: Case, step: str = "") -> str:
    return f"/api/cases/{case.pk}/{step + '/' if step else ''}"


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def with_police(world: World, case: Case, consent: bool = True) -> Case:
    team.grant_access(
        world.coordinator,
        case,
        world.police,
        role="Recherche",
        consent_to_share=consent,
        expected_version=fresh(case).version,
    )
    return fresh(case)


@pytest.fixture
def case(world: World) -> Case:
    return world.open_case(alias="Ana", contact_person=world.desk_worker)


# Opening.


def test_a_coordinator_opens_a_case_from_held_signals(world: World) -> None:
    body = {
        "signals": [s.pk for s in world.signals],
        "alias": "Ana",
        "forms": ["labour"],
        "contact_person": world.desk_worker.pk,
    }

    response = send(world.coordinator, "post", "/api/cases/", body)

    assert response.status_code == 201, response.json()
    case = Case.objects.get(pk=response.json()["id"])
    assert response.json()["reference"] == case.reference
    assert case.state == CaseState.REGISTERED
    assert case.lead_organisation == world.desk
    assert case.contact_person == world.desk_worker
    assert case.forms == ["labour"]
    assert case.alias == "Ana"
    assert {s.pk for s in case.signals.all()} == {s.pk for s in world.signals}


def test_opening_from_signals_out_of_scope_names_the_ids_and_reveals_nothing(
    world: World,
) -> None:
    elsewhere = build_world("zh")
    missing_id = max(s.pk for s in [*world.signals, *elsewhere.signals]) + 1000
    ids = [elsewhere.signals[0].pk, missing_id]

    response = send(world.coordinator, "post", "/api/cases/", {"signals": ids})

    assert response.status_code == 400
    message = str(response.json()["signals"])
    # A signal of another region and one that does not exist get the same answer.
    assert str(ids[0]) in message
    assert str(missing_id) in message
    assert not Case.objects.exists()


def test_opening_twice_from_one_signal_is_refused_with_the_reason(world: World) -> None:
    world.open_case()
    body = {"signals": [world.signals[0].pk]}

    response = send(world.coordinator, "post", "/api/cases/", body)

    assert response.status_code == 400
    assert "already belongs to case" in response.json()["detail"]
    assert Case.objects.count() == 1


def test_opening_refuses_an_unknown_person_and_a_contact_of_another_organisation(
    world: World,
) -> None:
    ids = [s.pk for s in world.signals]
    unknown = send(world.coordinator, "post", "/api/cases/", {"signals": ids, "person": "P-0"})
    stranger = send(
        world.coordinator,
        "post",
        "/api/cases/",
        {"signals": ids, "contact_person": world.outsider.pk},
    )

    assert unknown.status_code == 400
    assert "person" in unknown.json()
    assert stranger.status_code == 400
    assert "contact_person" in stranger.json()
    assert not Case.objects.exists()


def test_opening_names_the_person_by_pseudonym(world: World) -> None:
    person = opening.persons_of(world.signals)[0]
    body = {"signals": [s.pk for s in world.signals], "person": person.pseudonym}

    response = send(world.coordinator, "post", "/api/cases/", body)

    assert response.status_code == 201
    detail = get(world.coordinator, f"/api/cases/{response.json()['id']}/").json()
    assert detail["person"] == person.pseudonym


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.ANALYST, Role.SIGNALER])
def test_only_coordinators_open_cases(world: World, role: Role) -> None:
    body = {"signals": [s.pk for s in world.signals]}
    response = send(user(role, world.desk), "post", "/api/cases/", body)
    assert response.status_code == 403
    assert not Case.objects.exists()


# Reading.


def test_the_list_is_the_team_s_cases_with_search_and_state_filter(
    world: World, case: Case
) -> None:
    def listed(who: Any, **params: Any) -> list[str]:
        response = get(who, "/api/cases/", **params)
        assert response.status_code == 200
        return [row["reference"] for row in response.json()["results"]]

    assert listed(world.coordinator) == [case.reference]
    assert listed(world.desk_worker, q=case.reference[-4:].lower()) == [case.reference]
    assert listed(world.coordinator, q="Z-1999") == []
    assert listed(world.coordinator, state="registered") == [case.reference]
    assert listed(world.coordinator, state="closed") == []
    assert listed(world.police_officer) == []
    assert AuditEntry.objects.filter(
        user=world.coordinator, action=AuditAction.VIEW, object_type="cases.case", object_id=""
    ).exists()


def test_roles_outside_casework_are_refused_and_anonymous_must_authenticate(
    world: World, case: Case
) -> None:
    analyst = user(Role.ANALYST, world.desk)
    assert get(analyst, "/api/cases/").status_code == 403
    assert get(analyst, url(case)).status_code == 403
    assert get(world.signaler, "/api/cases/").status_code == 403
    anonymous = get(None, "/api/cases/")
    assert anonymous.status_code == 401
    assert anonymous.has_header("WWW-Authenticate")


def test_a_case_worker_outside_the_team_sees_nothing_of_the_case(world: World, case: Case) -> None:
    outsider = world.outsider

    assert get(outsider, "/api/cases/").json()["results"] == []
    assert get(outsider, "/api/cases/", q=case.reference).json()["results"] == []
    for step in ("", "timeline", "b8", "decisions", "handover"):
        assert get(outsider, url(case, step)).status_code == 404, step
    version = {"version": case.version}
    assert send(outsider, "post", url(case, "transitions"), version).status_code == 404
    assert send(outsider, "patch", url(case, "b8"), version).status_code == 404
    assert send(outsider, "post", url(case, "decisions"), version).status_code == 404
    assert send(outsider, "post", url(case, "handover"), version).status_code == 404
    reads = AuditEntry.objects.filter(user=outsider, object_type="cases.case")
    assert not reads.exclude(object_id="").exists()


def test_the_detail_shows_the_whole_case_and_its_read_is_audited(world: World, case: Case) -> None:
    case = with_police(world, case, consent=False)
    tasks.add_task(
        world.coordinator,
        case,
        title="Huisarts regelen",
        owner=world.desk_worker,
        due_on=timezone.localdate(),
        expected_version=case.version,
    )

    response = get(world.police_officer, url(case))

    assert response.status_code == 200
    body = response.json()
    assert body["alias"] == "Ana"
    assert body["version"] == fresh(case).version
    assert body["state"] == "registered"
    assert body["lead_organisation"]["id"] == world.desk.pk
    assert body["contact_person"]["id"] == world.desk_worker.pk
    assert body["contact_person"]["name"].startswith("Dirk")
    assert body["deputy"] is None
    assert body["previous_contact"] is None
    assert [link["user"]["id"] for link in body["contact_chain"]] == [world.desk_worker.pk]
    assert body["handover_count"] == 0
    assert {(m["organisation"]["id"], m["consent_to_share"]) for m in body["team"]} == {
        (world.desk.pk, False),
        (world.police.pk, False),
    }
    assert body["identification"]["reasonable_grounds"] is None
    assert body["identification"]["reasonable_grounds_due"]
    assert body["identification"]["conclusive_earliest"] is None
    assert body["b8"]["deadlines"] == []
    assert body["b8"]["warning"] is None
    assert body["open_tasks"] == 1
    assert body["is_minor"] is False
    assert sorted(body["signals"]) == sorted(s.pk for s in world.signals)
    entry = AuditEntry.objects.get(user=world.police_officer, action=AuditAction.VIEW)
    assert (entry.object_type, entry.object_id) == ("cases.case", str(case.pk))


# Transitions.


def transition(who: Any, case: Case, **body: Any) -> Any:
    body.setdefault("version", fresh(case).version)
    return send(who, "post", url(case, "transitions"), body)


def test_transitions_follow_the_table_and_append_history(world: World, case: Case) -> None:
    forbidden = transition(world.coordinator, case, state="support")
    assert forbidden.status_code == 409
    assert "cannot become" in forbidden.json()["detail"]

    moved = transition(world.coordinator, case, state="assessment")
    assert moved.status_code == 200
    assert moved.json()["state"] == "assessment"
    assert moved.json()["version"] == fresh(case).version

    no_reason = transition(world.coordinator, case, state="closed", close_reason="other")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["detail"]
    closed = transition(
        world.coordinator, case, state="closed", close_reason="lost_contact", reason="Vertrokken"
    )
    assert closed.status_code == 200
    reopened = transition(world.coordinator, case, state="assessment", reason="Terug in beeld")
    assert reopened.status_code == 200

    rows = CaseStatusChange.objects.filter(case=case).order_by("changed_at", "id")
    assert [(r.from_state, r.to_state) for r in rows] == [
        ("", "registered"),
        ("registered", "assessment"),
        ("assessment", "closed"),
        ("closed", "assessment"),
    ]
    assert fresh(case).close_reason == ""


def test_an_unknown_state_or_a_missing_version_is_a_400(world: World, case: Case) -> None:
    assert transition(world.coordinator, case, state="archived").status_code == 400
    no_version = send(world.coordinator, "post", url(case, "transitions"), {"state": "assessment"})
    assert no_version.status_code == 400
    assert "version" in no_version.json()


def test_closing_with_open_tasks_needs_a_reason_to_close_anyway(world: World, case: Case) -> None:
    tasks.add_task(
        world.coordinator,
        case,
        title="Dossier overdragen",
        owner=world.desk_worker,
        due_on=timezone.localdate(),
        expected_version=case.version,
    )
    body = {"state": "closed", "close_reason": "transferred", "reason": "Naar ander team"}

    refused = transition(world.coordinator, case, **body)
    closed = transition(world.coordinator, case, close_anyway_reason="Taak gaat mee", **body)

    assert refused.status_code == 400
    assert "open task" in refused.json()["detail"]
    assert closed.status_code == 200
    assert fresh(case).state == CaseState.CLOSED


def test_a_stale_version_is_a_409_and_changes_nothing(world: World, case: Case) -> None:
    read = fresh(case).version
    assert transition(world.coordinator, case, state="assessment", version=read).status_code == 200

    stale = transition(
        world.desk_worker, case, state="closed", close_reason="other", reason="x", version=read
    )

    assert stale.status_code == 409
    assert "Somebody else changed this case" in stale.json()["detail"]
    assert fresh(case).state == CaseState.ASSESSMENT


def test_a_team_member_who_does_not_manage_the_case_cannot_move_it(
    world: World, case: Case
) -> None:
    case = with_police(world, case)
    response = transition(world.police_officer, case, state="assessment")
    assert response.status_code == 403
    assert fresh(case).state == CaseState.REGISTERED


# Handover.


def test_the_first_contact_person_is_assigned_with_only_to_user(world: World) -> None:
    case = world.open_case()
    body = {"to_user": world.desk_worker.pk, "deputy": world.coordinator.pk, "version": 1}

    response = send(world.coordinator, "post", url(case, "handover"), body)

    assert response.status_code == 200, response.json()
    assert response.json()["contact_person"]["id"] == world.desk_worker.pk
    assert response.json()["deputy"]["id"] == world.coordinator.pk
    assert response.json()["handover_count"] == 0
    assert fresh(case).contact_person == world.desk_worker


def test_a_handover_keeps_the_previous_contact_until_the_introduction(
    world: World, case: Case
) -> None:
    case = with_police(world, case)
    planned = timezone.now() + timedelta(days=1)
    body = {
        "to_user": world.police_officer.pk,
        "introduction_planned_at": planned.isoformat(),
        "version": case.version,
        **NOTES,
    }

    handed = send(world.coordinator, "post", url(case, "handover"), body)

    assert handed.status_code == 200, handed.json()
    state = handed.json()
    assert state["contact_person"]["id"] == world.police_officer.pk
    assert state["previous_contact"]["id"] == world.desk_worker.pk
    assert state["handover_count"] == 1
    assert [link["user"]["id"] for link in state["chain"]] == [
        world.desk_worker.pk,
        world.police_officer.pk,
    ]
    assert state["handovers"][0]["risks"] == NOTES["risks"]

    # The previous contact person no longer manages the case, but records the meeting.
    introduced = send(
        world.desk_worker,
        "post",
        url(case, "handover"),
        {
            "introduction_held_at": timezone.now().isoformat(),
            "handover": state["handovers"][0]["id"],
            "version": state["version"],
        },
    )
    assert introduced.status_code == 200, introduced.json()
    assert introduced.json()["previous_contact"] is None
    assert introduced.json()["handovers"][0]["introduction_held_at"]
    assert get(world.police_officer, url(case)).json()["previous_contact"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"risks": ""}, "detail"),
        ({"introduction_planned_at": None}, "introduction_planned_at"),
        ({"to_user": 0}, "to_user"),
    ],
    ids=["a-note-missing", "no-introduction-planned", "not-in-the-team"],
)
def test_a_handover_without_what_it_needs_is_refused(
    world: World, case: Case, change: dict[str, Any], field: str
) -> None:
    body = {
        "to_user": world.coordinator.pk,
        "introduction_planned_at": (timezone.now() + timedelta(days=1)).isoformat(),
        "version": case.version,
        **NOTES,
        **change,
    }
    body = {key: value for key, value in body.items() if value is not None}

    response = send(world.coordinator, "post", url(case, "handover"), body)

    assert response.status_code == 400
    assert field in response.json()
    assert not Handover.objects.exists()
    assert fresh(case).contact_person == world.desk_worker


def test_a_team_member_cannot_hand_over_and_a_stale_handover_is_a_409(
    world: World, case: Case
) -> None:
    case = with_police(world, case)
    body = {
        "to_user": world.coordinator.pk,
        "introduction_planned_at": (timezone.now() + timedelta(days=1)).isoformat(),
        "version": case.version,
        **NOTES,
    }
    assert send(world.police_officer, "post", url(case, "handover"), body).status_code == 403
    stale = send(world.coordinator, "post", url(case, "handover"), {**body, "version": 1})
    assert stale.status_code == 409
    assert not Handover.objects.exists()


def test_reading_the_handovers_is_audited(world: World, case: Case) -> None:
    response = get(world.desk_worker, url(case, "handover"))
    assert response.status_code == 200
    assert response.json()["contact_person"]["id"] == world.desk_worker.pk
    assert AuditEntry.objects.filter(
        user=world.desk_worker, action=AuditAction.VIEW, object_id=str(case.pk)
    ).exists()


# The B8 track.


def b8(who: Any, case: Case, **body: Any) -> Any:
    body.setdefault("version", fresh(case).version)
    return send(who, "patch", url(case, "b8"), body)


def test_the_reflection_period_is_offered_once_with_a_computed_end(
    world: World, case: Case
) -> None:
    assert get(world.desk_worker, url(case, "b8")).json()["track"] is None
    start = timezone.localdate() - timedelta(days=80)

    offered = b8(world.desk_worker, case, reflection_start=start.isoformat())

    assert offered.status_code == 200, offered.json()
    state = offered.json()
    assert state["track"]["reflection_start"] == start.isoformat()
    assert state["track"]["reflection_end"] > timezone.localdate().isoformat()
    assert [d["code"] for d in state["deadlines"]] == ["reflection_end"]
    assert state["warning"]["code"] == "reflection_end"
    assert state["version"] == fresh(case).version
    again = b8(world.desk_worker, case, reflection_start=timezone.localdate().isoformat())
    assert again.status_code == 400
    assert "once" in again.json()["detail"]

    decided = b8(world.desk_worker, case, report_status="filed")
    assert decided.status_code == 200
    assert decided.json()["warning"] is None
    assert decided.json()["track"]["report_status_on"] == timezone.localdate().isoformat()


def test_b8_facts_are_checked_by_the_rules(world: World, case: Case) -> None:
    today = timezone.localdate()
    no_application = b8(world.desk_worker, case, ind_decision="granted", ind_decision_on=str(today))
    future = b8(world.desk_worker, case, permit_applied_on=str(today + timedelta(days=3)))
    no_statements = b8(
        world.desk_worker, case, report_status="not_possible_threat", exception_route=True
    )
    unknown_choice = b8(world.desk_worker, case, report_status="maybe")

    assert no_application.status_code == 400
    assert "permit application" in no_application.json()["detail"]
    assert future.status_code == 400
    assert no_statements.status_code == 400
    assert "statements" in no_statements.json()["detail"]
    assert unknown_choice.status_code == 400
    assert "report_status" in unknown_choice.json()
    assert not B8Track.objects.filter(case=case).exclude(permit_applied_on=None).exists()


def test_a_granted_permit_gets_its_renewal_deadline(world: World, case: Case) -> None:
    today = timezone.localdate()
    response = b8(
        world.desk_worker,
        case,
        report_status="filed",
        permit_applied_on=str(today - timedelta(days=60)),
        ind_decision="granted",
        ind_decision_on=str(today),
    )
    assert response.status_code == 200, response.json()
    codes = {d["code"] for d in response.json()["deadlines"]}
    assert codes == {"permit_renewal", "continued_residence"}
    assert response.json()["track"]["permit_valid_until"]


def test_an_offer_and_facts_in_one_patch_are_saved_together_or_not_at_all(
    world: World, case: Case
) -> None:
    today = timezone.localdate().isoformat()
    refused = b8(world.desk_worker, case, reflection_start=today, ind_decision="granted")
    assert refused.status_code == 400
    assert b8_track_of(case) is None or b8_track_of(case).reflection_start is None

    saved = b8(world.desk_worker, case, reflection_offered_on=today, report_status="considering")

    assert saved.status_code == 200, saved.json()
    track = saved.json()["track"]
    assert (track["reflection_offered_on"], track["reflection_start"]) == (today, today)
    assert track["report_status"] == "considering"
    assert saved.json()["version"] == fresh(case).version
    assert get(world.coordinator, url(case, "b8")).json()["track"] == track
    assert AuditEntry.objects.filter(
        user=world.coordinator, action=AuditAction.VIEW, reason="B8 track"
    ).exists()


def b8_track_of(case: Case) -> B8Track | None:
    return B8Track.objects.filter(case=case).first()


def test_a_stale_b8_patch_is_a_409_and_writes_nothing(world: World, case: Case) -> None:
    read = fresh(case).version
    assert b8(world.desk_worker, case, report_status="considering", version=read).status_code == 200

    stale = b8(world.coordinator, case, report_status="declined", version=read)

    assert stale.status_code == 409
    assert B8Track.objects.get(case=case).report_status == "considering"


# Identification decisions.


def decision(world: World, case: Case, **overrides: Any) -> dict[str, Any]:
    body = {
        "stage": "reasonable_grounds",
        "outcome": "positive",
        "decided_on": timezone.localdate().isoformat(),
        "panel": [world.desk.pk, world.police.pk],
        "indicators": ["ALG-01"],
        "reasons": "Meerdere indicatoren van dwang.",
        "version": fresh(case).version,
    }
    body.update(overrides)
    return body


def test_a_reasonable_grounds_decision_is_recorded_by_a_panel(world: World, case: Case) -> None:
    response = send(world.desk_worker, "post", url(case, "decisions"), decision(world, case))

    assert response.status_code == 201, response.json()
    state = response.json()
    assert state["identification"]["reasonable_grounds"]["outcome"] == "positive"
    assert (
        state["identification"]["conclusive_earliest"]
        == (timezone.localdate() + timedelta(days=30)).isoformat()
    )
    [recorded] = state["decisions"]
    assert {o["id"] for o in recorded["panel"]} == {world.desk.pk, world.police.pk}
    assert recorded["indicators"] == ["ALG-01"]
    listed = get(world.coordinator, url(case, "decisions")).json()
    assert [d["id"] for d in listed["decisions"]] == [recorded["id"]]


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"panel": "desk-only"}, "detail", "two organisations"),
        ({"panel": [999999]}, "panel", "999999"),
        ({"indicators": ["XYZ-99"]}, "indicators", "XYZ-99"),
        ({"reasons": ""}, "reasons", ""),
        ({"stage": "conclusive"}, "detail", "positive reasonable-grounds"),
        ({"stage": "final"}, "stage", "final"),
    ],
    ids=[
        "one-organisation",
        "unknown-organisation",
        "unknown-indicator",
        "no-reasons",
        "conclusive-first",
        "unknown-stage",
    ],
)
def test_a_decision_the_rules_refuse_is_a_400(
    world: World, case: Case, change: dict[str, Any], field: str, text: str
) -> None:
    if change.get("panel") == "desk-only":
        change = {"panel": [world.desk.pk]}

    response = send(
        world.desk_worker, "post", url(case, "decisions"), decision(world, case, **change)
    )

    assert response.status_code == 400
    assert field in response.json()
    assert text in str(response.json()[field])
    assert not case.decisions.exists()


def test_a_stale_decision_is_a_409(world: World, case: Case) -> None:
    response = send(
        world.desk_worker, "post", url(case, "decisions"), decision(world, case, version=1)
    )
    assert response.status_code == 409
    assert not case.decisions.exists()


# The timeline.


def test_the_timeline_lists_events_filters_by_kind_and_is_audited(world: World, case: Case) -> None:
    response = get(world.desk_worker, url(case, "timeline"))

    assert response.status_code == 200
    kinds = [entry["kind"] for entry in response.json()]
    assert kinds[0] in ("opened", "signal")
    assert {"opened", "signal", "handover"} <= set(kinds)
    only = api(world.desk_worker).get(url(case, "timeline") + "?kind=handover&kind=opened")
    assert {entry["kind"] for entry in only.json()} == {"handover", "opened"}
    assert get(world.desk_worker, url(case, "timeline"), kind="gossip").status_code == 400
    assert AuditEntry.objects.filter(
        user=world.desk_worker, action=AuditAction.VIEW, reason="timeline"
    ).exists()


def test_the_timeline_shows_the_text_of_a_note(world: World, case: Case) -> None:
    notes.add_note(world.desk_worker, case, "Gesprek gehad.", expected_version=case.version)
    entries = get(world.coordinator, url(case, "timeline"), kind="note").json()
    assert [(e["kind"], e["body"]) for e in entries] == [("note", "Gesprek gehad.")]
    assert entries[0]["actor"]["id"] == world.desk_worker.pk
    assert entries[0]["organisation"]["id"] == world.desk.pk


# The schema.


def test_the_schema_describes_every_case_endpoint(world: World) -> None:
    response = get(world.coordinator, "/api/schema/", format="json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in {
        "/api/cases/": {"get", "post"},
        "/api/cases/{id}/": {"get"},
        "/api/cases/{id}/transitions/": {"post"},
        "/api/cases/{id}/handover/": {"get", "post"},
        "/api/cases/{id}/b8/": {"get", "patch"},
        "/api/cases/{id}/decisions/": {"get", "post"},
        "/api/cases/{id}/timeline/": {"get"},
    }.items():
        assert methods <= set(paths[path]), path
    assert "409" in paths["/api/cases/{id}/transitions/"]["post"]["responses"]
