"""Database triggers that refuse UPDATE and DELETE on the department query log (R-QRY-2), on both
engines, as the change log has (history/0002): a query once logged stays logged."""

from django.db import migrations

TABLE = "api_querylog"
MESSAGE = "api_querylog is append-only: UPDATE and DELETE are refused"

SQLITE_UP = [
    f"CREATE TRIGGER api_querylog_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER api_querylog_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS api_querylog_no_update;",
    "DROP TRIGGER IF EXISTS api_querylog_no_delete;",
]

POSTGRES_UP = [
    f"""
    CREATE OR REPLACE FUNCTION api_querylog_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"CREATE TRIGGER api_querylog_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION api_querylog_refuse_change();",
    f"CREATE TRIGGER api_querylog_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION api_querylog_refuse_change();",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS api_querylog_no_update_delete ON {TABLE};",
    f"DROP TRIGGER IF EXISTS api_querylog_no_truncate ON {TABLE};",
    "DROP FUNCTION IF EXISTS api_querylog_refuse_change();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError(f"no append-only triggers for database vendor {schema_editor.connection.vendor}")
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
