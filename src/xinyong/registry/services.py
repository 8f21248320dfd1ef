"""Writes to associations' basic information (R-INF-1). Every change is kept in the history."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.models import User
from xinyong.dates import EARLIEST
from xinyong.errors import NotAllowed, StaleVersion
from xinyong.history.choices import HistoryAction
from xinyong.history.services import history_append, require_reason
from xinyong.registry.history_types import Action, ObjectType
from xinyong.text import clean_fields, clean_text

from .choices import Confidentiality
from .models import BASIC_FIELDS, MASKABLE_FIELDS, Association, Authority, normalize_text
from .permissions import can_register_with
from .search_index import index_name
from .snapshots import association_snapshot
from .uscc import validate_uscc

EDITABLE_FIELDS = tuple(f for f in BASIC_FIELDS if f not in ("authority",))


@transaction.atomic  # plain: also inside load_demo's and bench transactions
def association_create(
    *, actor: User, authority: Authority, data: dict[str, Any], reason: str
) -> Association:
    """Register an association's basic information with the actor's own authority (R-INF-1)."""
    if not can_register_with(actor, authority):
        raise NotAllowed(_("只有该登记管理机关的工作人员可以在此登记协会。"))
    require_reason(reason)
    association = Association(authority=authority)
    _apply(association, data, fields=tuple(data))
    _save(association, force_insert=True)
    index_name(association_id=association.pk, old=None, new=(association.name, association.name_normalized))
    history_append(
        actor=actor,
        action=Action.ASSOCIATION_CREATE,
        object_type=ObjectType.ASSOCIATION,
        object_id=association.pk,
        association_id=association.pk,
        before=None,
        after=association_snapshot(association),
        reason=reason,
    )
    return association


@transaction.atomic  # plain: also inside objection_correct_basic_info and load_demo
def association_modify(
    *, actor: User, association: Association, changes: dict[str, Any], reason: str, expected_version: int
) -> Association:
    """Record a change (变更) of basic information; the old values stay in the history (R-INF-1, R-REC-3)."""
    # FOR NO KEY UPDATE: a FOR UPDATE lock would deadlock with writers whose deferred foreign-key
    # checks on this row run at commit while they hold the history lock (see records._lock).
    association = Association.objects.select_for_update(no_key=True).get(pk=association.pk)
    if not can_register_with(actor, association.authority):
        raise NotAllowed(_("只有该协会的登记管理机关可以变更其基本信息。"))
    if association.version != expected_version:
        raise StaleVersion(
            _("该协会的基本信息已被他人修改（当前版本 %(v)d），请刷新后重试。") % {"v": association.version}
        )
    require_reason(reason)
    before = association_snapshot(association)
    indexed_name = (association.name, association.name_normalized)
    _apply(association, changes, fields=tuple(changes))
    after = association_snapshot(association)
    if {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }:
        raise ValidationError(_("没有任何变更。"))
    association.version += 1
    _save(association)
    index_name(
        association_id=association.pk, old=indexed_name, new=(association.name, association.name_normalized)
    )
    history_append(
        actor=actor,
        action=Action.ASSOCIATION_MODIFY,
        object_type=ObjectType.ASSOCIATION,
        object_id=association.pk,
        association_id=association.pk,
        before=before,
        after=association_snapshot(association),
        reason=reason,
    )
    return association


# Text of basic information: {field: multi-line?} (branches are cleaned part by part).
TEXT_FIELDS = {"name": False, "address": False, "legal_representative": False, "business_scope": True}


@transaction.atomic(durable=True)
def association_clean_text(*, association: Association, reason: str) -> list[str]:
    """Remove invisible and control characters from an association's stored text (issue 13), as
    the system: an upgrade step (``xinyong clean_text``), not something a user does. The change is
    a history entry like any other, the version moves on and the name-search index follows the
    name. Returns the fields changed (none: nothing written). A field that would be left empty is
    refused (ValidationError): someone must correct it on the form."""
    association = Association.objects.select_for_update(no_key=True).get(pk=association.pk)
    before = association_snapshot(association)
    indexed_name = (association.name, association.name_normalized)
    changed = clean_fields(association, TEXT_FIELDS)
    branches = [{k: clean_text(str(v)) for k, v in b.items()} for b in association.branches or []]
    if branches != (association.branches or []):
        association.branches = branches
        changed.append("branches")
    association.name_normalized = normalize_text(association.name)
    if not changed and association.name_normalized == indexed_name[1]:
        return []
    emptied = [f for f in TEXT_FIELDS if f in changed and not getattr(association, f)]
    emptied += ["branches"] if any(not v for b in branches for v in b.values()) else []
    if emptied:
        raise ValidationError({f: _("清理不可见字符后为空，请在表单中改正。") for f in emptied})
    association.version += 1
    association.save()
    index_name(
        association_id=association.pk, old=indexed_name, new=(association.name, association.name_normalized)
    )
    history_append(
        actor=None,
        action=HistoryAction.TEXT_CLEAN,
        object_type=ObjectType.ASSOCIATION,
        object_id=association.pk,
        association_id=association.pk,
        before=before,
        after=association_snapshot(association),
        reason=reason,
    )
    return changed or ["name_normalized"]


def _save(association: Association, **kwargs) -> None:
    """Save; a code taken by a concurrent registration (which the check in _apply could not see)
    becomes the same field error instead of a server error."""
    try:
        with transaction.atomic():
            association.save(**kwargs)
    except IntegrityError as exc:
        if Association.objects.filter(uscc=association.uscc).exclude(pk=association.pk).exists():
            raise ValidationError(
                {"uscc": _("统一社会信用代码 %(code)s 已被使用。") % {"code": association.uscc}}
            ) from exc
        raise


def _apply(association: Association, data: dict[str, Any], *, fields: tuple[str, ...]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("以下字段不能在此修改：%(f)s") % {"f": "、".join(sorted(unknown))})
    for name in fields:
        value = data.get(name)
        setattr(association, name, clean_basic_text(name, value) if isinstance(value, str) else value)
    association.branches = clean_branches(association.branches)
    association.confidential_fields = clean_basic_marks(association.confidential_fields)
    association.full_clean(exclude=["name_normalized", "uscc", "branches", "confidential_fields"])
    # Stored with two decimals; the snapshot must show what the database will hold.
    association.registered_capital = Decimal(association.registered_capital).quantize(Decimal("0.01"))
    association.uscc = _checked_uscc(association)
    association.name_normalized = normalize_text(association.name)
    if association.founded_on > timezone.localdate():
        raise ValidationError({"founded_on": _("成立登记日期不能晚于今天。")})
    if association.founded_on < EARLIEST:
        raise ValidationError({"founded_on": _("成立登记日期不能早于1949年10月1日。")})


def _checked_uscc(association: Association) -> str:
    try:
        code = validate_uscc(association.uscc, registration_type=association.registration_type)
    except ValidationError as exc:
        raise ValidationError({"uscc": exc.messages}) from exc
    clash = Association.objects.filter(uscc=code).exclude(pk=association.pk).first()
    if clash:
        raise ValidationError(
            {"uscc": _("统一社会信用代码 %(code)s 已被“%(name)s”使用。") % {"code": code, "name": clash.name}}
        )
    return code


def clean_branches(branches: Any) -> list[dict[str, str]]:
    """分支（代表）机构情况: a list of {name, address, head}, each part required."""
    if branches in (None, ""):
        return []
    if not isinstance(branches, list):
        raise ValidationError({"branches": _("分支（代表）机构情况格式无效。")})
    cleaned = []
    for n, item in enumerate(branches, start=1):
        row = {k: clean_text(str((item or {}).get(k, ""))) for k in ("name", "address", "head")}
        if not all(row.values()):
            raise ValidationError(
                {"branches": _("第%(n)d个分支（代表）机构的名称、地址、负责人都必须填写。") % {"n": n}}
            )
        cleaned.append(row)
    return cleaned


def clean_basic_text(field: str, value: str) -> str:
    """A text field of basic information as it is stored (``xinyong.text.clean_text``)."""
    return clean_text(value, multiline=isinstance(Association._meta.get_field(field), models.TextField))


def clean_basic_marks(marks: Any) -> dict[str, str]:
    marks = {k: v for k, v in (marks or {}).items() if v}
    for field, mark in marks.items():
        if field not in MASKABLE_FIELDS:
            raise ValidationError({"confidential_fields": _("字段“%(f)s”不能标记保密。") % {"f": field}})
        if mark not in Confidentiality.values:
            raise ValidationError({"confidential_fields": _("保密标记“%(m)s”无效。") % {"m": mark}})
    return marks
