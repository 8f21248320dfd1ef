"""The one append-only rule for a table, as a migration operation: database triggers refuse
UPDATE, DELETE (and on PostgreSQL TRUNCATE), so rows once written stay as written on both engines.
Used by the change log (history/0002), the query log (api/0002, reinstalled by api/0003 after
SQLite rebuilds the table), the report register (reports/0002) and the security log
(security/0002).

The triggers' and the function's names are part of existing databases (later migrations drop and
recreate them by name), so they never change: ``{prefix}_no_update`` … with the table's name as
prefix, except the change log's, the first, named ``history_…``."""

from dataclasses import dataclass

from django.db import migrations

# Indented as the change log's, query log's and register's migrations first wrote it: PostgreSQL
# keeps a function's text as given, and so their databases keep the same text.
_REFUSE_CHANGE = """
    CREATE OR REPLACE FUNCTION {prefix}_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """


@dataclass(frozen=True)
class AppendOnlySql:
    up: list[str]  # installs the triggers (and on PostgreSQL their function)
    down: list[str]  # removes them; safe when they are absent


def statements(table: str, vendor: str, *, prefix: str | None = None) -> AppendOnlySql:
    prefix = prefix or table
    message = f"{table} is append-only: UPDATE and DELETE are refused"
    if vendor == "sqlite":
        return AppendOnlySql(
            up=[
                f"CREATE TRIGGER {prefix}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
                f"CREATE TRIGGER {prefix}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            ],
            down=[
                f"DROP TRIGGER IF EXISTS {prefix}_no_update;",
                f"DROP TRIGGER IF EXISTS {prefix}_no_delete;",
            ],
        )
    if vendor == "postgresql":
        return AppendOnlySql(
            up=[
                _REFUSE_CHANGE.format(prefix=prefix, message=message),
                f"CREATE TRIGGER {prefix}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {prefix}_refuse_change();",
                f"CREATE TRIGGER {prefix}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {prefix}_refuse_change();",
            ],
            down=[
                f"DROP TRIGGER IF EXISTS {prefix}_no_update_delete ON {table};",
                f"DROP TRIGGER IF EXISTS {prefix}_no_truncate ON {table};",
                f"DROP FUNCTION IF EXISTS {prefix}_refuse_change();",
            ],
        )
    raise RuntimeError(f"no append-only triggers for database vendor {vendor}")


def append_only(table: str, *, prefix: str | None = None) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        for sql in statements(table, schema_editor.connection.vendor, prefix=prefix).up:
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        for sql in statements(table, schema_editor.connection.vendor, prefix=prefix).down:
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)
