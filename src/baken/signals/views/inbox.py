"""The coordinators' triage inbox: the signals their organisation holds now, most urgent work
first, each with its score explained and its response-time clock."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.audit.services import record_list
from baken.signals import explain, feedback
from baken.signals.forms.inbox import InboxFilterForm
from baken.signals.models import Signal
from baken.signals.vocabulary import Theme

PAGE_SIZE = 25
REASONS_SHOWN = 3
THEMES = dict(Theme.choices)


@dataclass(frozen=True)
class InboxRow:
    signal: Signal
    themes: list[str]
    reasons: list[explain.ReasonText]
    clock: explain.Clock | None
    unread: bool


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    policy.require(user, Action.TRIAGE_SIGNAL)
    membership = policy.active_membership(user)
    assert membership is not None  # require() passed
    # Held now: a signal forwarded away leaves this inbox (its routing is no longer active).
    held = Signal.objects.filter(
        routings__organisation=membership.organisation, routings__is_active=True
    )
    queryset = (
        policy.visible_to(user, held)
        .select_related("municipality", "assigned_to")
        .order_by("-priority", "respond_by", "id")
    )
    form = InboxFilterForm(request.GET or None)
    page = Paginator(form.apply(queryset, user), PAGE_SIZE).get_page(request.GET.get("page"))

    signals = list(page)
    labels = explain.indicator_labels(signals)
    unread = set(feedback.unread(user).values_list("signal_id", flat=True))
    now = timezone.now()
    rows = [
        InboxRow(
            signal=signal,
            themes=[str(THEMES.get(code, code)) for code in signal.themes],
            reasons=explain.explain(signal, labels, limit=REASONS_SHOWN),
            clock=explain.clock(signal, now),
            unread=signal.pk in unread,
        )
        for signal in signals
    ]
    record_list(user, Signal, reason="triage inbox")
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    template = (
        "signals/_inbox_rows.html" if request.headers.get("HX-Request") else "signals/inbox.html"
    )
    return render(request, template, context)
