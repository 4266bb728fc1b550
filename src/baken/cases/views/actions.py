"""Everything a user can do on the case page, as one table: action name → form and service.

Each action is a POST to /cases/<pk>/<action>/. The form parses; the service decides and
writes. A refusal (rules, an outdated version, bad input) shows the case page again with the
message and what was typed; nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.cases import (
    b8_track,
    handover,
    identification,
    notes,
    support,
    tasks,
    team,
    transitions,
)
from baken.cases import forms as case_forms
from baken.cases.common import CaseError, ConflictError, TransitionNotAllowedError
from baken.cases.models import Case, Handover, Placement, Task
from baken.cases.views.detail import case_or_404, render_case

Handler = Callable[[User, Case, dict[str, Any]], Any]


@dataclass(frozen=True)
class CaseAction:
    form: type[forms.Form]
    handler: Handler
    done: Any  # the success message (lazy text)
    section: str  # where to return to on the page
    needs: Action = Action.WORK_ON_CASE
    # Form keyword arguments that depend on the case (choice lists).
    form_kwargs: Callable[[Case], dict[str, Any]] | None = None


def _contacts(case: Case) -> dict[str, Any]:
    return {"contacts": team.eligible_contacts(case)}


def _decision_choices(case: Case) -> dict[str, Any]:
    from baken.cases.views.detail import decision_choices

    return decision_choices(case)


def _version(data: dict[str, Any]) -> int:
    return int(data["version"])


def _transition(user: User, case: Case, data: dict[str, Any]) -> Any:
    return transitions.change_state(
        user,
        case,
        data["state"],
        reason=data["reason"],
        close_reason=data["close_reason"],
        close_anyway_reason=data["close_anyway_reason"],
        expected_version=_version(data),
    )


def _contact(user: User, case: Case, data: dict[str, Any]) -> Any:
    return handover.assign_contact_person(
        user,
        case,
        data["contact_person"],
        deputy=data["deputy"],
        expected_version=_version(data),
    )


def _deputy(user: User, case: Case, data: dict[str, Any]) -> Any:
    return handover.set_deputy(user, case, data["deputy"], expected_version=_version(data))


def _handover(user: User, case: Case, data: dict[str, Any]) -> Any:
    return handover.hand_over(
        user,
        case,
        data["to_user"],
        victim_knows=data["victim_knows"],
        open_promises=data["open_promises"],
        risks=data["risks"],
        introduction_planned_at=data["introduction_planned_at"],
        expected_version=_version(data),
    )


def _introduction(user: User, case: Case, data: dict[str, Any]) -> Any:
    record = Handover.objects.filter(case=case, pk=data["handover"]).first()
    if record is None:
        raise CaseError(_("There is no introduction meeting to record for this handover."))
    return handover.record_introduction(
        user, case, record, held_at=data["held_at"], expected_version=_version(data)
    )


def _grant(user: User, case: Case, data: dict[str, Any]) -> Any:
    return team.grant_access(
        user,
        case,
        data["organisation"],
        role=data["role"],
        consent_to_share=data["consent_to_share"],
        expected_version=_version(data),
    )


def _member(case: Case, data: dict[str, Any]) -> Any:
    member = case.members.filter(pk=data["member"], revoked_at__isnull=True).first()
    if member is None:
        raise CaseError(_("That organisation is not in the team."))
    return member


def _revoke(user: User, case: Case, data: dict[str, Any]) -> Any:
    return team.revoke_access(user, case, _member(case, data), expected_version=_version(data))


def _consent(user: User, case: Case, data: dict[str, Any]) -> Any:
    return team.set_consent(
        user, case, _member(case, data), data["consent"], expected_version=_version(data)
    )


def _decision(user: User, case: Case, data: dict[str, Any]) -> Any:
    return identification.record_decision(
        user,
        case,
        stage=data["stage"],
        outcome=data["outcome"],
        decided_on=data["decided_on"],
        panel=list(data["panel"]),
        indicators=list(data["indicators"]),
        reasons=data["reasons"],
        expected_version=_version(data),
    )


def _reflection(user: User, case: Case, data: dict[str, Any]) -> Any:
    return b8_track.offer_reflection(
        user,
        case,
        offered_on=data["offered_on"],
        start=data["start"],
        expected_version=_version(data),
    )


def _b8(user: User, case: Case, data: dict[str, Any]) -> Any:
    changes = {key: value for key, value in data.items() if key != "version"}
    changes["exception_statements"] = changes.get("exception_statements") or ""
    return b8_track.update(user, case, changes, expected_version=_version(data))


def _placement(user: User, case: Case, data: dict[str, Any]) -> Any:
    return support.add_placement(
        user,
        case,
        kind=data["kind"],
        starts_on=data["starts_on"],
        organisation=data["organisation"],
        ends_on=data["ends_on"],
        note=data["note"],
        expected_version=_version(data),
    )


def _end_placement(user: User, case: Case, data: dict[str, Any]) -> Any:
    placement = Placement.objects.filter(case=case, pk=data["placement"]).first()
    if placement is None:
        raise CaseError(_("That placement has already ended."))
    return support.end_placement(
        user, case, placement, ends_on=data["ends_on"], expected_version=_version(data)
    )


def _support(user: User, case: Case, data: dict[str, Any]) -> Any:
    return support.add_support(
        user,
        case,
        kind=data["kind"],
        area=data["area"],
        description=data["description"],
        referred_to=data["referred_to"],
        expected_version=_version(data),
    )


def _unconditional(user: User, case: Case, data: dict[str, Any]) -> Any:
    return support.offer_unconditional_support(
        user, case, offered_on=data["offered_on"], expected_version=_version(data)
    )


def _task(user: User, case: Case, data: dict[str, Any]) -> Any:
    return tasks.add_task(
        user,
        case,
        title=data["title"],
        owner=data["owner"],
        due_on=data["due_on"],
        expected_version=_version(data),
    )


def _task_done(user: User, case: Case, data: dict[str, Any]) -> Any:
    task = Task.objects.filter(case=case, pk=data["task"]).first()
    if task is None:
        raise CaseError(_("That task is already done."))
    return tasks.complete_task(user, case, task, expected_version=_version(data))


def _note(user: User, case: Case, data: dict[str, Any]) -> Any:
    return notes.add_note(
        user,
        case,
        data["text"],
        contact=data["contact"],
        at=data["at"],
        expected_version=_version(data),
    )


ACTIONS: dict[str, CaseAction] = {
    "transition": CaseAction(
        case_forms.TransitionForm,
        _transition,
        gettext_lazy("The status has been changed."),
        "status",
        needs=Action.MANAGE_CASE,
    ),
    "contact": CaseAction(
        case_forms.ContactForm,
        _contact,
        gettext_lazy("The contact person has been assigned."),
        "contact",
        needs=Action.MANAGE_CASE,
        form_kwargs=_contacts,
    ),
    "deputy": CaseAction(
        case_forms.DeputyForm,
        _deputy,
        gettext_lazy("The deputy has been changed."),
        "contact",
        needs=Action.MANAGE_CASE,
        form_kwargs=_contacts,
    ),
    "handover": CaseAction(
        case_forms.HandoverForm,
        _handover,
        gettext_lazy("The case has been handed over. Record the introduction meeting once held."),
        "contact",
        needs=Action.MANAGE_CASE,
        form_kwargs=_contacts,
    ),
    "introduction": CaseAction(
        case_forms.IntroductionForm,
        _introduction,
        gettext_lazy("The introduction meeting has been recorded."),
        "contact",
    ),
    "team": CaseAction(
        case_forms.TeamForm,
        _grant,
        gettext_lazy("The organisation has been added to the team."),
        "team",
        needs=Action.MANAGE_CASE,
    ),
    "revoke": CaseAction(
        case_forms.MemberForm,
        _revoke,
        gettext_lazy("The organisation's access was revoked."),
        "team",
        needs=Action.MANAGE_CASE,
    ),
    "consent": CaseAction(
        case_forms.MemberForm,
        _consent,
        gettext_lazy("The consent has been recorded."),
        "team",
        needs=Action.MANAGE_CASE,
    ),
    "decision": CaseAction(
        case_forms.DecisionForm,
        _decision,
        gettext_lazy("The decision has been recorded."),
        "identification",
        form_kwargs=_decision_choices,
    ),
    "reflection": CaseAction(
        case_forms.ReflectionForm,
        _reflection,
        gettext_lazy("The reflection period has started."),
        "b8",
    ),
    "b8": CaseAction(case_forms.B8Form, _b8, gettext_lazy("The B8 track has been updated."), "b8"),
    "placement": CaseAction(
        case_forms.PlacementForm,
        _placement,
        gettext_lazy("The placement has been recorded."),
        "support",
    ),
    "end-placement": CaseAction(
        case_forms.EndPlacementForm,
        _end_placement,
        gettext_lazy("The placement has been ended."),
        "support",
    ),
    "support": CaseAction(
        case_forms.SupportForm,
        _support,
        gettext_lazy("The support has been recorded."),
        "support",
    ),
    "unconditional": CaseAction(
        case_forms.UnconditionalForm,
        _unconditional,
        gettext_lazy("Unconditional support has been recorded."),
        "support",
    ),
    "task": CaseAction(
        case_forms.TaskForm,
        _task,
        gettext_lazy("The task has been added."),
        "tasks",
        form_kwargs=_contacts,
    ),
    "task-done": CaseAction(
        case_forms.TaskDoneForm, _task_done, gettext_lazy("The task is done."), "tasks"
    ),
    "note": CaseAction(
        case_forms.NoteForm, _note, gettext_lazy("The note has been added."), "notes"
    ),
}


@require_POST
@login_required
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    case = case_or_404(request, pk)
    user: User = request.user  # type: ignore[assignment]
    if not policy.can(user, spec.needs, case):
        raise PermissionDenied
    kwargs = spec.form_kwargs(case) if spec.form_kwargs else {}
    form = spec.form(request.POST, **kwargs)
    if not form.is_valid():
        messages.error(request, _("Check the form: some fields are missing or wrong."))
        return render_case(request, case, bound={action: form}, status=400)
    try:
        spec.handler(user, case, form.cleaned_data)
    except CaseError as error:
        messages.error(request, str(error))
        fresh = get_object_or_404(Case, pk=case.pk)
        conflict = isinstance(error, ConflictError | TransitionNotAllowedError)
        return render_case(request, fresh, bound={action: form}, status=409 if conflict else 400)
    messages.success(request, str(spec.done))
    if not policy.can(user, Action.VIEW_CASE, case):
        return redirect("cases:list")
    return redirect(reverse("cases:detail", args=[case.pk]) + f"#{spec.section}")
