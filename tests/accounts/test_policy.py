"""Direct tests of `accounts.policy`, the one place that decides access."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from baken.accounts import policy
from baken.accounts.models import Organisation, User
from baken.accounts.policy import Action
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.audit.services import record
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def test_a_model_without_a_rule_cannot_be_listed(make_user: Callable[..., User]) -> None:
    user = make_user(Role.ADMINISTRATOR)
    with pytest.raises(LookupError, match="ContentType"):
        policy.visible_to(user, ContentType.objects.all())


@pytest.mark.django_db
def test_a_superuser_without_membership_gets_nothing_in_the_app() -> None:
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert policy.active_membership(superuser) is None
    assert not policy.can(superuser, Action.VIEW_DASHBOARD)
    assert not policy.can(superuser, Action.VIEW_AUDIT)
    assert not policy.visible_to(superuser, User.objects.all()).exists()


def test_an_inactive_membership_gives_no_access(organisation: Organisation) -> None:
    membership = MembershipFactory(
        role=Role.ADMINISTRATOR, organisation=organisation, is_active=False
    )
    assert not policy.can(membership.user, Action.VIEW_USERS)


def test_a_member_of_a_deactivated_organisation_has_no_access(
    organisation: Organisation,
) -> None:
    membership = MembershipFactory(role=Role.COORDINATOR, organisation=organisation)
    organisation.is_active = False
    organisation.save()
    assert not policy.can(membership.user, Action.VIEW_DASHBOARD)


def test_non_admin_sees_only_own_sign_ins_in_the_audit_log(
    make_user: Callable[..., User],
) -> None:
    signaler = make_user(Role.SIGNALER)
    colleague = make_user(Role.SIGNALER)
    own_login = record(signaler, AuditAction.LOGIN, signaler)
    record(signaler, AuditAction.VIEW, colleague)  # a read: not part of the sign-in history
    record(colleague, AuditAction.LOGIN, colleague)

    visible = list(policy.visible_to(signaler, AuditEntry.objects.all()))

    assert visible == [own_login]
    assert not policy.can(signaler, Action.VIEW_AUDIT)


def test_admin_of_a_national_organisation_sees_only_national_users(
    make_user: Callable[..., User],
) -> None:
    national = OrganisationFactory(national=True)
    national_admin = make_user(Role.ADMINISTRATOR, national)
    national_colleague = make_user(Role.SIGNALER, national)
    regional_user = make_user(Role.SIGNALER)

    visible = set(policy.visible_to(national_admin, User.objects.all()))

    assert visible == {national_admin, national_colleague}
    assert regional_user not in visible


def test_switching_role_changes_what_the_user_may_do(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    user = make_user(Role.SIGNALER)
    admin_membership = MembershipFactory(
        user=user, role=Role.ADMINISTRATOR, organisation=organisation
    )
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/users/").status_code == 403

    response = client.post("/accounts/role/", {"membership": admin_membership.pk})

    assert response.status_code == 302
    assert client.get("/accounts/users/").status_code == 200


def test_lock_out_log_lines_name_no_user(
    db: None, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    UserFactory(username="jansen.privacy")
    with caplog.at_level(logging.DEBUG, logger="axes"):
        for _ in range(6):
            client.post("/accounts/login/", {"username": "jansen.privacy", "password": "wrong"})
    assert any("AXES" in message for message in caplog.messages)
    assert not any("jansen.privacy" in message for message in caplog.messages)
    assert not any("127.0.0.1" in message for message in caplog.messages)
