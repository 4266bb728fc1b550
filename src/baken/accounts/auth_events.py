"""Audit entries for log-in, failed log-in and log-out, from Django's auth signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from baken.accounts.models import User


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    from baken.audit.models import AuditAction
    from baken.audit.services import record

    record(user, AuditAction.LOGIN, user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    from baken.audit.models import AuditAction
    from baken.audit.services import record

    if user is not None:
        record(user, AuditAction.LOGOUT, user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    """Only failures for an existing account are recorded: an unknown name is nobody's data."""
    from baken.audit.models import AuditAction
    from baken.audit.services import record

    username = credentials.get("username")
    user = User.objects.filter(username=username).first() if username else None
    if user is not None:
        record(user, AuditAction.LOGIN_FAILED, user)
