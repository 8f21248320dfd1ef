"""Applying a batch: all or nothing, idempotent, in the history chain (R-EXC-1, R-REC-3, R-REC-4)."""

import pytest
from django.db import connection

from xinyong.disclosure.selectors import public_record, public_record_data
from xinyong.exchange import apply as apply_module
from xinyong.exchange.choices import BatchStatus
from xinyong.exchange.models import ImportBatch
from xinyong.history.choices import Action
from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import verify_chain
from xinyong.opendata.models import PublicationChange, PublishedState
from xinyong.opendata.services import canonical, digest
from xinyong.records.choices import RecordStatus
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.services import record_modify, record_revoke, record_snapshot
from xinyong.testing import factories as f

from .conftest import verify
from .helpers import csv_bytes, deliver, row, staff_import


def test_a_department_delivery_is_recorded_by_the_associations_authority(department, assoc, dongcheng):
    before = HistoryEntry.objects.count()
    outcome = deliver(department, csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2)]), name="评价结果.csv")
    batch = outcome.batch
    assert (outcome.status, outcome.created, outcome.present) == (BatchStatus.APPLIED, 2, 0)
    records = list(CreditRecord.objects.filter(import_batch=batch).order_by("pk"))
    assert {r.recorded_by_id for r in records} == {dongcheng.pk}
    assert {r.status for r in records} == {RecordStatus.RECORDED}
    assert records[0].kind == "purchased_service" and records[0].category == "performance"
    entries = list(
        HistoryEntry.objects.filter(pk__gt=before).order_by("pk")
        if before
        else HistoryEntry.objects.order_by("pk")
    )
    entries = [e for e in entries if e.object_type in ("record", "evidence")]
    assert [(e.action, e.object_id) for e in entries] == [
        (Action.RECORD_CREATE, records[0].pk),
        (Action.EVIDENCE_ADD, records[0].evidence.get().pk),
        (Action.RECORD_CREATE, records[1].pk),
        (Action.EVIDENCE_ADD, records[1].evidence.get().pk),
    ]
    first = entries[0]
    assert first.actor_id is None
    assert first.actor_name == "北京市财政局（test key）"
    assert (first.authority_id, first.authority_name) == (dongcheng.pk, dongcheng.name)
    assert first.reason == (
        f"相关部门报送：北京市财政局（test key）；批次 #{batch.pk}，文件“评价结果.csv”，"
        f"SHA-256 {batch.sha256}，第 2 行"
    )
    assert first.after == record_snapshot(records[0]) and first.after["import_batch"] == batch.pk
    # The delivered file is the evidence, stored once, content-addressed, with the batch's checksum.
    evidence = records[0].evidence.get()
    assert (evidence.sha256, evidence.content_type, evidence.original_name) == (
        batch.sha256,
        "text/csv",
        "评价结果.csv",
    )
    assert evidence.document_number == "京财评〔2025〕1号" and evidence.kind == "other"
    assert verify()[0] == 0


def test_history_verifies_after_imports_and_later_changes(department, assoc, dc_staff):
    f.record(actor=dc_staff, association_obj=assoc, kind="honour")
    deliver(department, csv_bytes([row(assoc.uscc, n) for n in range(1, 6)]))
    record = CreditRecord.objects.filter(import_batch__isnull=False).first()
    # Only the recording authority changes an imported record (R-REC-2), through the services.
    record = record_modify(
        actor=dc_staff,
        record=record,
        changes={"performance_evaluation": "良好"},
        reason="更正",
        expected_version=1,
    )
    record_revoke(actor=dc_staff, record=record, reason="重复", expected_version=2)
    f.record(actor=dc_staff, association_obj=assoc, kind="dishonesty")
    code, out, err = verify()
    assert code == 0, err
    assert "record: 7 checked" in out and "evidence: 7 checked" in out
    assert list(verify_chain()) == []


def test_history_verification_notices_a_changed_imported_record(department, assoc):
    deliver(department, csv_bytes([row(assoc.uscc, 1)]))
    CreditRecord.objects.update(import_batch=None)  # behind the services' back
    code, _out, err = verify()
    assert code == 1
    assert "differs from its last history entry in import_batch" in err


def test_resending_the_same_file_creates_nothing(department, assoc):
    content = csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2)])
    first = deliver(department, content)
    counts = (CreditRecord.objects.count(), Evidence.objects.count(), HistoryEntry.objects.count())
    again = deliver(department, content, name="renamed.csv")
    assert again.duplicate and again.batch == first.batch
    assert (CreditRecord.objects.count(), Evidence.objects.count(), HistoryEntry.objects.count()) == counts
    assert ImportBatch.objects.count() == 1


def test_rows_sent_before_are_already_present(department, assoc):
    deliver(department, csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2)]))
    # Another file (another checksum) that repeats both rows, written a little differently.
    outcome = deliver(
        department,
        csv_bytes([row(assoc.uscc, 2, title=" 社区养老服务项目２ "), row(assoc.uscc, 3), row(assoc.uscc, 1)]),
    )
    assert (outcome.status, outcome.created, outcome.present) == (BatchStatus.APPLIED, 1, 2)
    assert CreditRecord.objects.count() == 3
    assert verify()[0] == 0


def test_a_repeated_row_with_other_content_is_refused(department, assoc):
    first = deliver(department, csv_bytes([row(assoc.uscc, 1)]))
    outcome = deliver(department, csv_bytes([row(assoc.uscc, 1, evaluation="不合格"), row(assoc.uscc, 2)]))
    assert outcome.status == BatchStatus.REJECTED
    record = CreditRecord.objects.get(import_batch=first.batch)
    assert outcome.preview[0]["row"] == 2
    assert f"信用记录 #{record.pk}" in outcome.preview[0]["message"]
    assert CreditRecord.objects.count() == 1


def test_a_revoked_imported_record_is_not_brought_back(department, assoc, dc_staff):
    first = deliver(department, csv_bytes([row(assoc.uscc, 1)]))
    record = CreditRecord.objects.get(import_batch=first.batch)
    record_revoke(actor=dc_staff, record=record, reason="撤销", expected_version=1)
    outcome = deliver(department, csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2)]))
    assert (outcome.created, outcome.present) == (1, 1)
    assert CreditRecord.objects.get(pk=record.pk).status == RecordStatus.REVOKED


def test_a_crash_mid_import_leaves_nothing(department, assoc, monkeypatch):
    history = HistoryEntry.objects.count()
    calls = []
    original = apply_module.Inserter.insert

    def crash_on_second_chunk(self, rows):
        if self.model is Evidence:
            calls.append(len(rows))
            if len(calls) == 2:
                raise RuntimeError("disk full")
        return original(self, rows)

    monkeypatch.setattr(apply_module.Inserter, "insert", crash_on_second_chunk)
    rows = [row(assoc.uscc, n) for n in range(3000)]  # two chunks of 2000 and 1000
    with pytest.raises(RuntimeError, match="disk full"):
        deliver(department, csv_bytes(rows))
    assert calls == [2000, 1000]
    assert not CreditRecord.objects.exists() and not Evidence.objects.exists()
    assert HistoryEntry.objects.count() == history
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED
    assert "没有写入任何数据" in batch.message
    monkeypatch.undo()
    # The same file can be sent again and goes in whole.
    again = deliver(department, csv_bytes(rows))
    assert (again.status, again.created, again.duplicate) == (BatchStatus.APPLIED, 3000, False)
    assert verify()[0] == 0


def test_a_crash_while_validating_marks_the_batch_failed(department, assoc, monkeypatch):
    from xinyong.exchange import run

    def crash(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(run.BatchRun, "_check_rows", crash)
    with pytest.raises(RuntimeError, match="out of memory"):
        deliver(department, csv_bytes([row(assoc.uscc, 1)]))
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED and "没有写入任何数据" in batch.message
    assert not CreditRecord.objects.exists()


def test_a_dry_run_writes_nothing(department, assoc, tmp_path):
    history = HistoryEntry.objects.count()
    report = tmp_path / "r.csv"
    ok = deliver(department, csv_bytes([row(assoc.uscc, 1)]), dry_run=True, report_to=report)
    assert (ok.status, ok.batch, ok.error_count) == (BatchStatus.RECEIVED, None, 0)
    bad = deliver(department, csv_bytes([row("x", 1)]), dry_run=True, report_to=report)
    assert bad.error_count == 1 and bad.report == report
    assert "统一社会信用代码应为18位" in report.read_text(encoding="utf-8-sig")
    assert not ImportBatch.objects.exists() and not CreditRecord.objects.exists()
    assert HistoryEntry.objects.count() == history


def test_staff_import_with_an_evidence_document(dc_staff, assoc):
    outcome = staff_import(
        dc_staff,
        csv_bytes([row(assoc.uscc, 1)]),
        kind="purchased_service",
        evidence=True,
        reason="迁移原有记录",
    )
    assert outcome.status == BatchStatus.APPLIED, outcome.preview
    record = CreditRecord.objects.get()
    evidence = record.evidence.get()
    assert (evidence.content_type, evidence.original_name) == ("application/pdf", "证明.pdf")
    entry = HistoryEntry.objects.filter(object_type="record", object_id=record.pk).get()
    assert (entry.actor_id, entry.authority_id) == (dc_staff.pk, dc_staff.authority_id)
    assert entry.reason.startswith("迁移原有记录；批次 #")
    assert outcome.batch.authority_id == dc_staff.authority_id and outcome.batch.submitted_by == dc_staff
    assert verify()[0] == 0


def test_the_same_file_from_two_clerks_of_one_authority_is_one_batch(dc_staff, dongcheng, assoc):
    other_clerk = f.staff(dongcheng)
    content = csv_bytes([row(assoc.uscc, 1)])
    first = staff_import(dc_staff, content, kind="purchased_service")
    again = staff_import(other_clerk, content, kind="purchased_service")
    assert again.duplicate and again.batch == first.batch


def test_imported_records_enter_the_publication_feed(department, assoc):
    before = PublicationChange.objects.filter(subject="record").count()
    deliver(department, csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2)]))
    changes = list(PublicationChange.objects.filter(subject="record").order_by("id")[before:])
    imported = CreditRecord.objects.filter(import_batch__isnull=False).order_by("pk")
    # The batch's set-based sync gives each record the public form the public pages show.
    assert [(c.object_id, c.change, c.association_uscc) for c in changes] == [
        (r.pk, "published", assoc.uscc) for r in imported
    ]
    states = PublishedState.objects.filter(subject="record", object_id__in=[r.pk for r in imported])
    assert sorted(states.values_list("object_id", "digest")) == [
        (r.pk, digest(canonical(public_record_data(public_record(r))))) for r in imported
    ]
    assert set(PublishedState.objects.filter(subject="record").values_list("object_id", flat=True)) >= {
        r.pk for r in imported
    }


def test_the_chain_stays_in_id_order_with_later_writers(department, assoc, dc_staff):
    deliver(department, csv_bytes([row(assoc.uscc, n) for n in range(1, 4)]))
    f.record(actor=dc_staff, association_obj=assoc)
    deliver(department, csv_bytes([row(assoc.uscc, n) for n in range(4, 6)]))
    ids = list(HistoryEntry.objects.order_by("created_at", "id").values_list("id", flat=True))
    assert ids == sorted(ids)
    assert list(verify_chain()) == []
    if connection.vendor == "postgresql":
        # Later default ids continue after the explicitly allocated ones.
        assert f.record(actor=dc_staff, association_obj=assoc).pk > CreditRecord.objects.order_by("-pk")[1].pk
