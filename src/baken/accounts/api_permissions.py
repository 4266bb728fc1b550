"""DRF permission that asks `policy`. Every API view names its `policy_action`; a view that
names none is closed to everyone, so a forgotten declaration fails safe."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from baken.accounts import policy, twofactor


class PolicyPermission(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        action = getattr(view, "policy_action", None)
        if action is None or not request.user or not request.user.is_authenticated:
            return False
        # A browser session that has not passed its second factor gets no data: a password
        # alone must not open the API. Tokens are issued by an administrator (ADR 0004).
        by_session = isinstance(request.successful_authenticator, SessionAuthentication)
        if by_session and twofactor.pending_step(request.user) is not None:
            return False
        return policy.can(request.user, action)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        action = getattr(view, "policy_object_action", None)
        return action is None or policy.can(request.user, action, obj)
