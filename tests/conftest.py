from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from baken.accounts.models import Organisation, User
from baken.accounts.roles import Role
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory


@pytest.fixture(autouse=True)
def _fast_hashing(settings: pytest.FixtureRequest) -> None:
    # Strong hashing is tested by Django; here it would only slow every log-in down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def region(db: None):  # type: ignore[no-untyped-def]
    return RegionFactory(code="utrecht", name="Midden-Nederland")


@pytest.fixture
def organisation(region) -> Organisation:  # type: ignore[no-untyped-def]
    return OrganisationFactory(region=region)


@pytest.fixture
def make_user(organisation: Organisation) -> Callable[..., User]:
    """A user with one membership in `organisation` (or the given one) in the given role."""

    def make(role: Role = Role.SIGNALER, org: Organisation | None = None) -> User:
        membership = MembershipFactory(role=role, organisation=org or organisation)
        user: User = membership.user
        return user

    return make


@pytest.fixture
def client_as(make_user: Callable[..., User]) -> Callable[..., Client]:
    """A test client logged in (session) as a new user in the given role."""

    def make(role: Role = Role.SIGNALER, org: Organisation | None = None) -> Client:
        client = Client()
        client.force_login(make_user(role, org))
        return client

    return make
