"""Database triggers that refuse UPDATE and DELETE on the report register (R-QRY-4), on both
engines, as the change log (history/0002) and the query log (api/0002) have: a report once
issued stays on the register, so its number and verification code can always be checked."""

from django.db import migrations

TABLE = "reports_issuedreport"
MESSAGE = "reports_issuedreport is append-only: UPDATE and DELETE are refused"

SQLITE_UP = [
    f"CREATE TRIGGER reports_issuedreport_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER reports_issuedreport_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS reports_issuedreport_no_update;",
    "DROP TRIGGER IF EXISTS reports_issuedreport_no_delete;",
]

POSTGRES_UP = [
    f"""
    CREATE OR REPLACE FUNCTION reports_issuedreport_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"CREATE TRIGGER reports_issuedreport_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION reports_issuedreport_refuse_change();",
    f"CREATE TRIGGER reports_issuedreport_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_issuedreport_refuse_change();",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS reports_issuedreport_no_update_delete ON {TABLE};",
    f"DROP TRIGGER IF EXISTS reports_issuedreport_no_truncate ON {TABLE};",
    "DROP FUNCTION IF EXISTS reports_issuedreport_refuse_change();",
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
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
