"""Per-request access context: the active membership and the two-factor gate."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
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
    """Send a user who still owes a second factor to enrol or verify before anything else.

    A user who enrolled a device must always verify it. In production (BAKEN_REQUIRE_2FA) a
    user whose roles show personal data must enrol one first.
    """

    EXEMPT_PREFIXES = ("/static/", "/i18n/", "/healthz", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith(self.EXEMPT_PREFIXES):
            target = self._pending_step(request)
            if target and request.path not in {target, reverse("accounts:logout")}:
                return redirect(target)
        return self.get_response(request)

    def _pending_step(self, request: HttpRequest) -> str | None:
        user = request.user
        if user.is_verified():  # type: ignore[union-attr]
            return None
        if twofactor.has_confirmed_device(user):  # type: ignore[arg-type]
            return reverse("accounts:2fa-verify")
        if settings.BAKEN_REQUIRE_2FA and policy.needs_two_factor(user):
            return reverse("accounts:2fa-setup")
        return None
