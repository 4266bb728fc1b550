"""`baken rotate-field-key`: re-encrypt all identifying fields with the current key."""

# ruff: noqa: N999 (the module name is the command name, and commands here are hyphenated)

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from baken.audit.models import AuditAction
from baken.audit.services import record
from baken.crypto import DecryptionError
from baken.key_rotation import rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with BAKEN_FIELD_KEY and recompute the keyed "
        "hashes. Put the old key in BAKEN_FIELD_KEY_PREVIOUS first. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.BAKEN_FIELD_KEYS_PREVIOUS:
            self.stderr.write("BAKEN_FIELD_KEY_PREVIOUS is empty: re-encrypting with the same key.")
        try:
            report = rotate()
        except DecryptionError as exc:
            raise CommandError(
                "A value does not decrypt with BAKEN_FIELD_KEY nor BAKEN_FIELD_KEY_PREVIOUS; "
                "nothing after it was changed. Set the old key and run again."
            ) from exc
        record(None, AuditAction.UPDATE, object_type="baken.field_key", reason="key rotated")
        for label, count in report.rows.items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
        for kind, count in report.hashes.items():
            self.stdout.write(f"{kind} hashes recomputed: {count}")
