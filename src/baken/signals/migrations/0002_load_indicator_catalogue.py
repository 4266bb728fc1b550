"""Load the indicator catalogue 2026.1 so that every database has a current catalogue.

The file is named explicitly rather than through `catalogue_store.SHIPPED_CATALOGUE`: a later
catalogue version arrives in its own migration (or through `baken load-indicators`), and a
fresh database must still pass through 2026.1 first. Only the pure parser is imported; the
models are the historical ones.
"""

from pathlib import Path

from django.db import migrations

from baken.signals.catalogue import parse_catalogue

CATALOGUE_FILE = (
    Path(__file__).resolve().parent.parent / "indicator_files" / "indicators-2026.1.toml"
)


def load_catalogue(apps, schema_editor):
    IndicatorCatalogue = apps.get_model("signals", "IndicatorCatalogue")
    Indicator = apps.get_model("signals", "Indicator")
    db = schema_editor.connection.alias

    catalogue = parse_catalogue(CATALOGUE_FILE)
    existing = IndicatorCatalogue.objects.using(db).filter(version=catalogue.version).first()
    if existing is not None:
        if existing.checksum != catalogue.checksum:
            raise RuntimeError(
                f"{CATALOGUE_FILE}: version {catalogue.version} already loaded with other "
                "content; give the changed catalogue a new version"
            )
        return

    IndicatorCatalogue.objects.using(db).filter(is_current=True).update(is_current=False)
    stored = IndicatorCatalogue.objects.using(db).create(
        version=catalogue.version, checksum=catalogue.checksum, is_current=True
    )
    Indicator.objects.using(db).bulk_create(
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


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
