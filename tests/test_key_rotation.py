"""`baken rotate-field-key`: every encrypted value and keyed hash moves to the new key."""

from __future__ import annotations

import base64
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from baken import crypto
from baken.accounts.models import Organisation, Region
from baken.accounts.roles import Role
from baken.people.models import BlockingKey, PersonRecord
from baken.signals.models import PossibleVictim, Signal
from tests.factories import MembershipFactory, MunicipalityFactory
from tests.signals.helpers import file_signal, make_desk, victim

NEW_KEY = b"n" * 32


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        value: str = cursor.fetchone()[0]
    return value


def test_rotation_re_encrypts_values_and_recomputes_hashes(
    settings: pytest.FixtureRequest, region: Region, organisation: Organisation
) -> None:
    make_desk(region, organisation)
    filer = MembershipFactory(role=Role.SIGNALER, organisation=organisation).user
    signal = file_signal(
        filer,
        MunicipalityFactory(region=region),
        address="Kade 1",
        victims=[victim(name="Mira Stan", phone="0612345678", age=22)],
    )
    person_victim = PossibleVictim.objects.get(signal=signal)
    old_key = settings.BAKEN_FIELD_KEY  # type: ignore[attr-defined]
    old_phone_hash = person_victim.phone_hash
    old_blocking = set(BlockingKey.objects.values_list("key", flat=True))

    settings.BAKEN_FIELD_KEY = NEW_KEY  # type: ignore[attr-defined]
    settings.BAKEN_FIELD_KEYS_PREVIOUS = (old_key,)  # type: ignore[attr-defined]
    out = StringIO()
    call_command("rotate-field-key", stdout=out)

    raw_name = _raw("signals_possiblevictim", "name", person_victim.pk)
    assert crypto.decrypt(raw_name, key=NEW_KEY) == "Mira Stan"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(raw_name, key=old_key)
    assert Signal.objects.get(pk=signal.pk).address == "Kade 1"
    rotated = PossibleVictim.objects.get(pk=person_victim.pk)
    assert rotated.phone_hash
    assert rotated.phone_hash != old_phone_hash
    new_blocking = set(BlockingKey.objects.values_list("key", flat=True))
    assert new_blocking
    assert new_blocking.isdisjoint(old_blocking)
    assert PersonRecord.objects.get().identifiers["names"] == ["Mira Stan"]
    assert "signals.PossibleVictim: 1 rows re-encrypted" in out.getvalue()


def test_a_value_under_an_unknown_key_stops_the_rotation(
    settings: pytest.FixtureRequest, region: Region, organisation: Organisation
) -> None:
    make_desk(region, organisation)
    filer = MembershipFactory(role=Role.SIGNALER, organisation=organisation).user
    file_signal(filer, MunicipalityFactory(region=region))
    settings.BAKEN_FIELD_KEY = NEW_KEY  # type: ignore[attr-defined]
    settings.BAKEN_FIELD_KEYS_PREVIOUS = ()  # type: ignore[attr-defined]

    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="BAKEN_FIELD_KEY_PREVIOUS"):
        call_command("rotate-field-key", stdout=StringIO(), stderr=StringIO())


def test_previous_keys_are_read_from_the_environment() -> None:
    from baken import config

    old = base64.b64encode(b"o" * 32).decode()
    loaded = config.load({"BAKEN_FIELD_KEY_PREVIOUS": f"{old}, "})
    assert loaded.previous_field_keys == (b"o" * 32,)
