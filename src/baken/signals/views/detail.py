"""The page of one signal, and the triage steps taken on it.

Two views of one signal. The filer sees their own input, the status and when it changed, and
the questions asked of them; not the internal reasons, routings or who triaged. A coordinator
of an organisation holding the signal sees everything and acts: assign, change the status
(forward, close, open a case), ask the filer a question. A signal outside the user's scope is a
404, so the page does not confirm that it exists. Every view is audited (personal data shown).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baken.accounts import policy
from baken.accounts.models import Organisation, User
from baken.accounts.policy import Action
from baken.audit.services import record_read
from baken.signals import dispatch, explain, feedback, triage, workflow
from baken.signals.forms.triage_page import AssignForm, TransitionForm
from baken.signals.models import Signal, SignalRouting
from baken.signals.vocabulary import Form, Theme
from baken.signals.workflow import SignalStatus

# `triage._forward` stores a forwarding's reason with this prefix.
FORWARDED_PREFIX = "forwarded: "
THEMES = dict(Theme.choices)
FORMS = dict(Form.choices)


def _step_label(current: str, target: str) -> str:
    """The button of one allowed transition, in words of the work it does."""
    if target == SignalStatus.IN_TRIAGE:
        return _("Take up again") if current == SignalStatus.CLOSED else _("Take into triage")
    return {
        SignalStatus.FORWARDED: _("Forward to another organisation"),
        SignalStatus.CASE_OPENED: _("Mark as case opened"),
        SignalStatus.CLOSED: _("Close without follow-up"),
    }.get(SignalStatus(target), str(SignalStatus(target).label))


def _routing_reason(routing: SignalRouting) -> str:
    """Why an organisation received the signal, in the reader's language where it is one of
    the stored fixed texts (a rule's name is shown as the administrators wrote it)."""
    if routing.reason == dispatch.NO_RULE_MATCHED:
        return _("No routing rule matched: the coordination desk of the region")
    if routing.forwarded_by is not None:
        reason = routing.reason.removeprefix(FORWARDED_PREFIX)
        name = routing.forwarded_by.get_full_name() or routing.forwarded_by.username
        return _("Forwarded by %(name)s: %(reason)s") % {"name": name, "reason": reason}
    return _("Routing rule: %(rule)s") % {"rule": routing.reason}


def _signal_or_404(request: HttpRequest, pk: int) -> Signal:
    queryset = Signal.objects.select_related(
        "municipality", "catalogue", "assigned_to", "filed_by", "filed_by_organisation"
    )
    return get_object_or_404(policy.visible_to(request.user, queryset), pk=pk)


def _triage_context(user: User, signal: Signal) -> dict[str, Any]:
    membership = policy.active_membership(user)
    assert membership is not None
    organisations = policy.visible_to(
        user, Organisation.objects.filter(is_active=True).exclude(pk=membership.organisation_id)
    ).order_by("name")
    steps = [
        {
            "target": step.target.value,
            "label": _step_label(signal.status, step.target),
            "reason_required": step.reason_required,
            "needs_organisation": step.needs_organisation,
        }
        for step in workflow.ALLOWED[SignalStatus(signal.status)]
    ]
    return {
        "reasons": explain.explain(signal),
        "clock": explain.clock(signal),
        "routings": [
            {"routing": routing, "why": _routing_reason(routing)}
            for routing in signal.routings.select_related("organisation", "forwarded_by")
        ],
        "colleagues": triage.colleagues_for_assignment(user),
        "steps": steps,
        "organisations": organisations if any(s["needs_organisation"] for s in steps) else [],
    }


def _render(
    request: HttpRequest, signal: Signal, typed: dict[str, Any] | None = None
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    record_read(user, signal)
    feedback.mark_read(user, signal)
    is_triager = policy.can(user, Action.TRIAGE_SIGNAL, signal)
    context: dict[str, Any] = {
        "signal": signal,
        "is_triager": is_triager,
        # The filer answers once somebody asked something.
        "can_answer": policy.can(user, Action.ANSWER_ON_SIGNAL, signal)
        and signal.messages.exclude(author=user).exists(),
        "themes": [str(THEMES.get(code, code)) for code in signal.themes],
        "forms": [str(FORMS.get(code, code)) for code in signal.forms],
        "indicators": signal.indicators.order_by("position"),
        "victims": signal.victims.order_by("id"),
        "conversation": signal.messages.select_related("author", "organisation"),
        "history": signal.status_changes.select_related("changed_by", "organisation"),
        "typed": typed or {},
    }
    if is_triager:
        context.update(_triage_context(user, signal))
        context["can_open_case"] = signal.status != SignalStatus.CLOSED and policy.can(
            user, Action.OPEN_CASE, signal
        )
        context["signal_case"] = policy.visible_to(user, signal.cases.all()).first()
    return render(request, "signals/detail.html", context)


@login_required
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _signal_or_404(request, pk))


def _refused(
    request: HttpRequest, pk: int, error: Exception | str, typed: dict[str, Any]
) -> HttpResponse:
    """Nothing changed: say why and show the signal as it is now, with what was typed."""
    messages.error(request, str(error))
    signal = _signal_or_404(request, pk)
    if isinstance(error, triage.ConflictError):
        assignee = signal.assigned_to
        messages.info(
            request,
            _("Its current state: %(status)s, assigned to %(assignee)s.")
            % {
                "status": signal.get_status_display(),
                "assignee": (assignee.get_full_name() or assignee.username)
                if assignee
                else _("nobody"),
            },
        )
    return _render(request, signal, typed)


def _after_change(request: HttpRequest, signal: Signal) -> HttpResponse:
    # Forwarded away, the signal is no longer this user's to see (unless they filed it).
    if policy.can(request.user, Action.VIEW_SIGNAL, signal):
        return redirect("signals:detail", pk=signal.pk)
    return redirect("signals:inbox")


@require_POST
@login_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _signal_or_404(request, pk)
    policy.require(request.user, Action.TRIAGE_SIGNAL, signal)
    form = TransitionForm(request.POST)
    typed = {
        "target": request.POST.get("status", ""),
        "reason": request.POST.get("reason", ""),
        "organisation": request.POST.get("organisation", ""),
    }
    if not form.is_valid():
        return _refused(request, pk, _("This form was incomplete. Please try again."), typed)
    data = form.cleaned_data
    try:
        signal = triage.change_status(
            request.user,  # type: ignore[arg-type]
            signal,
            data["status"],
            reason=data["reason"],
            forward_to=data["organisation"],
            expected_version=data["version"],
        )
    except triage.TriageError as error:
        return _refused(request, pk, error, typed)
    if signal.status == SignalStatus.FORWARDED and data["organisation"] is not None:
        text = _("Signal %(reference)s has been forwarded to %(organisation)s.") % {
            "reference": signal.reference,
            "organisation": data["organisation"],
        }
    else:
        text = _("The status of %(reference)s is now: %(status)s.") % {
            "reference": signal.reference,
            "status": signal.get_status_display(),
        }
    messages.success(request, text)
    return _after_change(request, signal)


@require_POST
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _signal_or_404(request, pk)
    policy.require(request.user, Action.TRIAGE_SIGNAL, signal)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _refused(request, pk, _("This form was incomplete. Please try again."), {})
    assignee = form.cleaned_data["assignee"]
    try:
        signal = triage.assign(
            request.user,  # type: ignore[arg-type]
            signal,
            assignee,
            expected_version=form.cleaned_data["version"],
        )
    except triage.TriageError as error:
        return _refused(request, pk, error, {})
    if assignee is None:
        messages.success(request, _("Nobody is assigned to this signal now."))
    else:
        name = assignee.get_full_name() or assignee.username
        messages.success(request, _("Assigned to %(name)s.") % {"name": name})
    return _after_change(request, signal)


@require_POST
@login_required
def post_message(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator asks the filer a question; the filer answers."""
    signal = _signal_or_404(request, pk)
    user: User = request.user  # type: ignore[assignment]
    body = request.POST.get("body", "")
    try:
        if policy.can(user, Action.TRIAGE_SIGNAL, signal):
            feedback.ask_signaler(user, signal, body)
            messages.success(request, _("Your question has been sent to the signaler."))
        else:
            policy.require(user, Action.ANSWER_ON_SIGNAL, signal)
            feedback.answer(user, signal, body)
            messages.success(request, _("Your answer has been sent."))
    except triage.TriageError as error:
        return _refused(request, pk, error, {"body": body})
    return redirect("signals:detail", pk=signal.pk)
