"""Model fields whose values are encrypted in the database (see `baken.crypto`).

They cannot be filtered or ordered on in the database: matching uses keyed hashes instead
(people app). An empty value is stored as an empty string, not encrypted, so "nothing known"
stays visible without decrypting.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from baken import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    description = "Text encrypted at rest (AES-GCM)"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


class EncryptedJSONField(models.TextField):  # type: ignore[type-arg]
    """A JSON value (e.g. a list of handles) encrypted as one text."""

    description = "JSON encrypted at rest (AES-GCM)"
    # For django-stubs: the Python value is JSON (a list, a dict), not the stored text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None
        return json.loads(crypto.decrypt(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(crypto.PREFIX):
            return json.loads(crypto.decrypt(value))
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return ""
        return crypto.encrypt(json.dumps(value, ensure_ascii=False))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)
