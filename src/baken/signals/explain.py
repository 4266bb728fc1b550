"""A signal's priority and response-time clock in words, for the coordinator who orders work
by them.

The score decides nothing about a person (BRIEF: no automated decision); it is only worth as
much as its explanation. `Signal.priority_reasons` holds the dicts of
`priority.reasons_to_json`; each becomes one sentence in the active language. An indicator is
named by its label in the catalogue version the signal was filed under, so a later catalogue
cannot change what an old score meant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baken.signals import deadlines
from baken.signals.models import Indicator, Signal
from baken.signals.vocabulary import Urgency
from baken.signals.workflow import OPEN_STATUSES

# (catalogue id, indicator code) → label in the active language.
IndicatorLabels = Mapping[tuple[int, str], str]


@dataclass(frozen=True)
class ReasonText:
    """One part of a priority score, in words."""

    text: str
    points: int


@dataclass(frozen=True)
class Clock:
    """The time left to answer a signal, or how late the answer is."""

    text: str
    overdue: bool
    due: datetime


def indicator_labels(signals: Iterable[Signal]) -> dict[tuple[int, str], str]:
    """Labels of every indicator that the given signals' reasons name, in one query."""
    wanted: dict[int, set[str]] = {}
    for signal in signals:
        for reason in signal.priority_reasons or []:
            if reason.get("kind") == "indicator":
                wanted.setdefault(signal.catalogue_id, set()).add(str(reason.get("detail", "")))
    labels: dict[tuple[int, str], str] = {}
    for catalogue_id, codes in wanted.items():
        for indicator in Indicator.objects.filter(catalogue_id=catalogue_id, code__in=codes):
            labels[(catalogue_id, indicator.code)] = indicator.label
    return labels


def _urgency_label(code: str) -> str:
    return str(Urgency(code).label) if code in Urgency.values else code


def _count(detail: str) -> int:
    try:
        return int(detail)
    except ValueError:
        return 0


def reason_text(kind: str, detail: str, indicator_label: str | None) -> str:
    """One reason as a sentence. `indicator_label` is used for an indicator reason only."""
    if kind == "indicator":
        return _("Indicator: %(label)s") % {"label": indicator_label or detail}
    if kind == "urgency":
        return _("Urgency “%(urgency)s”") % {"urgency": _urgency_label(detail)}
    if kind == "minor":
        return _("A minor is involved")
    if kind == "repeat_place":
        count = _count(detail)
        return ngettext(
            "%(count)d earlier signal about the same place",
            "%(count)d earlier signals about the same place",
            count,
        ) % {"count": count}
    if kind == "repeat_phone":
        count = _count(detail)
        return ngettext(
            "%(count)d earlier signal about the same phone number",
            "%(count)d earlier signals about the same phone number",
            count,
        ) % {"count": count}
    return kind


def explain(
    signal: Signal, labels: IndicatorLabels | None = None, limit: int | None = None
) -> list[ReasonText]:
    """The signal's priority reasons in words, highest points first (as stored).

    Pass `labels` from `indicator_labels` when explaining many signals, to save a query each.
    """
    reasons: Sequence[dict[str, Any]] = signal.priority_reasons or []
    if labels is None:
        labels = indicator_labels([signal])
    texts = []
    for reason in reasons[:limit] if limit is not None else reasons:
        kind = str(reason.get("kind", ""))
        detail = str(reason.get("detail", ""))
        label = labels.get((signal.catalogue_id, detail)) if kind == "indicator" else None
        texts.append(ReasonText(reason_text(kind, detail, label), int(reason.get("points", 0))))
    return texts


def clock(signal: Signal, now: datetime | None = None) -> Clock | None:
    """The response-time clock of an open signal; None once it is no longer open."""
    if signal.status not in OPEN_STATUSES:
        return None
    now = now or timezone.now()
    left = deadlines.time_left(signal.respond_by, now)
    if left.total_seconds() < 0:
        text = _("Overdue by %(time)s") % {"time": timesince(signal.respond_by, now, depth=2)}
        return Clock(text, overdue=True, due=signal.respond_by)
    text = _("%(time)s left") % {"time": timeuntil(signal.respond_by, now, depth=2)}
    return Clock(text, overdue=False, due=signal.respond_by)
