"""Settings from the environment: demo defaults, and a production mode that insists on secrets."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from baken import config

FIELD_KEY = base64.b64encode(b"k" * 32).decode()
PRODUCTION = {
    "BAKEN_MODE": "production",
    "BAKEN_SECRET_KEY": "p9Xq2LmV8rT4wZ6yB1nC3dF5gH7jK0sA-uE_iO9pR2tY4vW6xQ8zL1mN3bV5cX7",
    "BAKEN_FIELD_KEY": FIELD_KEY,
    "DATABASE_URL": "postgres://baken@db.example.org:5432/baken",
    "BAKEN_ALLOWED_HOSTS": "baken.example.org",
}


def test_demo_mode_needs_nothing_and_uses_sqlite_under_var() -> None:
    loaded = config.load({})
    assert loaded.mode == "demo"
    assert loaded.database_url.startswith("sqlite:///")
    assert loaded.database_url.endswith("var/baken.sqlite3")
    assert loaded.require_2fa is False
    assert len(loaded.field_key) == 32


def test_production_with_every_secret_loads_with_2fa_and_secure_cookies() -> None:
    loaded = config.load(PRODUCTION)
    assert loaded.production
    assert loaded.require_2fa is True
    assert loaded.secure_cookies is True
    assert loaded.allowed_hosts == ("baken.example.org",)
    assert loaded.secret_key != config.DEMO_SECRET_KEY


@pytest.mark.parametrize(
    "missing", ["BAKEN_SECRET_KEY", "BAKEN_FIELD_KEY", "DATABASE_URL", "BAKEN_ALLOWED_HOSTS"]
)
def test_production_refuses_to_start_without_a_secret(missing: str) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    with pytest.raises(ImproperlyConfigured, match=missing):
        config.load(env)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("BAKEN_SECRET_KEY", "short", "at least 50"),
        ("BAKEN_FIELD_KEY", "not base64!", "base64"),
        ("BAKEN_FIELD_KEY", base64.b64encode(b"too short").decode(), "32 bytes"),
        ("BAKEN_DEBUG", "true", "cannot be on"),
        ("BAKEN_DEBUG", "maybe", "true or false"),
        ("BAKEN_MODE", "staging", "BAKEN_MODE"),
    ],
)
def test_bad_values_are_refused_with_a_precise_message(name: str, value: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        config.load({**PRODUCTION, name: value})


def _baken(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    baken = Path(sys.executable).with_name("baken")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BAKEN_", "DATABASE_"))}
    return subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [str(baken), *args], env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_baken_command_says_which_secret_is_missing_without_traceback() -> None:
    result = _baken("check", env={"BAKEN_MODE": "production"})
    assert result.returncode == 2
    assert "BAKEN_SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_is_silent_in_production_mode() -> None:
    result = _baken("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_help_lists_bakens_own_commands() -> None:
    result = _baken("--help", env={})
    assert result.returncode == 0
    for command in ["demo-data", "load-municipalities", "api-token", "migrate"]:
        assert command in result.stdout, command
