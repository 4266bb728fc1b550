"""Server-side drafts of the intake form, and idempotency records of the filing API."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from baken.fields.encrypted import EncryptedJSONField


class SignalDraft(models.Model):
    """What a signaler has typed so far; survives a lost connection. One per user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signal_draft"
    )
    data = EncryptedJSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"draft of {self.user}"


class IdempotencyRecord(models.Model):
    """The first result of a POST with an `Idempotency-Key`, returned again on a repeat."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    signal = models.ForeignKey("signals.Signal", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.key}"
