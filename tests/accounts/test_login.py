"""Log-in, lock-out, session lifetime, log-out (here and everywhere) and the second factor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts.forms import LoginForm
from baken.accounts.models import Organisation, User
from baken.accounts.roles import Role
from baken.accounts.twofactor import secret_base32
from baken.audit.models import AuditAction, AuditEntry

PASSWORD = "correct-horse-battery-staple"  # tests/factories.py
LOGIN_URL = "/accounts/login/"


def log_in(client: Client, user: User, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(LOGIN_URL, {"username": user.username, "password": password})


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def location_path(response) -> str:  # type: ignore[no-untyped-def]
    return urlsplit(response["Location"]).path


def dutch(message: object) -> str:
    """The text the Dutch page shows for a message id or a lazy translation."""
    with translation.override("nl"):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def current_token(device: TOTPDevice) -> str:
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{token:0{device.digits}d}"


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user(Role.SIGNALER)


# The log-in page.


@pytest.mark.django_db
def test_login_page_is_dutch_with_user_name_and_password_fields() -> None:
    response = Client().get(LOGIN_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="nl"' in content
    assert "Inloggen" in content
    assert response["Content-Language"] == "nl"
    assert 'name="username"' in content
    assert 'type="password"' in content
    assert 'name="password"' in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_wrong_password_shows_the_error_and_starts_no_session(user: User) -> None:
    client = Client()
    response = log_in(client, user, "not-the-password")
    assert response.status_code == 200
    assert dutch(LoginForm.error_messages["invalid_login"]) in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not is_logged_in(client)
    assert client.get("/dashboard/").status_code == 302


def test_five_failures_lock_the_account_even_for_the_right_password(user: User) -> None:
    client = Client()
    statuses = [log_in(client, user, f"wrong-{attempt}").status_code for attempt in range(5)]
    assert statuses[:4] == [200] * 4
    assert statuses[4] == 429, "the fifth failure locks the account"

    response = log_in(client, user)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert not is_logged_in(client)
    assert not AuditEntry.objects.filter(user=user, action=AuditAction.LOGIN).exists()


def test_four_failures_do_not_lock_the_account(user: User) -> None:
    client = Client()
    for attempt in range(4):
        assert log_in(client, user, f"wrong-{attempt}").status_code == 200
    assert log_in(client, user).status_code == 302
    assert is_logged_in(client)


def test_correct_login_goes_to_dashboard_and_is_audited(
    user: User, organisation: Organisation
) -> None:
    client = Client()
    response = log_in(client, user)
    assert response.status_code == 302
    assert location_path(response) == "/dashboard/"
    assert is_logged_in(client)
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.user == user
    assert entry.organisation == organisation
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(user.pk))


def test_failed_login_of_an_existing_user_is_audited(
    user: User, organisation: Organisation
) -> None:
    log_in(Client(), user, "not-the-password")
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.user == user
    assert entry.organisation == organisation


@pytest.mark.django_db
def test_failed_login_of_an_unknown_name_is_not_audited() -> None:
    response = Client().post(LOGIN_URL, {"username": "nobody", "password": "whatever-12345"})
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()


# Session lifetime.


def test_sessions_last_thirty_minutes_renewed_on_every_request() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def _session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_each_request_renews_the_session_expiry(user: User) -> None:
    client = Client()
    log_in(client, user)
    row = _session_row(client)
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() + timedelta(minutes=1))

    assert client.get("/dashboard/").status_code == 200

    renewed = _session_row(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < renewed <= timedelta(minutes=30)


def test_expired_session_is_sent_to_the_login_page(user: User) -> None:
    client = Client()
    log_in(client, user)
    row = _session_row(client)
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"
    login_page = client.get(response["Location"])
    assert login_page.context["session_expired"] is True


# Log-out.


def test_logout_requires_post(user: User) -> None:
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/dashboard/").status_code == 200, "a GET must not log out"

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert location_path(response) == LOGIN_URL
    assert not is_logged_in(client)
    assert client.get("/dashboard/").status_code == 302
    assert AuditEntry.objects.filter(user=user, action=AuditAction.LOGOUT).count() == 1


def test_logout_everywhere_ends_the_other_sessions_and_is_audited(
    user: User, organisation: Organisation
) -> None:
    here, elsewhere = Client(), Client()
    log_in(here, user)
    log_in(elsewhere, user)
    assert elsewhere.get("/dashboard/").status_code == 200

    assert here.get("/accounts/logout-everywhere/").status_code == 405
    response = here.post("/accounts/logout-everywhere/")
    assert response.status_code == 302
    assert location_path(response) == LOGIN_URL

    ended = elsewhere.get("/dashboard/")
    assert ended.status_code == 302
    assert location_path(ended) == LOGIN_URL
    assert here.get("/dashboard/").status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.LOGOUT_EVERYWHERE)
    assert entry.user == user
    assert entry.organisation == organisation
    # The password still works: only the sessions ended.
    assert log_in(Client(), user).status_code == 302


# Second factor.


@pytest.fixture
def require_2fa(settings: pytest.FixtureRequest) -> None:
    settings.BAKEN_REQUIRE_2FA = True  # type: ignore[attr-defined]


@pytest.mark.usefixtures("require_2fa")
def test_coordinator_without_device_is_sent_to_setup_from_every_page(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    client = Client()
    log_in(client, coordinator)
    pages = [
        "/",
        "/dashboard/",
        "/accounts/organisations/",
        f"/accounts/organisations/{organisation.pk}/",
        f"/accounts/users/{coordinator.pk}/",
        "/accounts/2fa/verify/",
        "/audit/",
        "/admin/",
        "/does-not-exist/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert location_path(response) == "/accounts/2fa/setup/", page
    assert client.get("/accounts/2fa/setup/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302, "log-out stays possible"


@pytest.mark.usefixtures("require_2fa")
def test_analyst_needs_no_second_factor(make_user: Callable[..., User]) -> None:
    """Analysts see aggregates only, never a person's data."""
    client = Client()
    log_in(client, make_user(Role.ANALYST))
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "portal/dashboard/analyst.html" in [t.name for t in response.templates]


@pytest.mark.usefixtures("require_2fa")
def test_setup_page_shows_qr_code_as_inline_svg(make_user: Callable[..., User]) -> None:
    coordinator = make_user(Role.COORDINATOR)
    client = Client()
    log_in(client, coordinator)
    response = client.get("/accounts/2fa/setup/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<svg" in content
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert secret_base32(device) in content


@pytest.mark.usefixtures("require_2fa")
def test_correct_code_confirms_the_device_and_opens_the_dashboard(
    make_user: Callable[..., User],
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    client = Client()
    log_in(client, coordinator)
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)

    response = client.post("/accounts/2fa/setup/", {"token": current_token(device)})
    assert response.status_code == 302
    assert location_path(response) == "/dashboard/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/dashboard/").status_code == 200
    assert AuditEntry.objects.filter(
        user=coordinator, action=AuditAction.TWO_FACTOR_ENABLED
    ).exists()


@pytest.mark.usefixtures("require_2fa")
def test_wrong_code_at_setup_confirms_nothing(make_user: Callable[..., User]) -> None:
    coordinator = make_user(Role.COORDINATOR)
    client = Client()
    log_in(client, coordinator)
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    wrong = f"{(int(current_token(device)) + 1) % 10**device.digits:0{device.digits}d}"

    response = client.post("/accounts/2fa/setup/", {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    device.refresh_from_db()
    assert not device.confirmed
    assert location_path(client.get("/dashboard/")) == "/accounts/2fa/setup/"


@pytest.fixture
def user_with_device(user: User) -> tuple[User, TOTPDevice]:
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_user_with_device_is_sent_to_verify_after_login(
    user_with_device: tuple[User, TOTPDevice],
) -> None:
    user, _device = user_with_device
    client = Client()
    response = client.post(
        LOGIN_URL, {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert [url for url, _status in response.redirect_chain][-1] == "/accounts/2fa/verify/"
    assert "accounts/2fa_verify.html" in [t.name for t in response.templates]
    assert location_path(client.get("/audit/")) == "/accounts/2fa/verify/"


def test_wrong_verification_code_is_refused_with_a_message(
    user_with_device: tuple[User, TOTPDevice],
) -> None:
    user, device = user_with_device
    client = Client()
    log_in(client, user)
    wrong = f"{(int(current_token(device)) + 1) % 10**device.digits:0{device.digits}d}"

    response = client.post("/accounts/2fa/verify/", {"token": wrong})
    assert response.status_code == 200
    assert dutch("This code is not correct or has expired.") in response.content.decode()
    assert location_path(client.get("/dashboard/")) == "/accounts/2fa/verify/"


def test_correct_verification_code_opens_the_dashboard(
    user_with_device: tuple[User, TOTPDevice],
) -> None:
    user, device = user_with_device
    client = Client()
    log_in(client, user)
    response = client.post("/accounts/2fa/verify/", {"token": current_token(device)})
    assert response.status_code == 302
    assert location_path(response) == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_verification_follows_next_within_baken(
    user_with_device: tuple[User, TOTPDevice],
) -> None:
    user, device = user_with_device
    client = Client()
    log_in(client, user)
    response = client.post(
        "/accounts/2fa/verify/?next=/accounts/organisations/", {"token": current_token(device)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/organisations/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "https:evil.example"]
)
def test_verification_never_redirects_to_another_site(
    user_with_device: tuple[User, TOTPDevice], next_url: str
) -> None:
    """A crafted log-in link must not send the user elsewhere once the second factor passed."""
    user, device = user_with_device
    client = Client()
    log_in(client, user)
    response = client.post(
        f"/accounts/2fa/verify/?{urlencode({'next': next_url})}", {"token": current_token(device)}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert location_path(response) == "/dashboard/"


def test_password_alone_does_not_open_the_api_to_a_user_who_owes_a_second_factor(
    make_user: Callable[..., User],
) -> None:
    """The session cookie of a log-in without its second factor must not read the API."""
    admin = make_user(Role.ADMINISTRATOR)
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = Client()
    log_in(client, admin)
    assert location_path(client.get("/accounts/users/")) == "/accounts/2fa/verify/"

    for url in ["/api/users/", "/api/audit/", "/api/me/"]:
        response = client.get(url)
        assert response.status_code in {401, 403}, (url, response.status_code)
