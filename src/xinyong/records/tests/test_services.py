"""Credit records and evidence: R-INF-2..8 validation, R-EVD-1/2, R-REC-3 history, concurrent edits."""

import dataclasses
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinyong.errors import InvalidState, StaleVersion
from xinyong.history.models import HistoryEntry
from xinyong.records import evidence_files, services
from xinyong.records.kinds import KINDS
from xinyong.records.models import CreditRecord, Evidence
from xinyong.testing import factories as f


def counts():
    return CreditRecord.objects.count(), Evidence.objects.count(), HistoryEntry.objects.count()


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_records_with_evidence_and_history(kind, dc_staff, assoc):
    record = f.record(actor=dc_staff, association_obj=assoc, kind=kind)
    assert record.category == KINDS[kind].category
    assert record.recorded_by == dc_staff.authority
    actions = list(HistoryEntry.objects.filter(association_id=assoc.pk).values_list("action", flat=True))
    assert actions[-2:] == ["record.create", "evidence.add"]
    created = HistoryEntry.objects.get(object_type="record", object_id=record.pk)
    for column in KINDS[kind].columns:
        assert column in created.after
    # Columns of other kinds are left empty.
    unused = {"misconduct", "title", "grade"} - set(KINDS[kind].columns)
    assert all(created.after[c] == "" for c in unused)


def test_required_fields_are_all_reported(dc_staff, assoc):
    with pytest.raises(ValidationError) as exc:
        services.record_create(
            actor=dc_staff,
            association=assoc,
            kind="dishonesty",
            data={"event_date": "2024-01-01"},
            reason="r",
            draft=True,
        )
    assert set(exc.value.message_dict) == {"misconduct", "penalty", "legal_basis"}
    assert "“失信行为”为必填项" in exc.value.message_dict["misconduct"][0]


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("annual_inspection", {"conclusion": "excellent"}, "conclusion"),
        ("evaluation", {"grade": "6A"}, "grade"),
        ("evaluation", {"valid_until": date(2020, 1, 1)}, "valid_until"),
        ("honour", {"valid_until": None, "long_term": False}, "valid_until"),
        ("honour", {"long_term": True}, "valid_until"),
        ("annual_inspection", {"inspection_year": 2030}, "inspection_year"),
        ("dishonesty", {"event_date": "2024-02-30"}, "event_date"),
    ],
)
def test_invalid_values_are_refused(kind, data, field, dc_staff, assoc):
    with pytest.raises(ValidationError) as exc:
        f.record(actor=dc_staff, association_obj=assoc, kind=kind, data=data)
    assert field in exc.value.message_dict


def test_event_dates_cannot_be_in_the_future(dc_staff, assoc):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        f.record(actor=dc_staff, association_obj=assoc, data={"event_date": tomorrow})
    assert "不能晚于今天" in exc.value.message_dict["event_date"][0]


def test_long_term_honour_is_valid(dc_staff, assoc):
    record = f.record(
        actor=dc_staff, association_obj=assoc, kind="honour", data={"valid_until": None, "long_term": True}
    )
    assert record.long_term and record.valid_until is None


def test_without_evidence_only_a_draft(dc_staff, assoc):
    before = counts()
    with pytest.raises(ValidationError, match="书面证明材料"):
        f.record(actor=dc_staff, association_obj=assoc, evidence=False)
    assert counts() == before
    draft = f.record(actor=dc_staff, association_obj=assoc, evidence=False, draft=True)
    with pytest.raises(ValidationError, match="请先添加证明材料"):
        services.record_finalize(actor=dc_staff, record=draft, reason="转正", expected_version=1)
    services.evidence_add(actor=dc_staff, record=draft, item=f.evidence_input(), reason="补充材料")
    done = services.record_finalize(actor=dc_staff, record=draft, reason="转正", expected_version=1)
    assert done.status == "recorded" and done.version == 2
    assert (
        HistoryEntry.objects.filter(object_id=draft.pk, object_type="record").last().action
        == "record.finalize"
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"hello", "证明.exe", "类型不支持"),
        (b"", "empty.pdf", "空文件"),
        (b"not really a pdf", "fake.pdf", "不是有效的 PDF"),
        (b"\x89PNG\r\n\x1a\n....", "photo.jpg", "不是有效的 JPG"),
        (b"PK\x03\x04garbage", "doc.ofd", "不是有效的 OFD"),
    ],
)
def test_bad_evidence_is_refused_with_a_clear_error_and_nothing_written(
    content, name, message, dc_staff, assoc
):
    before = counts()
    with pytest.raises(ValidationError, match=message):
        services.record_create(
            actor=dc_staff,
            association=assoc,
            kind="dishonesty",
            data=f.sample_data("dishonesty"),
            reason="记录",
            evidence=[f.evidence_input(content=content, name=name)],
        )
    assert counts() == before


def test_oversized_evidence_is_refused(settings, dc_staff, dishonesty):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="超过大小上限"):
        services.evidence_add(
            actor=dc_staff,
            record=dishonesty,
            item=f.evidence_input(content=f.MINIMAL_PDF + b"0" * 2000),
            reason="补充",
        )
    assert dishonesty.evidence.count() == 1


def test_evidence_is_stored_with_checksum_and_changes_are_detected(dishonesty):
    evidence = dishonesty.evidence.get()
    assert evidence_files.file_matches(evidence.file, evidence.sha256)
    evidence_files.absolute_path(evidence.file).write_bytes(f.MINIMAL_PDF + b"%tampered")
    assert not evidence_files.file_matches(evidence.file, evidence.sha256)


def test_modify_keeps_before_after_and_reason(dc_staff, dishonesty):
    services.record_modify(
        actor=dc_staff,
        record=dishonesty,
        changes={"penalty": "警告并责令改正"},
        confidential_fields={"legal_basis": "legally_withheld"},
        reason="依据复核结果更正",
        expected_version=1,
    )
    entry = HistoryEntry.objects.filter(object_type="record", object_id=dishonesty.pk).last()
    assert (entry.action, entry.reason) == ("record.modify", "依据复核结果更正")
    assert entry.before["penalty"] == "警告" and entry.after["penalty"] == "警告并责令改正"
    assert entry.after["confidential_fields"] == {"legal_basis": "legally_withheld"}
    assert entry.after["version"] == 2


def test_concurrent_edit_is_refused_and_loses_nothing(dc_staff, dishonesty):
    services.record_modify(
        actor=dc_staff, record=dishonesty, changes={"penalty": "A"}, reason="一", expected_version=1
    )
    with pytest.raises(StaleVersion):
        services.record_modify(
            actor=dc_staff, record=dishonesty, changes={"penalty": "B"}, reason="二", expected_version=1
        )
    dishonesty.refresh_from_db()
    assert dishonesty.penalty == "A"
    modifications = HistoryEntry.objects.filter(object_id=dishonesty.pk, action="record.modify")
    assert list(modifications.values_list("reason", flat=True)) == ["一"]


def test_revoke_keeps_the_record_and_blocks_further_changes(dc_staff, dishonesty):
    services.record_revoke(actor=dc_staff, record=dishonesty, reason="处罚决定被撤销", expected_version=1)
    dishonesty.refresh_from_db()
    assert dishonesty.status == "revoked" and CreditRecord.objects.filter(pk=dishonesty.pk).exists()
    entry = HistoryEntry.objects.filter(object_type="record", object_id=dishonesty.pk).last()
    assert (entry.action, entry.reason) == ("record.revoke", "处罚决定被撤销")
    assert (entry.before["status"], entry.after["status"]) == ("recorded", "revoked")
    with pytest.raises(InvalidState):
        services.record_modify(
            actor=dc_staff, record=dishonesty, changes={"penalty": "x"}, reason="r", expected_version=2
        )
    with pytest.raises(InvalidState):
        services.record_revoke(actor=dc_staff, record=dishonesty, reason="again", expected_version=2)


def test_last_evidence_of_a_recorded_record_stays(dc_staff, dishonesty):
    only = dishonesty.evidence.get()
    with pytest.raises(InvalidState):
        services.evidence_revoke(actor=dc_staff, evidence=only, reason="材料有误")
    services.evidence_add(
        actor=dc_staff, record=dishonesty, item=f.evidence_input(name="新.pdf"), reason="更换材料"
    )
    services.evidence_revoke(actor=dc_staff, evidence=only, reason="材料有误")
    only.refresh_from_db()
    assert only.revoked
    assert (
        HistoryEntry.objects.filter(object_type="evidence", object_id=only.pk).last().action
        == "evidence.revoke"
    )


def test_reason_is_required(dc_staff, dishonesty):
    with pytest.raises(ValidationError, match="请填写原因"):
        services.record_revoke(actor=dc_staff, record=dishonesty, reason="  ", expected_version=1)
    dishonesty.refresh_from_db()
    assert dishonesty.status == "recorded"


def test_a_change_that_changes_nothing_is_refused(dc_staff, dishonesty):
    with pytest.raises(ValidationError, match="没有任何变更"):
        services.record_modify(
            actor=dc_staff, record=dishonesty, changes={"penalty": "警告"}, reason="r", expected_version=1
        )
    assert HistoryEntry.objects.filter(object_type="record", object_id=dishonesty.pk).count() == 1


def test_honour_validity_cannot_end_before_it_was_granted(dc_staff, assoc):
    granted = timezone.localdate() - timedelta(days=100)
    with pytest.raises(ValidationError) as exc:
        f.record(
            actor=dc_staff,
            association_obj=assoc,
            kind="honour",
            data={"event_date": granted, "valid_until": granted - timedelta(days=1)},
        )
    assert "有效期不能早于“荣誉授予日期”" in exc.value.message_dict["valid_until"][0]


def test_events_cannot_predate_the_association(dc_staff, assoc):
    before = assoc.founded_on - timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        f.record(actor=dc_staff, association_obj=assoc, data={"event_date": before})
    assert "成立登记日期" in exc.value.message_dict["event_date"][0]
    with pytest.raises(ValidationError, match="1949年10月1日"):
        services.evidence_add(
            actor=dc_staff,
            record=f.record(actor=dc_staff, association_obj=assoc),
            item=dataclasses.replace(f.evidence_input(), issued_on="1900-01-01"),
            reason="补充",
        )


def test_the_long_term_flag_cannot_be_marked_confidential(dc_staff, assoc):
    with pytest.raises(ValidationError, match="不能标记保密"):
        f.record(
            actor=dc_staff,
            association_obj=assoc,
            kind="honour",
            data={"valid_until": None, "long_term": True},
            confidential_fields={"long_term": "state_secret"},
        )
