"""Regions, municipalities, organisations, users and their memberships.

A *region* is the unit at which the chain coordinates: one regional care coordinator desk serves
every municipality in it, so small municipalities share the desk of their region. Every
organisation belongs to a region, except national ones (CoMensha, the labour inspectorate,
the KMar), whose region is empty.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from baken.accounts.roles import Role

cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("A CBS municipality code is GM followed by four digits, e.g. GM0363.")
)


class Region(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    # The organisation where the regional care coordinators work: signals that match no
    # routing rule go here, so nothing is ever routed nowhere.
    coordination_desk = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordination desk"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    cbs_code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[cbs_code_validator]
    )
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    POLICE = "police", _("Police unit")
    MUNICIPALITY = "municipality", _("Municipality")
    COA = "coa", _("COA location")
    CARE = "care", _("Care organisation")
    SHELTER = "shelter", _("Shelter")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
    KMAR = "kmar", _("Royal Netherlands Marechaussee")
    COMENSHA = "comensha", _("CoMensha")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    RIEC = "riec", _("RIEC")
    YOUTH_CARE = "youth_care", _("Youth care")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
        help_text=_("Empty for a national organisation."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("seat"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A professional who logs in to Baken. Access comes only through memberships."""

    # Part of the session hash: changing it ends every session of this user ("log out
    # everywhere") without touching the password.
    session_generation = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's own hash covers only the password; adding the generation lets us end all
        # sessions at once. Overriding this (not get_session_auth_hash) keeps SECRET_KEY
        # fallbacks working during key rotation.
        return salted_hmac(
            "baken.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Membership(models.Model):
    """A user's role in one organisation."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership"
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    @property
    def region(self) -> Region | None:
        return self.organisation.region
