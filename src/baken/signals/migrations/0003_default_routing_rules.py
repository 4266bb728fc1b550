"""The default routing rules, so a new installation routes every theme to its partner.

Created only when there are no rules yet: an installation whose administrators already wrote
their own keeps them. The names are stored as the reason of each routing decision.
"""

from django.db import migrations

DEFAULT_RULES = (
    {
        "position": 10,
        "name": "Mensenhandel → regionale zorgcoördinatie",
        "themes": ["trafficking"],
        "to_coordination_desk": True,
    },
    {
        "position": 20,
        "name": "Huiselijk geweld → Veilig Thuis",
        "themes": ["domestic_violence"],
        "target_kind": "veilig_thuis",
    },
    {
        "position": 30,
        "name": "Ondermijning → RIEC",
        "themes": ["undermining"],
        "target_kind": "riec",
    },
    {
        "position": 40,
        "name": "Woonfraude → gemeente",
        "themes": ["housing_fraud"],
        "target_kind": "municipality",
    },
    {
        "position": 50,
        "name": "Minderjarige → jeugdzorg",
        "minor": True,
        "target_kind": "youth_care",
    },
)


def create_default_rules(apps, schema_editor):
    RoutingRule = apps.get_model("signals", "RoutingRule")
    if RoutingRule.objects.exists():
        return
    RoutingRule.objects.bulk_create(RoutingRule(**fields) for fields in DEFAULT_RULES)


class Migration(migrations.Migration):
    dependencies = [("signals", "0002_load_indicator_catalogue")]

    operations = [migrations.RunPython(create_default_rules, migrations.RunPython.noop)]
