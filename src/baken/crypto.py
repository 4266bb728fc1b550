"""Encryption at rest for identifying fields: AES-256-GCM with the key from BAKEN_FIELD_KEY.

A stored value is ``v1:<base64(nonce || ciphertext+tag)>`` (the prefix names the format).
Key rotation: set the new key as BAKEN_FIELD_KEY and the old one in BAKEN_FIELD_KEY_PREVIOUS;
values stay readable with either, and `baken rotate-field-key` re-encrypts them (and
recomputes the keyed hashes) with the new key, after which the old key can go.
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


def _keys() -> tuple[bytes, ...]:
    """The current key first, then the previous ones still accepted for reading."""
    from django.conf import settings

    return (_key(), *getattr(settings, "BAKEN_FIELD_KEYS_PREVIOUS", ()))


def encrypt(plaintext: str, key: bytes | None = None) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key or _key()).encrypt(nonce, plaintext.encode("utf-8"), None)
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(stored: str, key: bytes | None = None) -> str:
    """Decrypt with `key`, or with the current key and then each previous one (rotation)."""
    if not stored.startswith(PREFIX):
        raise DecryptionError("not an encrypted Baken value")
    raw = base64.b64decode(stored[len(PREFIX) :])
    for candidate in (key,) if key else _keys():
        try:
            plain = AESGCM(candidate).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None)
        except InvalidTag:
            continue
        return plain.decode("utf-8")
    raise DecryptionError("the value does not decrypt with any configured key")


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
