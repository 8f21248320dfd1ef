"""Calls refused for their key are logged too (api.auth): the query log's key and department
may be empty, and a refused key is named by its claimed prefix and a keyed digest.

On SQLite, making the columns nullable rebuilds the table, which loses the append-only triggers
of migration 0002; they are installed again, with the same SQL, after the rebuild (in both
directions). PostgreSQL alters the columns in place and keeps its triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

from xinyong.appendonly import statements


def reinstall_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    triggers = statements("api_querylog", "sqlite")
    for sql in triggers.down + triggers.up:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_querylog_append_only"),
        ("registry", "0003_search_index"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_sqlite_triggers),
        migrations.AddField(
            model_name="querylog",
            name="presented_digest",
            field=models.CharField(blank=True, max_length=16, verbose_name="所用密钥摘要"),
        ),
        migrations.AddField(
            model_name="querylog",
            name="presented_prefix",
            field=models.CharField(blank=True, max_length=8, verbose_name="所用密钥前缀"),
        ),
        migrations.AlterField(
            model_name="querylog",
            name="api_key",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="queries",
                to="api.apikey",
                verbose_name="接口密钥",
            ),
        ),
        migrations.AlterField(
            model_name="querylog",
            name="department",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.department",
                verbose_name="相关部门",
            ),
        ),
        migrations.AddConstraint(
            model_name="querylog",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("api_key__isnull", False), ("department__isnull", False)),
                    models.Q(
                        ("api_key__isnull", True), ("department__isnull", True), ("status_code__gte", 400)
                    ),
                    _connector="OR",
                ),
                name="querylog_without_key_was_refused",
            ),
        ),
        migrations.RunPython(reinstall_sqlite_triggers, migrations.RunPython.noop),
    ]
