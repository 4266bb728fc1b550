"""Make the database itself refuse to change or remove audit entries.

PostgreSQL: a trigger rejects UPDATE and DELETE per row and TRUNCATE per statement (which is
how `flush` empties tables). SQLite: triggers reject UPDATE and DELETE. Only a schema change by
the database owner can get past this, and that is outside the application.
"""

from django.db import migrations

TABLE = "audit_auditentry"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION baken_audit_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER baken_audit_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION baken_audit_reject_change();
CREATE TRIGGER baken_audit_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION baken_audit_reject_change();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS baken_audit_no_truncate ON {TABLE};
DROP TRIGGER IF EXISTS baken_audit_no_update_delete ON {TABLE};
DROP FUNCTION IF EXISTS baken_audit_reject_change();
"""
SQLITE_UP = [
    f"""CREATE TRIGGER baken_audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused'); END;""",
    f"""CREATE TRIGGER baken_audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE refused'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS baken_audit_no_update;",
    "DROP TRIGGER IF EXISTS baken_audit_no_delete;",
]


def _run(schema_editor, postgres: str, sqlite: list[str]) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # params=None: the SQL holds literal % signs (RAISE format), not placeholders.
        schema_editor.execute(postgres, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"No append-only triggers for database vendor {vendor!r}")


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, POSTGRES_UP, SQLITE_UP)


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, POSTGRES_DOWN, SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
