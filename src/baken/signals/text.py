"""Cleaning free text from the field: phones paste odd Unicode.

NFC-normalises, removes control and format characters (zero-width joiners, bidi overrides
that can disguise text), but keeps line breaks and tabs, and trims. A NUL byte or an unpaired
surrogate is refused outright: such input is not text.
"""

from __future__ import annotations

import unicodedata

KEEP = {"\n", "\t"}


class InvalidTextError(ValueError):
    pass


def clean_text(value: str) -> str:
    if "\x00" in value:
        raise InvalidTextError("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidTextError("contains an unpaired surrogate") from exc
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    kept = (ch for ch in value if ch in KEEP or unicodedata.category(ch) not in {"Cc", "Cf", "Co"})
    return "".join(kept).strip()
