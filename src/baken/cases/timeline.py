"""Reading a case's timeline: every event in order, filterable by kind, for the page, the API
and the PDF export. The caller has checked access; reading it is audited by the caller."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from baken.accounts.models import Organisation, User
from baken.cases import explain
from baken.cases.models import Case, CaseEvent, EventKind


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    kind_label: str
    text: str
    body: str
    actor: User | None
    organisation: Organisation | None


def entries(case: Case, kinds: Iterable[str] = ()) -> list[Entry]:
    wanted = [kind for kind in kinds if kind in EventKind.values]
    events = CaseEvent.objects.filter(case=case).select_related("actor", "organisation")
    if wanted:
        events = events.filter(kind__in=wanted)
    events_list = list(events.order_by("at", "id"))
    ids = explain.user_ids([event.summary for event in events_list])
    users = {user.pk: user for user in User.objects.filter(pk__in=ids)}
    return [
        Entry(
            at=event.at,
            kind=event.kind,
            kind_label=str(EventKind(event.kind).label),
            text=explain.describe(event.summary, users),
            body=event.body,
            actor=event.actor,
            organisation=event.organisation,
        )
        for event in events_list
    ]
