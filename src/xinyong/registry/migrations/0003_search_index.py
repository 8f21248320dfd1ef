"""The public name search's index (issue 7): the bigram table, built for the existing names."""

import django.db.models.deletion
from django.db import migrations, models


def build(apps, schema_editor):
    from xinyong.registry.search_index import rebuild

    rebuild(
        association_model=apps.get_model("registry", "Association"),
        gram_model=apps.get_model("registry", "NameGram"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_staff_count_limit"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameGram",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "gram", "start", "name", "association", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("gram", models.CharField(max_length=2)),
                ("start", models.BooleanField()),
                ("name", models.CharField(max_length=200)),
                (
                    "association",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="registry.association",
                    ),
                ),
            ],
        ),
        migrations.RunPython(build, migrations.RunPython.noop, elidable=True),
    ]
