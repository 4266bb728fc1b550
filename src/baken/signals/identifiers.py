"""Normalised identifiers of a signal, hashed for finding repeats without decrypting.

Phone numbers are normalised with `phonenumbers` (Dutch default region) to E.164; a number
that is not valid is not used for matching. Places are municipality + address, case- and
space-folded.
"""

from __future__ import annotations

import phonenumbers

from baken import crypto


def normalise_phone(raw: str) -> str | None:
    text = raw.strip().replace("o6", "06").replace("O6", "06")
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_hash(raw: str) -> str:
    normalised = normalise_phone(raw) if raw else None
    return crypto.keyed_hash(normalised, "phone") if normalised else ""


def place_hash(cbs_code: str, address: str) -> str:
    folded = " ".join(address.casefold().split())
    return crypto.keyed_hash(f"{cbs_code}|{folded}", "place") if folded else ""
