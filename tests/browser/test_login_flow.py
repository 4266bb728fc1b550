"""Log-in, dashboards, language, log-out, keyboard and phone use, in a real Chromium.

The interface speaks Dutch by default; texts are found through Baken's own Dutch catalogue
(`nl`), and `test_login_page_is_dutch` proves separately that the page really is Dutch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, Response, expect

from baken.accounts.forms import LoginForm
from baken.accounts.roles import Role
from tests.browser.conftest import PHONE, BakenServer, nl

Screenshot = Callable[[Page, str], Path]
LogIn = Callable[..., None]

LOGIN_PATH = "/accounts/login/"
DASHBOARD_PATH = "/dashboard/"


def _words(text: str) -> str:
    """Text folded for a containment check: case, hyphens and runs of spaces do not count."""
    return " ".join(text.casefold().replace("-", " ").split())


def _role_label(role: Role) -> str:
    with translation.override("nl"):
        return str(role.label)


def _path_is(path: str) -> re.Pattern[str]:
    return re.compile(rf"^[^?#]*//[^/]+{re.escape(path)}(\?.*)?$")


def _luminance(css_colour: str) -> float:
    """Relative luminance (WCAG 2) of an opaque `rgb(r, g, b)` colour."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _has_no_horizontal_scroll(page: Page) -> bool:
    result: bool = page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    return result


@pytest.mark.browser
def test_login_page_is_dutch(page: Page, screenshot: Screenshot) -> None:
    page.goto(LOGIN_PATH)
    screenshot(page, "login")

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="Inloggen", exact=True)).to_be_visible()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Baken")
    expect(heading).not_to_have_text("Log in to Baken")
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_be_visible()
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_visible()


@pytest.mark.browser
def test_login_page_loads_nl_design_system_styles(page: Page, screenshot: Screenshot) -> None:
    failed: list[str] = []

    def note_failure(response: Response) -> None:
        if response.request.resource_type in {"stylesheet", "script"} and not response.ok:
            failed.append(f"{response.status} {response.url}")

    page.on("response", note_failure)
    page.goto(LOGIN_PATH)
    screenshot(page, "login")

    assert failed == []
    # The design tokens (theme.css) define the Utrecht custom properties on .utrecht-theme.
    font = page.evaluate(
        "getComputedStyle(document.documentElement)"
        ".getPropertyValue('--utrecht-document-font-family')"
    )
    assert font.strip(), "NL Design System design tokens are not applied"
    # The component CSS styles the primary button: not the browser's plain grey button.
    button = page.get_by_role("button", name=nl("Log in"), exact=True)
    background = button.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in {"rgba(0, 0, 0, 0)", "rgb(239, 239, 239)", "rgb(240, 240, 240)"}
    header = page.locator("header.baken-header")
    expect(header).to_have_css("background-color", "rgb(0, 104, 158)")


@pytest.mark.browser
def test_care_coordinator_logs_in_with_keyboard_and_lands_on_dashboard(
    page: Page, baken_server: BakenServer, screenshot: Screenshot
) -> None:
    login = baken_server.login_for(Role.COORDINATOR)
    page.goto(LOGIN_PATH)
    page.get_by_label(nl("User name"), exact=True).fill(login.username)
    page.get_by_label(nl("Password"), exact=True).fill(baken_server.password)
    screenshot(page, "filled")
    with page.expect_navigation():
        page.get_by_label(nl("Password"), exact=True).press("Enter")
    screenshot(page, "dashboard")

    expect(page).to_have_url(_path_is(DASHBOARD_PATH))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    assert _words(_role_label(Role.COORDINATOR)) in _words(heading.inner_text())
    expect(page.locator(".baken-whoami")).to_contain_text(login.organisation)


@pytest.mark.browser
def test_each_role_lands_on_its_own_dashboard(
    browser: Browser, baken_server: BakenServer, log_in: LogIn, screenshot: Screenshot
) -> None:
    region = baken_server.login_for(Role.COORDINATOR).region
    headings: dict[Role, str] = {}
    for role in Role:
        login = baken_server.login_for(role, region)
        context = browser.new_context(base_url=baken_server.url, locale="nl-NL")
        try:
            page = context.new_page()
            log_in(page, login.username)
            screenshot(page, role.value)
            expect(page).to_have_url(_path_is(DASHBOARD_PATH))
            headings[role] = page.get_by_role("heading", level=1).inner_text().strip()
        finally:
            context.close()
        assert _words(_role_label(role)) in _words(headings[role]), (role, headings[role])

    assert len(set(headings.values())) == len(Role), headings


@pytest.mark.browser
def test_language_switch_to_english_and_back(
    page: Page, baken_server: BakenServer, log_in: LogIn, screenshot: Screenshot
) -> None:
    log_in(page, baken_server.login_for(Role.COORDINATOR).username)
    dutch_heading = page.get_by_role("heading", level=1).inner_text().strip()
    screenshot(page, "dutch")

    with page.expect_navigation():
        page.get_by_role("button", name="English", exact=True).click()
    screenshot(page, "english")
    expect(page).to_have_url(_path_is(DASHBOARD_PATH))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Care coordinator dashboard")
    expect(page.get_by_role("button", name="Log out", exact=True)).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Nederlands", exact=True).click()
    screenshot(page, "dutch-again")
    expect(page).to_have_url(_path_is(DASHBOARD_PATH))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch_heading)
    expect(page.get_by_role("button", name="English", exact=True)).to_be_visible()


@pytest.mark.browser
def test_log_out_returns_to_login_and_dashboard_then_asks_to_log_in(
    page: Page, baken_server: BakenServer, log_in: LogIn, screenshot: Screenshot
) -> None:
    log_in(page, baken_server.login_for(Role.SIGNALER).username)
    expect(page).to_have_url(_path_is(DASHBOARD_PATH))

    with page.expect_navigation():
        page.get_by_role("button", name=nl("Log out"), exact=True).click()
    screenshot(page, "logged-out")
    expect(page).to_have_url(_path_is(LOGIN_PATH))
    expect(page.get_by_role("status")).to_contain_text(nl("You have been logged out."))
    expect(page.get_by_role("button", name=nl("Log in"), exact=True)).to_be_visible()

    page.goto(DASHBOARD_PATH)
    screenshot(page, "dashboard-after-logout")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/$"))
    expect(page.get_by_label(nl("User name"), exact=True)).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("path", [LOGIN_PATH, DASHBOARD_PATH], ids=["login", "dashboard"])
def test_skip_link_is_first_tab_stop_and_visible_when_focused(
    path: str, page: Page, baken_server: BakenServer, log_in: LogIn, screenshot: Screenshot
) -> None:
    if path == DASHBOARD_PATH:
        log_in(page, baken_server.login_for(Role.CASE_WORKER).username)
    page.goto(path)
    skip_link = page.locator("a.utrecht-skip-link")
    hidden_box = skip_link.bounding_box()
    assert hidden_box is not None
    assert hidden_box["x"] + hidden_box["width"] <= 0, "skip link shows before it has focus"

    page.keyboard.press("Tab")
    screenshot(page, "first-tab")
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    assert skip_link.evaluate("el => el === document.activeElement"), (
        f"the first Tab stop is {focused}, not the skip link"
    )
    expect(skip_link).to_have_text(nl("Skip to content"))
    box = skip_link.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert viewport is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert box["x"] + box["width"] <= viewport["width"]
    assert box["y"] + box["height"] <= viewport["height"]
    colour, background = skip_link.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
    )
    assert background.startswith("rgb("), f"skip link has no opaque background: {background}"
    contrast = _contrast_ratio(colour, background)
    assert contrast >= 4.5, f"skip link text {colour} on {background}: contrast {contrast:.1f}"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


@pytest.mark.browser
def test_login_form_fits_phone_without_horizontal_scroll(
    phone_page: Page, screenshot: Screenshot
) -> None:
    phone_page.goto(LOGIN_PATH)
    screenshot(phone_page, "login")

    assert _has_no_horizontal_scroll(phone_page)
    for control in (
        phone_page.get_by_label(nl("User name"), exact=True),
        phone_page.get_by_label(nl("Password"), exact=True),
        phone_page.get_by_role("button", name=nl("Log in"), exact=True),
    ):
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.browser
def test_dashboard_fits_phone_without_horizontal_scroll(
    phone_page: Page, baken_server: BakenServer, log_in: LogIn, screenshot: Screenshot
) -> None:
    log_in(phone_page, baken_server.login_for(Role.COORDINATOR).username)
    screenshot(phone_page, "dashboard")

    expect(phone_page).to_have_url(_path_is(DASHBOARD_PATH))
    assert _has_no_horizontal_scroll(phone_page)


@pytest.mark.browser
def test_wrong_password_shows_dutch_error_and_stays_on_login(
    page: Page, baken_server: BakenServer, log_in: LogIn, screenshot: Screenshot
) -> None:
    message = LoginForm.error_messages["invalid_login"]
    with translation.override("en"):
        english = str(message)
    with translation.override("nl"):
        dutch = str(message)

    login = baken_server.login_for(Role.ANALYST)
    log_in(page, login.username, password=baken_server.password + "-wrong")
    screenshot(page, "error")

    expect(page).to_have_url(_path_is(LOGIN_PATH))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(dutch)
    assert dutch != english, "the log-in error is not translated into Dutch"
    expect(page.get_by_label(nl("User name"), exact=True)).to_have_value(login.username)
    expect(page.get_by_label(nl("Password"), exact=True)).to_have_value("")
