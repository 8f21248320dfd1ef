"""Writes to the catalogue of measure kinds and to the rules (R-MEA-1, R-MEA-2): administrators
only, each change with a reason and a history entry, versions checked like records."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xinyong.accounts.models import User
from xinyong.errors import StaleVersion
from xinyong.history.services import history_append, require_reason
from xinyong.measures.history_types import Action, ObjectType
from xinyong.records.choices import EvaluationGrade, HonourLevel, InspectionConclusion
from xinyong.records.kinds import KINDS
from xinyong.text import clean_text

from .choices import RuleField
from .models import MeasureKind, MeasureRule
from .permissions import ensure_can_manage_catalogue
from .snapshots import kind_snapshot, rule_snapshot

KIND_FIELDS = ("name", "direction", "description", "basis", "active")
RULE_FIELDS = (
    "name",
    "active",
    "kind",
    "duration_days",
    "record_kind",
    "record_category",
    "field",
    "values",
    "require_valid",
    "within_days",
)
# Fields whose stored values are a fixed list: a rule naming any other value could never match.
_CHOICE_VALUES = {
    RuleField.GRADE: EvaluationGrade.values,
    RuleField.CONCLUSION: InspectionConclusion.values,
    RuleField.HONOUR_LEVEL: HonourLevel.values,
}
MAX_DURATION_DAYS = 10 * 366


@transaction.atomic(durable=True)
def measure_kind_create(*, actor: User, data: dict[str, Any], reason: str) -> MeasureKind:
    """Add a kind to the catalogue; ``data`` has code and the KIND_FIELDS, and ``departments``
    (the partner departments granted it)."""
    ensure_can_manage_catalogue(actor)
    require_reason(reason)
    kind = MeasureKind(code=(data.get("code") or "").strip())
    _set_kind_fields(kind, data)
    kind.full_clean()
    kind.save(force_insert=True)
    kind.departments.set(data.get("departments") or [])
    _kind_history(actor, kind, Action.MEASURE_KIND_CREATE, None, reason)
    return kind


@transaction.atomic  # plain: also inside load_demo's transaction
def measure_kind_modify(
    *, actor: User, kind: MeasureKind, changes: dict[str, Any], reason: str, expected_version: int
) -> MeasureKind:
    """Change a kind's name, description, basis, active flag or department grants. Its code is
    what API clients ask for, so it never changes."""
    ensure_can_manage_catalogue(actor)
    kind = _lock(MeasureKind, kind, expected_version)
    require_reason(reason)
    if "code" in changes and changes["code"] != kind.code:
        raise ValidationError({"code": _("措施种类的代码创建后不能修改（接口按代码查询）。")})
    before = kind_snapshot(kind)
    _set_kind_fields(kind, {**{f: getattr(kind, f) for f in KIND_FIELDS}, **changes})
    kind.full_clean()
    if "departments" in changes:
        kind.departments.set(changes["departments"] or [])
    if kind_snapshot(kind) == before:
        raise ValidationError(_("没有任何变更。"))
    kind.version += 1
    kind.save()
    _kind_history(actor, kind, Action.MEASURE_KIND_MODIFY, before, reason)
    return kind


@transaction.atomic(durable=True)
def measure_rule_create(*, actor: User, data: dict[str, Any], reason: str) -> MeasureRule:
    """Add a rule (R-MEA-2); ``data`` has code and the RULE_FIELDS (``kind`` a MeasureKind)."""
    ensure_can_manage_catalogue(actor)
    require_reason(reason)
    rule = MeasureRule(code=(data.get("code") or "").strip())
    _set_rule_fields(rule, data)
    rule.full_clean()
    rule.save(force_insert=True)
    _rule_history(actor, rule, Action.MEASURE_RULE_CREATE, None, reason)
    return rule


@transaction.atomic(durable=True)
def measure_rule_modify(
    *, actor: User, rule: MeasureRule, changes: dict[str, Any], reason: str, expected_version: int
) -> MeasureRule:
    """Change a rule. Proposals it made earlier keep what they were made with."""
    ensure_can_manage_catalogue(actor)
    rule = _lock(MeasureRule, rule, expected_version)
    require_reason(reason)
    if "code" in changes and changes["code"] != rule.code:
        raise ValidationError({"code": _("规则的代码创建后不能修改。")})
    before = rule_snapshot(rule)
    current = {f: getattr(rule, f) for f in RULE_FIELDS}
    _set_rule_fields(rule, {**current, **changes})
    rule.full_clean()
    if rule_snapshot(rule) == before:
        raise ValidationError(_("没有任何变更。"))
    rule.version += 1
    rule.save()
    _rule_history(actor, rule, Action.MEASURE_RULE_MODIFY, before, reason)
    return rule


def _set_kind_fields(kind: MeasureKind, data: dict[str, Any]) -> None:
    for name in KIND_FIELDS:
        value = data.get(name, "" if name != "active" else True)
        setattr(kind, name, clean_text(value, multiline=name != "name") if isinstance(value, str) else value)
    if kind.active is None:
        kind.active = True


def _set_rule_fields(rule: MeasureRule, data: dict[str, Any]) -> None:
    """Set and check the rule's condition: at least a record kind or a category, consistent with
    each other; a field the record kind uses, with at least one value it can take."""
    errors: dict[str, list[str]] = {}
    rule.name = clean_text(data.get("name"))
    rule.active = bool(data.get("active", True))
    kind = data.get("kind")
    if kind is None:
        errors["kind"] = [_("请选择建议的措施种类。")]
    else:
        rule.kind = kind
    duration = data.get("duration_days")
    if not isinstance(duration, int) or not 1 <= duration <= MAX_DURATION_DAYS:
        errors["duration_days"] = [_("建议期限应为1至%(n)d天。") % {"n": MAX_DURATION_DAYS}]
    else:
        rule.duration_days = duration
    rule.record_kind = data.get("record_kind") or ""
    rule.record_category = data.get("record_category") or ""
    rule.field = data.get("field") or ""
    rule.values = [str(v).strip() for v in (data.get("values") or []) if str(v).strip()]
    rule.require_valid = bool(data.get("require_valid"))
    within = data.get("within_days")
    if within is not None and (not isinstance(within, int) or within < 0):
        errors["within_days"] = [_("最近天数应为0或正整数。")]
    else:
        rule.within_days = within
    if not rule.record_kind and not rule.record_category:
        errors["record_kind"] = [_("请至少指定信息类型或信息类别。")]
    spec = KINDS.get(rule.record_kind)
    if spec and rule.record_category and spec.category != rule.record_category:
        errors["record_category"] = [
            _("“%(kind)s”属于%(category)s，与所选类别不一致。")
            % {"kind": spec.kind.label, "category": spec.category.label}
        ]
    if rule.field:
        if spec and rule.field not in spec.columns:
            errors["field"] = [_("“%(kind)s”没有这一字段。") % {"kind": spec.kind.label}]
        if not rule.values:
            errors["values"] = [_("指定了字段，请至少填写一个取值。")]
        allowed = _CHOICE_VALUES.get(rule.field)
        wrong = [v for v in rule.values if allowed is not None and v not in allowed]
        if wrong:
            errors["values"] = [
                _("取值 %(wrong)s 无效；可选：%(allowed)s。")
                % {"wrong": "、".join(wrong), "allowed": "、".join(allowed)}
            ]
    elif rule.values:
        errors["values"] = [_("没有指定字段时不能填写取值。")]
    if errors:
        raise ValidationError(errors)


def _lock(model, obj, expected_version: int):
    locked = model.objects.select_for_update(no_key=True).get(pk=obj.pk)
    if locked.version != expected_version:
        raise StaleVersion(_("已被他人修改（当前版本 %(v)d），请刷新后重试。") % {"v": locked.version})
    return locked


def _kind_history(actor: User, kind: MeasureKind, action: Action, before: dict | None, reason: str) -> None:
    history_append(
        actor=actor,
        action=action,
        object_type=ObjectType.MEASURE_KIND,
        object_id=kind.pk,
        association_id=None,
        before=before,
        after=kind_snapshot(kind),
        reason=reason,
    )


def _rule_history(actor: User, rule: MeasureRule, action: Action, before: dict | None, reason: str) -> None:
    history_append(
        actor=actor,
        action=action,
        object_type=ObjectType.MEASURE_RULE,
        object_id=rule.pk,
        association_id=None,
        before=before,
        after=rule_snapshot(rule),
        reason=reason,
    )
