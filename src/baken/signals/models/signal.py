"""A signal is one professional's report of possible exploitation; it may describe a person or
only a place. What identifies people (names, phones, handles, address, the observation in the
signaler's words) is encrypted at rest; every read of it is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedJSONField, EncryptedTextField
from baken.signals.vocabulary import Gender, PlaceKind, Urgency
from baken.signals.workflow import SignalStatus

MAX_OBSERVATION = 5000
MAX_SHORT_TEXT = 200


class Signal(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    catalogue = models.ForeignKey(
        "signals.IndicatorCatalogue", on_delete=models.PROTECT, related_name="signals"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filed_signals"
    )
    filed_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="filed_signals"
    )
    filed_at = models.DateTimeField(_("filed at"), db_index=True)

    # Where and when.
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, verbose_name=_("municipality")
    )
    place_kind = models.CharField(_("kind of place"), max_length=20, choices=PlaceKind.choices)
    address = EncryptedTextField(_("address"), blank=True)
    # Keyed hash of municipality + normalised address: finds repeated signals about one place.
    place_hash = models.CharField(max_length=64, blank=True, db_index=True)
    observed_on = models.DateField(_("observed on"))

    # What.
    themes = models.JSONField(_("themes"), default=list)
    forms = models.JSONField(_("suspected forms"), default=list)
    indicators = models.ManyToManyField(
        "signals.Indicator", related_name="signals", blank=True, verbose_name=_("indicators")
    )
    observation = EncryptedTextField(_("observation"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    other_persons = EncryptedTextField(_("other persons involved"), blank=True)
    vehicles = EncryptedTextField(_("vehicles"), blank=True)
    online_ads = EncryptedTextField(_("online advertisements"), blank=True)
    contact_consent = models.BooleanField(_("the person agreed to be contacted"), default=False)
    involves_minor = models.BooleanField(_("involves a minor"), default=False, db_index=True)

    # Triage state. `status` mirrors the newest SignalStatusChange (history is appended).
    status = models.CharField(
        _("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    priority = models.PositiveIntegerField(_("priority"), default=0, db_index=True)
    priority_reasons = models.JSONField(_("priority explained"), default=list)
    respond_by = models.DateTimeField(_("respond by"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_signals",
        verbose_name=_("assigned to"),
    )
    # Optimistic lock: every triage write bumps it; a write that read an older version loses.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-priority", "respond_by"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.reference


class PossibleVictim(models.Model):
    """What the signaler knows of one possible victim; every field is optional."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="victims")
    name = EncryptedTextField(_("name or alias"), blank=True)
    age = models.PositiveSmallIntegerField(_("approximate age"), null=True, blank=True)
    birth_date = EncryptedTextField(_("birth date"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    nationality = models.CharField(_("nationality"), max_length=60, blank=True)
    language = models.CharField(_("language"), max_length=60, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    handles = EncryptedJSONField(_("social media handles"), blank=True, default=list)
    # Keyed hash of the normalised phone number: finds repeated signals about one phone
    # without decrypting anything (see signals.repeats).
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("possible victim")
        verbose_name_plural = _("possible victims")

    def __str__(self) -> str:
        return f"{self.signal} #{self.pk}"

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < 18
