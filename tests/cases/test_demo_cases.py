"""The demo world's cases: every state, handovers, decisions and B8 tracks at different
stages, built through the real services, and not added twice."""

from __future__ import annotations

import pytest

from baken.accounts.demo import build_demo_world
from baken.accounts.models import Region
from baken.cases import b8_track
from baken.cases.demo import SCENARIOS, build_demo_cases
from baken.cases.models import B8Track, Case, Handover, IdentificationDecision
from baken.cases.workflow import CaseState


@pytest.mark.django_db
def test_demo_cases_cover_every_state_and_are_not_added_twice() -> None:
    build_demo_world("demo-wachtwoord-123")
    desks = Region.objects.exclude(coordination_desk=None).count()

    created = build_demo_cases()

    assert created == len(SCENARIOS) * desks
    assert set(Case.objects.values_list("state", flat=True)) == set(CaseState.values)
    assert Handover.objects.filter(introduction_held_at__isnull=True).exists()
    assert Handover.objects.filter(introduction_held_at__isnull=False).exists()
    assert set(IdentificationDecision.objects.values_list("stage", flat=True)) == {
        "reasonable_grounds",
        "conclusive",
    }
    assert B8Track.objects.filter(exception_route=True).exists()
    assert any(b8_track.warning(case) for case in Case.objects.all())
    assert build_demo_cases() == 0
    assert Case.objects.count() == created
