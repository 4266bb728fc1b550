"""Errors are friendly and safe: Dutch pages without stack traces, JSON under /api/, bad input in
filters shown as form errors, and the language chosen only by the switch."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from baken.accounts.models import User
from baken.accounts.roles import Role
from baken.accounts.services import issue_api_token

TRACE_MARKERS = ("Traceback", 'File "', "Exception Value", "django/core/handlers")


def dutch(message: str) -> str:
    with translation.override("nl"):
        return translation.gettext(message)


def assert_friendly_page(response, status: int, title: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert "portal/error.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert '<html lang="nl"' in content
    assert dutch(title) in content
    for marker in TRACE_MARKERS:
        assert marker not in content


# Not found.


@pytest.mark.django_db
def test_unknown_url_gives_dutch_not_found_page() -> None:
    response = Client().get("/bestaat-niet/")
    assert_friendly_page(response, 404, "Page not found")
    assert "Pagina niet gevonden" in response.content.decode()


def test_unknown_url_gives_not_found_page_to_logged_in_user(
    client_as: Callable[..., Client],
) -> None:
    response = client_as(Role.SIGNALER).get("/accounts/bestaat-niet/")
    assert_friendly_page(response, 404, "Page not found")


@pytest.mark.django_db
def test_unknown_api_url_gives_json_not_found() -> None:
    response = Client().get("/api/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"}
    assert body["detail"]


def test_unknown_api_object_gives_json_not_found(client_as: Callable[..., Client]) -> None:
    response = client_as(Role.SIGNALER).get("/api/regions/999999/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


# API authentication.


@pytest.mark.django_db
def test_api_without_credentials_is_401_with_challenge() -> None:
    response = Client().get("/api/regions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_api_with_bad_token_is_401() -> None:
    response = Client().get("/api/regions/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")
    assert "results" not in response.json()


def test_api_with_valid_token_is_200(make_user: Callable[..., User]) -> None:
    """The counterpart of the bad-token test: the same request with a real token succeeds."""
    token = issue_api_token(make_user(Role.SIGNALER), days=1)
    response = Client().get("/api/regions/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


# CSRF.


@pytest.mark.django_db
def test_form_post_without_csrf_token_gives_friendly_403() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert_friendly_page(response, 403, "Form expired")
    assert "CSRF verification failed" not in response.content.decode()


def test_logged_in_post_without_csrf_token_gives_friendly_403_and_keeps_session(
    make_user: Callable[..., User],
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.SIGNALER))
    response = client.post("/accounts/logout/")
    assert_friendly_page(response, 403, "Form expired")
    assert client.get("/dashboard/").status_code == 200, "the forged log-out did nothing"


# Garbage in the audit filter.


def test_garbage_audit_filter_shows_form_errors_and_escapes_input(
    client_as: Callable[..., Client],
) -> None:
    client = client_as(Role.ADMINISTRATOR)
    response = client.get(
        "/audit/",
        {"user": "abc", "since": "not-a-date", "action": "<script>alert(1)</script>"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"user", "since", "action"}
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert list(response.context["page"]) == [], "an invalid filter shows nothing"


def test_garbage_audit_filter_in_htmx_request_does_not_crash(
    client_as: Callable[..., Client],
) -> None:
    client = client_as(Role.ADMINISTRATOR)
    response = client.get(
        "/audit/",
        {"user": "-1", "until": "2024-13-45", "page": "x'--"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "audit/_entries.html" in [t.name for t in response.templates]


# Language.


@pytest.mark.django_db
def test_language_switch_makes_the_next_page_english() -> None:
    client = Client()
    assert '<html lang="nl"' in client.get("/accounts/login/").content.decode()

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302

    page = client.get("/accounts/login/")
    content = page.content.decode()
    assert '<html lang="en"' in content
    assert "Log in to Baken" in content
    assert page["Content-Language"] == "en"


@pytest.mark.django_db
def test_english_browser_alone_does_not_switch_pages_to_english() -> None:
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    content = response.content.decode()
    assert '<html lang="nl"' in content
    assert "Inloggen" in content
    assert response["Content-Language"] == "nl"


@pytest.mark.django_db
def test_switching_back_to_dutch_works() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en"})
    client.post("/i18n/setlang/", {"language": "nl"})
    assert '<html lang="nl"' in client.get("/accounts/login/").content.decode()
