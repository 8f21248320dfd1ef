"""Writes to objections (R-OBJ-1, R-OBJ-2). Each function: authorise → validate → change → history
→ notify, in one transaction; a failure anywhere leaves nothing half-written.

Corrections answering an objection are in ``corrections.py``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.models import Role, User
from xinyong.errors import InvalidState, NotAllowed, StaleVersion
from xinyong.history.choices import HistoryAction
from xinyong.history.services import history_append
from xinyong.notices.services import notify
from xinyong.objections.history_types import Action, ObjectType
from xinyong.records import evidence_files
from xinyong.records.choices import RecordStatus
from xinyong.records.models import CreditRecord
from xinyong.registry.models import BASIC_FIELDS, Association
from xinyong.text import clean_fields, clean_text
from xinyong.workdays.selectors import due_date

from .choices import OPEN_STATUSES, ObjectionStatus
from .models import Objection, ObjectionAttachment, ObjectionItem
from .permissions import can_file_for, ensure_handler
from .snapshots import objection_snapshot

STATEMENT_MIN = 10
STATEMENT_MAX = 5000
EXPLANATION_MIN = 10
MAX_ATTACHMENTS = 10
# Basic-information fields an association may object to: everything it can read about itself
# except the marks' bookkeeping and the authority (not a fact the authority records).
OBJECTABLE_BASIC_FIELDS = tuple(f for f in BASIC_FIELDS if f not in ("authority", "confidential_fields"))


@dataclass(frozen=True)
class Attachment:
    file: BinaryIO
    name: str


# --- the association -----------------------------------------------------------------------------


@transaction.atomic  # plain: also inside load_demo's transaction
def objection_file(
    *,
    actor: User,
    association: Association,
    records: Sequence[CreditRecord] = (),
    basic_fields: Sequence[str] = (),
    statement: str,
    attachments: Sequence[Attachment] = (),
) -> Objection:
    """File an objection with the association's registration authority (R-OBJ-1)."""
    if not can_file_for(actor, association):
        raise NotAllowed(_("只有协会本身的账号可以对其信用信息提出异议。"))
    statement = clean_text(statement, multiline=True)
    errors: dict[str, list[str]] = {}
    if not records and not basic_fields:
        errors.setdefault("items", []).append(_("请至少选择一条有异议的信息。"))
    for record in records:
        if record.association_id != association.pk or record.status != RecordStatus.RECORDED:
            errors.setdefault("items", []).append(
                _("只能对本协会已记录的信用信息提出异议（记录 #%(id)d 不符合）。") % {"id": record.pk}
            )
    for name in basic_fields:
        if name not in OBJECTABLE_BASIC_FIELDS:
            errors.setdefault("items", []).append(_("基本信息中没有“%(name)s”这一项。") % {"name": name})
    if len(statement) < STATEMENT_MIN:
        errors.setdefault("statement", []).append(
            _("请写明异议的理由和事实（至少%(n)d个字）。") % {"n": STATEMENT_MIN}
        )
    elif len(statement) > STATEMENT_MAX:
        errors.setdefault("statement", []).append(_("异议内容不能超过%(n)d个字。") % {"n": STATEMENT_MAX})
    if not attachments:
        errors.setdefault("attachments", []).append(_("请附上支持异议的材料（PDF、PNG、JPG 或 OFD 文件）。"))
    elif len(attachments) > MAX_ATTACHMENTS:
        errors.setdefault("attachments", []).append(_("最多附%(n)d个文件。") % {"n": MAX_ATTACHMENTS})
    if errors:
        raise ValidationError(errors)
    _refuse_double_objection(association, records, basic_fields)

    now = timezone.now()
    received_on = timezone.localdate(now)
    due = due_date(received_on)
    objection = Objection.objects.create(
        association=association,
        authority=association.authority,
        filed_by=actor,
        filed_at=now,
        received_on=received_on,
        statement=statement,
        due_on=due.on,
        due_provisional=due.provisional,
    )
    ObjectionItem.objects.bulk_create(
        [ObjectionItem(objection=objection, record=r) for r in records]
        + [ObjectionItem(objection=objection, basic_field=f) for f in dict.fromkeys(basic_fields)]
    )
    for attachment in attachments:
        try:
            stored = evidence_files.store(attachment.file, name=attachment.name)
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from exc
        ObjectionAttachment.objects.create(
            objection=objection,
            file=stored.path,
            original_name=clean_text(attachment.name)[:255],
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_at=now,
        )
    objection_history(actor, objection, Action.OBJECTION_FILE, None, _("提出异议"))
    notify(
        users=_staff_of(objection),
        subject=_("收到异议 %(number)s：%(name)s") % {"number": objection.number, "name": association.name},
        body=_("%(name)s 对其信用信息提出了异议，请在 %(due)s 前核实并答复。")
        % {"name": association.name, "due": objection.due_on.isoformat()},
        link=reverse("objections:detail", args=[objection.pk]),
    )
    return objection


@transaction.atomic(durable=True)
def objection_withdraw(*, actor: User, objection: Objection, reason: str, expected_version: int) -> Objection:
    objection = lock_objection(objection, expected_version)
    if not can_file_for(actor, objection.association):
        raise NotAllowed(_("只有提出异议的协会可以撤回异议。"))
    if not objection.is_open:
        raise InvalidState(_("该异议已经办结，不能撤回。"))
    reason = clean_text(reason, multiline=True)
    if not reason:
        raise ValidationError({"reason": _("请填写撤回的原因。")})
    before = objection_snapshot(objection)
    objection.status = ObjectionStatus.WITHDRAWN
    objection.withdrawn_at = timezone.now()
    _save(actor, objection, before, Action.OBJECTION_WITHDRAW, reason)
    notify(
        users=_staff_of(objection),
        subject=_("异议 %(number)s 已撤回") % {"number": objection.number},
        body=_("%(name)s 撤回了异议。原因：%(reason)s")
        % {"name": objection.association.name, "reason": reason},
        link=reverse("objections:detail", args=[objection.pk]),
    )
    return objection


# --- the registration authority ------------------------------------------------------------------


@transaction.atomic  # plain: also inside load_demo's transaction
def objection_verify(
    *, actor: User, objection: Objection, expected_version: int, note: str = ""
) -> Objection:
    """Start verification (受理并开始核实)."""
    objection = lock_objection(objection, expected_version)
    ensure_handler(actor, objection)
    if objection.status != ObjectionStatus.SUBMITTED:
        raise InvalidState(_("只有待核实的异议可以开始核实。"))
    before = objection_snapshot(objection)
    objection.status = ObjectionStatus.VERIFYING
    objection.verification_started_at = timezone.now()
    _save(
        actor,
        objection,
        before,
        Action.OBJECTION_VERIFY,
        clean_text(note, multiline=True) or _("已受理，开始核实。"),
    )
    notify(
        users=_association_users(objection),
        subject=_("异议 %(number)s 正在核实") % {"number": objection.number},
        body=_("%(authority)s 已受理您的异议并开始核实，将在 %(due)s 前答复。")
        % {"authority": objection.authority.name, "due": objection.due_on.isoformat()},
        link=reverse("objections:detail", args=[objection.pk]),
    )
    return objection


@transaction.atomic  # plain: also inside load_demo's transaction
def objection_conclude(
    *, actor: User, objection: Objection, outcome: str, explanation: str, expected_version: int
) -> Objection:
    """Close the objection: corrected (at least one correction made) or confirmed (the information
    is right, with a written explanation). Either way the association is told (R-OBJ-2)."""
    objection = lock_objection(objection, expected_version)
    ensure_handler(actor, objection)
    if objection.status != ObjectionStatus.VERIFYING:
        raise InvalidState(_("请先开始核实，再办结异议。"))
    explanation = clean_text(explanation, multiline=True)
    if len(explanation) < EXPLANATION_MIN:
        raise ValidationError(
            {
                "explanation": _("请写明核实的结果和依据（至少%(n)d个字），它将告知协会。")
                % {"n": EXPLANATION_MIN}
            }
        )
    corrected = objection.corrections.exists()
    if outcome == ObjectionStatus.CORRECTED and not corrected:
        raise InvalidState(_("还没有更正任何信息：请先更正，或选择“经核实无误”。"))
    if outcome == ObjectionStatus.CONFIRMED and corrected:
        raise InvalidState(_("已经更正了信息，请选择“已更正”办结。"))
    if outcome not in (ObjectionStatus.CORRECTED, ObjectionStatus.CONFIRMED):
        raise ValidationError({"outcome": _("请选择核实结果。")})
    before = objection_snapshot(objection)
    now = timezone.now()
    objection.status = outcome
    objection.explanation = explanation
    objection.decided_at = now
    objection.decided_on = timezone.localdate(now)
    action = Action.OBJECTION_CORRECT if outcome == ObjectionStatus.CORRECTED else Action.OBJECTION_CONFIRM
    _save(actor, objection, before, action, explanation)
    notify(
        users=_association_users(objection),
        subject=_("异议 %(number)s 已办结：%(outcome)s")
        % {"number": objection.number, "outcome": objection.get_status_display()},
        body=explanation,
        link=reverse("objections:detail", args=[objection.pk]),
    )
    return objection


# --- helpers -------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def objection_clean_text(*, objection: Objection, reason: str) -> list[str]:
    """Remove invisible and control characters from an objection's stored text and attachment
    names (issue 13), as the system: an upgrade step (``xinyong clean_text``). A history entry;
    the version moves on. Returns what changed; a statement left empty is refused."""
    objection = Objection.objects.select_for_update(of=("self",), no_key=True).get(pk=objection.pk)
    before = objection_snapshot(objection)
    changed = clean_fields(objection, {"statement": True, "explanation": True})
    renamed = []
    for attachment in objection.attachments.all():
        if clean_fields(attachment, {"original_name": False}):
            renamed.append(attachment)
    if not changed and not renamed:
        return []
    if not objection.statement or any(not a.original_name for a in renamed):
        raise ValidationError(_("清理不可见字符后为空，请人工处理。"))
    for attachment in renamed:
        attachment.save(update_fields=["original_name"])
    _save(None, objection, before, HistoryAction.TEXT_CLEAN, reason)
    return changed + (["attachments"] if renamed else [])


def _refuse_double_objection(association, records, basic_fields) -> None:
    open_items = ObjectionItem.objects.filter(
        objection__association=association, objection__status__in=OPEN_STATUSES
    )
    clash = (
        open_items.filter(record__in=list(records)).first()
        or open_items.filter(basic_field__in=list(basic_fields)).first()
    )
    if clash:
        raise ValidationError(
            {
                "items": _("所选信息已有未办结的异议（编号 %(number)s），请等待答复或先撤回该异议。")
                % {"number": clash.objection.number}
            }
        )


def lock_objection(objection: Objection, expected_version: int) -> Objection:
    locked = (
        Objection.objects.select_for_update(of=("self",), no_key=True)
        .select_related("association", "authority")
        .get(pk=objection.pk)
    )
    if locked.version != expected_version:
        raise StaleVersion(
            _("该异议已被他人办理（当前版本 %(v)d），请刷新后再操作。") % {"v": locked.version}
        )
    return locked


def _save(actor: User, objection: Objection, before: dict, action: Action, reason: str) -> None:
    objection.version += 1
    objection.save()
    objection_history(actor, objection, action, before, reason)


def objection_history(
    actor: User | None, objection: Objection, action: Action, before: dict | None, reason: str
) -> None:
    history_append(
        actor=actor,
        action=action,
        object_type=ObjectType.OBJECTION,
        object_id=objection.pk,
        association_id=objection.association_id,
        before=before,
        after=objection_snapshot(objection),
        reason=reason,
    )


def _staff_of(objection: Objection):
    return User.objects.filter(role=Role.STAFF, authority_id=objection.authority_id, is_active=True)


def _association_users(objection: Objection):
    return User.objects.filter(role=Role.ASSOCIATION, association_id=objection.association_id, is_active=True)
