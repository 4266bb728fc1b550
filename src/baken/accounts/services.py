"""Write paths for accounts: log out everywhere, API tokens, municipalities from CSV."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from knox.models import AuthToken

from baken.accounts.models import Municipality, Region, User, cbs_code_validator
from baken.audit.models import AuditAction
from baken.audit.services import record


@transaction.atomic
def log_out_everywhere(user: User) -> None:
    """End every session of this user: the session hash includes `session_generation`."""
    user.session_generation = uuid.uuid4()
    user.save(update_fields=["session_generation"])
    record(user, AuditAction.LOGOUT_EVERYWHERE, user)


@transaction.atomic
def issue_api_token(user: User, days: int) -> str:
    """Create a token for a system acting as `user`; only its hash is stored (knox)."""
    if not user.is_active:
        raise ValidationError(f"User {user.username} is not active.")
    _instance, token = AuthToken.objects.create(user=user, expiry=timedelta(days=days))
    record(user, AuditAction.TOKEN_ISSUED, user)
    return token


MUNICIPALITY_COLUMNS = ("cbs_code", "name", "region_code", "region_name")


@dataclass
class MunicipalityLoad:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class MunicipalityFileError(ValueError):
    """A CSV of municipalities that cannot be loaded; the message names the line."""


def _read_municipality_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in MUNICIPALITY_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise MunicipalityFileError(
            f"line 1: missing column(s) {', '.join(missing)}; "
            f"expected header {','.join(MUNICIPALITY_COLUMNS)}"
        )
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {c: (row.get(c) or "").strip() for c in MUNICIPALITY_COLUMNS}
        empty = [c for c, v in values.items() if not v]
        if empty:
            raise MunicipalityFileError(f"line {line}: empty {', '.join(empty)}")
        try:
            cbs_code_validator(values["cbs_code"])
        except ValidationError as exc:
            raise MunicipalityFileError(
                f"line {line}: {values['cbs_code']!r} is not a CBS code (GM + 4 digits)"
            ) from exc
        if values["cbs_code"] in seen:
            raise MunicipalityFileError(
                f"line {line}: {values['cbs_code']} already on line {seen[values['cbs_code']]}"
            )
        seen[values["cbs_code"]] = line
        rows.append(values)
    return rows


@transaction.atomic
def load_municipalities(text: str) -> MunicipalityLoad:
    """Create or update municipalities (and their regions) from CSV text.

    The whole file is checked before anything is written, so a bad line leaves the database as
    it was; loading the same file again changes nothing.
    """
    rows = _read_municipality_rows(text)
    result = MunicipalityLoad()
    regions: dict[str, Region] = {}
    for values in rows:
        code = values["region_code"]
        if code not in regions:
            region, _created = Region.objects.get_or_create(
                code=code, defaults={"name": values["region_name"]}
            )
            if region.name != values["region_name"]:
                region.name = values["region_name"]
                region.save(update_fields=["name"])
            regions[code] = region
        region = regions[code]
        existing = Municipality.objects.filter(cbs_code=values["cbs_code"]).first()
        if existing is None:
            Municipality.objects.create(
                cbs_code=values["cbs_code"], name=values["name"], region=region
            )
            result.created += 1
        elif existing.name != values["name"] or existing.region_id != region.pk:
            existing.name = values["name"]
            existing.region = region
            existing.save(update_fields=["name", "region"])
            result.updated += 1
        else:
            result.unchanged += 1
    return result
