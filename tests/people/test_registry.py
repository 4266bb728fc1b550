"""Signals about one person from different organisations end up at one pseudonymous person,
or as a suggestion with evidence; merges and unmerges are audited and reversible."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from baken.accounts.models import Municipality, Organisation, OrganisationKind, Region, User
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.people import merging
from baken.people.models import MatchSuggestion, MergeEvent, Person, PersonRecord
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory
from tests.signals.helpers import file_signal, make_desk, victim


@dataclass
class Chain:
    municipality: Municipality
    police: User
    coa: User
    coordinator: User
    analyst: User


@pytest.fixture
def chain(region: Region, organisation: Organisation) -> Chain:
    make_desk(region, organisation)

    def member(role: Role, kind: OrganisationKind) -> User:
        org = (
            organisation
            if kind == OrganisationKind.CARE
            else OrganisationFactory(region=region, kind=kind)
        )
        user: User = MembershipFactory(role=role, organisation=org).user
        return user

    return Chain(
        municipality=MunicipalityFactory(region=region),
        police=member(Role.SIGNALER, OrganisationKind.POLICE),
        coa=member(Role.SIGNALER, OrganisationKind.COA),
        coordinator=member(Role.COORDINATOR, OrganisationKind.CARE),
        analyst=member(Role.ANALYST, OrganisationKind.CARE),
    )


def person_of(signal: object) -> Person:
    return PersonRecord.objects.get(victim__signal=signal).person


def test_the_same_person_from_two_organisations_is_linked_automatically(chain: Chain) -> None:
    first = file_signal(
        chain.police,
        chain.municipality,
        victims=[victim(name="Ioana Popescu", phone="06 1234 5678", birth_date=None, age=24)],
    )
    second = file_signal(
        chain.coa,
        chain.municipality,
        victims=[victim(name="Popescu Ioana", phone="+31612345678", age=24)],
    )

    assert person_of(first) == person_of(second)
    assert Person.objects.count() == 1


def test_different_people_sharing_a_family_phone_stay_apart(chain: Chain) -> None:
    mother = file_signal(
        chain.police,
        chain.municipality,
        victims=[victim(name="Maria Kowalska", age=44, phone="0612345678")],
    )
    son = file_signal(
        chain.coa,
        chain.municipality,
        victims=[victim(name="Piotr Kowalski", age=17, phone="0612345678")],
    )

    assert person_of(mother) != person_of(son)


def test_a_record_without_identifying_values_makes_no_person(chain: Chain) -> None:
    file_signal(chain.police, chain.municipality, victims=[victim(age=30)])
    assert not Person.objects.exists()


def _suggested_pair(chain: Chain) -> MatchSuggestion:
    file_signal(chain.police, chain.municipality, victims=[victim(name="Elena Marin", age=31)])
    file_signal(chain.coa, chain.municipality, victims=[victim(name="Elena Marin", age=31)])
    suggestion = MatchSuggestion.objects.filter(status=MatchSuggestion.Status.OPEN).first()
    assert suggestion is not None, "a name and approximate age alone should need a person's eye"
    return suggestion


def test_a_name_alone_is_suggested_with_evidence_not_linked(chain: Chain) -> None:
    suggestion = _suggested_pair(chain)

    assert suggestion.left.person_id != suggestion.right.person_id
    fields = {item["field"] for item in suggestion.evidence}
    assert "name" in fields or "names" in fields
    assert "Marin" not in str(suggestion.evidence)  # evidence names fields, never values


def test_confirming_merges_and_undoing_restores_both_persons_audited(chain: Chain) -> None:
    suggestion = _suggested_pair(chain)
    left, right = suggestion.left.person, suggestion.right.person

    merging.decide(chain.coordinator, suggestion, confirm=True)

    assert set(PersonRecord.objects.values_list("person", flat=True)) == {left.pk}
    event = MergeEvent.objects.get()
    merging.unmerge(chain.coordinator, event)

    assert PersonRecord.objects.get(pk=suggestion.right.pk).person == right
    assert Person.objects.get(pk=right.pk).merged_into is None
    audited = AuditEntry.objects.filter(user=chain.coordinator, object_type="people.person")
    assert audited.filter(action=AuditAction.UPDATE).count() == 4  # merge 2, unmerge 2
    with pytest.raises(merging.MergeError):
        merging.unmerge(chain.coordinator, event)


def test_persons_with_different_birth_dates_cannot_be_merged(chain: Chain) -> None:
    from datetime import date

    a = file_signal(
        chain.police,
        chain.municipality,
        victims=[victim(name="Ana Rus", birth_date=date(2000, 1, 2))],
    )
    b = file_signal(
        chain.coa, chain.municipality, victims=[victim(name="Ana Rus", birth_date=date(1999, 5, 6))]
    )
    assert person_of(a) != person_of(b)

    with pytest.raises(merging.MergeError):
        merging.merge(chain.coordinator, person_of(a), person_of(b))
    assert not MergeEvent.objects.exists()


def test_analysts_and_signalers_never_see_persons(chain: Chain) -> None:
    signal = file_signal(
        chain.police, chain.municipality, victims=[victim(name="Ion Rusu", age=30)]
    )
    person = person_of(signal)

    for user in (chain.analyst, chain.police):
        client = Client()
        client.force_login(user)
        assert client.get("/persons/").status_code == 403
        assert client.get(f"/persons/{person.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        merging.merge(chain.analyst, person, person)


def test_the_person_page_shows_values_to_the_coordinator_and_audits_the_read(chain: Chain) -> None:
    signal = file_signal(
        chain.police, chain.municipality, victims=[victim(name="Ion Rusu", age=30)]
    )
    person = person_of(signal)
    client = Client()
    client.force_login(chain.coordinator)

    page = client.get(f"/persons/{person.pk}/")

    assert page.status_code == 200
    assert "Ion Rusu" in page.content.decode()
    assert signal.reference in page.content.decode()
    assert AuditEntry.objects.filter(
        user=chain.coordinator,
        action=AuditAction.VIEW,
        object_type="people.person",
        object_id=str(person.pk),
    ).exists()


def test_a_coordinator_merges_by_pseudonym_and_undoes_it_on_the_page(chain: Chain) -> None:
    a = person_of(
        file_signal(chain.police, chain.municipality, victims=[victim(name="Ada Lungu", age=20)])
    )
    b = person_of(
        file_signal(chain.coa, chain.municipality, victims=[victim(name="Lena Dobre", age=40)])
    )
    client = Client()
    client.force_login(chain.coordinator)

    client.post(f"/persons/{a.pk}/merge/", {"other": b.pseudonym.lower(), "reason": "zelfde"})

    assert set(PersonRecord.objects.values_list("person", flat=True)) == {a.pk}
    assert client.get(f"/persons/{b.pk}/").status_code == 302  # to the person it became
    event = MergeEvent.objects.get()
    client.post(f"/persons/merges/{event.pk}/undo/")
    assert PersonRecord.objects.filter(person=b).count() == 1


def test_merging_with_an_unknown_or_invisible_pseudonym_changes_nothing(chain: Chain) -> None:
    a = person_of(
        file_signal(chain.police, chain.municipality, victims=[victim(name="Ada Lungu", age=20)])
    )
    client = Client()
    client.force_login(chain.coordinator)

    response = client.post(f"/persons/{a.pk}/merge/", {"other": "P-DEADBEEF"}, follow=True)

    assert not MergeEvent.objects.exists()
    assert "pseudoniem" in response.content.decode()
