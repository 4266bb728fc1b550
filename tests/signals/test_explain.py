"""A signal's priority reasons and clock in words (`signals.explain`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from baken.signals import explain
from baken.signals.models import Signal
from baken.signals.workflow import SignalStatus


def _signal(**fields: object) -> Signal:
    values: dict[str, object] = {
        "catalogue_id": 7,
        "status": SignalStatus.NEW,
        "respond_by": datetime(2026, 3, 2, 22, 59, 59, tzinfo=UTC),
        "priority_reasons": [],
    }
    values.update(fields)
    return Signal(**values)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_reasons_become_sentences_naming_the_indicator_of_the_signals_catalogue() -> None:
    signal = _signal(
        priority_reasons=[
            {"kind": "minor", "points": 25, "detail": ""},
            {"kind": "urgency", "points": 20, "detail": "urgent"},
            {"kind": "indicator", "points": 10, "detail": "ALG-05"},
            {"kind": "repeat_place", "points": 5, "detail": "1"},
            {"kind": "repeat_phone", "points": 10, "detail": "2"},
        ]
    )
    labels = {(7, "ALG-05"): "Physical or sexual violence", (8, "ALG-05"): "another version"}

    texts = explain.explain(signal, labels)

    assert [(t.text, t.points) for t in texts] == [
        ("A minor is involved", 25),
        ("Urgency “Urgent: act today”", 20),
        ("Indicator: Physical or sexual violence", 10),
        ("1 earlier signal about the same place", 5),
        ("2 earlier signals about the same phone number", 10),
    ]
    assert len(explain.explain(signal, labels, limit=2)) == 2


def test_an_indicator_missing_from_the_catalogue_is_named_by_its_code() -> None:
    signal = _signal(priority_reasons=[{"kind": "indicator", "points": 4, "detail": "XYZ-01"}])
    assert explain.explain(signal, {})[0].text == "Indicator: XYZ-01"


def test_clock_counts_down_then_reports_overdue() -> None:
    signal = _signal()
    before = explain.clock(signal, signal.respond_by - timedelta(days=1, hours=3))
    after = explain.clock(signal, signal.respond_by + timedelta(hours=5))

    assert before is not None
    assert not before.overdue
    assert before.text == "1\xa0day, 3\xa0hours left"
    assert after is not None
    assert after.overdue
    assert after.text == "Overdue by 5\xa0hours"


def test_a_signal_no_longer_open_has_no_clock() -> None:
    closed = _signal(status=SignalStatus.CLOSED)
    assert explain.clock(closed, closed.respond_by + timedelta(days=3)) is None
