"""Feedback between coordinator and signaler: questions, answers and notifications.

The signaler sees the status of a signal, never the case behind it; questions go both ways on
the signal itself.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.audit.models import AuditAction
from baken.audit.services import record
from baken.signals.models import Notification, Signal, SignalMessage
from baken.signals.text import clean_text
from baken.signals.triage import TriageError

MAX_MESSAGE = 2000


def _body(text: str) -> str:
    body = clean_text(text)
    if not body:
        raise TriageError(_("Write a message."))
    if len(body) > MAX_MESSAGE:
        raise TriageError(_("A message is at most %(n)d characters.") % {"n": MAX_MESSAGE})
    return body


@transaction.atomic
def ask_signaler(user: User, signal: Signal, text: str) -> SignalMessage:
    policy.require(user, Action.TRIAGE_SIGNAL, signal)
    return _post(user, signal, text, notify=[signal.filed_by_id], kind=Notification.Kind.QUESTION)


@transaction.atomic
def answer(user: User, signal: Signal, text: str) -> SignalMessage:
    policy.require(user, Action.ANSWER_ON_SIGNAL, signal)
    askers = set(signal.messages.exclude(author=user).values_list("author_id", flat=True))
    return _post(user, signal, text, notify=sorted(askers), kind=Notification.Kind.ANSWER)


def _post(user: User, signal: Signal, text: str, *, notify: list[int], kind: str) -> SignalMessage:
    membership = policy.active_membership(user)
    assert membership is not None
    message = SignalMessage.objects.create(
        signal=signal, author=user, organisation=membership.organisation, body=_body(text)
    )
    Notification.objects.bulk_create(
        Notification(user_id=uid, signal=signal, kind=kind) for uid in notify if uid != user.pk
    )
    record(user, AuditAction.CREATE, message)
    return message


def unread(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def mark_read(user: User, signal: Signal) -> int:
    """Seeing a signal marks its notifications for this user as read."""
    return unread(user).filter(signal=signal).update(read_at=timezone.now())
