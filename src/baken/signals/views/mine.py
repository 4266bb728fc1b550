""" "My signals": what became of each signal the user filed. The signaler sees its status, never
the case behind it, and which signals have news (an unread notification)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.audit.services import record_list
from baken.signals import feedback
from baken.signals.models import Signal

PAGE_SIZE = 25


@login_required
def my_signals(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    policy.require(user, Action.FILE_SIGNAL)
    own = (
        Signal.objects.filter(filed_by=user)
        .select_related("municipality")
        .order_by("-filed_at", "-id")
    )
    page = Paginator(policy.visible_to(user, own), PAGE_SIZE).get_page(request.GET.get("page"))
    unread = set(feedback.unread(user).values_list("signal_id", flat=True))
    record_list(user, Signal, reason="my signals")
    return render(request, "signals/mine.html", {"page": page, "unread": unread, "query": ""})
