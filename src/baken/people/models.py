"""Pseudonymous persons, the records that organisations hold about them, and the decisions
that linked or separated those records.

A *person* carries no identifying data itself: it is a pseudonym that records point at. A
*record* is what one organisation registered about someone (today: a possible victim on a
signal), with its identifying values encrypted and its blocking keys stored as keyed hashes,
so candidates are found without decrypting anything. Merges are events, never edits: undoing
one moves the records back.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedJSONField


def _pseudonym() -> str:
    return f"P-{secrets.token_hex(4).upper()}"


class Person(models.Model):
    pseudonym = models.CharField(_("pseudonym"), max_length=12, unique=True, default=_pseudonym)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Set when the person was merged into another; an unmerge clears it again.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.pseudonym


class PersonRecord(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="records")
    victim = models.OneToOneField(
        "signals.PossibleVictim",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="person_record",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # The raw identifying values (names, birth date, phones, e-mails, handles, documents,
    # nationality), encrypted as one JSON document.
    identifiers = EncryptedJSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("person record")
        verbose_name_plural = _("person records")

    def __str__(self) -> str:
        return f"record {self.pk} of {self.person}"


class BlockingKey(models.Model):
    """A keyed hash of one normalised identifier of a record (phone, phonetic name + year...)."""

    record = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "key"], name="unique_blocking_key")
        ]

    def __str__(self) -> str:
        return self.key[:12]


class MatchSuggestion(models.Model):
    """Two records that may be one person: a coordinator confirms or rejects."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    left = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    # Which fields agreed and how strongly: field names and outcomes, no values.
    evidence = models.JSONField(_("evidence"), default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="unique_suggestion_pair")
        ]
        verbose_name = _("match suggestion")
        verbose_name_plural = _("match suggestions")

    def __str__(self) -> str:
        return f"{self.left_id}~{self.right_id} {self.score:.1f}"


class MergeEvent(models.Model):
    """One merge: the records of `merged` moved to `kept`. Undoing it moves them back."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    moved_records = models.JSONField(default=list)
    automatic = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.merged} → {self.kept}"
