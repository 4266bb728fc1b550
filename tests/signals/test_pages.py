"""The signal pages: intake (with its server-side draft), the filer's list, the coordinators'
inbox and the signal page with its triage steps. Signals are filed through the real service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from baken.accounts.models import Municipality, Organisation, OrganisationKind, User
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.signals import intake
from baken.signals.catalogue_store import current_catalogue
from baken.signals.models import Indicator, Notification, Signal, SignalDraft, SignalRouting
from baken.signals.vocabulary import IndicatorGroup
from baken.signals.workflow import SignalStatus
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)
from tests.signals.helpers import file_signal, make_desk, victim

OBSERVATION = "Synthetisch: drie arbeiders slapen in een container achter de loods."


def nl(message: str) -> str:
    """`message` as the Dutch catalogue renders it (the source text while untranslated)."""
    with translation.override("nl"):
        return translation.gettext(message)


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    # The second factor is tested in tests/accounts; here it would redirect every page.
    settings.BAKEN_REQUIRE_2FA = False


@dataclass
class Chain:
    """Region A with its coordination desk, a signaler of the police and two coordinators;
    region B with its own desk and coordinator."""

    municipality_a: Municipality
    desk_a: Organisation
    signaler: User
    coordinator: User
    colleague: User
    municipality_b: Municipality
    desk_b: Organisation
    coordinator_b: User


def _member(role: Role, organisation: Organisation) -> User:
    user: User = MembershipFactory(role=role, organisation=organisation).user
    return user


@pytest.fixture
def chain(organisation: Organisation) -> Chain:
    region = organisation.region
    assert region is not None
    make_desk(region, organisation)
    police = OrganisationFactory(region=region, kind=OrganisationKind.POLICE)
    region_b = RegionFactory(code="noord-holland", name="Noord-Holland")
    desk_b = make_desk(region_b, OrganisationFactory(region=region_b))
    return Chain(
        municipality_a=MunicipalityFactory(region=region, name="Utrecht"),
        desk_a=organisation,
        signaler=_member(Role.SIGNALER, police),
        coordinator=_member(Role.COORDINATOR, organisation),
        colleague=_member(Role.COORDINATOR, organisation),
        municipality_b=MunicipalityFactory(region=region_b, name="Haarlem"),
        desk_b=desk_b,
        coordinator_b=_member(Role.COORDINATOR, desk_b),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def intake_post(municipality: Municipality, **overrides: Any) -> dict[str, Any]:
    """A complete intake as the page posts it, with one possible victim."""
    data: dict[str, Any] = {
        "municipality": municipality.cbs_code,
        "place_kind": "workplace",
        "address": "Industrieweg 1",
        "observed_on": timezone.localdate().isoformat(),
        "themes": ["trafficking"],
        "indicators": ["ALG-03", "ALG-07"],
        "observation": OBSERVATION,
        "urgency": "normal",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "Mira K.",
        "form-0-age": "",
        "form-0-gender": "unknown",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Intake.


def test_intake_page_shows_the_indicators_grouped_with_dutch_labels(chain: Chain) -> None:
    response = client_for(chain.signaler).get(reverse("signals:intake"))

    assert response.status_code == 200
    catalogue = current_catalogue()
    sample = Indicator.objects.filter(catalogue=catalogue, code="ALG-07").get()
    html = response.content.decode()
    assert sample.label_nl in html
    assert sample.label_en not in html
    assert sample.explanation_nl in html
    groups = set(Indicator.objects.filter(catalogue=catalogue).values_list("group", flat=True))
    # The signs of any form first: a signaler often cannot tell the form.
    assert [g.code for g in response.context["groups"]] == [
        IndicatorGroup.GENERAL,
        *(code for code in IndicatorGroup.values if code in groups and code != "general"),
    ]
    assert html.count('<details class="baken-section"') >= len(groups)
    # Sensible defaults: today, normal urgency.
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert 'name="urgency" value="normal"' in html
    assert 'value="normal" class="utrecht-radio-button utrecht-radio-button--html-input"' in html


def test_valid_intake_files_a_signal_routed_to_the_desk_and_shows_its_reference(
    chain: Chain,
) -> None:
    client = client_for(chain.signaler)

    response = client.post(reverse("signals:intake"), intake_post(chain.municipality_a))

    signal = Signal.objects.get(filed_by=chain.signaler)
    assert response.status_code == 302
    assert response["Location"] == reverse("signals:detail", kwargs={"pk": signal.pk})
    routing = SignalRouting.objects.get(signal=signal)
    assert routing.organisation == chain.desk_a
    assert routing.is_active
    assert [v.name for v in signal.victims.all()] == ["Mira K."]
    assert {i.code for i in signal.indicators.all()} == {"ALG-03", "ALG-07"}
    page = client.get(response["Location"])
    assert signal.reference in page.content.decode()
    assert any(signal.reference in str(m) for m in page.context["messages"])


def test_intake_with_errors_keeps_everything_typed_and_summarises_the_errors(
    chain: Chain,
) -> None:
    client = client_for(chain.signaler)
    data = intake_post(chain.municipality_a, themes=[], **{"form-0-age": "200"})
    data["municipality"] = ""

    response = client.post(reverse("signals:intake"), data)

    assert response.status_code == 200
    assert not Signal.objects.exists()
    html = response.content.decode()
    assert OBSERVATION in html
    assert 'value="ALG-03" id="id_indicator_ALG-03" aria-describedby' in html
    for code in ("ALG-03", "ALG-07"):
        assert (
            f'id="id_indicator_{code}" aria-describedby="id_indicator_{code}_explanation" checked'
            in html
        )
    assert 'value="Mira K."' in html
    assert 'value="Industrieweg 1"' in html
    anchors = {error.anchor for error in response.context["errors"]}
    assert {"id_municipality", "id_themes_0", "id_form-0-age"} <= anchors
    assert 'href="#id_municipality"' in html
    assert 'aria-invalid="true"' in html
    # The typed input is the draft too.
    assert intake.load_draft(chain.signaler)["observation"] == [OBSERVATION]


def test_add_another_person_shows_one_more_block_without_judging_the_input(
    chain: Chain,
) -> None:
    client = client_for(chain.signaler)
    data = intake_post(chain.municipality_a, observation="", add_victim="1")

    response = client.post(reverse("signals:intake"), data)

    assert response.status_code == 200
    assert len(response.context["victims"].forms) == 2
    html = response.content.decode()
    assert 'id="victim-2"' in html
    assert 'value="Mira K."' in html
    assert response.context["errors"] == []
    assert 'aria-invalid="true"' not in html
    assert not Signal.objects.exists()


def test_autosave_stores_the_draft_and_the_intake_page_restores_it(chain: Chain) -> None:
    client = client_for(chain.signaler)
    data = intake_post(chain.municipality_a, csrfmiddlewaretoken="not-stored")

    saved = client.post(reverse("signals:draft"), data, headers={"HX-Request": "true"})

    assert saved.status_code == 200
    assert ":" in saved.content.decode()  # "... at HH:MM"
    draft = intake.load_draft(chain.signaler)
    assert draft["observation"] == [OBSERVATION]
    assert draft["indicators"] == ["ALG-03", "ALG-07"]
    assert "csrfmiddlewaretoken" not in draft
    page = client.get(reverse("signals:intake"))
    html = page.content.decode()
    assert page.context["restored"]
    assert OBSERVATION in html
    assert (
        'id="id_indicator_ALG-07" aria-describedby="id_indicator_ALG-07_explanation" checked'
        in html
    )
    assert 'value="Mira K."' in html
    assert 'aria-invalid="true"' not in html


def test_filing_deletes_the_draft_and_a_late_autosave_does_not_bring_it_back(
    chain: Chain,
) -> None:
    client = client_for(chain.signaler)
    opened_at = f"{timezone.now().timestamp() - 5:.3f}"
    client.post(reverse("signals:draft"), intake_post(chain.municipality_a))
    assert SignalDraft.objects.filter(user=chain.signaler).exists()

    client.post(reverse("signals:intake"), intake_post(chain.municipality_a))
    assert not SignalDraft.objects.filter(user=chain.signaler).exists()

    # An autosave of the same form that arrives after the filing is ignored.
    late = client.post(
        reverse("signals:draft"), intake_post(chain.municipality_a, opened_at=opened_at)
    )
    assert late.status_code == 200
    assert not SignalDraft.objects.filter(user=chain.signaler).exists()


def test_analyst_cannot_open_the_intake_or_save_a_draft(chain: Chain) -> None:
    analyst = _member(Role.ANALYST, chain.desk_a)
    client = client_for(analyst)
    assert client.get(reverse("signals:intake")).status_code == 403
    assert client.post(reverse("signals:draft"), {"observation": "x"}).status_code == 403
    assert not SignalDraft.objects.exists()


# Inbox.


def test_a_minor_is_flagged_on_the_inbox_row(chain: Chain) -> None:
    client_for(chain.signaler).post(
        reverse("signals:intake"), intake_post(chain.municipality_a, **{"form-0-age": "16"})
    )
    signal = Signal.objects.get()
    assert signal.involves_minor

    response = client_for(chain.coordinator).get(reverse("signals:inbox"))

    (row,) = response.context["rows"]
    assert row.signal == signal
    assert nl("A minor is involved") in [reason.text for reason in row.reasons]
    assert "baken-badge-minor" in response.content.decode()


def test_inbox_lists_only_its_own_organisation_by_priority_with_reasons_in_words(
    chain: Chain,
) -> None:
    low = file_signal(chain.signaler, chain.municipality_a, urgency="low")
    high = file_signal(
        chain.signaler,
        chain.municipality_a,
        urgency="urgent",
        indicator_codes=("ALG-05", "ALG-07"),
    )
    elsewhere = file_signal(chain.signaler, chain.municipality_b, urgency="urgent")

    response = client_for(chain.coordinator).get(reverse("signals:inbox"))

    rows = response.context["rows"]
    assert [row.signal for row in rows] == [high, low]
    html = response.content.decode()
    assert elsewhere.reference not in html
    texts = [reason.text for reason in rows[0].reasons]
    label = Indicator.objects.get(catalogue=high.catalogue, code="ALG-05").label_nl
    with translation.override("nl"):
        urgent = translation.gettext("Urgency “%(urgency)s”") % {
            "urgency": translation.gettext("Urgent: act today")
        }
    assert texts[0] == urgent  # +20, the largest part of the score
    assert nl("Indicator: %(label)s") % {"label": label} in texts
    assert len(texts) <= 3
    assert label in html
    assert rows[0].clock is not None
    assert not rows[0].clock.overdue


def test_inbox_filters_by_search_minor_and_theme(chain: Chain) -> None:
    adult = file_signal(chain.signaler, chain.municipality_a)
    minor = file_signal(
        chain.signaler,
        chain.municipality_a,
        themes=["trafficking", "housing_fraud"],
        victims=[victim("J.", age=15)],
    )
    client = client_for(chain.coordinator)

    def listed(**query: str) -> list[Signal]:
        return [row.signal for row in client.get(reverse("signals:inbox"), query).context["rows"]]

    assert listed(q=adult.reference.lower()) == [adult]
    assert set(listed(q="utrecht")) == {adult, minor}
    assert listed(minor="on") == [minor]
    assert listed(theme="housing_fraud") == [minor]
    assert listed(status="closed") == []
    assert listed(assigned="mine") == []
    partial = client.get(reverse("signals:inbox"), {"q": minor.reference}, HTTP_HX_REQUEST="true")
    assert b"<h1" not in partial.content
    assert minor.reference in partial.content.decode()


def test_signaler_cannot_open_the_inbox(chain: Chain) -> None:
    assert client_for(chain.signaler).get(reverse("signals:inbox")).status_code == 403


# The signal page.


def test_coordinator_of_another_region_gets_404_on_the_signal_page(chain: Chain) -> None:
    signal = file_signal(chain.signaler, chain.municipality_a)
    url = reverse("signals:detail", kwargs={"pk": signal.pk})

    assert client_for(chain.coordinator_b).get(url).status_code == 404
    assert client_for(chain.coordinator).get(url).status_code == 200


def test_every_view_of_the_signal_page_is_audited(chain: Chain) -> None:
    signal = file_signal(chain.signaler, chain.municipality_a)
    url = reverse("signals:detail", kwargs={"pk": signal.pk})
    client = client_for(chain.coordinator)

    client.get(url)
    client.get(url)
    client_for(chain.signaler).get(url)

    views = AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="signals.signal", object_id=str(signal.pk)
    )
    assert [entry.user for entry in views.order_by("id")] == [
        chain.coordinator,
        chain.coordinator,
        chain.signaler,
    ]


def test_assignment_with_an_outdated_version_is_refused_and_the_first_stays(
    chain: Chain,
) -> None:
    signal = file_signal(chain.signaler, chain.municipality_a)
    url = reverse("signals:assign", kwargs={"pk": signal.pk})
    first = client_for(chain.coordinator)
    second = client_for(chain.colleague)
    # Both pages were loaded at the same version.
    version = str(signal.version)

    taken = first.post(url, {"assignee": chain.coordinator.pk, "version": version})
    refused = second.post(url, {"assignee": chain.colleague.pk, "version": version})

    assert taken.status_code == 302
    assert refused.status_code == 200
    shown = [str(m) for m in refused.context["messages"]]
    assert (
        nl("Somebody else changed this signal in the meantime. Reload it and try again.") in shown
    )
    signal.refresh_from_db()
    assert signal.assigned_to == chain.coordinator
    assert chain.coordinator.get_full_name() in refused.content.decode()


def test_forwarding_moves_the_signal_to_the_other_inbox_with_its_history(chain: Chain) -> None:
    signal = file_signal(chain.signaler, chain.municipality_a)
    coordinator = client_for(chain.coordinator)
    coordinator.post(
        reverse("signals:status", kwargs={"pk": signal.pk}),
        {"status": "in_triage", "version": "1"},
    )

    response = coordinator.post(
        reverse("signals:status", kwargs={"pk": signal.pk}),
        {
            "status": "forwarded",
            "organisation": chain.desk_b.pk,
            "reason": "Slachtoffer verblijft in Haarlem.",
            "version": "2",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("signals:inbox")
    detail_url = reverse("signals:detail", kwargs={"pk": signal.pk})
    assert coordinator.get(detail_url).status_code == 404
    assert coordinator.get(reverse("signals:inbox")).context["rows"] == []
    receiving = client_for(chain.coordinator_b)
    assert [r.signal for r in receiving.get(reverse("signals:inbox")).context["rows"]] == [signal]
    page = receiving.get(detail_url)
    html = page.content.decode()
    assert "Slachtoffer verblijft in Haarlem." in html
    assert [c.to_status for c in page.context["history"]] == [
        SignalStatus.NEW,
        SignalStatus.IN_TRIAGE,
        SignalStatus.FORWARDED,
    ]
    assert [
        (r["routing"].organisation, r["routing"].is_active) for r in page.context["routings"]
    ] == [
        (chain.desk_a, False),
        (chain.desk_b, True),
    ]


def test_closing_without_a_reason_is_refused_and_nothing_changes(chain: Chain) -> None:
    signal = file_signal(chain.signaler, chain.municipality_a)

    response = client_for(chain.coordinator).post(
        reverse("signals:status", kwargs={"pk": signal.pk}),
        {"status": "closed", "reason": "  ", "version": "1"},
    )

    assert response.status_code == 200
    assert nl("Give a reason for this step.") in [str(m) for m in response.context["messages"]]
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW
    assert signal.version == 1
    assert signal.status_changes.count() == 1


def test_filer_cannot_change_the_status_of_their_own_signal(chain: Chain) -> None:
    signal = file_signal(chain.signaler, chain.municipality_a)
    response = client_for(chain.signaler).post(
        reverse("signals:status", kwargs={"pk": signal.pk}),
        {"status": "closed", "reason": "zelf gesloten", "version": "1"},
    )
    assert response.status_code == 403
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


def test_filer_sees_the_status_change_and_a_notification_count_and_answers(chain: Chain) -> None:
    signal = file_signal(chain.signaler, chain.municipality_a)
    coordinator = client_for(chain.coordinator)
    coordinator.post(
        reverse("signals:status", kwargs={"pk": signal.pk}),
        {"status": "in_triage", "reason": "Interne afweging X", "version": "1"},
    )
    coordinator.post(
        reverse("signals:messages", kwargs={"pk": signal.pk}),
        {"body": "Sprak de vrouw Nederlands of Engels?"},
    )
    filer = client_for(chain.signaler)

    dashboard = filer.get(reverse("portal:dashboard"))
    mine_entry = dict(dashboard.context["menu"])[reverse("signals:mine")]
    assert "2" in mine_entry
    listing = filer.get(reverse("signals:mine"))
    assert listing.context["unread"] == {signal.pk}
    assert "baken-unread" in listing.content.decode()

    page = filer.get(reverse("signals:detail", kwargs={"pk": signal.pk}))
    html = page.content.decode()
    assert str(SignalStatus.IN_TRIAGE.label) in html or nl("In triage") in html
    assert "Sprak de vrouw Nederlands of Engels?" in html
    assert "Interne afweging X" not in html  # internal reasons stay internal
    assert "routings" not in page.context  # and so does the routing
    assert not page.context["is_triager"]
    assert not Notification.objects.filter(user=chain.signaler, read_at__isnull=True).exists()
    after = filer.get(reverse("portal:dashboard"))
    assert dict(after.context["menu"])[reverse("signals:mine")] == nl("My signals")

    answered = filer.post(
        reverse("signals:messages", kwargs={"pk": signal.pk}), {"body": "Engels, een beetje."}
    )

    assert answered.status_code == 302
    assert list(signal.messages.values_list("body", flat=True)) == [
        "Sprak de vrouw Nederlands of Engels?",
        "Engels, een beetje.",
    ]
    assert Notification.objects.filter(
        user=chain.coordinator, signal=signal, kind=Notification.Kind.ANSWER
    ).exists()


def test_an_empty_message_is_refused_and_nothing_is_sent(chain: Chain) -> None:
    signal = file_signal(chain.signaler, chain.municipality_a)
    response = client_for(chain.coordinator).post(
        reverse("signals:messages", kwargs={"pk": signal.pk}), {"body": "   "}
    )
    assert response.status_code == 200
    assert nl("Write a message.") in [str(m) for m in response.context["messages"]]
    assert not signal.messages.exists()
