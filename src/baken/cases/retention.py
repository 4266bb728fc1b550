"""Anonymising closed cases after the retention period (`baken anonymise-cases`, daily).

What identifies or describes the person is emptied: the alias, the link to the person, every
free text (notes, contacts, reasons, handover notes, statements, task texts, support and
placement notes). What remains is the skeleton without personal data: dates, states, kinds of
decision, organisations, for figures. A `DeletionRecord` lists how much was emptied, by kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from baken.cases.models import (
    B8Track,
    Case,
    CaseEvent,
    CaseStatusChange,
    DeletionRecord,
    EventKind,
    Handover,
    IdentificationDecision,
    Placement,
    SupportItem,
    Task,
)
from baken.cases.workflow import CaseState

ANONYMISED = "[anonymised]"


@dataclass(frozen=True)
class RetentionRun:
    cases: list[str]
    records: list[DeletionRecord]


def due_cases(now: datetime, retention_days: int) -> list[Case]:
    cutoff = now - timedelta(days=retention_days)
    return list(
        Case.objects.filter(
            state=CaseState.CLOSED, closed_at__lte=cutoff, anonymised_at__isnull=True
        ).order_by("closed_at", "id")
    )


def _empty(queryset, field: str) -> int:  # type: ignore[no-untyped-def]
    """Overwrite an encrypted text field on every row (one save per row, so it is encrypted)."""
    count = 0
    for row in queryset:
        if getattr(row, field):
            setattr(row, field, ANONYMISED)
            row.save(update_fields=[field])
            count += 1
    return count


@transaction.atomic
def anonymise(case: Case, now: datetime, retention_days: int) -> DeletionRecord:
    case = Case.objects.select_for_update().get(pk=case.pk)
    removed = {
        "alias": 1 if case.alias else 0,
        "person_link": 1 if case.person_id else 0,
        "notes_and_contacts": _empty(CaseEvent.objects.filter(case=case), "body"),
        "status_reasons": _empty(CaseStatusChange.objects.filter(case=case), "reason"),
        "decision_reasons": _empty(IdentificationDecision.objects.filter(case=case), "reasons"),
        "handover_notes": sum(
            _empty(Handover.objects.filter(case=case), field)
            for field in ("victim_knows", "open_promises", "risks")
        ),
        "b8_statements": _empty(B8Track.objects.filter(case=case), "exception_statements"),
        "task_texts": _empty(Task.objects.filter(case=case), "title"),
        "support_texts": _empty(SupportItem.objects.filter(case=case), "description"),
        "placement_notes": _empty(Placement.objects.filter(case=case), "note"),
    }
    assert case.closed_at is not None
    record = DeletionRecord.objects.create(
        case_reference=case.reference,
        closed_at=case.closed_at,
        anonymised_at=now,
        retention_days=retention_days,
        removed={key: value for key, value in removed.items() if value},
    )
    case.alias = ""
    case.person = None
    case.anonymised_at = now
    case.version += 1
    case.save(update_fields=["alias", "person", "anonymised_at", "version"])
    CaseEvent.objects.create(
        case=case, kind=EventKind.TEAM, at=now, summary={"code": "anonymised", "params": {}}
    )
    return record


def run(now: datetime | None = None, retention_days: int | None = None) -> RetentionRun:
    """Anonymise every closed case past the retention period; each case in its own
    transaction, so an interrupted run resumes where it stopped."""
    now = now or timezone.now()
    days = retention_days if retention_days is not None else settings.BAKEN_CASE_RETENTION_DAYS
    records = [anonymise(case, now, days) for case in due_cases(now, days)]
    return RetentionRun(cases=[record.case_reference for record in records], records=records)
