"""TOTP second factor (django-otp): enrolment with a QR code, and verification."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts import policy
from baken.accounts.models import User

DEVICE_NAME = "Baken authenticator"


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_step(user: Any) -> str | None:
    """The URL of the second-factor step a logged-in session still owes, or None.

    A user who enrolled a device must always verify it. In production (BAKEN_REQUIRE_2FA) a
    user whose roles show personal data must enrol one first.
    """
    if not user.is_authenticated or user.is_verified():
        return None
    if has_confirmed_device(user):
        return reverse("accounts:2fa-verify")
    if settings.BAKEN_REQUIRE_2FA and policy.needs_two_factor(user):
        return reverse("accounts:2fa-setup")
    return None


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """An inline SVG of the otpauth:// URL, drawn on the server: no external service sees it."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg: str = image.to_string(encoding="unicode")
    return svg
