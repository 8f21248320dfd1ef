"""Seed the catalogue of measure kinds and the three example rules (R-MEA-1, R-MEA-2).

The rows carry no history entry: ``measures.integrity`` (run by verify_history) compares a
seeded row never changed since with ``measures.seed``, which is frozen with this migration.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from xinyong.measures.seed import KINDS, RULES

    MeasureKind = apps.get_model("measures", "MeasureKind")
    MeasureRule = apps.get_model("measures", "MeasureRule")
    kinds = {}
    for data in KINDS:
        kinds[data["code"]], _ = MeasureKind.objects.get_or_create(
            code=data["code"], defaults={k: str(v) if k == "direction" else v for k, v in data.items()}
        )
    for data in RULES:
        MeasureRule.objects.get_or_create(
            code=data["code"], defaults={**data, "kind": kinds[data["kind"]]}
        )


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
