"""The indicator catalogue, versioned: a signal keeps the version it was filed under.

A version is immutable once loaded; a changed catalogue gets a new version number. Codes are
stable across versions, so figures can follow one indicator through the years.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baken.signals.vocabulary import IndicatorGroup


class IndicatorCatalogue(models.Model):
    version = models.CharField(_("version"), max_length=20, unique=True)
    checksum = models.CharField(_("checksum"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("indicator catalogue")
        verbose_name_plural = _("indicator catalogues")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_catalogue",
            )
        ]

    def __str__(self) -> str:
        return self.version


class Indicator(models.Model):
    catalogue = models.ForeignKey(
        IndicatorCatalogue, on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=40)
    group = models.CharField(_("group"), max_length=30, choices=IndicatorGroup.choices)
    weight = models.PositiveSmallIntegerField(_("weight"))
    label_nl = models.CharField(_("label (Dutch)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    explanation_nl = models.TextField(_("explanation (Dutch)"))
    explanation_en = models.TextField(_("explanation (English)"))
    source = models.TextField(_("source"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["catalogue", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return self.label_en if translation.get_language() == "en" else self.label_nl

    @property
    def explanation(self) -> str:
        return self.explanation_en if translation.get_language() == "en" else self.explanation_nl
