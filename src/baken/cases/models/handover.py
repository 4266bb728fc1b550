"""A warm handover: the contact person changes only with a note and an introduction meeting
with the victim in which the previous and the new contact person both take part."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedTextField


class Handover(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous contact person"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("new contact person"),
    )
    victim_knows = EncryptedTextField(_("what the victim knows"))
    open_promises = EncryptedTextField(_("open promises"))
    risks = EncryptedTextField(_("risks"))
    introduction_planned_at = models.DateTimeField(_("introduction meeting planned at"))
    introduction_held_at = models.DateTimeField(
        _("introduction meeting held at"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.case} handover #{self.pk}"
