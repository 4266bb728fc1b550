"""A case: the follow-up of one (possible) victim after one or more signals.

A case keeps one named contact person (and a deputy) so the thread survives staff turnover, a
team of organisations that each got need-to-know access on this case, and its state history.
History is appended: `state` mirrors the newest `CaseStatusChange`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.cases.workflow import CaseState, CloseReason
from baken.fields.encrypted import EncryptedTextField


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("lead organisation"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    signals = models.ManyToManyField(
        "signals.Signal", related_name="cases", verbose_name=_("signals")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("person"),
    )
    # How the team refers to the person among themselves (a first name or alias); encrypted.
    alias = EncryptedTextField(_("name or alias"), blank=True)
    forms = models.JSONField(_("forms of exploitation"), default=list)
    is_minor = models.BooleanField(_("minor"), default=False)

    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_for_cases",
        verbose_name=_("contact person"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_for_cases",
        verbose_name=_("deputy contact person"),
    )
    # Until the introduction meeting after a handover is recorded, the previous contact person
    # stays the one the victim knows (see cases.handover).
    previous_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous contact person"),
    )
    # Support is offered whatever the person decides about a police report.
    unconditional_support_since = models.DateField(
        _("unconditional support offered on"), null=True, blank=True
    )

    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.REGISTERED
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=30, choices=CloseReason.choices, blank=True
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # Optimistic lock: every write bumps it; a write that read an older version loses.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference


class CaseMember(models.Model):
    """An organisation in the case's team. Access is granted and revoked here, never deleted:
    a revoked row keeps who had access when. `consent_to_share` records whether the person
    agreed that this partner receives their information."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="case_memberships"
    )
    role = models.CharField(_("role in the case"), max_length=120, blank=True)
    consent_to_share = models.BooleanField(_("consent to share"), default=False)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["granted_at", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_membership_per_case_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.organisation}"


class CaseStatusChange(models.Model):
    """Appended on every transition, never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_state = models.CharField(max_length=20, choices=CaseState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=CaseState.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    changed_at = models.DateTimeField(default=timezone.now)
    reason = EncryptedTextField(_("reason"), blank=True)
    close_reason = models.CharField(max_length=30, choices=CloseReason.choices, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("case status change")
        verbose_name_plural = _("case status changes")

    def __str__(self) -> str:
        return f"{self.case}: {self.from_state} → {self.to_state}"
