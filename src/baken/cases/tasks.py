"""Tasks on a case, "my work" for a user and the overdue list of an organisation."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.cases.common import CaseError, append_event, audit, bump, locked
from baken.cases.models import Case, EventKind, Task
from baken.cases.team import require_eligible


@transaction.atomic
def add_task(
    user: User,
    case: Case,
    *,
    title: str,
    owner: User,
    due_on: date,
    expected_version: int | None,
) -> Task:
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    title = title.strip()
    if not title:
        raise CaseError(_("Say what the task is."))
    if len(title) > 500:
        raise CaseError(_("Keep the task under 500 characters; put details in a note."))
    require_eligible(case, owner)
    membership = (
        policy.memberships_of(owner)
        .filter(organisation__case_memberships__case=case)
        .filter(organisation__case_memberships__revoked_at__isnull=True)
        .first()
    )
    assert membership is not None  # require_eligible passed
    task = Task.objects.create(
        case=case,
        title=title,
        owner=owner,
        organisation=membership.organisation,
        due_on=due_on,
        created_by=user,
    )
    bump(case)
    append_event(
        user,
        case,
        EventKind.TASK,
        "task_added",
        body=title,
        owner_id=owner.pk,
        due_on=due_on.isoformat(),
        task_id=task.pk,
    )
    audit(user, case, f"task {task.pk} added")
    return task


@transaction.atomic
def complete_task(user: User, case: Case, task: Task, *, expected_version: int | None) -> Task:
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    if task.case_id != case.pk or task.done_at is not None:
        raise CaseError(_("That task is already done."))
    task.done_at = timezone.now()
    task.done_by = user
    task.save(update_fields=["done_at", "done_by"])
    bump(case)
    append_event(user, case, EventKind.TASK, "task_done", body=task.title, task_id=task.pk)
    audit(user, case, f"task {task.pk} done")
    return task


def my_open_tasks(user: User) -> QuerySet[Task]:
    """The user's own open tasks on cases they can still see, soonest first."""
    return (
        policy.visible_to(user, Task.objects.filter(owner=user, done_at__isnull=True))
        .select_related("case")
        .order_by("due_on", "id")
    )


def overdue_for_organisation(user: User, today: date | None = None) -> QuerySet[Task]:
    """Open tasks of the user's organisation past their due date."""
    policy.require(user, Action.VIEW_ORGANISATION_TASKS)
    membership = policy.active_membership(user)
    assert membership is not None
    today = today or timezone.localdate()
    return (
        policy.visible_to(
            user,
            Task.objects.filter(
                organisation=membership.organisation, done_at__isnull=True, due_on__lt=today
            ),
        )
        .select_related("case", "owner")
        .order_by("due_on", "id")
    )
