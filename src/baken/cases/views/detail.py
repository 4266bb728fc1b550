"""The page of one case: who is the contact person, what is due, the team, identification, the
B8 track, support, tasks and the latest of the timeline, with the forms to act on each.

A case outside the user's team is a 404 (the page does not confirm it exists). Every view is
audited: the page shows personal data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import Organisation, User
from baken.accounts.policy import Action
from baken.audit.services import record_read
from baken.cases import b8_track, explain, handover, identification, team, timeline
from baken.cases import forms as case_forms
from baken.cases.models import Case, Handover
from baken.cases.workflow import ALLOWED, CaseState
from baken.signals.catalogue_store import current_catalogue
from baken.signals.models import Indicator
from baken.signals.vocabulary import Form

FORMS = dict(Form.choices)


def case_or_404(request: HttpRequest, pk: int) -> Case:
    queryset = Case.objects.select_related(
        "lead_organisation", "contact_person", "deputy", "previous_contact", "person"
    )
    return get_object_or_404(policy.visible_to(request.user, queryset), pk=pk)


def decision_choices(case: Case) -> dict[str, Any]:
    signal_indicators = Indicator.objects.filter(signals__cases=case)
    catalogue = current_catalogue()
    return {
        # A panel is drawn from the region of the case and the national organisations.
        "panel": Organisation.objects.filter(is_active=True)
        .filter(Q(region_id=case.lead_organisation.region_id) | Q(region__isnull=True))
        .order_by("name"),
        "indicators": (Indicator.objects.filter(catalogue=catalogue) | signal_indicators)
        .distinct()
        .order_by("position"),
    }


def _step_label(current: str, target: str) -> str:
    if current == CaseState.CLOSED:
        return _("Reopen")
    return {
        CaseState.ASSESSMENT: _("Start the assessment"),
        CaseState.SUPPORT: _("Start care and support"),
        CaseState.CLOSED: _("Close the case"),
    }.get(CaseState(target), str(CaseState(target).label))


def _forms(case: Case, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    contacts = {"contacts": team.eligible_contacts(case)}
    initial = {"version": case.version}
    today = timezone.localdate()
    unbound: dict[str, forms.Form] = {
        "contact": case_forms.ContactForm(initial=initial, **contacts),
        "deputy": case_forms.DeputyForm(initial={**initial, "deputy": case.deputy_id}, **contacts),
        "handover": case_forms.HandoverForm(initial=initial, **contacts),
        "team": case_forms.TeamForm(initial=initial),
        "decision": case_forms.DecisionForm(
            initial={**initial, "decided_on": today}, **decision_choices(case)
        ),
        "reflection": case_forms.ReflectionForm(
            initial={**initial, "offered_on": today, "start": today}
        ),
        "placement": case_forms.PlacementForm(initial={**initial, "starts_on": today}),
        "support": case_forms.SupportForm(initial=initial),
        "unconditional": case_forms.UnconditionalForm(initial={**initial, "offered_on": today}),
        "task": case_forms.TaskForm(initial=initial, **contacts),
        "note": case_forms.NoteForm(initial=initial),
    }
    track = b8_track.track_of(case)
    b8_initial = {**initial}
    if track is not None:
        for name in case_forms.B8Form.base_fields:
            if name != "version":
                b8_initial[name] = getattr(track, name)
    unbound["b8"] = case_forms.B8Form(initial=b8_initial)
    unbound.update(bound)
    return unbound


def _steps(case: Case, bound: dict[str, forms.Form]) -> list[dict[str, Any]]:
    typed = bound.get("transition")
    steps = []
    for step in ALLOWED[CaseState(case.state)]:
        form = case_forms.TransitionForm(
            initial={"version": case.version, "state": step.target.value}
        )
        if typed is not None and typed.data.get("state") == step.target.value:
            form = case_forms.TransitionForm(
                {**typed.data.dict(), "version": case.version}  # type: ignore[attr-defined]
            )
        steps.append(
            {
                "target": step.target.value,
                "label": _step_label(case.state, step.target),
                "form": form,
                "closing": step.target == CaseState.CLOSED,
                "needs_reason": "reason" in step.requires,
            }
        )
    return steps


def render_case(
    request: HttpRequest,
    case: Case,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    record_read(user, case)
    bound = bound or {}
    today = timezone.localdate()
    pending: Handover | None = case.handovers.filter(introduction_held_at__isnull=True).first()
    track = b8_track.track_of(case)
    deadlines = [
        {
            "deadline": d,
            "label": explain.deadline_label(d.code),
            "overdue": d.overdue(today),
            "days_left": d.days_left(today),
        }
        for d in b8_track.deadlines(case)
    ]
    members = case.members.select_related("organisation", "granted_by").order_by("granted_at")
    context: dict[str, Any] = {
        "case": case,
        "can_manage": policy.can(user, Action.MANAGE_CASE, case),
        "can_work": policy.can(user, Action.WORK_ON_CASE, case),
        "can_view_person": case.person is not None
        and policy.can(user, Action.VIEW_PERSON, case.person),
        "steps": _steps(case, bound),
        "forms": _forms(case, bound),
        "pending_handover": pending,
        "chain": handover.contact_chain(case),
        "handover_count": case.handovers.count(),
        "members": [m for m in members if m.revoked_at is None],
        "revoked": [m for m in members if m.revoked_at is not None],
        "identification": identification.status(case),
        "decisions": case.decisions.prefetch_related("panel", "indicators"),
        "track": track,
        "deadlines": deadlines,
        "warning": b8_track.warning(case, today),
        "placements": case.placements.select_related("organisation"),
        "support_items": case.support.select_related("referred_to"),
        "open_tasks": case.tasks.filter(done_at__isnull=True).select_related("owner"),
        "done_tasks": case.tasks.filter(done_at__isnull=False).select_related("owner")[:20],
        "signals": [
            {"signal": s, "visible": policy.can(user, Action.VIEW_SIGNAL, s)}
            for s in case.signals.order_by("filed_at")
        ],
        "latest": timeline.entries(case)[-8:][::-1],
        "status_history": case.status_changes.select_related("changed_by", "organisation"),
        "today": today,
        "form_labels": [str(FORMS.get(code, code)) for code in case.forms],
    }
    return render(request, "cases/detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_case(request, case_or_404(request, pk))
