"""The signals API: filing with precise errors and idempotency, scoped reads, transitions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from baken.accounts.models import Municipality, Organisation, OrganisationKind, Region, User
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.signals.catalogue_store import current_catalogue
from baken.signals.models import Indicator, Signal
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)
from tests.signals.helpers import file_signal, make_desk


@dataclass
class World:
    municipality: Municipality
    desk: Organisation
    signaler: User
    other_signaler: User
    coordinator: User
    colleague: User
    other_region_coordinator: User
    analyst: User
    veilig_thuis: Organisation


@pytest.fixture
def world(region: Region, organisation: Organisation) -> World:
    desk = make_desk(region, organisation)
    police = OrganisationFactory(region=region, kind=OrganisationKind.POLICE)
    coa = OrganisationFactory(region=region, kind=OrganisationKind.COA)
    elsewhere = RegionFactory(code="limburg", name="Limburg")
    other_desk = make_desk(elsewhere, OrganisationFactory(region=elsewhere))

    def member(role: Role, org: Organisation) -> User:
        user: User = MembershipFactory(role=role, organisation=org).user
        return user

    return World(
        municipality=MunicipalityFactory(region=region, cbs_code="GM0344", name="Utrecht"),
        desk=desk,
        signaler=member(Role.SIGNALER, police),
        other_signaler=member(Role.SIGNALER, coa),
        coordinator=member(Role.COORDINATOR, desk),
        colleague=member(Role.COORDINATOR, desk),
        other_region_coordinator=member(Role.COORDINATOR, other_desk),
        analyst=member(Role.ANALYST, desk),
        veilig_thuis=OrganisationFactory(region=region, kind=OrganisationKind.VEILIG_THUIS),
    )


def api(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def payload(**overrides: Any) -> dict[str, Any]:
    some = list(Indicator.objects.filter(catalogue=current_catalogue())[:2])
    body: dict[str, Any] = {
        "municipality": "GM0344",
        "place_kind": "workplace",
        "observed_on": timezone.localdate().isoformat(),
        "themes": ["trafficking"],
        "forms": ["labour"],
        "indicators": [i.code for i in some],
        "observation": "Synthetisch: arbeiders slapen in containers op het terrein.",
        "urgency": "normal",
        "victims": [{"name": "Test Persoon", "age": 30, "phone": "0612345678"}],
    }
    body.update(overrides)
    return body


def post(client: Client, body: Any, **headers: str) -> Any:
    return client.post("/api/signals/", body, content_type="application/json", headers=headers)


def test_filing_returns_201_with_the_id_and_routes_the_signal(world: World) -> None:
    response = post(api(world.signaler), payload())

    assert response.status_code == 201, response.json()
    signal = Signal.objects.get(pk=response.json()["id"])
    assert signal.filed_by == world.signaler
    assert signal.catalogue == current_catalogue()
    assert list(signal.routings.values_list("organisation", flat=True)) == [world.desk.pk]
    assert signal.victims.get().name == "Test Persoon"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"municipality": "GM9999"}, "municipality", "municipality"),
        ({"indicators": ["XYZ-99"]}, "indicators", "2026.1"),
        ({"observed_on": "2999-01-01"}, "observed_on", "future"),
        ({"observation": "x" * 5001}, "observation", "5000"),
        ({"observation": "bad\u0000byte"}, "observation", "not allowed"),
        ({"themes": []}, "themes", "required"),
        ({"urgency": "whenever"}, "urgency", "whenever"),
        ({"victims": [{"age": 200}]}, "victims", "120"),
        ({"victims": [{"birth_date": "2999-01-01"}]}, "victims", "future"),
        ({"victims": "Ana"}, "victims", "list"),
    ],
    ids=[
        "unknown-municipality",
        "indicator-of-another-version",
        "future-date",
        "oversized-text",
        "nul-byte",
        "no-theme",
        "unknown-urgency",
        "impossible-age",
        "future-birth-date",
        "victims-not-a-list",
    ],
)
def test_bad_input_gets_a_precise_field_error_and_stores_nothing(
    world: World, change: dict[str, Any], field: str, message: str
) -> None:
    # Systems may ask for English error messages; pages are Dutch regardless.
    response = post(api(world.signaler), payload(**change), **{"Accept-Language": "en"})

    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert message.lower() in str(errors[field]).lower(), errors
    assert not Signal.objects.exists()


def test_odd_unicode_is_cleaned_not_stored(world: World) -> None:
    text = "Cafe\u0301 met\u200b verborgen\u202e tekens"
    response = post(api(world.signaler), payload(observation=text))

    assert response.status_code == 201
    stored = Signal.objects.get().observation
    assert stored == "Café met verborgen tekens"


def test_a_repeated_post_with_the_same_idempotency_key_returns_the_first_result(
    world: World,
) -> None:
    client = api(world.signaler)
    first = post(client, payload(), **{"Idempotency-Key": "abc-1"})
    again = post(client, payload(), **{"Idempotency-Key": "abc-1"})

    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Signal.objects.count() == 1


def test_the_same_key_for_a_different_request_is_refused(world: World) -> None:
    client = api(world.signaler)
    post(client, payload(), **{"Idempotency-Key": "abc-2"})
    other = post(client, payload(urgency="urgent"), **{"Idempotency-Key": "abc-2"})

    assert other.status_code == 422
    assert Signal.objects.count() == 1


def test_reads_are_scoped_by_the_policy(world: World) -> None:
    signal = file_signal(world.signaler, world.municipality)
    path = f"/api/signals/{signal.pk}/"

    def listed(user: User) -> list[int]:
        return [row["id"] for row in api(user).get("/api/signals/").json()["results"]]

    assert listed(world.signaler) == [signal.pk]
    assert listed(world.coordinator) == [signal.pk]
    assert listed(world.other_signaler) == []
    assert listed(world.other_region_coordinator) == []
    assert api(world.signaler).get(path).status_code == 200
    assert api(world.coordinator).get(path).status_code == 200
    assert api(world.other_signaler).get(path).status_code == 404
    assert api(world.other_region_coordinator).get(path).status_code == 404
    assert api(world.analyst).get("/api/signals/").status_code == 403
    assert api(None).get("/api/signals/").status_code == 401


def test_reading_a_signal_is_audited(world: World) -> None:
    signal = file_signal(world.signaler, world.municipality)

    body = api(world.coordinator).get(f"/api/signals/{signal.pk}/").json()

    assert body["observation"].startswith("Synthetische")
    entry = AuditEntry.objects.filter(user=world.coordinator, action=AuditAction.VIEW).get()
    assert (entry.object_type, entry.object_id) == ("signals.signal", str(signal.pk))


def transition(user: User, signal: Signal, **body: Any) -> Any:
    return api(user).post(
        f"/api/signals/{signal.pk}/transitions/", body, content_type="application/json"
    )


def test_transitions_follow_the_table_and_keep_the_history(world: World) -> None:
    signal = file_signal(world.signaler, world.municipality)

    assert transition(world.coordinator, signal, status="case_opened").status_code == 409
    assert transition(world.coordinator, signal, status="in_triage").status_code == 200
    no_reason = transition(world.coordinator, signal, status="closed")
    assert no_reason.status_code == 400
    closed = transition(world.coordinator, signal, status="closed", reason="Dubbele melding")
    assert closed.status_code == 200

    history = api(world.coordinator).get(f"/api/signals/{signal.pk}/").json()["history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("", "new"),
        ("new", "in_triage"),
        ("in_triage", "closed"),
    ]
    assert history[-1]["reason"] == "Dubbele melding"


def test_the_filer_cannot_change_the_status(world: World) -> None:
    signal = file_signal(world.signaler, world.municipality)
    assert transition(world.signaler, signal, status="in_triage").status_code == 403
    assert transition(world.other_region_coordinator, signal, status="in_triage").status_code == 404


def test_forwarding_moves_the_signal_and_keeps_its_history(world: World) -> None:
    signal = file_signal(world.signaler, world.municipality)
    vt_coordinator = MembershipFactory(role=Role.COORDINATOR, organisation=world.veilig_thuis).user

    response = transition(
        world.coordinator,
        signal,
        status="forwarded",
        reason="Huiselijk geweld",
        organisation=world.veilig_thuis.pk,
    )

    assert response.status_code == 200
    assert api(world.coordinator).get(f"/api/signals/{signal.pk}/").status_code == 404
    history = api(vt_coordinator).get(f"/api/signals/{signal.pk}/").json()["history"]
    assert [h["to_status"] for h in history] == ["new", "forwarded"]


def test_a_stale_version_is_a_conflict(world: World) -> None:
    signal = file_signal(world.signaler, world.municipality)
    read = signal.version
    assert (
        transition(world.coordinator, signal, status="in_triage", version=read).status_code == 200
    )
    stale = transition(world.colleague, signal, status="closed", reason="x", version=read)
    assert stale.status_code == 409
    assert Signal.objects.get(pk=signal.pk).status == "in_triage"


def test_two_coordinators_assigning_at_once_one_wins_the_other_is_told(world: World) -> None:
    signal = file_signal(world.signaler, world.municipality)
    path = f"/api/signals/{signal.pk}/assignment/"
    version = signal.version

    mine = api(world.coordinator).post(
        path, {"user": world.coordinator.pk, "version": version}, content_type="application/json"
    )
    theirs = api(world.colleague).post(
        path, {"user": world.colleague.pk, "version": version}, content_type="application/json"
    )

    assert mine.status_code == 200
    assert theirs.status_code == 409
    assert Signal.objects.get(pk=signal.pk).assigned_to == world.coordinator


def test_a_huge_request_is_refused_without_storing_anything(world: World) -> None:
    response = post(api(world.signaler), payload(observation="x" * 3_000_000))

    assert response.status_code in (400, 413)
    assert "detail" in response.json()
    assert not Signal.objects.exists()
