"""The administrator's audit log in a real browser: filtering swaps the table in place (htmx)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from baken.accounts.roles import Role
from tests.browser.conftest import BakenServer, nl

Screenshot = Callable[[Page, str], Path]


@pytest.mark.browser
def test_administrator_filters_the_audit_log_without_reloading_the_page(
    page: Page, baken_server: BakenServer, log_in: Callable[..., None], screenshot: Screenshot
) -> None:
    admin = baken_server.login_for(Role.ADMINISTRATOR)
    log_in(page, admin.username)
    page.get_by_role("link", name=nl("Audit log"), exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Audit log"))
    # A marker on the window survives an htmx swap but not a full page load.
    page.evaluate("window.bakenMarker = 'still here'")

    page.get_by_label(nl("Action"), exact=True).select_option("login")
    with page.expect_response(
        lambda r: "/audit/?" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.get_by_role("button", name=nl("Filter"), exact=True).click()
    screenshot(page, "filtered")

    rows = page.locator("#audit-entries tbody tr")
    expect(rows.first).to_contain_text(nl("Logged in"))
    actions = rows.locator("td:nth-child(4)").all_inner_texts()
    assert actions
    assert set(actions) == {nl("Logged in")}
    assert page.evaluate("window.bakenMarker") == "still here"
    assert "action=login" in page.url  # the filter is in the address bar (hx-push-url)
