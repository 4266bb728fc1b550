"""Scans of online material and what they found, stored for the analysts' review.

A *scan* is one run of the scan engine over uploaded files (a Telegram export, an ad dump). Its
results are stored per network (a *lead*: posts linked by a shared phone, handle, e-mail or
template) and per post. Post texts and identifiers are raw material about people who may be
victims: encrypted at rest, every view audited, deleted after the retention period
(`baken purge-scans`), and visible only to online monitors of the organisation and
administrators of its region.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedJSONField, EncryptedTextField


class ScanStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Scan(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="scans"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scans"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    title = models.CharField(_("title"), max_length=200)
    # Where the raw files are on the server (under var/scans/<id>/ for uploads); emptied when
    # the raw material is purged.
    input_paths = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ScanStatus.choices, default=ScanStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # percent
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    posts_count = models.PositiveIntegerField(default=0)
    networks_count = models.PositiveIntegerField(default=0)
    purged_at = models.DateTimeField(_("raw material deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")

    def __str__(self) -> str:
        return f"scan {self.pk}"


class Lead(models.Model):
    """One network found by a scan, ranked by its score for review."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="leads")
    network_id = models.CharField(max_length=40)
    score = models.FloatField(db_index=True)
    posts = models.PositiveIntegerField()
    # Identifiers (phones, handles) are personal data: encrypted.
    phones = EncryptedJSONField(default=list)
    handles = EncryptedJSONField(default=list)
    cities = models.JSONField(default=list)
    names = models.PositiveIntegerField(default=0)
    top_indicators = models.JSONField(default=list)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    # The engine's ties of the network's posts (see `baken.online.graph`), set-aside ones
    # included: they name identifiers, so encrypted.
    ties = EncryptedJSONField(default=list)
    signal = models.ForeignKey(
        "signals.Signal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-score", "network_id"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "network_id"], name="one_lead_per_network")
        ]

    def __str__(self) -> str:
        return f"{self.scan} {self.network_id}"


class ScannedPost(models.Model):
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="posts")
    post_id = models.CharField(max_length=200)
    source = models.CharField(max_length=200)
    posted_at = models.DateTimeField(null=True, blank=True)
    text = EncryptedTextField(blank=True)
    identifiers = EncryptedJSONField(default=list)
    # Codes, evidence levels and spans into the text; no text of their own.
    indicators = models.JSONField(default=list)
    cluster_id = models.CharField(max_length=40, db_index=True)
    network_id = models.CharField(max_length=40, db_index=True)

    class Meta:
        ordering = ["posted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "post_id"], name="one_row_per_scanned_post")
        ]

    def __str__(self) -> str:
        return self.post_id
