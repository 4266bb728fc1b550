"""`baken api-token`: a token that works on the API, refused for unknown or inactive users."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from baken.accounts.models import Membership, User
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def issue(*args: str) -> str:
    out = StringIO()
    call_command("api-token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


@pytest.fixture
def member() -> User:
    membership: Membership = MembershipFactory(role=Role.COORDINATOR)  # type: ignore[assignment]
    return membership.user


def test_issued_token_authenticates_an_api_call(member: User) -> None:
    token = issue(member.username)

    response = Client().get("/api/me/", HTTP_AUTHORIZATION="Token " + token)

    assert response.status_code == 200
    assert response.json()["username"] == member.username


def test_api_refuses_a_made_up_token(member: User) -> None:
    issue(member.username)

    response = Client().get("/api/me/", HTTP_AUTHORIZATION="Token " + "0" * 64)

    assert response.status_code == 401


def test_token_expires_after_the_given_days(member: User) -> None:
    issue(member.username, "--days", "7")

    expiry = AuthToken.objects.get(user=member).expiry
    assert expiry is not None
    assert abs(expiry - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)


def test_issuing_a_token_is_audited(member: User) -> None:
    issue(member.username)

    entry = AuditEntry.objects.get(action=AuditAction.TOKEN_ISSUED)
    assert entry.user == member
    assert entry.object_id == str(member.pk)


def test_unknown_user_gets_no_token() -> None:
    with pytest.raises(CommandError, match="No user with the user name 'niemand'"):
        issue("niemand")

    assert not AuthToken.objects.exists()


def test_inactive_user_gets_no_token() -> None:
    user: User = UserFactory(is_active=False)  # type: ignore[assignment]

    with pytest.raises(CommandError, match="is not active"):
        issue(user.username)

    assert not AuthToken.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("days", ["0", "366", "-5"])
def test_days_outside_one_to_365_are_refused(member: User, days: str) -> None:
    with pytest.raises(CommandError, match="between 1 and 365"):
        issue(member.username, "--days", days)

    assert not AuthToken.objects.exists()


def test_365_days_is_accepted(member: User) -> None:
    assert issue(member.username, "--days", "365")
    assert AuthToken.objects.filter(user=member).count() == 1
