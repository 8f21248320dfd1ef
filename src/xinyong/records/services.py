"""Writes to credit records and evidence. Each function: authorise → validate → change → history.

Every function runs in one transaction (nestable, so a batch can wrap many calls), so a failure
anywhere leaves nothing half-written.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, TextField
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.models import User
from xinyong.errors import InvalidState, StaleVersion
from xinyong.history.choices import HistoryAction
from xinyong.history.services import history_append, require_reason
from xinyong.records.history_types import Action, ObjectType
from xinyong.registry.choices import Confidentiality
from xinyong.text import clean_fields, clean_text

from . import evidence_files, permissions
from .choices import EvidenceKind, RecordStatus
from .kinds import DATA_COLUMNS, spec_for
from .models import CreditRecord, Evidence
from .snapshots import evidence_snapshot, record_snapshot
from .validation import (
    EvidenceDateError,
    RecordedAtError,
    check_evidence_issued_on,
    check_recorded_at,
    clean_confidential_fields,
    clean_record_data,
)

# Foreign keys set from objects the service already loaded (or locked): re-checking that they exist
# would cost a query each and could not fail.
_LOADED_RELATIONS = ["association", "recorded_by"]


@dataclass(frozen=True)
class EvidenceInput:
    kind: str
    document_number: str
    issuer: str
    issued_on: date | str
    file: BinaryIO
    file_name: str


@transaction.atomic  # plain: also inside load_demo's and bench transactions
def record_create(
    *,
    actor: User,
    association,
    kind: str,
    data: dict[str, Any],
    reason: str,
    evidence: list[EvidenceInput] | tuple[EvidenceInput, ...] = (),
    confidentiality: str = "",
    confidential_fields: dict[str, str] | None = None,
    draft: bool = False,
    recorded_at: datetime | None = None,
) -> CreditRecord:
    """Record credit information for an association (R-ACT-3, R-INF-2..8).

    Without evidence a record can only be a draft (R-EVD-1); a draft is never published.
    ``recorded_at`` is for records brought over from an earlier system: when the authority first
    recorded it there (R-REC-1 timeliness is measured from it). It cannot be in the future or
    before the event; the history entry is still dated now.
    """
    permissions.ensure_can_record_for(actor, association)
    require_reason(reason)
    spec = spec_for(kind)
    record = CreditRecord(
        association=association,
        kind=kind,
        category=spec.category,
        recorded_by_id=actor.authority_id,
        recorded_at=recorded_at or timezone.now(),
        status=RecordStatus.DRAFT if draft else RecordStatus.RECORDED,
        confidentiality=_clean_confidentiality(confidentiality),
        confidential_fields=clean_confidential_fields(kind=kind, marks=confidential_fields),
        **clean_record_data(
            kind=kind, data=data, today=timezone.localdate(), founded_on=association.founded_on
        ),
    )
    _check_recorded_at(record)
    if not draft and not evidence:
        raise ValidationError(_("正式记录必须附有书面证明材料；没有材料时请保存为草稿。"))
    record.full_clean(exclude=_LOADED_RELATIONS)
    record.save(force_insert=True)
    history_append(
        actor=actor,
        action=Action.RECORD_CREATE,
        object_type=ObjectType.RECORD,
        object_id=record.pk,
        association_id=association.pk,
        before=None,
        after=record_snapshot(record),
        reason=reason,
    )
    for item in evidence:
        _add_evidence(actor=actor, record=record, item=item, reason=reason)
    return record


@transaction.atomic  # plain: also inside objection_correct_record and load_demo
def record_modify(
    *,
    actor: User,
    record: CreditRecord,
    changes: dict[str, Any],
    reason: str,
    expected_version: int,
    confidentiality: str | None = None,
    confidential_fields: dict[str, str] | None = None,
) -> CreditRecord:
    """Change a record's data or confidentiality marks (R-REC-2, R-REC-3). A reason is required."""
    record = _lock(record, expected_version)
    permissions.ensure_can_change(actor, record)
    require_reason(reason)
    if record.status == RecordStatus.REVOKED:
        raise InvalidState(_("已撤销的记录不能再修改。"))
    before = record_snapshot(record)
    current = {c: getattr(record, c) for c in spec_for(record.kind).columns}
    cleaned = clean_record_data(
        kind=record.kind,
        data={**current, **changes},
        today=timezone.localdate(),
        founded_on=record.association.founded_on,
    )
    for column, value in cleaned.items():
        setattr(record, column, value)
    if confidentiality is not None:
        record.confidentiality = _clean_confidentiality(confidentiality)
    if confidential_fields is not None:
        record.confidential_fields = clean_confidential_fields(kind=record.kind, marks=confidential_fields)
    if record_snapshot(record) == before:
        raise ValidationError(_("没有任何变更。"))
    return _save_with_history(actor, record, before, Action.RECORD_MODIFY, reason)


@transaction.atomic  # plain: also inside load_demo's transaction
def record_finalize(*, actor: User, record: CreditRecord, reason: str, expected_version: int) -> CreditRecord:
    """Turn a draft into a recorded record; it needs at least one piece of evidence (R-EVD-1)."""
    record = _lock(record, expected_version)
    permissions.ensure_can_change(actor, record)
    require_reason(reason)
    if record.status != RecordStatus.DRAFT:
        raise InvalidState(_("只有草稿可以转为正式记录。"))
    if not record.evidence.filter(revoked=False).exists():
        raise ValidationError(_("正式记录必须附有书面证明材料；请先添加证明材料。"))
    before = record_snapshot(record)
    record.status = RecordStatus.RECORDED
    return _save_with_history(actor, record, before, Action.RECORD_FINALIZE, reason)


@transaction.atomic  # plain: also inside objection_correct_record and load_demo
def record_revoke(*, actor: User, record: CreditRecord, reason: str, expected_version: int) -> CreditRecord:
    """Revoke a record. Nothing is deleted: the record stays stored and in the history (R-REC-3)."""
    record = _lock(record, expected_version)
    permissions.ensure_can_change(actor, record)
    require_reason(reason)
    if record.status == RecordStatus.REVOKED:
        raise InvalidState(_("该记录已经撤销。"))
    before = record_snapshot(record)
    record.status = RecordStatus.REVOKED
    return _save_with_history(actor, record, before, Action.RECORD_REVOKE, reason)


@transaction.atomic  # plain: also inside load_demo's transaction
def evidence_add(*, actor: User, record: CreditRecord, item: EvidenceInput, reason: str) -> Evidence:
    """Attach written evidence to a record (R-EVD-1). Only the recording authority may."""
    record = CreditRecord.objects.select_for_update(no_key=True).get(pk=record.pk)
    permissions.ensure_can_change(actor, record)
    require_reason(reason)
    if record.status == RecordStatus.REVOKED:
        raise InvalidState(_("已撤销的记录不能再添加证明材料。"))
    return _add_evidence(actor=actor, record=record, item=item, reason=reason)


@transaction.atomic(durable=True)
def evidence_revoke(*, actor: User, evidence: Evidence, reason: str) -> Evidence:
    """Withdraw a piece of evidence. A recorded record keeps at least one (R-EVD-1)."""
    record = CreditRecord.objects.select_for_update(no_key=True).get(pk=evidence.record_id)
    evidence = Evidence.objects.get(pk=evidence.pk)
    permissions.ensure_can_change(actor, record)
    require_reason(reason)
    if evidence.revoked:
        raise InvalidState(_("该证明材料已经撤销。"))
    others = record.evidence.filter(revoked=False).exclude(pk=evidence.pk).exists()
    if record.status == RecordStatus.RECORDED and not others:
        raise InvalidState(_("正式记录至少要保留一份证明材料；请先添加新的材料再撤销这一份。"))
    before = evidence_snapshot(evidence)
    evidence.revoked = True
    evidence.save(update_fields=["revoked"])
    history_append(
        actor=actor,
        action=Action.EVIDENCE_REVOKE,
        object_type=ObjectType.EVIDENCE,
        object_id=evidence.pk,
        association_id=record.association_id,
        before=before,
        after=evidence_snapshot(evidence),
        reason=reason,
    )
    return evidence


# Text columns of a record and of evidence: {column: multi-line?}.
RECORD_TEXT = {
    c: isinstance(CreditRecord._meta.get_field(c), TextField)
    for c in DATA_COLUMNS
    if isinstance(CreditRecord._meta.get_field(c), CharField | TextField)
    and not CreditRecord._meta.get_field(c).choices
}
EVIDENCE_TEXT = {"document_number": False, "issuer": False, "original_name": False}


@transaction.atomic(durable=True)
def record_clean_text(*, record: CreditRecord, reason: str) -> list[str]:
    """Remove invisible and control characters from a record's stored text (issue 13), as the
    system: an upgrade step (``xinyong clean_text``). A history entry, the version moves on.
    Returns the columns changed; a required column that would be left empty is refused."""
    record = CreditRecord.objects.select_for_update(of=("self",), no_key=True).get(pk=record.pk)
    before = record_snapshot(record)
    changed = clean_fields(record, RECORD_TEXT)
    if not changed:
        return []
    required = {f.column for f in spec_for(record.kind).fields if f.required}
    emptied = [c for c in changed if not getattr(record, c) and c in required]
    if emptied:
        raise ValidationError({c: _("清理不可见字符后为空，请在表单中改正。") for c in emptied})
    _save_with_history(None, record, before, HistoryAction.TEXT_CLEAN, reason)
    return changed


@transaction.atomic(durable=True)
def evidence_clean_text(*, evidence: Evidence, reason: str) -> list[str]:
    """The same for a piece of evidence (its 文号, issuer and file name)."""
    record_id = Evidence.objects.values_list("record_id", flat=True).get(pk=evidence.pk)
    record = CreditRecord.objects.select_for_update(no_key=True).get(pk=record_id)
    evidence = Evidence.objects.get(pk=evidence.pk)
    before = evidence_snapshot(evidence)
    changed = clean_fields(evidence, EVIDENCE_TEXT)
    if not changed:
        return []
    emptied = [f for f in changed if not getattr(evidence, f)]
    if emptied:
        raise ValidationError({f: _("清理不可见字符后为空，请在表单中改正。") for f in emptied})
    evidence.save(update_fields=changed)
    history_append(
        actor=None,
        action=HistoryAction.TEXT_CLEAN,
        object_type=ObjectType.EVIDENCE,
        object_id=evidence.pk,
        association_id=record.association_id,
        before=before,
        after=evidence_snapshot(evidence),
        reason=reason,
    )
    return changed


def _add_evidence(*, actor: User, record: CreditRecord, item: EvidenceInput, reason: str) -> Evidence:
    if item.kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("证明材料类型无效。")})
    stored = evidence_files.store(item.file, name=item.file_name)
    evidence = Evidence(
        record=record,
        kind=item.kind,
        document_number=clean_text(item.document_number),
        issuer=clean_text(item.issuer),
        issued_on=item.issued_on,
        file=stored.path,
        original_name=clean_text(item.file_name)[:255],
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_at=timezone.now(),
    )
    evidence.full_clean(exclude=["record"])
    try:
        check_evidence_issued_on(evidence.issued_on, today=timezone.localdate())
    except EvidenceDateError as exc:
        raise ValidationError({"issued_on": exc.messages}) from exc
    evidence.save(force_insert=True)
    history_append(
        actor=actor,
        action=Action.EVIDENCE_ADD,
        object_type=ObjectType.EVIDENCE,
        object_id=evidence.pk,
        association_id=record.association_id,
        before=None,
        after=evidence_snapshot(evidence),
        reason=reason,
    )
    return evidence


def _check_recorded_at(record: CreditRecord) -> None:
    try:
        check_recorded_at(record.recorded_at, event_date=record.event_date, now=timezone.now())
    except RecordedAtError as exc:
        raise ValidationError({"recorded_at": exc.messages}) from exc


def _lock(record: CreditRecord, expected_version: int) -> CreditRecord:
    # Lock the record row only, and without the key lock (FOR NO KEY UPDATE): other writers' deferred
    # foreign-key checks at commit take KEY SHARE on the rows they reference, while holding the
    # history lock this transaction waits for. A stronger lock here would deadlock (found by
    # tests/test_concurrency.py on PostgreSQL).
    locked = (
        CreditRecord.objects.select_for_update(of=("self",), no_key=True)
        .select_related("recorded_by", "association")
        .get(pk=record.pk)
    )
    if locked.version != expected_version:
        raise StaleVersion(_("该记录已被他人修改（当前版本 %(v)d），请刷新后重试。") % {"v": locked.version})
    return locked


def _save_with_history(
    actor: User, record: CreditRecord, before: dict, action: Action, reason: str
) -> CreditRecord:
    record.version += 1
    record.full_clean(exclude=_LOADED_RELATIONS)
    record.save()
    history_append(
        actor=actor,
        action=action,
        object_type=ObjectType.RECORD,
        object_id=record.pk,
        association_id=record.association_id,
        before=before,
        after=record_snapshot(record),
        reason=reason,
    )
    return record


def _clean_confidentiality(value: str) -> str:
    if value and value not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("保密标记无效。")})
    return value or ""
