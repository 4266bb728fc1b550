"""Routing rules and the routing decisions they made.

Rules are ordered; every active rule that matches a signal sends it to its target, unless an
earlier matching rule said to stop. A signal that matches no rule goes to its region's
coordination desk: never nowhere. Each decision is stored with the rule that made it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.accounts.models import OrganisationKind


class RoutingRule(models.Model):
    position = models.PositiveIntegerField(_("order"), db_index=True)
    name = models.CharField(_("name"), max_length=120)
    # Empty lists and nulls mean "any".
    themes = models.JSONField(_("themes"), default=list, blank=True)
    forms = models.JSONField(_("forms"), default=list, blank=True)
    region = models.ForeignKey(
        "accounts.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("region"),
        help_text=_("Empty: every region."),
    )
    minor = models.BooleanField(
        _("minor involved"), null=True, blank=True, help_text=_("Empty: either.")
    )
    # The target: the region's coordination desk, an organisation of a kind in the signal's
    # region, or one named organisation (a national one, say).
    to_coordination_desk = models.BooleanField(
        _("to the region's coordination desk"), default=False
    )
    target_kind = models.CharField(
        _("organisation kind in the region"),
        max_length=30,
        choices=OrganisationKind.choices,
        blank=True,
    )
    target_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named organisation"),
    )
    stop = models.BooleanField(_("stop after this rule"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class SignalRouting(models.Model):
    """One organisation that received a signal, why, and whether it still holds it."""

    signal = models.ForeignKey("signals.Signal", on_delete=models.CASCADE, related_name="routings")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="signal_routings"
    )
    rule = models.ForeignKey(
        RoutingRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why, in words for the record: the rule's name at the time, "no rule matched", or the
    # forwarding reason.
    reason = models.CharField(_("reason"), max_length=300)
    forwarded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("routed at"), default=timezone.now)
    # False once the signal was forwarded away: it leaves this inbox, its history stays.
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("routing decision")
        verbose_name_plural = _("routing decisions")

    def __str__(self) -> str:
        return f"{self.signal} → {self.organisation}"
