"""A small chain to test cases in, built through the real services: a region with a
coordination desk (CoMensha-like), a police unit and a shelter in the team's reach, a care
organisation outside every team, and two signals about one person (linked by the persons app).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from baken.accounts.models import Municipality, Organisation, OrganisationKind, User
from baken.accounts.roles import Role
from baken.cases import opening
from baken.cases.models import Case
from baken.signals.models import Signal
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)
from tests.signals.helpers import file_signal, make_desk, victim


@dataclass
class World:
    desk: Organisation
    police: Organisation
    shelter: Organisation
    outsider_org: Organisation
    municipality: Municipality
    coordinator: User
    desk_worker: User
    police_officer: User
    shelter_worker: User
    outsider: User
    signaler: User
    signals: list[Signal]

    def open_case(self, **kwargs: object) -> Case:
        return opening.open_case(self.coordinator, self.signals, **kwargs)  # type: ignore[arg-type]


def user(role: Role, organisation: Organisation, first_name: str = "") -> User:
    membership = MembershipFactory(role=role, organisation=organisation)
    account: User = membership.user
    if first_name:
        account.first_name = first_name
        account.save(update_fields=["first_name"])
    return account


def build_world(code: str = "mn") -> World:
    region = RegionFactory(code=code, name=f"Regio {code}")
    municipality = MunicipalityFactory(region=region)
    desk = make_desk(
        region,
        OrganisationFactory(region=region, kind=OrganisationKind.COMENSHA, name=f"Zorgco {code}"),
    )
    police = OrganisationFactory(region=region, kind=OrganisationKind.POLICE, name=f"AVIM {code}")
    shelter = OrganisationFactory(
        region=region, kind=OrganisationKind.SHELTER, name=f"Opvang {code}"
    )
    outsider_org = OrganisationFactory(
        region=region, kind=OrganisationKind.CARE, name=f"Buiten {code}"
    )
    signaler = user(Role.SIGNALER, outsider_org, "Sanne")
    person = {"name": "Ana Popescu", "birth_date": date(1999, 4, 2), "phone": "0612345678"}
    signals = [
        file_signal(signaler, municipality, victims=[victim(**person)]),  # type: ignore[arg-type]
        file_signal(signaler, municipality, victims=[victim(**person)]),  # type: ignore[arg-type]
    ]
    return World(
        desk=desk,
        police=police,
        shelter=shelter,
        outsider_org=outsider_org,
        municipality=municipality,
        coordinator=user(Role.COORDINATOR, desk, "Carla"),
        desk_worker=user(Role.CASE_WORKER, desk, "Dirk"),
        police_officer=user(Role.CASE_WORKER, police, "Pieter"),
        shelter_worker=user(Role.CASE_WORKER, shelter, "Sofie"),
        outsider=user(Role.CASE_WORKER, outsider_org, "Olaf"),
        signaler=signaler,
        signals=signals,
    )
