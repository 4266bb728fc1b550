"""DRF permission that asks `policy`. Every API view names its `policy_action`; a view that
names none is closed to everyone, so a forgotten declaration fails safe."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from baken.accounts import policy


class PolicyPermission(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        action = getattr(view, "policy_action", None)
        if action is None or not request.user or not request.user.is_authenticated:
            return False
        return policy.can(request.user, action)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        action = getattr(view, "policy_object_action", None)
        return action is None or policy.can(request.user, action, obj)
