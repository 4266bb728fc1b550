"""Typed reader for Baken's settings, taken from environment variables.

Two modes exist. ``demo`` (the default) runs on SQLite under ``var/`` with explicit, insecure
defaults that are only ever active in that mode. ``production`` refuses to start unless every
secret is given, in the spirit of Zulip's ``get_mandatory_secret``.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = PROJECT_ROOT / "var"

# Demo-only values: never used in production mode (see `load`).
DEMO_SECRET_KEY = "demo-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: S105  (demo mode only)
DEMO_FIELD_KEY = base64.b64encode(b"demo-only-field-key-32-bytes-ok!").decode()

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Config:
    mode: str
    debug: bool
    secret_key: str
    field_key: bytes
    database_url: str
    allowed_hosts: tuple[str, ...]
    require_2fa: bool
    secure_cookies: bool
    previous_field_keys: tuple[bytes, ...] = ()
    match_link: float | None = None
    match_review: float | None = None
    # Days after closing before a case is anonymised (`baken anonymise-cases`). Seven years by
    # default, the usual Dutch retention for care files; set per chain agreement.
    case_retention_days: int = 7 * 365
    # Days a scan's raw material (uploaded exports and post texts) is kept.
    scan_retention_days: int = 90
    # Where online monitors may point a scan at files already on the server (exports too big
    # to upload); nothing outside it can be read. Empty: only uploads.
    scan_import_dir: str = ""

    @property
    def production(self) -> bool:
        return self.mode == "production"


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def _float(env: Mapping[str, str], name: str) -> float | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from exc


def _days(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of days (1 or more), not {raw!r}."
        )
    return int(raw)


def _field_key(raw: str, name: str = "BAKEN_FIELD_KEY") -> bytes:
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} must be base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must decode to 32 bytes (AES-256), not {len(key)}.")
    return key


def _mandatory(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is required when BAKEN_MODE=production. "
            "Set it in the environment; see README.md, section 'Production'."
        )
    return value


def load(env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    mode = env.get("BAKEN_MODE", "demo").strip().lower()
    if mode not in {"demo", "production"}:
        raise ImproperlyConfigured(f"BAKEN_MODE must be 'demo' or 'production', not {mode!r}.")

    if mode == "production":
        secret_key = _mandatory(env, "BAKEN_SECRET_KEY")
        if len(secret_key) < 50 or len(set(secret_key)) < 5:
            raise ImproperlyConfigured("BAKEN_SECRET_KEY must be at least 50 random characters.")
        field_key = _field_key(_mandatory(env, "BAKEN_FIELD_KEY"))
        database_url = _mandatory(env, "DATABASE_URL")
        hosts = _mandatory(env, "BAKEN_ALLOWED_HOSTS")
        debug = _bool(env, "BAKEN_DEBUG", False)
        if debug:
            raise ImproperlyConfigured("BAKEN_DEBUG cannot be on when BAKEN_MODE=production.")
        require_2fa = _bool(env, "BAKEN_REQUIRE_2FA", True)
        secure_cookies = True
    else:
        secret_key = env.get("BAKEN_SECRET_KEY") or DEMO_SECRET_KEY
        field_key = _field_key(env.get("BAKEN_FIELD_KEY") or DEMO_FIELD_KEY)
        database_url = env.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'baken.sqlite3'}"
        hosts = env.get("BAKEN_ALLOWED_HOSTS") or "127.0.0.1,localhost"
        debug = _bool(env, "BAKEN_DEBUG", False)
        require_2fa = _bool(env, "BAKEN_REQUIRE_2FA", False)
        secure_cookies = False

    return Config(
        mode=mode,
        debug=debug,
        secret_key=secret_key,
        field_key=field_key,
        database_url=database_url,
        allowed_hosts=tuple(h.strip() for h in hosts.split(",") if h.strip()),
        require_2fa=require_2fa,
        secure_cookies=secure_cookies,
        previous_field_keys=tuple(
            _field_key(raw.strip(), "BAKEN_FIELD_KEY_PREVIOUS")
            for raw in env.get("BAKEN_FIELD_KEY_PREVIOUS", "").split(",")
            if raw.strip()
        ),
        match_link=_float(env, "BAKEN_MATCH_LINK"),
        match_review=_float(env, "BAKEN_MATCH_REVIEW"),
        case_retention_days=_days(env, "BAKEN_CASE_RETENTION_DAYS", 7 * 365),
        scan_retention_days=_days(env, "BAKEN_SCAN_RETENTION_DAYS", 90),
        scan_import_dir=env.get("BAKEN_SCAN_IMPORT_DIR", "").strip(),
    )
