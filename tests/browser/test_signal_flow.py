"""A signaler files a signal on a phone; it lands in the right coordinator's inbox, in order,
with its explanation; a signaler of another organisation cannot read it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from baken.accounts.roles import Role
from baken.signals.catalogue import parse_catalogue
from baken.signals.catalogue_store import SHIPPED_CATALOGUE
from tests.browser.conftest import PHONE, BakenServer, nl

Screenshot = Callable[[Page, str], Path]
REGION = "midden-nederland"


def _labour_indicator_label() -> str:
    catalogue = parse_catalogue(SHIPPED_CATALOGUE)
    return next(i.label_nl for i in catalogue.indicators if i.group == "labour")


class Clicks:
    """Counts what a person does, to keep the intake short enough for a phone."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.mark.browser
def test_signal_filed_on_a_phone_reaches_the_coordinators_inbox_in_order(
    browser: Browser,
    baken_server: BakenServer,
    log_in: Callable[..., None],
    screenshot: Screenshot,
) -> None:
    phone = browser.new_context(
        base_url=baken_server.url, locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.set_default_timeout(10_000)
    signaler = baken_server.login_for(Role.SIGNALER, REGION)
    log_in(page, signaler.username)

    action = Clicks()
    started = time.monotonic()
    page.get_by_role("link", name=nl("File a signal")).first.click()
    action()
    page.get_by_label(nl("Municipality"), exact=False).select_option(label="Utrecht")
    action()
    page.get_by_label(nl("Kind of place"), exact=False).select_option("workplace")
    action()
    page.get_by_label(nl("Human trafficking"), exact=True).check()
    action()
    page.locator("summary", has_text=nl("Labour exploitation")).first.click()
    action()
    page.get_by_label(_labour_indicator_label(), exact=True).check()
    action()
    page.get_by_label(nl("Your observation in your own words"), exact=False).fill(
        "Synthetisch: arbeiders slapen in een loods en geven hun paspoort af."
    )
    action()
    page.get_by_label(nl("Urgent: act today"), exact=True).check()
    action()
    page.get_by_label(nl("Approximate age"), exact=False).first.fill("16")
    action()
    screenshot(page, "phone-intake-filled")
    page.get_by_role("button", name=nl("Send signal")).click()
    action()
    success = page.get_by_text(re.compile(r"S-\d{4}-[0-9A-F]{6}")).first
    expect(success).to_be_visible()
    elapsed = time.monotonic() - started
    reference = re.search(r"S-\d{4}-[0-9A-F]{6}", success.inner_text()).group(0)  # type: ignore[union-attr]
    screenshot(page, "phone-filed")
    signal_path = page.url.split(baken_server.url, 1)[1]
    phone.close()

    # Well inside two minutes, with a handful of actions: the whole point of one intake.
    assert elapsed < 120
    assert action.count <= 12

    # The coordinator of the region's desk sees it, ordered by priority, with its reasons.
    desk = browser.new_context(base_url=baken_server.url, locale="nl-NL")
    inbox = desk.new_page()
    log_in(inbox, baken_server.login_for(Role.COORDINATOR, REGION).username)
    inbox.goto("/signals/inbox/")
    row = inbox.locator("tbody tr", has_text=reference)
    expect(row).to_be_visible()
    expect(row).to_contain_text(nl("Minor"))
    expect(row).to_contain_text(nl("A minor is involved"))
    scores = [int(s) for s in inbox.locator("tbody .baken-score").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    screenshot(inbox, "coordinator-inbox")
    desk.close()

    # A signaler of another organisation gets "not found", not the signal.
    stranger = browser.new_context(base_url=baken_server.url, locale="nl-NL")
    other = stranger.new_page()
    log_in(other, baken_server.login_for(Role.SIGNALER, "limburg").username)
    response = other.goto(signal_path)
    assert response is not None
    assert response.status == 404
    expect(other.locator("body")).not_to_contain_text(reference)
    stranger.close()
