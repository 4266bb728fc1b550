"""The indicator catalogue in the database: load a catalogue file, find the current one.

A loaded version is immutable (signals point at it), so loading is idempotent by checksum:
the same file again changes nothing, a changed file under a loaded version is refused, and a
new version becomes the current catalogue while the older ones stay for the signals filed
under them.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from baken.signals.catalogue import Catalogue, CatalogueError, parse_catalogue
from baken.signals.models import Indicator, IndicatorCatalogue

CATALOGUE_DIR = Path(__file__).resolve().parent / "indicator_files"
SHIPPED_CATALOGUE = CATALOGUE_DIR / "indicators-2026.1.toml"


class CatalogueVersionError(CatalogueError):
    """The version is already loaded with other content."""


class NoCurrentCatalogueError(LookupError):
    """No catalogue is marked current: the database was not migrated or was emptied."""


def load_catalogue(path: Path | str) -> tuple[IndicatorCatalogue, bool]:
    """Load the catalogue file at `path`; return the catalogue and whether it was created.

    The file is parsed and checked whole before anything is written. Loading a version that is
    already present with the same checksum changes nothing, not even which version is current.
    """
    return store_catalogue(parse_catalogue(path), name=str(path))


@transaction.atomic
def store_catalogue(
    catalogue: Catalogue, name: str = "<catalogue>"
) -> tuple[IndicatorCatalogue, bool]:
    """Write a parsed catalogue as the current one, unless this version is already loaded."""
    # Locking the current row serialises two loads running at once: the second waits, then
    # finds the version the first created.
    list(IndicatorCatalogue.objects.select_for_update().filter(is_current=True))
    existing = IndicatorCatalogue.objects.filter(version=catalogue.version).first()
    if existing is not None:
        if existing.checksum != catalogue.checksum:
            raise CatalogueVersionError(
                name,
                [
                    f"version {catalogue.version} already loaded with other content; "
                    "give the changed catalogue a new version"
                ],
            )
        return existing, False

    IndicatorCatalogue.objects.filter(is_current=True).update(is_current=False)
    stored = IndicatorCatalogue.objects.create(
        version=catalogue.version, checksum=catalogue.checksum, is_current=True
    )
    Indicator.objects.bulk_create(
        Indicator(
            catalogue=stored,
            code=spec.code,
            group=spec.group,
            weight=spec.weight,
            label_nl=spec.label_nl,
            label_en=spec.label_en,
            explanation_nl=spec.explanation_nl,
            explanation_en=spec.explanation_en,
            source=catalogue.source_text(spec),
            position=spec.position,
        )
        for spec in catalogue.indicators
    )
    return stored, True


def current_catalogue() -> IndicatorCatalogue:
    """The catalogue new signals are filed under."""
    current = IndicatorCatalogue.objects.filter(is_current=True).first()
    if current is None:
        raise NoCurrentCatalogueError(
            "No indicator catalogue is current. Run `baken migrate` (it loads the shipped "
            "catalogue) or `baken load-indicators`."
        )
    return current
