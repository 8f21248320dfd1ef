"""Corrections answering an objection (R-OBJ-2).

They are made through the normal services (``record_modify``, ``record_revoke``,
``association_modify``) inside the objection's transaction; each correction's history entry is
linked to the objection (``ObjectionCorrection``), and the closing entry lists them, so the chain
itself says which changes answered which objection.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xinyong.accounts.models import User
from xinyong.errors import InvalidState
from xinyong.history.models import HistoryEntry
from xinyong.objections.history_types import Action, ObjectType
from xinyong.records.history_types import ObjectType as RecordObjectType
from xinyong.records.models import CreditRecord
from xinyong.records.services import record_modify, record_revoke
from xinyong.registry.history_types import ObjectType as RegistryObjectType
from xinyong.registry.models import Association
from xinyong.registry.services import association_modify
from xinyong.text import clean_text

from .choices import ObjectionStatus
from .models import Objection, ObjectionCorrection
from .permissions import ensure_handler
from .services import lock_objection, objection_history
from .snapshots import objection_snapshot


@transaction.atomic(durable=True)
def objection_correct_record(
    *,
    actor: User,
    objection: Objection,
    record: CreditRecord,
    reason: str,
    expected_version: int,
    changes: dict[str, Any] | None = None,
    revoke: bool = False,
    confidentiality: str | None = None,
    confidential_fields: dict[str, str] | None = None,
) -> HistoryEntry:
    """Correct (modify, or revoke) a record named in the objection, through the normal service;
    the correction is linked to the objection. ``expected_version`` is the record's."""
    objection = _lock_open_for_correction(actor, objection)
    if not objection.items.filter(record=record).exists():
        raise InvalidState(_("该记录不在这项异议的范围内。"))
    reason = _correction_reason(objection, reason)
    if revoke:
        record_revoke(actor=actor, record=record, reason=reason, expected_version=expected_version)
    else:
        record_modify(
            actor=actor,
            record=record,
            changes=changes or {},
            reason=reason,
            expected_version=expected_version,
            confidentiality=confidentiality,
            confidential_fields=confidential_fields,
        )
    return _link_last_entry(objection, RecordObjectType.RECORD, record.pk)


@transaction.atomic(durable=True)
def objection_correct_basic_info(
    *,
    actor: User,
    objection: Objection,
    changes: dict[str, Any],
    reason: str,
    expected_version: int,
    association: Association | None = None,
) -> HistoryEntry:
    """Correct the association's basic information (变更) in answer to the objection."""
    objection = _lock_open_for_correction(actor, objection)
    if association is not None and association.pk != objection.association_id:
        raise InvalidState(_("这项异议不是针对该协会的。"))
    if not objection.items.exclude(basic_field="").exists():
        raise InvalidState(_("这项异议没有涉及基本信息。"))
    association_modify(
        actor=actor,
        association=objection.association,
        changes=changes,
        reason=_correction_reason(objection, reason),
        expected_version=expected_version,
    )
    return _link_last_entry(objection, RegistryObjectType.ASSOCIATION, objection.association_id)


def _lock_open_for_correction(actor: User, objection: Objection) -> Objection:
    # The objection's version is not checked: corrections do not change the objection itself.
    locked = lock_objection(
        objection, Objection.objects.values_list("version", flat=True).get(pk=objection.pk)
    )
    ensure_handler(actor, locked)
    if locked.status != ObjectionStatus.VERIFYING:
        raise InvalidState(_("只有核实中的异议可以据此更正信息；请先开始核实。"))
    return locked


def _correction_reason(objection: Objection, reason: str) -> str:
    reason = clean_text(reason, multiline=True)
    if not reason:
        raise ValidationError({"reason": _("请填写原因。")})
    return _("依异议 %(number)s 更正：%(reason)s") % {"number": objection.number, "reason": reason}


def _link_last_entry(objection: Objection, object_type: ObjectType, object_id: int) -> HistoryEntry:
    """Link the correction just made; the objection's own entry lists it, so the link is in the chain."""
    entry = HistoryEntry.objects.filter(object_type=object_type, object_id=object_id).latest("id")
    before = objection_snapshot(objection)
    ObjectionCorrection.objects.create(objection=objection, entry=entry)
    objection_history(
        entry.actor, objection, Action.OBJECTION_CORRECTION, before, _("修改记录 #%(id)d") % {"id": entry.pk}
    )
    return entry
