"""The case flow of issue #5 in Chromium: a coordinator opens a case from two linked signals,
assigns a contact person, records a reasonable-grounds decision without any police report,
starts the reflection period and sees its end and the warning, hands the case over with a note
and an introduction meeting, and the timeline shows it all. A case worker of an organisation
outside the team sees nothing of it: page, search, export and API."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from baken.accounts.roles import Role
from baken.cases.b8_deadlines import reflection_end
from tests.browser.conftest import BakenServer, nl

Screenshot = Callable[[Page, str], Path]
REGION = "midden-nederland"
SHELTER = "Opvang Midden-Nederland"
PERSON = {"name": "Elena Browsertest", "phone": "0687654321", "age": "27"}


def _file_signal(page: Page, observation: str) -> str:
    """File a signal about PERSON through the intake page; its reference."""
    page.goto("/signals/new/")
    page.get_by_label(nl("Municipality"), exact=False).select_option(label="Utrecht")
    page.get_by_label(nl("Kind of place"), exact=False).select_option("private_home")
    page.get_by_label(nl("Human trafficking"), exact=True).check()
    page.get_by_label(nl("Your observation in your own words"), exact=False).fill(observation)
    page.get_by_label(nl("Name or alias"), exact=False).first.fill(PERSON["name"])
    page.get_by_label(nl("Approximate age"), exact=False).first.fill(PERSON["age"])
    page.get_by_label(nl("Phone number"), exact=False).first.fill(PERSON["phone"])
    page.get_by_role("button", name=nl("Send signal")).click()
    success = page.get_by_text(re.compile(r"S-\d{4}-[0-9A-F]{6}")).first
    expect(success).to_be_visible()
    return re.search(r"S-\d{4}-[0-9A-F]{6}", success.inner_text()).group(0)  # type: ignore[union-attr]


def _dutch_date(day: date) -> str:
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    return f"{day.day} {months[day.month - 1]} {day.year}"


@pytest.mark.browser
def test_case_from_two_linked_signals_to_a_warm_handover(
    browser: Browser,
    baken_server: BakenServer,
    log_in: Callable[..., None],
    screenshot: Screenshot,
) -> None:
    # Two organisations' worth of signals about one person (the persons app links them).
    filer_context = browser.new_context(base_url=baken_server.url, locale="nl-NL")
    filer = filer_context.new_page()
    log_in(filer, baken_server.login_for(Role.SIGNALER, REGION).username)
    first = _file_signal(filer, "Synthetisch: vrouw mag niet alleen naar buiten.")
    second = _file_signal(filer, "Synthetisch: dezelfde vrouw, nu met schuld voor de reis.")
    filer_context.close()

    desk_context = browser.new_context(base_url=baken_server.url, locale="nl-NL")
    page = desk_context.new_page()
    coordinator = baken_server.login_for(Role.COORDINATOR, REGION)
    log_in(page, coordinator.username)
    page.goto("/signals/inbox/")
    page.locator("tbody tr", has_text=first).get_by_role("link").first.click()
    page.get_by_role("link", name=nl("Open a case")).click()

    # Both linked signals are offered; tick the second too.
    expect(page.get_by_text(second)).to_be_visible()
    page.get_by_label(re.compile(second)).check()
    page.get_by_label(nl("Name or alias"), exact=False).fill("Elena")
    screenshot(page, "open-case")
    page.get_by_role("button", name=nl("Open the case")).click()
    expect(page.get_by_text(re.compile(r"Z-\d{4}-[0-9A-F]{6}")).first).to_be_visible()
    case_path = page.url.split(baken_server.url, 1)[1].split("#")[0]
    reference = re.search(r"Z-\d{4}-[0-9A-F]{6}", page.locator("h1").inner_text()).group(0)  # type: ignore[union-attr]
    expect(page.locator("body")).to_contain_text(first)
    expect(page.locator("body")).to_contain_text(second)

    # The contact person: a named colleague of the desk.
    contact_form = page.locator("form[action$='/contact/']")
    contact_form.get_by_label(nl("Contact person"), exact=True).select_option(index=1)
    first_contact = contact_form.get_by_label(nl("Contact person"), exact=True).evaluate(
        "s => s.options[s.selectedIndex].text"
    )
    contact_form.get_by_role("button", name=nl("Assign")).click()
    expect(page.get_by_test_id("contact-person")).to_have_text(first_contact)

    # Reasonable grounds, by a panel of the desk and the police, without any police report.
    page.locator("summary", has_text=nl("Record a decision of the multidisciplinary panel")).click()
    decision = page.locator("form[action$='/decision/']")
    decision.get_by_label(nl("Stage"), exact=True).select_option("reasonable_grounds")
    decision.get_by_label(nl("Outcome"), exact=True).select_option("positive")
    decision.get_by_label(coordinator.organisation, exact=True).check()
    decision.get_by_label("Politie-eenheid Midden-Nederland", exact=True).check()
    decision.get_by_label(nl("Indicators relied on"), exact=True).select_option(index=0)
    decision.get_by_label(nl("Reasons"), exact=True).fill("Synthetisch: dwang en controle.")
    decision.get_by_role("button", name=nl("Record the decision")).click()
    expect(page.locator("#identification")).to_contain_text("Synthetisch: dwang en controle.")
    # Positive, while the B8 track has no police report at all (none was even discussed).
    expect(page.locator("#identification-summary").locator("..")).to_contain_text(
        nl("Positive: identified as a (possible) victim")
    )
    expect(page.get_by_label(nl("Police report or cooperation"), exact=True)).to_have_value(
        "unknown"
    )

    # The reflection period, started 80 days ago: its end date and the 14-day warning show.
    start = date.today() - timedelta(days=80)
    reflection = page.locator("form[action$='/reflection/']")
    reflection.get_by_label(nl("Offered on"), exact=True).fill(start.isoformat())
    reflection.get_by_label(nl("Start of the reflection period"), exact=True).fill(
        start.isoformat()
    )
    reflection.get_by_role("button", name=nl("Start the reflection period")).click()
    end = _dutch_date(reflection_end(start))
    expect(page.get_by_test_id("reflection-warning")).to_contain_text(end)
    expect(page.get_by_test_id("deadline-reflection_end")).to_contain_text(end)
    screenshot(page, "reflection-warning")

    # The shelter joins the team, with the person's consent to share.
    page.locator("summary", has_text=nl("Add an organisation to the team")).click()
    team = page.locator("form[action$='/team/']")
    team.get_by_label(nl("Organisation"), exact=True).select_option(label=SHELTER)
    team.get_by_label(
        nl("The person agreed to share their information with this organisation"), exact=True
    ).check()
    team.get_by_role("button", name=nl("Add")).click()
    expect(page.locator("#team")).to_contain_text(SHELTER)

    # Hand over to the shelter's case manager: a note in three parts and an introduction
    # meeting with both contact persons.
    page.locator("summary", has_text=nl("Hand over to another contact person")).click()
    handover = page.locator("form[action$='/handover/']")
    new_contact = handover.get_by_label(nl("New contact person"), exact=True)
    options = new_contact.evaluate("s => Array.from(s.options).map(o => o.text)")
    new_contact.select_option(
        label=next(o for o in options if o != first_contact and not o.startswith("-"))
    )
    handover.get_by_label(nl("What the victim knows"), exact=True).fill("Kent de opvangplek.")
    handover.get_by_label(nl("Open promises"), exact=True).fill("Advocaat regelen.")
    handover.get_by_label(nl("Risks"), exact=True).fill("Dader zoekt contact.")
    planned = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    handover.get_by_label(
        nl("Introduction meeting with the victim (both contact persons)"), exact=True
    ).fill(planned)
    handover.get_by_role("button", name=nl("Hand over")).click()
    expect(page.get_by_test_id("previous-contact")).to_contain_text(first_contact)
    screenshot(page, "handed-over")

    page.get_by_label(nl("Held at"), exact=True).fill(datetime.now().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name=nl("Record the introduction meeting")).click()
    expect(page.get_by_test_id("previous-contact")).to_have_count(0)
    expect(page.get_by_test_id("contact-chain").locator("li")).to_have_count(2)

    # One timeline with all of it.
    page.goto(case_path + "timeline/")
    timeline = page.locator(".baken-timeline")
    for kind in ("Case opened", "Signal", "Identification decision", "B8 track", "Handover"):
        expect(timeline).to_contain_text(nl(kind))
    screenshot(page, "timeline")
    with page.expect_download() as download:
        page.get_by_role("link", name=nl("Export as PDF for a transfer")).click()
    assert download.value.suggested_filename == f"tijdlijn-{reference}.pdf"
    desk_context.close()

    # A case worker of an organisation outside the team: nothing, anywhere.
    outsider_context = browser.new_context(base_url=baken_server.url, locale="nl-NL")
    outsider = outsider_context.new_page()
    log_in(outsider, baken_server.login_for(Role.CASE_WORKER, "limburg").username)
    for path in (case_path, case_path + "timeline/", case_path + "timeline.pdf"):
        response = outsider.goto(path)
        assert response is not None
        assert response.status == 404, path
    outsider.goto(f"/cases/?q={reference}&state=all")
    expect(outsider.locator("tbody")).not_to_contain_text(reference)
    api = outsider.request.get(f"/api/cases/?q={reference}")
    assert api.status == 200
    assert reference not in api.text()
    case_id = case_path.strip("/").split("/")[-1]
    assert outsider.request.get(f"/api/cases/{case_id}/").status == 404
    screenshot(outsider, "outsider-search")
    outsider_context.close()
