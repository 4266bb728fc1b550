"""Encryption at rest for identifying fields: AES-256-GCM with the key from BAKEN_FIELD_KEY.

A stored value is ``v1:<base64(nonce || ciphertext+tag)>``. The version prefix leaves room for
key rotation: a new key gets a new prefix, and old values stay readable until re-encrypted.
No Django here beyond reading the key, so engines and commands can use it too.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "v1:"
NONCE_BYTES = 12


class DecryptionError(ValueError):
    """A stored value that this key cannot decrypt (wrong key, or tampered)."""


def _key() -> bytes:
    from django.conf import settings

    key: bytes = settings.BAKEN_FIELD_KEY
    return key


def encrypt(plaintext: str, key: bytes | None = None) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key or _key()).encrypt(nonce, plaintext.encode("utf-8"), None)
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(stored: str, key: bytes | None = None) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("not an encrypted Baken value")
    raw = base64.b64decode(stored[len(PREFIX) :])
    try:
        plain = AESGCM(key or _key()).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None)
    except InvalidTag as exc:
        raise DecryptionError("the value does not decrypt with this key") from exc
    return plain.decode("utf-8")


def keyed_hash(value: str, purpose: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 of a normalised identifier, for matching without decrypting.

    `purpose` separates the uses (phone, address, ...) so equal hashes never cross them. The
    HMAC key is derived from the field key, so a database dump alone cannot be brute-forced
    against a list of phone numbers.
    """
    import hashlib
    import hmac

    derived = hmac.new(key or _key(), f"baken-hash:{purpose}".encode(), hashlib.sha256).digest()
    return hmac.new(derived, value.encode("utf-8"), hashlib.sha256).hexdigest()
