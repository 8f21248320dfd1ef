"""The change log knows the other apps only through what they register (``history.registry``):
verify_history checks exactly the registered tables, and the registered actions and object types
are the values and labels the chain has always stored."""

from importlib import import_module

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation

from xinyong.history.choices import Action, ObjectType, action_choices, object_type_choices
from xinyong.history.registry import LiveTable, history_registry
from xinyong.records.models import CreditRecord

from .test_chain import run_verify


def test_a_registered_live_table_is_what_verify_history_checks(monkeypatch, dishonesty):
    assert run_verify("--skip-files")[0] == 0
    probe = LiveTable(position=15, object_type="probe", rows=CreditRecord, snapshot=lambda record: {})
    monkeypatch.setattr(history_registry, "live_tables", [*history_registry.live_tables, probe])

    status, out, err = run_verify("--skip-files")

    assert status == 1
    assert "probe: 1 checked" in out
    assert f"probe {dishonesty.pk}: exists but has no history entry" in err
    # Reported in its position: after the associations, before the records.
    assert out.index("association:") < out.index("probe:") < out.index("record:")


def test_a_table_no_app_registers_is_not_checked(monkeypatch, dishonesty):
    tables = [t for t in history_registry.live_tables if t.object_type != ObjectType.RECORD]
    monkeypatch.setattr(history_registry, "live_tables", tables)
    CreditRecord.objects.filter(pk=dishonesty.pk).update(version=99)  # behind the services' back

    status, out, _ = run_verify("--skip-files")

    assert status == 0 and "record:" not in out


def test_the_tables_are_checked_in_the_order_they_always_were(dishonesty):
    _, out, _ = run_verify("--skip-files")
    names = [line.split(":")[0] for line in out.splitlines() if line.endswith(" checked")]
    assert names == [
        "association",
        "record",
        "evidence",
        "objection",
        "calendar",
        "api_key",
        "user",
        "authority",
        "department",
        "measure",
        "measure_kind",
        "measure_rule",
        "measure_proposal",
    ]


def _migration_choices(field_name: str) -> list[tuple[str, str]]:
    migration = import_module("xinyong.history.migrations.0008_account_actions").Migration
    operation = next(o for o in migration.operations if o.name == field_name)
    return operation.field.choices


@pytest.mark.parametrize(
    ("field_name", "registered"), [("action", action_choices), ("object_type", object_type_choices)]
)
def test_the_registered_choices_are_the_values_and_labels_the_chain_stores(field_name, registered):
    with translation.override("zh-hans"):
        assert sorted((value, str(label)) for value, label in registered()) == sorted(
            _migration_choices(field_name)
        )


def test_members_keep_the_names_code_uses():
    assert Action.RECORD_CREATE == "record.create" and Action.TEXT_CLEAN == "text.clean"
    assert ObjectType.USER == "user" and ObjectType.MEASURE_PROPOSAL == "measure_proposal"
    with pytest.raises(AttributeError):
        Action.NO_SUCH_ACTION  # noqa: B018


def test_a_value_registered_twice_is_refused():
    class Clash(models.TextChoices):
        OTHER = "record.create", "again"

    with pytest.raises(ImproperlyConfigured, match=r"record\.create"):
        history_registry.register_choices(actions=Clash)
    assert Clash not in history_registry.action_enums
