"""Identification as a victim, decided apart from any police report.

Two stages, as in a national referral mechanism: a *reasonable-grounds* decision ("there are
reasonable grounds to believe this person is a victim") and, after at least 30 days of recovery
and support, a *conclusive* decision. Each is taken by a multidisciplinary panel of at least
two organisations of different kinds, on named indicators, with reasons. Whether a report was
filed (the B8 track) plays no part in it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedTextField


class DecisionStage(models.TextChoices):
    REASONABLE_GROUNDS = "reasonable_grounds", _("Reasonable grounds")
    CONCLUSIVE = "conclusive", _("Conclusive")


class DecisionOutcome(models.TextChoices):
    POSITIVE = "positive", _("Positive: identified as a (possible) victim")
    NEGATIVE = "negative", _("Negative: not identified as a victim")


class IdentificationDecision(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(_("stage"), max_length=20, choices=DecisionStage.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    decided_on = models.DateField(_("decided on"))
    panel = models.ManyToManyField(
        "accounts.Organisation", related_name="+", verbose_name=_("panel")
    )
    indicators = models.ManyToManyField(
        "signals.Indicator", related_name="+", blank=True, verbose_name=_("indicators relied on")
    )
    reasons = EncryptedTextField(_("reasons"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("identification decision")
        verbose_name_plural = _("identification decisions")

    def __str__(self) -> str:
        return f"{self.case}: {self.stage} {self.outcome}"
