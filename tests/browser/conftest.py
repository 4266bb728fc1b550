"""A real Baken for the browser tests: its own server process, database and demo log-ins.

The server is started as a subprocess, the way `make demo` runs it, on a temporary SQLite
database filled by `baken demo-data`. pytest-django's database fixtures and `live_server` are
not used: they flush tables between tests, and the audit log refuses DELETE and TRUNCATE.

Chromium is Debian's (`/usr/bin/chromium`); Playwright's own browser download is not used.
Every test gets a fresh browser context, so no cookies or sessions leak between tests.
Screenshots go to `var/screenshots/` and are kept as CI artefacts.
"""

from __future__ import annotations

import csv
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from baken.accounts.roles import Role

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = PROJECT_ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("BAKEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT = 60.0  # seconds until /healthz must answer
COMMAND_TIMEOUT = 300.0  # seconds for migrate and demo-data each
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Login:
    username: str
    role: Role
    organisation: str
    region: str


@dataclass(frozen=True)
class BakenServer:
    url: str
    password: str
    logins: tuple[Login, ...]

    def login_for(self, role: Role, region: str | None = None) -> Login:
        """The first demo log-in in `role` (in `region`, when given)."""
        for login in self.logins:
            if login.role == role and (region is None or login.region == region):
                return login
        raise LookupError(f"no demo log-in for role {role.value!r} in region {region!r}")


def nl(message: str) -> str:
    """`message` as Baken's own Dutch catalogue renders it (the source text when untranslated).

    The tests find fields and buttons by the text a Dutch user sees without copying the
    translations; `test_login_page_is_dutch` checks on its own that the page is really Dutch.
    """
    with translation.override("nl"):
        return translation.gettext(message)


def read_logins(path: Path) -> tuple[Login, ...]:
    """The CSV written by `baken demo-data --logins-file`: username,role,organisation,region,
    with a header line; role and region are codes."""
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(
            Login(
                username=row["username"],
                role=Role(row["role"]),
                organisation=row["organisation"],
                region=row["region"],
            )
            for row in csv.DictReader(handle)
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _baken_command() -> list[str]:
    """The `baken` console script of the environment running the tests (.venv/bin/baken)."""
    script = Path(sys.executable).parent / "baken"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "baken"]


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [*_baken_command(), *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`baken {args[0]}` failed with exit code {result.returncode}:\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}",
            pytrace=False,
        )


def _server_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BAKEN_")}
    env.update(
        {
            "BAKEN_MODE": "demo",
            "DATABASE_URL": f"sqlite:///{tmp / 'baken.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "baken.settings",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"Baken's server exited with code {process.returncode} before answering "
                f"{url}/healthz. Its output:\n{log.read_text(errors='replace')[-4000:]}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.25)
    pytest.fail(
        f"Baken's server did not answer {url}/healthz within {SERVER_START_TIMEOUT:.0f} s "
        f"(last: {last_error}). Its output:\n{log.read_text(errors='replace')[-4000:]}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def baken_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BakenServer]:
    """Baken migrated, filled with demo data and running on a free port of 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("baken-server")
    env = _server_env(tmp)
    password = "baken-" + secrets.token_urlsafe(12)
    logins_file = tmp / "logins.csv"
    _run(["migrate", "--no-input"], env)
    _run(["demo-data", "--password", password, "--logins-file", str(logins_file)], env)
    logins = read_logins(logins_file)
    if not logins:
        pytest.fail(f"`baken demo-data` wrote no log-ins to {logins_file}", pytrace=False)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own command with fixed arguments
            [*_baken_command(), "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(process, url, log)
        yield BakenServer(url=url, password=password, logins=logins)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium) or set BAKEN_CHROMIUM.",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, baken_server: BakenServer) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=baken_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def phone_page(browser: Browser, baken_server: BakenServer) -> Iterator[Page]:
    context = browser.new_context(
        base_url=baken_server.url,
        locale="nl-NL",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """Save a full-page screenshot as var/screenshots/<test-name>-<step>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")

    def take(page: Page, step: str) -> Path:
        path = SCREENSHOT_DIR / f"{test_name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def log_in(baken_server: BakenServer) -> Callable[..., None]:
    """Log in through the form as a person does: type into the labelled fields, press Enter."""

    def do(page: Page, username: str, password: str | None = None) -> None:
        page.goto("/accounts/login/")
        page.get_by_label(nl("User name"), exact=True).fill(username)
        password_field = page.get_by_label(nl("Password"), exact=True)
        password_field.fill(password or baken_server.password)
        with page.expect_navigation():
            password_field.press("Enter")

    return do
