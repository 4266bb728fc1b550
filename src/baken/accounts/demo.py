"""The synthetic demo world: the ten police regions, their chain partners and one user per role.

Everything here is generated. Regions and municipalities are real (the shipped CBS list), as are
the public bodies named after them (police unit, municipality, COA location, Veilig Thuis, RIEC);
the care organisations and shelters are fictional, and every person is made up by Faker. Building
the world is idempotent: a second run finds everything in place and writes nothing.

Demo creation writes no audit entries: no user acts, and the audit log names acting users.
"""

from __future__ import annotations

import csv
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Model
from faker import Faker

from baken.accounts import services
from baken.accounts.models import (
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    User,
)
from baken.accounts.roles import Role

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "municipalities.csv"
DEMO_EMAIL_DOMAIN = "demo.baken.invalid"
LOGINS_HEADER = ("username", "role", "organisation", "region")

# Each region's seat: its largest municipality (CBS code) and the name the city goes by, which
# is not always the CBS name ('s-Gravenhage calls itself Den Haag). The order is the order in
# which regions, users and log-ins appear.
REGION_SEATS: dict[str, tuple[str, str]] = {
    "noord-nederland": ("GM0014", "Groningen"),
    "oost-nederland": ("GM0268", "Nijmegen"),
    "midden-nederland": ("GM0344", "Utrecht"),
    "noord-holland": ("GM0392", "Haarlem"),
    "amsterdam": ("GM0363", "Amsterdam"),
    "den-haag": ("GM0518", "Den Haag"),
    "rotterdam": ("GM0599", "Rotterdam"),
    "zeeland-west-brabant": ("GM0855", "Tilburg"),
    "oost-brabant": ("GM0772", "Eindhoven"),
    "limburg": ("GM0935", "Maastricht"),
}

# Organisations of every region; `{region}` is the region's name, `{city}` its seat.
REGIONAL_ORGANISATIONS: tuple[tuple[OrganisationKind, str], ...] = (
    (OrganisationKind.POLICE, "Politie-eenheid {region}"),
    (OrganisationKind.MUNICIPALITY, "Gemeente {city}"),
    (OrganisationKind.COA, "COA-locatie {city}"),
    (OrganisationKind.CARE, "Zorgnetwerk {region}"),
    (OrganisationKind.SHELTER, "Opvang {region}"),
    (OrganisationKind.VEILIG_THUIS, "Veilig Thuis {region}"),
    (OrganisationKind.RIEC, "RIEC {region}"),
    (OrganisationKind.YOUTH_CARE, "Jeugdzorg {region}"),
)

NATIONAL_ORGANISATIONS: tuple[tuple[OrganisationKind, str], ...] = (
    (OrganisationKind.LABOUR_INSPECTORATE, "Nederlandse Arbeidsinspectie"),
    (OrganisationKind.KMAR, "Koninklijke Marechaussee"),
    (OrganisationKind.COMENSHA, "CoMensha"),
    (OrganisationKind.OTHER, "Netwerk Ervaringsdeskundigen"),
)

# Per role: the Dutch user-name prefix and the kind of organisation the role works in.
DEMO_ROLES: tuple[tuple[Role, str, OrganisationKind], ...] = (
    (Role.SIGNALER, "signaleerder", OrganisationKind.POLICE),
    (Role.COORDINATOR, "zorgcoordinator", OrganisationKind.CARE),
    (Role.CASE_WORKER, "casemanager", OrganisationKind.SHELTER),
    (Role.ONLINE_MONITOR, "monitor", OrganisationKind.POLICE),
    (Role.ANALYST, "analist", OrganisationKind.MUNICIPALITY),
    (Role.ADMINISTRATOR, "beheerder", OrganisationKind.MUNICIPALITY),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    organisation: Organisation
    region: Region


class PasswordAction(StrEnum):
    SET = "set"  # every demo user has the given password
    GENERATED = "generated"  # new users got a generated password, existing users kept theirs
    KEPT = "kept"  # all demo users existed and kept their passwords


@dataclass
class DemoWorld:
    """What a run built or found."""

    logins: list[DemoLogin] = field(default_factory=list)
    organisations_created: int = 0
    users_created: int = 0
    users_updated: int = 0
    password_action: PasswordAction = PasswordAction.KEPT
    generated_password: str | None = None


def demo_username(prefix: str, region_code: str) -> str:
    return f"{prefix}.{region_code}"


def demo_usernames() -> list[str]:
    return [demo_username(prefix, code) for code in REGION_SEATS for _r, prefix, _k in DEMO_ROLES]


def _sync(obj: Model, wanted: dict[str, Any]) -> bool:
    """Set the fields that differ and save only those; True if anything was written."""
    changed = [name for name, value in wanted.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, wanted[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def _ensure_organisation(
    world: DemoWorld,
    name: str,
    kind: OrganisationKind,
    region: Region | None,
    seat: Municipality | None = None,
) -> Organisation:
    wanted = {"kind": kind, "region": region, "municipality": seat, "is_active": True}
    organisation, created = Organisation.objects.get_or_create(name=name, defaults=wanted)
    if created:
        world.organisations_created += 1
    else:
        _sync(organisation, wanted)
    return organisation


def _hash_is_current(password: str, encoded: str) -> bool:
    """Whether `encoded` verifies `password` with a hasher that needs no upgrade."""
    outdated: list[str] = []
    # check_password calls the setter only for a correct password under an outdated hasher.
    return check_password(password, encoded, setter=outdated.append) and not outdated


def _demo_password_hash(world: DemoWorld, password: str | None) -> tuple[str | None, bool]:
    """The one hash for demo users, and whether existing users get it too.

    Hashing is deliberately slow, so it happens at most once a run and every user shares the
    hash string. A given password whose hash the first demo user already has is not hashed at
    all, which keeps a second run from rewriting sixty rows (and ending their sessions).
    """
    usernames = demo_usernames()
    existing = dict(User.objects.filter(username__in=usernames).values_list("username", "password"))
    if password is not None:
        world.password_action = PasswordAction.SET
        first = existing.get(usernames[0])
        if first is not None and _hash_is_current(password, first):
            return first, True
        return make_password(password), True
    if len(existing) == len(usernames):
        return None, False
    # Only users created now get the generated password; existing users keep theirs.
    world.password_action = PasswordAction.GENERATED
    world.generated_password = "baken-" + secrets.token_urlsafe(12)
    return make_password(world.generated_password), False


def _ensure_user(
    world: DemoWorld,
    faker: Faker,
    username: str,
    password_hash: str | None,
    reset_password: bool,
) -> User:
    # Seeding per user name keeps each person's name stable however many regions exist.
    faker.seed_instance(username)
    wanted: dict[str, Any] = {
        "first_name": faker.first_name(),
        "last_name": faker.last_name(),
        "email": f"{username}@{DEMO_EMAIL_DOMAIN}",
        "is_active": True,
    }
    user = User.objects.filter(username=username).first()
    if user is None:
        if password_hash is None:  # pragma: no cover - _demo_password_hash always gives one
            raise RuntimeError("A new demo user needs a password.")
        user = User.objects.create(username=username, password=password_hash, **wanted)
        world.users_created += 1
        return user
    if reset_password and password_hash is not None:
        wanted["password"] = password_hash
    if _sync(user, wanted):
        world.users_updated += 1
    return user


def _ensure_membership(user: User, organisation: Organisation, role: Role) -> None:
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    _sync(membership, {"is_active": True})


@transaction.atomic
def build_demo_world(password: str | None = None) -> DemoWorld:
    """Create or complete the demo world; with `password`, every demo user gets it.

    Raises `django.core.exceptions.ValidationError` before writing anything when the password
    fails the configured password validators.
    """
    if password is not None:
        validate_password(password)
    services.load_municipalities(MUNICIPALITIES_CSV.read_text(encoding="utf-8-sig"))

    world = DemoWorld()
    for kind, name in NATIONAL_ORGANISATIONS:
        _ensure_organisation(world, name, kind, region=None)

    password_hash, reset_password = _demo_password_hash(world, password)
    faker = Faker("nl_NL")
    for code, (seat_code, city) in REGION_SEATS.items():
        region = Region.objects.get(code=code)
        seat = Municipality.objects.get(cbs_code=seat_code)
        organisations = {
            kind: _ensure_organisation(
                world,
                template.format(region=region.name, city=city),
                kind,
                region,
                seat if kind == OrganisationKind.MUNICIPALITY else None,
            )
            for kind, template in REGIONAL_ORGANISATIONS
        }
        # The care network hosts the region's care coordinators: the coordination desk.
        _sync(region, {"coordination_desk": organisations[OrganisationKind.CARE]})
        for role, prefix, kind in DEMO_ROLES:
            username = demo_username(prefix, code)
            user = _ensure_user(world, faker, username, password_hash, reset_password)
            _ensure_membership(user, organisations[kind], role)
            world.logins.append(DemoLogin(username, role, organisations[kind], region))
    return world


def write_logins_csv(path: Path, logins: Sequence[DemoLogin]) -> None:
    """The log-ins as CSV (role and region as codes), for `make demo` to show."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LOGINS_HEADER)
        for login in logins:
            writer.writerow(
                [login.username, login.role.value, login.organisation.name, login.region.code]
            )
