"""Two people editing one case at once: both read the same version, the first save wins and
the second is refused with a conflict; nothing of the first is overwritten. The same on SQLite
and PostgreSQL: the version is compared on the row locked with SELECT ... FOR UPDATE (a no-op
on SQLite, where writes are serialised anyway).

The audit table refuses DELETE and TRUNCATE, so these tests cannot use transactional test
databases (which flush); the lock itself is shown by the SQL it issues on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from baken.cases import (
    b8_track,
    handover,
    identification,
    notes,
    support,
    tasks,
    team,
    transitions,
)
from baken.cases.common import ConflictError
from baken.cases.models import B8Track, Case, CaseEvent, DecisionOutcome, DecisionStage
from baken.cases.workflow import CaseState
from tests.cases.world import World
from tests.signals.helpers import indicators


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def case(world: World) -> Case:
    return world.open_case(alias="Ana", contact_person=world.desk_worker)


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def api(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_first_save_wins_and_the_second_is_refused(world: World, case: Case) -> None:
    # Both open the case and see the same version.
    seen_by_coordinator = fresh(case)
    seen_by_contact = fresh(case)
    assert seen_by_coordinator.version == seen_by_contact.version

    transitions.change_state(
        world.coordinator,
        seen_by_coordinator,
        CaseState.ASSESSMENT,
        expected_version=seen_by_coordinator.version,
    )
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(ConflictError, match="Somebody else changed this case"):
        transitions.change_state(
            world.desk_worker,
            seen_by_contact,
            CaseState.CLOSED,
            close_reason="other",
            reason="Dubbel",
            expected_version=seen_by_contact.version,
        )

    after = fresh(case)
    assert after.state == CaseState.ASSESSMENT
    assert after.version == seen_by_coordinator.version + 1
    assert CaseEvent.objects.filter(case=case).count() == events


def test_through_the_api_the_second_save_gets_a_409_and_overwrites_nothing(
    world: World, case: Case
) -> None:
    seen = fresh(case).version
    path = f"/api/cases/{case.pk}/"

    first = api(world.coordinator).post(
        path + "handover/",
        {"deputy": world.coordinator.pk, "version": seen},
        content_type="application/json",
    )
    second = api(world.desk_worker).patch(
        path + "b8/",
        {"report_status": "considering", "version": seen},
        content_type="application/json",
    )
    third = api(world.desk_worker).post(
        path + "transitions/",
        {"state": "assessment", "version": seen},
        content_type="application/json",
    )

    assert first.status_code == 200
    assert second.status_code == third.status_code == 409
    assert "reload the case" in second.json()["detail"]
    after = fresh(case)
    assert after.deputy == world.coordinator
    assert after.state == CaseState.REGISTERED
    assert after.version == seen + 1
    assert not B8Track.objects.filter(case=case).exclude(report_status="unknown").exists()


def _writes(world: World) -> dict[str, Callable[[Case, int], object]]:
    """Every write path on a case, each called with the version the user saw."""
    today = timezone.localdate()
    return {
        "note": lambda c, v: notes.add_note(world.desk_worker, c, "Notitie", expected_version=v),
        "task": lambda c, v: tasks.add_task(
            world.coordinator,
            c,
            title="Bellen",
            owner=world.desk_worker,
            due_on=today,
            expected_version=v,
        ),
        "grant": lambda c, v: team.grant_access(
            world.coordinator, c, world.police, consent_to_share=True, expected_version=v
        ),
        "deputy": lambda c, v: handover.set_deputy(
            world.coordinator, c, world.coordinator, expected_version=v
        ),
        "handover": lambda c, v: handover.hand_over(
            world.coordinator,
            c,
            world.coordinator,
            victim_knows="a",
            open_promises="b",
            risks="c",
            introduction_planned_at=timezone.now() + timedelta(days=1),
            expected_version=v,
        ),
        "decision": lambda c, v: identification.record_decision(
            world.desk_worker,
            c,
            stage=DecisionStage.REASONABLE_GROUNDS,
            outcome=DecisionOutcome.POSITIVE,
            decided_on=today,
            panel=[world.desk, world.police],
            indicators=indicators("ALG-01"),
            reasons="r",
            expected_version=v,
        ),
        "reflection": lambda c, v: b8_track.offer_reflection(
            world.desk_worker, c, offered_on=today, start=today, expected_version=v
        ),
        "b8": lambda c, v: b8_track.update(
            world.desk_worker, c, {"report_status": "considering"}, expected_version=v
        ),
        "placement": lambda c, v: support.add_placement(
            world.desk_worker, c, kind="cosm", starts_on=today, expected_version=v
        ),
        "support": lambda c, v: support.add_support(
            world.desk_worker, c, kind="need", area="medical", expected_version=v
        ),
        "unconditional": lambda c, v: support.offer_unconditional_support(
            world.desk_worker, c, offered_on=today, expected_version=v
        ),
        "transition": lambda c, v: transitions.change_state(
            world.coordinator, c, CaseState.ASSESSMENT, expected_version=v
        ),
    }


WRITES = (
    "note",
    "task",
    "grant",
    "deputy",
    "handover",
    "decision",
    "reflection",
    "b8",
    "placement",
    "support",
    "unconditional",
    "transition",
)


@pytest.mark.parametrize("write", WRITES)
def test_every_write_path_refuses_a_stale_version(world: World, case: Case, write: str) -> None:
    stale = fresh(case).version
    notes.add_note(world.coordinator, case, "Eerst", expected_version=stale)
    before = (fresh(case).version, CaseEvent.objects.filter(case=case).count())

    with pytest.raises(ConflictError):
        _writes(world)[write](case, stale)

    assert (fresh(case).version, CaseEvent.objects.filter(case=case).count()) == before
    # With the current version the same write goes through.
    _writes(world)[write](case, before[0])
    assert fresh(case).version == before[0] + 1


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="SQLite has no row locks; it serialises writes on the whole database",
)
def test_the_version_is_compared_on_a_locked_row(world: World, case: Case) -> None:
    with CaptureQueriesContext(connection) as queries:
        notes.add_note(world.desk_worker, case, "Notitie", expected_version=fresh(case).version)

    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locking, "the case row must be locked before its version is compared"
    assert '"cases_case"' in locking[0]
