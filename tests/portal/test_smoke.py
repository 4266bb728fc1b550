import pytest
from django.test import Client

from baken.accounts.roles import Role


@pytest.mark.django_db
def test_login_page_is_dutch_by_default() -> None:
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode() or 'lang="nl"' in response.content.decode()


def test_each_role_lands_on_its_dashboard(client_as) -> None:  # type: ignore[no-untyped-def]
    for role in Role:
        response = client_as(role).get("/dashboard/")
        assert response.status_code == 200, role
        assert f"portal/dashboard/{role.value}.html" in [t.name for t in response.templates]
