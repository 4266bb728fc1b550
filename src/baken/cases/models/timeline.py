"""One chronological record of what happened on a case. Every service that changes a case
appends an event here (never edits one); notes and contacts with the victim are events too."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedTextField


class EventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    SIGNAL = "signal", _("Signal")
    NOTE = "note", _("Note")
    CONTACT = "contact", _("Contact with the victim")
    TRANSITION = "transition", _("Status change")
    DECISION = "decision", _("Identification decision")
    B8 = "b8", _("B8 track")
    PLACEMENT = "placement", _("Placement")
    SUPPORT = "support", _("Support")
    TASK = "task", _("Task")
    HANDOVER = "handover", _("Handover")
    TEAM = "team", _("Team")


class CaseEvent(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, db_index=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A short fixed description built by the service (translatable code + parameters), and the
    # free text a professional wrote (encrypted: it may name people).
    summary = models.JSONField(default=dict)
    body = EncryptedTextField(_("text"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.at:%Y-%m-%d}"
