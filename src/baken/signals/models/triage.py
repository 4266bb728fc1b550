"""The history of a signal's triage, the questions around it and notifications to users."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedTextField
from baken.signals.workflow import SignalStatus


class SignalStatusChange(models.Model):
    """Appended on every transition, never edited."""

    signal = models.ForeignKey(
        "signals.Signal", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=SignalStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=SignalStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    # Not auto_now_add: an import or the demo world may record a step at its real time.
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.signal}: {self.from_status} → {self.to_status}"


class SignalMessage(models.Model):
    """A question from a coordinator to the signaler, or the signaler's answer."""

    signal = models.ForeignKey("signals.Signal", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    body = EncryptedTextField(_("message"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.signal} message #{self.pk}"


class Notification(models.Model):
    """Something a user should see: a signal they filed changed, or a question was asked.

    Holds no personal data: the text is a fixed kind, the signal is linked by id.
    """

    class Kind(models.TextChoices):
        STATUS_CHANGED = "status_changed", _("The status of your signal changed")
        QUESTION = "question", _("A question about your signal")
        ANSWER = "answer", _("An answer to your question")
        ASSIGNED = "assigned", _("A signal was assigned to you")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    signal = models.ForeignKey("signals.Signal", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.signal}"
