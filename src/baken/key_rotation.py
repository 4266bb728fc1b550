"""Re-encrypt every encrypted field with the current key and recompute the keyed hashes.

Run after moving the old key to BAKEN_FIELD_KEY_PREVIOUS. Row by row in small transactions,
so it can be stopped and started again: a row already under the new key is simply written
again. Hashes depend on the key too (HMAC), so phone, place and blocking-key hashes are
recomputed from the decrypted values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from baken.fields.encrypted import EncryptedJSONField, EncryptedTextField

BATCH = 500


@dataclass
class RotationReport:
    rows: dict[str, int] = field(default_factory=dict)
    hashes: dict[str, int] = field(default_factory=dict)


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, EncryptedTextField | EncryptedJSONField)
        ]
        if names:
            yield model, names


def _reencrypt(model: type[models.Model], names: list[str]) -> int:
    count = 0
    pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        with transaction.atomic():
            for row in model._default_manager.filter(pk__in=pks[start : start + BATCH]):
                # update() bypasses save(): no timestamps or signals, only the new ciphertext.
                model._default_manager.filter(pk=row.pk).update(
                    **{name: getattr(row, name) for name in names}
                )
                count += 1
    return count


def _rehash() -> dict[str, int]:
    from baken.people.models import BlockingKey, PersonRecord
    from baken.people.registry import _prepared, hashed_keys
    from baken.signals import identifiers
    from baken.signals.models import PossibleVictim, Signal

    counts = {"phone": 0, "place": 0, "blocking": 0}
    with transaction.atomic():
        for victim in PossibleVictim.objects.all().iterator():
            PossibleVictim.objects.filter(pk=victim.pk).update(
                phone_hash=identifiers.phone_hash(victim.phone)
            )
            counts["phone"] += 1
        for signal in Signal.objects.select_related("municipality").iterator():
            Signal.objects.filter(pk=signal.pk).update(
                place_hash=identifiers.place_hash(signal.municipality.cbs_code, signal.address)
            )
            counts["place"] += 1
        for record in PersonRecord.objects.select_related("organisation").iterator():
            BlockingKey.objects.filter(record=record).delete()
            BlockingKey.objects.bulk_create(
                BlockingKey(record=record, key=k) for k in sorted(hashed_keys(_prepared(record)))
            )
            counts["blocking"] += 1
    return counts


def rotate() -> RotationReport:
    report = RotationReport()
    for model, names in encrypted_fields():
        report.rows[model._meta.label] = _reencrypt(model, names)
    report.hashes = _rehash()
    return report
