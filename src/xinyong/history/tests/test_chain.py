"""R-REC-3..5: the append-only, tamper-evident change log and the state at a past moment."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import state_as_of, verify_chain
from xinyong.records import evidence_files, services
from xinyong.records.models import CreditRecord

TABLE = HistoryEntry._meta.db_table


def run_verify(*args):
    """Run verify_history; return (exit status, stdout, stderr)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_history", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def bypass_triggers():
    """Remove the append-only triggers inside the test's transaction (rolled back afterwards),
    the way someone with direct database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks must run first, or PostgreSQL refuses the ALTER.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER history_no_update_delete")
        else:
            cursor.execute("DROP TRIGGER history_no_update")
            cursor.execute("DROP TRIGGER history_no_delete")


@pytest.fixture
def chain(dc_staff, dishonesty):
    services.record_modify(
        actor=dc_staff, record=dishonesty, changes={"penalty": "罚款"}, reason="更正", expected_version=1
    )
    return list(HistoryEntry.objects.order_by("id"))


@pytest.mark.parametrize(
    "sql",
    [f"UPDATE {TABLE} SET reason = 'rewritten' WHERE id = %s", f"DELETE FROM {TABLE} WHERE id = %s"],
    ids=["update", "delete"],
)
def test_database_refuses_update_and_delete(chain, sql):
    target = chain[1].pk
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [target])
    assert HistoryEntry.objects.get(pk=target).reason == chain[1].reason


def test_orm_delete_and_update_are_refused_too(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        HistoryEntry.objects.filter(pk=chain[0].pk).update(reason="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        HistoryEntry.objects.all().delete()
    assert HistoryEntry.objects.count() == len(chain)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncate_is_refused_on_postgresql(chain):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} CASCADE")
    assert HistoryEntry.objects.count() == len(chain)


def test_intact_chain_verifies(chain):
    assert list(verify_chain()) == []
    status, out, _ = run_verify()
    assert status == 0 and "verify_history: OK" in out
    assert f"head #{chain[-1].pk}" in out


def test_entry_altered_behind_the_triggers_is_named(chain):
    bypass_triggers()
    victim = chain[2]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["改写的原因", victim.pk])
    problems = list(verify_chain())
    assert [p.entry_id for p in problems] == [victim.pk]
    status, _, err = run_verify("--chain-only")
    assert status == 1 and f"FIRST BAD ENTRY: #{victim.pk}" in err


def test_rehashing_an_altered_entry_still_breaks_the_link(chain):
    from xinyong.history.chain import entry_hash

    bypass_triggers()
    victim = chain[1]
    row = HistoryEntry.objects.filter(pk=victim.pk).values().get()
    row["reason"] = "伪造"
    forged = entry_hash(row["prev_hash"], row)
    HistoryEntry.objects.filter(pk=victim.pk).update(reason="伪造", hash=forged)
    assert [p.entry_id for p in verify_chain()] == [chain[2].pk]


def test_removed_entry_is_found(chain):
    bypass_triggers()
    HistoryEntry.objects.filter(pk=chain[1].pk).delete()
    problems = list(verify_chain())
    assert problems and problems[0].entry_id == chain[2].pk


def test_record_changed_behind_the_services_is_found(chain, dishonesty):
    CreditRecord.objects.filter(pk=dishonesty.pk).update(penalty="悄悄改掉")
    status, _, err = run_verify("--skip-files")
    assert status == 1
    assert f"record {dishonesty.pk}: differs from its last history entry in penalty" in err


def test_changed_evidence_file_is_found(chain, dishonesty):
    evidence = dishonesty.evidence.get()
    evidence_files.absolute_path(evidence.file).write_bytes(b"%PDF-1.4 replaced")
    status, _, err = run_verify()
    assert status == 1 and f"evidence {evidence.pk}: file" in err


def test_record_as_it_stood_at_a_past_moment(dc_staff, dishonesty):
    created = HistoryEntry.objects.get(object_type="record", object_id=dishonesty.pk, action="record.create")
    services.record_modify(
        actor=dc_staff, record=dishonesty, changes={"penalty": "罚款"}, reason="更正", expected_version=1
    )
    modified = HistoryEntry.objects.filter(object_type="record", object_id=dishonesty.pk).last()
    assert (
        state_as_of(object_type="record", object_id=dishonesty.pk, at=created.created_at)["penalty"] == "警告"
    )
    assert (
        state_as_of(object_type="record", object_id=dishonesty.pk, at=modified.created_at)["penalty"]
        == "罚款"
    )
    before_any = created.created_at - timedelta(microseconds=1)
    assert state_as_of(object_type="record", object_id=dishonesty.pk, at=before_any) is None
    assert state_as_of(object_type="record", object_id=dishonesty.pk, at=timezone.now())["version"] == 2


def test_entries_hold_actor_authority_and_reason(chain, dc_staff):
    entry = chain[-1]
    assert entry.actor_id == dc_staff.pk and entry.actor_name == "dc-staff"
    assert entry.authority_name == "北京市东城区民政局"
    assert entry.prev_hash == chain[-2].hash


def test_history_needs_the_service_transaction():
    from xinyong.history.services import history_append

    # No database marker: outside any transaction, the writer refuses before touching the database.
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        history_append(
            actor=None,
            action="record.create",
            object_type="record",
            object_id=1,
            association_id=None,
            before=None,
            after={},
            reason="x",
        )


def test_a_second_writer_cannot_fork_the_chain(chain):
    duplicate = HistoryEntry(
        **{
            k: getattr(chain[-1], k)
            for k in ("created_at", "actor_name", "action", "object_type", "object_id", "reason")
        }
    )
    duplicate.prev_hash = chain[-1].prev_hash
    duplicate.hash = "f" * 64
    with pytest.raises(DatabaseError), transaction.atomic():
        duplicate.save()
    assert list(verify_chain()) == []


def test_association_and_evidence_rows_changed_behind_the_services_are_found(chain, dishonesty):
    from xinyong.records.models import Evidence
    from xinyong.registry.models import Association

    # Hiding an association from public search by rewriting its index column is found too.
    Association.objects.filter(pk=dishonesty.association_id).update(name_normalized="别的名字")
    Evidence.objects.filter(record=dishonesty).update(document_number="伪造文号")
    status, _, err = run_verify("--skip-files")
    assert status == 1
    assert (
        f"association {dishonesty.association_id}: differs from its last history entry in name_normalized"
        in err
    )
    evidence = dishonesty.evidence.get()
    assert f"evidence {evidence.pk}: differs from its last history entry in document_number" in err


def test_rows_missing_on_either_side_are_named_while_walking_in_id_order(chain, dc_staff, assoc, dishonesty):
    """verify_history walks each table beside its snapshots (flat memory): a row deleted behind the
    services and a row whose history was deleted are both named, and the rows around them pass."""
    from xinyong.records.models import Evidence
    from xinyong.testing import factories as f

    first, middle, last = (
        f.record(actor=dc_staff, association_obj=assoc, data={"misconduct": f"第{n}条"}) for n in range(3)
    )
    Evidence.objects.filter(record=middle).delete()
    CreditRecord.objects.filter(pk=middle.pk).delete()
    bypass_triggers()
    HistoryEntry.objects.filter(object_type="record", object_id=last.pk).delete()
    status, out, err = run_verify("--skip-files")
    assert status == 1
    assert f"record {middle.pk}: in the history but missing from the database" in err
    assert f"record {last.pk}: exists but has no history entry" in err
    assert f"record {first.pk}:" not in err
    assert f"record {dishonesty.pk}:" not in err
    assert "record: 3 checked" in out  # dishonesty, first and last
