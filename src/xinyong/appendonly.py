"""The one append-only rule for a table, as a migration operation: database triggers refuse
UPDATE, DELETE (and on PostgreSQL TRUNCATE), so rows once written stay as written on both engines.
Used by the security log (security/0002); the change log, query log and report register carry
the same SQL written out in their own earlier migrations."""

from django.db import migrations


def _statements(table: str, vendor: str) -> tuple[list[str], list[str]]:
    message = f"{table} is append-only: UPDATE and DELETE are refused"
    if vendor == "sqlite":
        up = [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        ]
        down = [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"]
        return up, down
    if vendor == "postgresql":
        up = [
            f"""
            CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
            END;
            $$ LANGUAGE plpgsql;
            """,
            f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change();",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change();",
        ]
        down = [
            f"DROP TRIGGER IF EXISTS {table}_no_update_delete ON {table};",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
            f"DROP FUNCTION IF EXISTS {table}_refuse_change();",
        ]
        return up, down
    raise RuntimeError(f"no append-only triggers for database vendor {vendor}")


def append_only(table: str) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        for sql in _statements(table, schema_editor.connection.vendor)[0]:
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        for sql in _statements(table, schema_editor.connection.vendor)[1]:
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)
