"""Per-request access context: the active membership and the two-factor gate."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from baken.accounts import policy, twofactor

SESSION_MEMBERSHIP_KEY = "baken_membership_id"


class MembershipMiddleware:
    """Attach the membership chosen in this session (if still valid) to the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            chosen = request.session.get(SESSION_MEMBERSHIP_KEY)
            memberships = policy.memberships_of(user)  # type: ignore[arg-type]
            membership = memberships.filter(pk=chosen).first() if chosen else None
            policy.set_active_membership(user, membership or memberships.first())
        return self.get_response(request)


class TwoFactorMiddleware:
    """Send a page request of a user who still owes a second factor to that step first.

    The API is not redirected here: `PolicyPermission` refuses such a session with a 403.
    """

    EXEMPT_PREFIXES = ("/static/", "/i18n/", "/healthz", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(self.EXEMPT_PREFIXES):
            target = twofactor.pending_step(request.user)
            if target and request.path not in {target, reverse("accounts:logout")}:
                return redirect(target)
        return self.get_response(request)
