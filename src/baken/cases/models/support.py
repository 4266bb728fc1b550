"""Shelter and support: placements, needs, referrals and who is involved (an expert by
experience among them). Support never waits for a police report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedTextField


class PlacementKind(models.TextChoices):
    COSM = "cosm", _("COSM (categorical shelter for victims of trafficking)")
    SHELTER = "shelter", _("Other shelter")
    YOUTH = "youth", _("Protected youth care")
    HOUSING = "housing", _("Supported housing")
    OTHER = "other", _("Other")


class Placement(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shelter"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.case}: {self.kind} {self.starts_on}"


class SupportKind(models.TextChoices):
    NEED = "need", _("Need")
    REFERRAL = "referral", _("Referral")
    EXPERT_BY_EXPERIENCE = "expert_by_experience", _("Expert by experience involved")


class SupportArea(models.TextChoices):
    HOUSING = "housing", _("Housing")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial care")
    LEGAL = "legal", _("Legal aid")
    INCOME = "income", _("Income and debts")
    LANGUAGE = "language", _("Language and interpreting")
    WORK = "work", _("Education and work")
    RETURN = "return", _("Safe return")
    OTHER = "other", _("Other")


class SupportItem(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(_("kind"), max_length=30, choices=SupportKind.choices)
    area = models.CharField(_("area"), max_length=20, choices=SupportArea.choices)
    description = EncryptedTextField(_("description"), blank=True)
    referred_to = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("support")
        verbose_name_plural = _("support")

    def __str__(self) -> str:
        return f"{self.case}: {self.kind} {self.area}"
