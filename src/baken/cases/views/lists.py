"""The case lists: the cases of the user's organisation's teams (with search), "my work" (own
tasks, B8 deadlines due this week, introductions to hold) and an organisation's overdue tasks.
Lists are filtered by the policy, so a case outside every team never shows, not even in search.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.audit.services import record_list
from baken.cases import b8_track, explain, tasks
from baken.cases.models import Case, Handover, Task
from baken.cases.workflow import OPEN_STATES, CaseState

DUE_SOON_DAYS = 7


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    policy.require(user, Action.VIEW_CASE)
    cases = policy.visible_to(
        user, Case.objects.select_related("lead_organisation", "contact_person")
    )
    query = request.GET.get("q", "").strip()[:40]
    if query:
        cases = cases.filter(reference__icontains=query)
    state = request.GET.get("state", "")
    if state in CaseState.values:
        cases = cases.filter(state=state)
    elif state != "all":
        cases = cases.filter(state__in=list(OPEN_STATES))
    record_list(user, Case)
    page = Paginator(cases.order_by("-opened_at", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {"page": page, "query": query, "state": state, "states": CaseState.choices},
    )


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    policy.require(user, Action.VIEW_CASE)
    today = timezone.localdate()
    own_cases = policy.visible_to(user, Case.objects.filter(state__in=list(OPEN_STATES)))
    mine = (own_cases.filter(contact_person=user) | own_cases.filter(deputy=user)).distinct()
    due = [
        {
            "item": item,
            "label": explain.deadline_label(item.deadline.code),
            "overdue": item.deadline.overdue(today),
        }
        for item in b8_track.due_within(mine, DUE_SOON_DAYS, today)
    ]
    warnings = [
        {"case": item.case, "warning": item.deadline} for item in b8_track.warnings_for(mine, today)
    ]
    introductions = policy.visible_to(
        user,
        Handover.objects.filter(introduction_held_at__isnull=True).filter(to_user=user)
        | Handover.objects.filter(introduction_held_at__isnull=True, from_user=user),
    ).select_related("case")
    record_list(user, Task)
    return render(
        request,
        "cases/my_work.html",
        {
            "tasks": tasks.my_open_tasks(user),
            "due": due,
            "warnings": warnings,
            "introductions": introductions.distinct(),
            "contact_cases": mine.order_by("reference"),
            "today": today,
        },
    )


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    overdue_tasks = tasks.overdue_for_organisation(user)
    record_list(user, Task)
    return render(
        request,
        "cases/overdue.html",
        {"tasks": overdue_tasks, "today": timezone.localdate()},
    )
