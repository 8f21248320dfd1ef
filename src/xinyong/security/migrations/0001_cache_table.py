"""The database cache table (settings.CACHES), where the throttles count.

createcachetable is idempotent and makes the table of every database cache in CACHES, so a
server, `make run` and the test databases all have it after `migrate`.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
