"""Filing a signal through `intake.file_signal`: encryption, minors, repeats, routing, audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from baken.accounts.models import Municipality, Organisation, OrganisationKind, Region, User
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.signals import dispatch
from baken.signals.models import PossibleVictim, Signal, SignalStatusChange
from baken.signals.vocabulary import Theme
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory
from tests.signals.helpers import file_signal, make_desk, victim


@pytest.fixture
def desk(organisation: Organisation) -> Organisation:
    assert organisation.region is not None
    return make_desk(organisation.region, organisation)


@pytest.fixture
def municipality(region: Region) -> Municipality:
    return MunicipalityFactory(region=region, cbs_code="GM0344", name="Utrecht")


@pytest.fixture
def signaler(desk: Organisation, region: Region) -> User:
    police = OrganisationFactory(region=region, kind=OrganisationKind.POLICE)
    return MembershipFactory(role=Role.SIGNALER, organisation=police).user


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        value: str = cursor.fetchone()[0]
    return value


def test_identifying_fields_are_encrypted_in_the_database(
    signaler: User, municipality: Municipality
) -> None:
    signal = file_signal(
        signaler,
        municipality,
        address="Oudegracht 12",
        victims=[victim(name="Ana Popescu", phone="06 1234 5678", handles=["ana_nl"])],
    )
    person = signal.victims.get()

    raw_address = _raw("signals_signal", "address", signal.pk)
    raw_observation = _raw("signals_signal", "observation", signal.pk)
    raw_name = _raw("signals_possiblevictim", "name", person.pk)
    raw_handles = _raw("signals_possiblevictim", "handles", person.pk)

    for raw, plain in [
        (raw_address, "Oudegracht"),
        (raw_observation, "arbeiders"),
        (raw_name, "Popescu"),
        (raw_handles, "ana_nl"),
    ]:
        assert raw.startswith("v1:")
        assert plain not in raw
    # ...and read back as written.
    assert Signal.objects.get(pk=signal.pk).address == "Oudegracht 12"
    assert PossibleVictim.objects.get(pk=person.pk).handles == ["ana_nl"]


def test_a_minor_by_birth_date_is_flagged_and_also_routed_to_youth_care(
    signaler: User, municipality: Municipality, region: Region, desk: Organisation
) -> None:
    youth_care = OrganisationFactory(region=region, kind=OrganisationKind.YOUTH_CARE)
    today = date.today()
    sixteen = today.replace(year=today.year - 16)

    signal = file_signal(signaler, municipality, victims=[victim(birth_date=sixteen)])

    assert signal.involves_minor
    assert signal.victims.get().age == 16
    held_by = set(signal.routings.values_list("organisation", flat=True))
    assert held_by == {desk.pk, youth_care.pk}
    assert any(r["kind"] == "minor" for r in signal.priority_reasons)


def test_the_same_phone_in_another_format_raises_priority_as_a_repeat(
    signaler: User, municipality: Municipality
) -> None:
    first = file_signal(signaler, municipality, victims=[victim(phone="06-12345678")])
    second = file_signal(signaler, municipality, victims=[victim(phone="+31 6 1234 5678")])

    kinds = {r["kind"]: r for r in second.priority_reasons}
    assert "repeat_phone" in kinds
    assert "repeat_phone" not in {r["kind"] for r in first.priority_reasons}
    assert second.priority > first.priority


def test_an_invalid_phone_is_kept_as_written_but_never_used_for_matching(
    signaler: User, municipality: Municipality
) -> None:
    first = file_signal(signaler, municipality, victims=[victim(phone="24/7")])
    second = file_signal(signaler, municipality, victims=[victim(phone="24/7")])

    assert first.victims.get().phone == "24/7"
    assert first.victims.get().phone_hash == ""
    assert "repeat_phone" not in {r["kind"] for r in second.priority_reasons}


def test_filing_appends_the_first_status_row_and_an_audit_entry(
    signaler: User, municipality: Municipality
) -> None:
    signal = file_signal(signaler, municipality)

    change = SignalStatusChange.objects.get(signal=signal)
    assert (change.from_status, change.to_status, change.changed_by) == ("", "new", signaler)
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="signals.signal")
    assert entry.object_id == str(signal.pk)
    assert entry.user == signaler


def test_a_region_without_a_coordination_desk_stores_nothing(
    make_user: object, region: Region
) -> None:
    other_region = Region.objects.create(code="zonder-desk", name="Zonder desk")
    place = MunicipalityFactory(region=other_region)
    filer = MembershipFactory(
        role=Role.SIGNALER, organisation=OrganisationFactory(region=other_region)
    ).user

    with pytest.raises(dispatch.RoutingError):
        file_signal(filer, place, themes=[Theme.HOUSING_FRAUD.value])

    assert not Signal.objects.exists()
    assert not PossibleVictim.objects.exists()


def test_an_analyst_cannot_file(
    make_user: object, municipality: Municipality, desk: Organisation
) -> None:
    analyst = MembershipFactory(role=Role.ANALYST, organisation=desk).user
    with pytest.raises(PermissionDenied):
        file_signal(analyst, municipality)
    assert not Signal.objects.exists()


def test_nationality_never_changes_the_priority(signaler: User, municipality: Municipality) -> None:
    """Nationality is context only: two signals that differ only in it score the same."""
    a = file_signal(signaler, municipality, victims=[victim(nationality="Roemeens")])
    b = file_signal(signaler, municipality, victims=[victim(nationality="Nederlands")])
    assert a.priority == b.priority
    assert a.priority_reasons == b.priority_reasons
