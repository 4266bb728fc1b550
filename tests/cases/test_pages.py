"""The case pages through the test client: opening from a signal, acting on the page,
refusals that keep what was typed, conflicts, and nothing at all for an outsider."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.accounts.models import User
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.cases.models import Case, CaseStatusChange, Handover
from baken.cases.workflow import CaseState
from tests.cases.world import World
from tests.signals.helpers import indicators


def user_in(role: Role, world: World) -> User:
    from tests.cases.world import user

    return user(role, world.desk)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened(world: World) -> Case:
    client = client_for(world.coordinator)
    start = world.signals[0]
    page = client.get(reverse("cases:open") + f"?signal={start.pk}")
    assert page.status_code == 200
    # Both signals about the person are offered, the starting one ticked.
    for signal in world.signals:
        assert signal.reference in page.content.decode()
    response = client.post(
        reverse("cases:open"),
        {
            "from_signal": start.pk,
            "signals": [s.pk for s in world.signals],
            "alias": "Ana",
            "contact_person": world.desk_worker.pk,
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    return case


def test_a_coordinator_opens_a_case_from_two_linked_signals(world: World) -> None:
    case = opened(world)
    assert case.signals.count() == 2
    assert case.contact_person == world.desk_worker
    page = client_for(world.coordinator).get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert case.reference in text
    assert "Ana" in text
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="cases.case", object_id=str(case.pk)
    ).exists()


def test_the_signal_page_offers_to_open_a_case(world: World) -> None:
    page = client_for(world.coordinator).get(reverse("signals:detail", args=[world.signals[0].pk]))
    assert reverse("cases:open") + f"?signal={world.signals[0].pk}" in page.content.decode()


def test_actions_on_the_page_and_the_timeline(world: World) -> None:
    case = opened(world)
    client = client_for(world.coordinator)
    url = reverse("cases:action", args=[case.pk, "decision"])
    case.refresh_from_db()
    response = client.post(
        url,
        {
            "version": case.version,
            "stage": "reasonable_grounds",
            "outcome": "positive",
            "decided_on": timezone.localdate().isoformat(),
            "panel": [world.desk.pk, world.police.pk],
            "indicators": [i.pk for i in indicators("ALG-01")],
            "reasons": "Synthetische redenen.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    response = client.post(
        reverse("cases:action", args=[case.pk, "reflection"]),
        {
            "version": case.version,
            "offered_on": timezone.localdate().isoformat(),
            "start": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    timeline = client.get(reverse("cases:timeline", args=[case.pk]))
    text = timeline.content.decode()
    assert "Synthetische redenen." in text
    pdf = client.get(reverse("cases:timeline-pdf", args=[case.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "Ana" not in pdf["Content-Disposition"]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(case.pk)).exists()


def test_a_stale_version_is_refused_and_nothing_is_overwritten(world: World) -> None:
    case = opened(world)
    client = client_for(world.coordinator)
    stale = case.version
    first = client.post(
        reverse("cases:action", args=[case.pk, "note"]), {"version": stale, "text": "Eerste."}
    )
    assert first.status_code == 302
    second = client.post(
        reverse("cases:action", args=[case.pk, "note"]), {"version": stale, "text": "Tweede."}
    )
    assert second.status_code == 409
    text = second.content.decode()
    assert "Somebody else changed this case" in text or "iemand anders" in text.lower()
    assert case.events.filter(kind="note").count() == 1


def test_a_forbidden_transition_is_refused(world: World) -> None:
    case = opened(world)
    client = client_for(world.coordinator)
    case.refresh_from_db()
    response = client.post(
        reverse("cases:action", args=[case.pk, "transition"]),
        {"version": case.version, "state": CaseState.SUPPORT},
    )
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.state == CaseState.REGISTERED
    assert CaseStatusChange.objects.filter(case=case).count() == 1


def test_handover_keeps_the_previous_contact_until_the_introduction(world: World) -> None:
    case = opened(world)
    client = client_for(world.coordinator)
    case.refresh_from_db()
    planned = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("cases:action", args=[case.pk, "handover"]),
        {
            "version": case.version,
            "to_user": world.coordinator.pk,
            "victim_knows": "Kent de opvang.",
            "open_promises": "Geen.",
            "risks": "Geen bekend.",
            "introduction_planned_at": planned,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="previous-contact"' in page
    case.refresh_from_db()
    handover = Handover.objects.get(case=case)
    response = client.post(
        reverse("cases:action", args=[case.pk, "introduction"]),
        {
            "version": case.version,
            "handover": handover.pk,
            "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="previous-contact"' not in page


def test_an_outsider_sees_nothing_of_the_case(world: World) -> None:
    case = opened(world)
    client = client_for(world.outsider)
    for name in ("cases:detail", "cases:timeline", "cases:timeline-pdf"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 404
    listing = client.get(reverse("cases:list"), {"q": case.reference, "state": "all"})
    assert listing.status_code == 200
    # The search term is echoed in the form; the case itself is not listed.
    assert reverse("cases:detail", args=[case.pk]) not in listing.content.decode()
    assert listing.context["page"].paginator.count == 0
    note = client.post(
        reverse("cases:action", args=[case.pk, "note"]), {"version": case.version, "text": "x"}
    )
    assert note.status_code == 404


def test_my_work_shows_tasks_and_the_reflection_warning(world: World) -> None:
    case = opened(world)
    client = client_for(world.desk_worker)
    case.refresh_from_db()
    start = timezone.localdate() - timedelta(days=85)
    response = client.post(
        reverse("cases:action", args=[case.pk, "reflection"]),
        {"version": case.version, "offered_on": start.isoformat(), "start": start.isoformat()},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    client.post(
        reverse("cases:action", args=[case.pk, "task"]),
        {
            "version": case.version,
            "title": "Advocaat bellen",
            "owner": world.desk_worker.pk,
            "due_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    page = client.get(reverse("cases:my-work")).content.decode()
    assert "Advocaat bellen" in page
    assert case.reference in page
    overdue = client_for(world.coordinator).get(reverse("cases:overdue")).content.decode()
    assert "Advocaat bellen" in overdue


def test_the_analyst_sees_figures_and_no_case(world: World) -> None:
    case = opened(world)
    analyst = user_in(Role.ANALYST, world)
    client = client_for(analyst)
    page = client.get(reverse("portal:dashboard"))
    assert page.context["case_figures"].cases == 1
    assert page.context["case_figures"].handovers_mean == 0
    assert case.reference not in page.content.decode()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
