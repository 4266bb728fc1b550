"""Aggregate figures about cases for insight: no case, person or name, only counts. Analysts
see these (they never see a case), per region of the lead organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Max

from baken.accounts.models import Region
from baken.cases.models import Case
from baken.cases.workflow import CaseState


@dataclass(frozen=True)
class CaseFigures:
    by_state: list[tuple[str, int]]
    cases: int
    handovers_mean: float
    handovers_max: int
    with_handover: int


def for_region(region: Region | None) -> CaseFigures:
    cases = Case.objects.filter(lead_organisation__region=region)
    counts = dict(cases.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    per_case = cases.annotate(handover_count=Count("handovers"))
    stats = per_case.aggregate(mean=Avg("handover_count"), most=Max("handover_count"))
    return CaseFigures(
        by_state=[(str(state.label), counts.get(state.value, 0)) for state in CaseState],
        cases=cases.count(),
        handovers_mean=round(float(stats["mean"] or 0.0), 2),
        handovers_max=int(stats["most"] or 0),
        with_handover=per_case.filter(handover_count__gt=0).count(),
    )
