"""Signals filed through the real intake service (`intake.file_signal`), for tests of what a
filed signal looks like to its filer and to the coordinators it is routed to.

The indicator catalogue is the one migration 0002 loads; routing follows the default rules of
migration 0003 (trafficking → the region's coordination desk), so a region needs a desk.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from baken.accounts.models import Municipality, Organisation, Region, User
from baken.signals import intake
from baken.signals.catalogue_store import current_catalogue
from baken.signals.models import Indicator, Signal
from baken.signals.vocabulary import PlaceKind, Theme, Urgency


def make_desk(region: Region, organisation: Organisation) -> Organisation:
    """Make `organisation` the coordination desk of `region` (test set-up, not a service)."""
    region.coordination_desk = organisation
    region.save(update_fields=["coordination_desk"])
    return organisation


def indicators(*codes: str) -> list[Indicator]:
    """Indicators of the current catalogue by code, in the order given."""
    found = {i.code: i for i in Indicator.objects.filter(catalogue=current_catalogue())}
    return [found[code] for code in codes]


def intake_data(
    municipality: Municipality,
    *,
    indicator_codes: tuple[str, ...] = (),
    victims: list[intake.VictimData] | None = None,
    **overrides: Any,
) -> intake.IntakeData:
    values: dict[str, Any] = {
        "catalogue": current_catalogue(),
        "municipality": municipality,
        "place_kind": PlaceKind.WORKPLACE,
        "observed_on": timezone.localdate(),
        "themes": [Theme.TRAFFICKING.value],
        "forms": [],
        "indicators": indicators(*indicator_codes),
        "observation": "Synthetische waarneming: arbeiders slapen op het bedrijfsterrein.",
        "urgency": Urgency.NORMAL.value,
        "victims": victims or [],
    }
    values.update(overrides)
    return intake.IntakeData(**values)


def file_signal(user: User, municipality: Municipality, **overrides: Any) -> Signal:
    """File a signal as `user` through the real service; keywords as for `intake_data`."""
    return intake.file_signal(user, intake_data(municipality, **overrides))


def victim(name: str = "", age: int | None = None, **fields: Any) -> intake.VictimData:
    return intake.VictimData(name=name, age=age, **fields)
