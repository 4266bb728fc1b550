"""What the retention run removed from a closed case, without any personal data."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class DeletionRecord(models.Model):
    case_reference = models.CharField(max_length=20)
    closed_at = models.DateTimeField()
    anonymised_at = models.DateTimeField(default=timezone.now)
    retention_days = models.PositiveIntegerField()
    # Counts per kind of item that was emptied or removed, e.g. {"notes": 4, "tasks": 2}.
    removed = models.JSONField(default=dict)

    class Meta:
        ordering = ["-anonymised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_reference} anonymised {self.anonymised_at:%Y-%m-%d}"
