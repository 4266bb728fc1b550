"""The audit log is append-only: no path through Baken or its database changes or removes a row.

Every test takes a snapshot of an entry, attempts the change and then compares the row with the
snapshot, so a refusal that still let the write through would fail.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command, get_commands
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts.models import Organisation, User
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry, AuditImmutableError
from baken.audit.services import record
from tests.factories import UserFactory

TABLE = AuditEntry._meta.db_table


def snapshot(entry: AuditEntry) -> dict[str, Any]:
    return AuditEntry.objects.filter(pk=entry.pk).values().get()


def settle_deferred_constraints() -> None:
    """Run the foreign-key checks PostgreSQL defers to the end of the test's transaction.

    With checks still pending, PostgreSQL refuses TRUNCATE for that reason ("pending trigger
    events") before the audit trigger is asked, and the test would prove nothing.
    """
    connection.check_constraints()


def execute_raw(sql: str, params: list[object] | None = None) -> None:
    """Run SQL past the ORM, in a savepoint so that a refusal leaves the test's transaction
    usable (PostgreSQL aborts a transaction on error)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def subject(make_user: Callable[..., User]) -> User:
    return make_user(Role.SIGNALER)


@pytest.fixture
def entry(subject: User) -> AuditEntry:
    return record(subject, AuditAction.VIEW, subject, reason="original reason")


@pytest.fixture
def admin_client(make_user: Callable[..., User]) -> Client:
    """An administrator of the entry's region (the `organisation` fixture's)."""
    client = Client()
    client.force_login(make_user(Role.ADMINISTRATOR))
    return client


@pytest.fixture
def superuser_client(db: None) -> Client:
    """A superuser in the technical admin, past its second factor (OTPAdminSite)."""
    superuser = UserFactory(is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=superuser, name="test", confirmed=True)
    client = Client()
    client.force_login(superuser)
    # What django_otp.login() stores: OTPMiddleware then marks the user verified.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get("/admin/").status_code == 200, "the superuser must reach the admin"
    return client


# Through the ORM.


def test_saving_a_changed_entry_is_refused(entry: AuditEntry) -> None:
    before = snapshot(entry)
    entry.reason = "rewritten"
    with pytest.raises(AuditImmutableError):
        entry.save()
    with pytest.raises(AuditImmutableError):
        entry.save(update_fields=["reason"])
    assert snapshot(entry) == before


def test_new_instance_carrying_an_existing_pk_cannot_overwrite_it(entry: AuditEntry) -> None:
    """A fresh instance passes the model's check (`_state.adding`); the database must refuse."""
    before = snapshot(entry)
    forged = AuditEntry(
        pk=entry.pk,
        action=AuditAction.DELETE,
        object_type=entry.object_type,
        object_id=entry.object_id,
        reason="forged",
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        forged.save()
    assert snapshot(entry) == before


def test_upsert_cannot_overwrite_an_entry(entry: AuditEntry) -> None:
    before = snapshot(entry)
    forged = AuditEntry(
        pk=entry.pk, action=AuditAction.VIEW, object_type=entry.object_type, reason="forged"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.bulk_create(
            [forged], update_conflicts=True, unique_fields=["id"], update_fields=["reason"]
        )
    assert snapshot(entry) == before


def test_deleting_an_entry_is_refused(entry: AuditEntry) -> None:
    before = snapshot(entry)
    with pytest.raises(AuditImmutableError):
        entry.delete()
    assert snapshot(entry) == before


def test_queryset_update_and_delete_are_refused(entry: AuditEntry) -> None:
    before = snapshot(entry)
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.bulk_update([entry], ["reason"])
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.update_or_create(pk=entry.pk, defaults={"reason": "rewritten"})
    assert snapshot(entry) == before


def test_deleting_the_acting_user_or_organisation_cannot_take_entries_along(
    entry: AuditEntry, subject: User, organisation: Organisation
) -> None:
    before = snapshot(entry)
    with pytest.raises(ProtectedError) as user_refused, transaction.atomic():
        subject.delete()
    assert entry in user_refused.value.protected_objects
    # Without its memberships, only the audit entries still hold the organisation.
    organisation.memberships.all().delete()
    with pytest.raises(ProtectedError) as organisation_refused, transaction.atomic():
        organisation.delete()
    assert entry in organisation_refused.value.protected_objects
    assert snapshot(entry) == before


# Past the ORM: the database triggers of migration 0002.


def test_raw_sql_update_is_refused_by_the_database(entry: AuditEntry) -> None:
    before = snapshot(entry)
    with pytest.raises(DatabaseError, match="append-only"):
        execute_raw(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["rewritten", entry.pk])  # noqa: S608
    assert snapshot(entry) == before


def test_raw_sql_delete_is_refused_by_the_database(entry: AuditEntry) -> None:
    before = snapshot(entry)
    with pytest.raises(DatabaseError, match="append-only"):
        execute_raw(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])  # noqa: S608
    assert snapshot(entry) == before
    with pytest.raises(DatabaseError, match="append-only"):
        execute_raw(f"DELETE FROM {TABLE}")  # noqa: S608
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no TRUNCATE statement; its DELETE triggers are tested above",
)
def test_truncate_is_refused_by_the_database(entry: AuditEntry) -> None:
    count = AuditEntry.objects.count()
    settle_deferred_constraints()
    with pytest.raises(DatabaseError, match="append-only"):
        execute_raw(f"TRUNCATE {TABLE}")
    assert AuditEntry.objects.count() == count
    assert snapshot(entry)["reason"] == "original reason"


# The technical admin.


def test_admin_lists_entries_read_only(superuser_client: Client, entry: AuditEntry) -> None:
    response = superuser_client.get("/admin/audit/auditentry/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"/admin/audit/auditentry/{entry.pk}/change/" in content
    assert "/admin/audit/auditentry/add/" not in content
    assert 'name="action"' not in content, "no bulk actions (such as delete_selected)"


def test_admin_change_page_shows_the_entry_without_save(
    superuser_client: Client, entry: AuditEntry
) -> None:
    """The change page is a read-only view: no form field to edit and no save button."""
    response = superuser_client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    content = response.content.decode()
    assert "original reason" in content, "the entry is shown"
    assert 'name="_save"' not in content
    assert 'name="reason"' not in content


def test_admin_refuses_change_delete_and_add(superuser_client: Client, entry: AuditEntry) -> None:
    before = snapshot(entry)
    count = AuditEntry.objects.count()
    change_url = f"/admin/audit/auditentry/{entry.pk}/change/"
    delete_url = f"/admin/audit/auditentry/{entry.pk}/delete/"
    form = {
        "action": AuditAction.DELETE,
        "object_type": "accounts.user",
        "object_id": "1",
        "reason": "rewritten",
        "_save": "Save",
    }

    assert superuser_client.post(change_url, form).status_code == 403
    assert superuser_client.get(delete_url).status_code == 403
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert superuser_client.get("/admin/audit/auditentry/add/").status_code == 403
    assert superuser_client.post("/admin/audit/auditentry/add/", form).status_code == 403
    # The bulk action of the list, had it not been switched off.
    superuser_client.post(
        "/admin/audit/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    assert snapshot(entry) == before
    assert AuditEntry.objects.count() == count


# The API.


@pytest.mark.parametrize("method", ["put", "patch", "delete", "post"])
def test_api_refuses_writes_on_an_entry(
    admin_client: Client, entry: AuditEntry, method: str
) -> None:
    before = snapshot(entry)
    count = AuditEntry.objects.count()
    response = getattr(admin_client, method)(
        f"/api/audit/{entry.pk}/",
        {"reason": "rewritten", "action": "delete"},
        content_type="application/json",
    )
    assert response.status_code == 405
    assert snapshot(entry) == before
    assert AuditEntry.objects.count() == count


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_refuses_writes_on_the_list(
    admin_client: Client, entry: AuditEntry, method: str
) -> None:
    before = snapshot(entry)
    count = AuditEntry.objects.count()
    response = getattr(admin_client, method)(
        "/api/audit/",
        {"action": "login", "object_type": "accounts.user", "reason": "forged"},
        content_type="application/json",
    )
    assert response.status_code == 405
    assert snapshot(entry) == before
    assert AuditEntry.objects.count() == count


# Management commands.


def test_flush_fails_and_audit_entries_survive(entry: AuditEntry, subject: User) -> None:
    before = snapshot(entry)
    count = AuditEntry.objects.count()
    settle_deferred_constraints()
    with pytest.raises(CommandError) as refused:
        call_command("flush", interactive=False, verbosity=0)
    assert "append-only" in str(refused.value.__cause__), "refused by the audit trigger"
    assert AuditEntry.objects.count() == count
    assert snapshot(entry) == before
    # The flush is all or nothing: the other tables are back too.
    assert User.objects.filter(pk=subject.pk).exists()


READ_ONLY_AUDIT_COMMANDS: frozenset[str] = frozenset()
"""Project commands with "audit" in the name that were reviewed to only read the log."""

MUTATING_WORDS = (".delete(", ".update(", "bulk_update", "DELETE ", "UPDATE ", "TRUNCATE")


def test_no_project_command_rewrites_the_audit_log() -> None:
    project_commands = {
        name: app for name, app in get_commands().items() if app.startswith("baken")
    }
    assert project_commands, "the project's commands (demo-data, api-token, ...) are found"
    for name, app in project_commands.items():
        assert "audit" not in name or name in READ_ONLY_AUDIT_COMMANDS, (
            f"command {name!r} ({app}) names the audit log: review it and list it as read-only"
        )
        source = inspect.getsource(importlib.import_module(f"{app}.management.commands.{name}"))
        if "AuditEntry" in source or TABLE in source:
            found = [word for word in MUTATING_WORDS if word in source]
            assert not found, f"command {name!r} touches the audit log and contains {found}"


# Reading the audit log is itself audited.


def _reads_of_the_audit_log(user: User) -> int:
    return AuditEntry.objects.filter(
        user=user, action=AuditAction.VIEW, object_type="audit.auditentry"
    ).count()


@pytest.mark.parametrize("path", ["/audit/", "/api/audit/"], ids=["page", "api"])
def test_reading_the_audit_log_writes_an_audit_entry(
    path: str, make_user: Callable[..., User], organisation: Organisation
) -> None:
    admin = make_user(Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    assert _reads_of_the_audit_log(admin) == 0

    assert client.get(path).status_code == 200

    latest = AuditEntry.objects.filter(user=admin).first()
    assert latest is not None
    assert (latest.action, latest.object_type) == (AuditAction.VIEW, "audit.auditentry")
    assert latest.organisation == organisation
    assert _reads_of_the_audit_log(admin) == 1


def test_refused_reader_of_the_audit_log_writes_no_read_entry(
    make_user: Callable[..., User],
) -> None:
    analyst = make_user(Role.ANALYST)
    client = Client()
    client.force_login(analyst)
    assert client.get("/audit/").status_code == 403
    assert client.get("/api/audit/").status_code == 403
    assert _reads_of_the_audit_log(analyst) == 0


def test_reading_one_entry_through_the_api_is_recorded_with_its_id(
    make_user: Callable[..., User], entry: AuditEntry
) -> None:
    admin = make_user(Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)

    assert client.get(f"/api/audit/{entry.pk}/").status_code == 200

    latest = AuditEntry.objects.filter(user=admin).first()
    assert latest is not None
    assert (latest.action, latest.object_type, latest.object_id) == (
        AuditAction.VIEW,
        "audit.auditentry",
        str(entry.pk),
    )
