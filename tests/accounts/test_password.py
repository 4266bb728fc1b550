"""Changing the own password: strong rules, audited, other sessions end."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from baken.accounts.models import User
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry

OLD = "correct-horse-battery-staple"  # tests.factories.UserFactory's password


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_weak_new_password_is_refused_in_dutch_and_nothing_changes(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.CASE_WORKER)
    hash_before = user.password
    client = _client_for(user)

    response = client.post(
        "/accounts/password/",
        {"old_password": OLD, "new_password1": "kort123", "new_password2": "kort123"},
    )

    assert response.status_code == 200
    assert "te kort" in response.content.decode()  # Django's Dutch "too short" message
    user.refresh_from_db()
    assert user.password == hash_before
    assert not AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()


def test_changing_the_password_is_audited_and_ends_other_sessions(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.CASE_WORKER)
    here, elsewhere = _client_for(user), _client_for(user)
    new = "Vuurtoren-op-de-Waddenkust-7"

    response = here.post(
        "/accounts/password/", {"old_password": OLD, "new_password1": new, "new_password2": new}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert (entry.user, entry.object_id) == (user, str(user.pk))
    assert here.get("/dashboard/").status_code == 200
    assert elsewhere.get("/dashboard/").status_code == 302
