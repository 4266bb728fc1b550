"""The demo world's signals: filed through the real services, spread, and idempotent."""

from __future__ import annotations

import pytest

from baken.accounts.demo import build_demo_world
from baken.accounts.models import Region
from baken.signals.demo import build_demo_signals
from baken.signals.models import Signal, SignalStatusChange


@pytest.mark.django_db
def test_demo_signals_are_routed_spread_and_not_added_twice() -> None:
    build_demo_world("demo-wachtwoord-123")

    created = build_demo_signals(per_region=6)

    assert created == 6 * Region.objects.count()
    assert Signal.objects.count() == created
    assert not Signal.objects.filter(routings__isnull=True).exists()
    assert SignalStatusChange.objects.filter(to_status="new").count() == created
    regions = set(Signal.objects.values_list("municipality__region", flat=True))
    assert len(regions) == Region.objects.count()
    assert len(set(Signal.objects.values_list("status", flat=True))) >= 3
    assert build_demo_signals(per_region=6) == 0
    assert Signal.objects.count() == created
