"""Online monitoring in Chromium: an online monitor uploads an ad dump, watches the scan's
progress, opens the top lead, sees the network picture and the marked evidence, and makes a
signal of it; the signal form comes pre-filled. A coordinator cannot reach the scan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from baken.accounts.roles import Role
from baken.online.demo import DEMO_TITLE
from tests.browser.conftest import BakenServer, nl

Screenshot = Callable[[Page, str], Path]
REGION = "midden-nederland"
ADS = Path(__file__).resolve().parents[1] / "online" / "data" / "ads.jsonl"
SHARED_PHONE = ADS.with_name("shared_phone.jsonl")


def _monitor_on_online_monitoring(
    browser: Browser, server: BakenServer, log_in: Callable[..., None]
) -> tuple[BrowserContext, Page]:
    """A Dutch browser context of the region's online monitor, on the online monitoring page."""
    context = browser.new_context(base_url=server.url, locale="nl-NL")
    page = context.new_page()
    log_in(page, server.login_for(Role.ONLINE_MONITOR, REGION).username)
    page.get_by_role("link", name=nl("Online monitoring")).first.click()
    return context, page


def _scanned_as_monitor(
    browser: Browser,
    server: BakenServer,
    log_in: Callable[..., None],
    title: str,
    upload: Path,
) -> tuple[BrowserContext, Page]:
    """A Dutch browser context of the region's online monitor, who has uploaded `upload` as a
    new scan from the online monitoring page and waited until it was done (the page follows
    the scan by itself)."""
    context, page = _monitor_on_online_monitoring(browser, server, log_in)
    page.get_by_label(nl("Title"), exact=True).fill(title)
    page.get_by_label(nl("Files"), exact=True).set_input_files(str(upload))
    page.get_by_role("button", name=nl("Start the scan")).click()
    expect(page.get_by_test_id("scan-done")).to_be_visible(timeout=60_000)
    return context, page


@pytest.mark.browser
def test_upload_progress_leads_network_and_a_signal(
    browser: Browser,
    baken_server: BakenServer,
    log_in: Callable[..., None],
    screenshot: Screenshot,
) -> None:
    context, page = _scanned_as_monitor(
        browser, baken_server, log_in, "Synthetische advertenties november", ADS
    )
    screenshot(page, "scan-done")
    page.reload()
    leads = page.get_by_test_id("leads")
    expect(leads.locator("tbody tr").first).to_be_visible()
    scan_path = page.url.split(baken_server.url, 1)[1]
    screenshot(page, "leads")

    leads.locator("tbody tr").first.get_by_role("link").click()
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-ready", "true")
    expect(page.locator("mark.baken-mark--indicator").first).to_be_visible()
    expect(page.locator(".baken-evidence").first).to_be_visible()
    screenshot(page, "network")

    page.get_by_role("button", name=nl("Make a signal")).click()
    expect(page).to_have_url(f"{baken_server.url}/signals/new/")
    observation = page.get_by_label(nl("Your observation in your own words"), exact=False)
    expect(observation).to_contain_text("scan")
    screenshot(page, "signal-prefilled")
    context.close()

    # Nobody but the online monitor (and the region's administrators) sees the material.
    other = browser.new_context(base_url=baken_server.url, locale="nl-NL")
    coordinator = other.new_page()
    log_in(coordinator, baken_server.login_for(Role.COORDINATOR, REGION).username)
    response = coordinator.goto(scan_path)
    assert response is not None
    assert response.status == 404
    other.close()


@pytest.mark.browser
def test_the_network_picture_draws_set_aside_ties_apart(
    browser: Browser,
    baken_server: BakenServer,
    log_in: Callable[..., None],
    screenshot: Screenshot,
) -> None:
    # Three copies of an ad share a phone; the third also gives the number of two unrelated
    # ads. Cytoscape must draw that tie as set aside, and the page must say why.
    context, page = _scanned_as_monitor(
        browser, baken_server, log_in, "Gedeeld nummer", SHARED_PHONE
    )
    page.reload()

    page.get_by_test_id("leads").locator("tbody tr").first.get_by_role("link").click()
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-ready", "true")
    expect(graph).to_have_attribute("data-edges", "7")
    expect(graph).to_have_attribute("data-set-aside", "1")
    expect(page.get_by_role("heading", name=nl("Ties set aside"))).to_be_visible()
    expect(page.get_by_text("via maar één bericht", exact=False)).to_be_visible()
    screenshot(page, "network-set-aside")
    context.close()


@pytest.mark.browser
def test_a_large_network_of_the_demo_scan_shows_its_labels_when_zoomed_in(
    browser: Browser,
    baken_server: BakenServer,
    log_in: Callable[..., None],
    screenshot: Screenshot,
) -> None:
    # The demo world's scan (`baken demo-data`) has networks of over a hundred posts; fitted
    # into the frame they are drawn smaller than life, without labels, until zoomed in.
    context, page = _monitor_on_online_monitoring(browser, baken_server, log_in)
    page.get_by_role("link", name=DEMO_TITLE).click()
    page.get_by_test_id("leads").locator("tbody tr").first.get_by_role("link").click()
    picture = page.locator("#network-graph")
    expect(picture).to_have_attribute("data-ready", "true")
    expect(picture).to_have_attribute("data-labels", "hidden")
    screenshot(page, "large-network")

    box = picture.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(30):  # mouse-wheel notches towards the reader
        page.mouse.wheel(0, -100)
        if picture.get_attribute("data-labels") == "shown":
            break
    expect(picture).to_have_attribute("data-labels", "shown")
    screenshot(page, "large-network-zoomed-in")
    context.close()
