"""`baken demo-data`: the synthetic world, its log-ins, and that a second run changes nothing."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from baken.accounts import demo
from baken.accounts.models import (
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    User,
)
from baken.accounts.roles import Role
from baken.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "keten-tegen-uitbuiting-2025"
RunDemo = Callable[..., str]


@pytest.fixture
def logins_file(tmp_path: Path) -> Path:
    return tmp_path / "demo-logins.csv"


@pytest.fixture
def run_demo(logins_file: Path) -> RunDemo:
    """Run the command with the log-ins under tmp_path; returns what it printed. The demo
    signals and the demo scan are left out unless asked for (tests/signals/test_demo_signals.py
    and tests/online/test_demo_scan.py cover them)."""

    def run(*args: str) -> str:
        out = StringIO()
        if "--signals-per-region" not in args:
            args = (*args, "--signals-per-region", "0")
        if "--scan-posts" not in args:
            args = (*args, "--scan-posts", "0")
        call_command("demo-data", *args, "--logins-file", str(logins_file), stdout=out)
        return out.getvalue()

    return run


def log_in(username: str, password: str) -> User | None:
    # django-axes wants the request to key its failure counter on.
    user = authenticate(request=RequestFactory().post("/"), username=username, password=password)
    return user  # type: ignore[return-value]


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Region, Municipality, Organisation, User, Membership)
    }


def password_hashes() -> dict[str, str]:
    return dict(User.objects.values_list("username", "password"))


def test_every_region_gets_one_user_for_each_role(run_demo: RunDemo) -> None:
    run_demo("--password", PASSWORD)

    assert Region.objects.count() == 10
    for region in Region.objects.all():
        memberships = Membership.objects.filter(organisation__region=region)
        assert memberships.values("user").distinct().count() == 6, region.code
        assert sorted(memberships.values_list("role", flat=True)) == sorted(Role.values)
    assert User.objects.count() == 60


def test_roles_work_in_a_fitting_organisation(run_demo: RunDemo) -> None:
    run_demo("--password", PASSWORD)

    def kind_of(username: str) -> str:
        return Membership.objects.get(user__username=username).organisation.kind

    assert kind_of("signaleerder.limburg") == OrganisationKind.POLICE
    assert kind_of("zorgcoordinator.rotterdam") == OrganisationKind.CARE
    assert kind_of("casemanager.amsterdam") == OrganisationKind.SHELTER
    assert kind_of("monitor.den-haag") == OrganisationKind.POLICE
    assert kind_of("analist.oost-brabant") == OrganisationKind.MUNICIPALITY
    assert kind_of("beheerder.noord-nederland") == OrganisationKind.MUNICIPALITY


def test_every_organisation_kind_exists_and_national_ones_have_no_region(
    run_demo: RunDemo,
) -> None:
    run_demo("--password", PASSWORD)

    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    national = Organisation.objects.filter(region__isnull=True)
    assert set(national.values_list("name", flat=True)) == {
        "Nederlandse Arbeidsinspectie",
        "Koninklijke Marechaussee",
        "CoMensha",
        "Netwerk Ervaringsdeskundigen",
    }
    # 8 kinds in each of the 10 regions.
    assert Organisation.objects.filter(region__isnull=False).count() == 80


def test_municipality_organisation_is_seated_in_the_largest_city(run_demo: RunDemo) -> None:
    run_demo("--password", PASSWORD)

    den_haag = Organisation.objects.get(name="Gemeente Den Haag")
    assert den_haag.kind == OrganisationKind.MUNICIPALITY
    assert den_haag.municipality is not None
    assert den_haag.municipality.cbs_code == "GM0518"
    assert den_haag.region is not None
    assert den_haag.region.code == "den-haag"
    assert Organisation.objects.filter(name="COA-locatie Tilburg").exists()


def test_demo_users_have_stable_dutch_names_and_invalid_domain_mail(run_demo: RunDemo) -> None:
    run_demo("--password", PASSWORD)
    user = User.objects.get(username="analist.limburg")
    first_names = dict(User.objects.values_list("username", "first_name"))
    User.objects.update(first_name="")

    run_demo("--password", PASSWORD)

    assert user.email == "analist.limburg@demo.baken.invalid"
    assert user.first_name
    assert user.last_name
    assert dict(User.objects.values_list("username", "first_name")) == first_names


def test_running_twice_keeps_row_counts_and_password_hashes(run_demo: RunDemo) -> None:
    run_demo("--password", PASSWORD)
    counts, hashes = row_counts(), password_hashes()

    output = run_demo("--password", PASSWORD)

    assert row_counts() == counts
    assert password_hashes() == hashes
    assert (
        "Organisations created 0; users created 0, updated 0; signals filed 0; cases opened 0; "
        "online scans run 0." in output
    )


def test_password_is_hashed_once_and_not_at_all_when_unchanged(run_demo: RunDemo) -> None:
    with mock.patch.object(demo, "make_password", wraps=make_password) as hashing:
        run_demo("--password", PASSWORD)
        assert hashing.call_count == 1
        run_demo("--password", PASSWORD)
        assert hashing.call_count == 1
    assert len(set(password_hashes().values())) == 1


def test_a_new_password_replaces_every_hash(run_demo: RunDemo) -> None:
    run_demo("--password", PASSWORD)
    old = password_hashes()

    run_demo("--password", "een-ander-wachtwoord-42")

    new = password_hashes()
    assert all(new[name] != old[name] for name in old)
    assert log_in("beheerder.zeeland-west-brabant", "een-ander-wachtwoord-42") is not None
    assert log_in("beheerder.zeeland-west-brabant", PASSWORD) is None


def test_logins_file_has_header_and_one_row_per_user(run_demo: RunDemo, logins_file: Path) -> None:
    run_demo("--password", PASSWORD)

    with logins_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["username", "role", "organisation", "region"]
    body = rows[1:]
    assert len(body) == 60
    assert {row[1] for row in body} == set(Role.values)
    assert {row[3] for row in body} == set(Region.objects.values_list("code", flat=True))
    assert ["zorgcoordinator.amsterdam", "coordinator", "Zorgnetwerk Amsterdam", "amsterdam"] in (
        body
    )


def test_too_short_password_fails_and_creates_nothing(run_demo: RunDemo, logins_file: Path) -> None:
    # Commands speak the default language (Dutch), like the pages.
    with pytest.raises(CommandError, match="te kort"):
        run_demo("--password", "kort1")

    assert all(count == 0 for count in row_counts().values())
    assert not logins_file.exists()


def test_demo_user_can_log_in_with_the_given_password(run_demo: RunDemo) -> None:
    run_demo("--password", PASSWORD)

    user = log_in("zorgcoordinator.amsterdam", PASSWORD)

    assert user is not None
    assert user.username == "zorgcoordinator.amsterdam"
    assert log_in("zorgcoordinator.amsterdam", PASSWORD + "x") is None


def test_without_password_new_users_get_a_printed_one_and_later_runs_keep_it(
    run_demo: RunDemo,
) -> None:
    output = run_demo()
    match = re.search(r"Password of the 60 new demo users \(shown once\): (\S+)", output)
    assert match is not None
    generated = match.group(1)
    assert log_in("signaleerder.noord-holland", generated) is not None
    hashes = password_hashes()

    again = run_demo()

    assert "passwords are unchanged" in again
    assert generated not in again
    assert password_hashes() == hashes


def test_demo_creation_writes_no_audit_entries(run_demo: RunDemo) -> None:
    run_demo("--password", PASSWORD)

    assert not AuditEntry.objects.exists()


def test_demo_data_refuses_production_mode(run_demo: RunDemo, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BAKEN_MODE = "production"

    with pytest.raises(CommandError, match="demo mode"):
        run_demo("--password", PASSWORD)
    assert not User.objects.exists()


def test_each_region_has_its_care_network_as_coordination_desk(run_demo: RunDemo) -> None:
    run_demo("--password", PASSWORD)

    for region in Region.objects.all():
        assert region.coordination_desk is not None, region
        assert region.coordination_desk.kind == OrganisationKind.CARE
        assert region.coordination_desk.region == region
