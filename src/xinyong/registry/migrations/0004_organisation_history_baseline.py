"""One baseline history entry for every authority and department that existed before they were
kept through services with history (issue 14, R-ACT-6), so that ``verify_history`` can check
these tables from now on: a later change behind the services' back differs from its baseline.

The entries are written here with the historical models and ``history.chain.entry_hash`` (the
chain's definition, which cannot change without breaking every chain anyway), not with
``history_append``, which uses the live models. The snapshots are frozen copies of
``registry.organisations.authority_snapshot`` / ``department_snapshot`` as of this migration.
"""

from django.db import migrations
from django.utils import timezone

REASON_AUTHORITY = "账户管理功能上线前已有的登记管理机关（基线记录）"
REASON_DEPARTMENT = "账户管理功能上线前已有的相关部门（基线记录）"
GENESIS_HASH = "0" * 64


def _authority_snapshot(authority) -> dict:
    return {
        "code": authority.code,
        "name": authority.name,
        "level": str(authority.level),
        "parent_id": authority.parent_id,
    }


def _department_snapshot(department) -> dict:
    return {"name": department.name}


def baseline(apps, schema_editor):
    from xinyong.history.chain import entry_hash
    from xinyong.history.services import PG_CHAIN_LOCK

    HistoryEntry = apps.get_model("history", "HistoryEntry")
    Authority = apps.get_model("registry", "Authority")
    Department = apps.get_model("registry", "Department")
    alias = schema_editor.connection.alias
    todo = [
        ("authority", "authority.create", _authority_snapshot, REASON_AUTHORITY, Authority),
        ("department", "department.create", _department_snapshot, REASON_DEPARTMENT, Department),
    ]
    if not any(model.objects.using(alias).exists() for *_rest, model in todo):
        return  # a new installation: its rows will come through the services
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PG_CHAIN_LOCK])
    entries = HistoryEntry.objects.using(alias)
    prev_hash = entries.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH
    now = timezone.now()
    for object_type, action, snapshot, reason, model in todo:
        recorded = set(entries.filter(object_type=object_type).values_list("object_id", flat=True))
        for obj in model.objects.using(alias).order_by("pk"):
            if obj.pk in recorded:
                continue  # migrated back and forth: the reverse keeps the entries (they cannot be deleted)
            content = {
                "created_at": now,
                "actor_id": None,
                "actor_name": "system",
                "authority_id": None,
                "authority_name": "",
                "action": action,
                "object_type": object_type,
                "object_id": obj.pk,
                "association_id": None,
                "before": None,
                "after": snapshot(obj),
                "reason": reason,
            }
            digest = entry_hash(prev_hash, content)
            entries.create(prev_hash=prev_hash, hash=digest, **content)
            prev_hash = digest


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_search_index"),
        ("history", "0008_account_actions"),
    ]

    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
