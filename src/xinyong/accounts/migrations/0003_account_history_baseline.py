"""Accounts enter the history chain (issue 14): one baseline entry for each account that existed
before, so ``verify_history`` checks the account table from now on. The snapshot is
accounts.history.user_snapshot's, from the historical model (no second factor existed before)."""

from django.db import migrations

from xinyong.history.baseline import append_baseline


def forwards(apps, schema_editor):
    user_model = apps.get_model("accounts", "User")
    rows = (
        (
            user.pk,
            user.association_id,
            {
                "username": user.username,
                "full_name": user.full_name,
                "email": user.email,
                "role": user.role,
                "authority_id": user.authority_id,
                "association_id": user.association_id,
                "department_id": user.department_id,
                "manages_accounts": user.manages_accounts,
                "is_active": user.is_active,
                "password_set": not (user.password or "").startswith("!"),
                "second_factor": False,
            },
        )
        for user in user_model.objects.order_by("pk").iterator()
    )
    append_baseline(
        apps,
        action="user.create",
        object_type="user",
        rows=rows,
        reason="账号管理功能上线前已有的账号（基线记录）",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_account_administration"),
        ("history", "0008_account_actions"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
