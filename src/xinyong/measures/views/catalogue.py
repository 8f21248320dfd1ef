"""The catalogue of measure kinds and the rules: everyone in the office reads them, administrators
keep them (R-MEA-1, R-MEA-2)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xinyong.accounts.views import submit
from xinyong.records.choices import Category, Kind
from xinyong.records.models import CreditRecord

from ..catalogue import measure_kind_create, measure_kind_modify, measure_rule_create, measure_rule_modify
from ..choices import RuleField
from ..forms import KindForm, RuleForm
from ..models import MeasureKind, MeasureRule
from ..permissions import can_manage_catalogue
from .common import measures_view, office_only


def _admin_only(user) -> None:
    if not can_manage_catalogue(user):
        raise PermissionDenied(_("只有系统管理员可以维护措施种类和措施规则。"))


@measures_view
def kind_list(request):
    office_only(request.user)
    kinds = MeasureKind.objects.prefetch_related("departments")
    return render(
        request, "measures/kind_list.html", {"kinds": kinds, "can_manage": can_manage_catalogue(request.user)}
    )


@measures_view
def kind_edit(request, pk: int | None = None):
    _admin_only(request.user)
    kind = get_object_or_404(MeasureKind, pk=pk) if pk else None
    initial = None
    if kind is not None:
        initial = {
            f: getattr(kind, f) for f in ("code", "name", "direction", "description", "basis", "active")
        }
        initial |= {"departments": list(kind.departments.all()), "version": kind.version}
    form = KindForm(request.POST or None, initial=initial, editing=kind is not None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = _save(
            request, form, kind, create=measure_kind_create, modify=measure_kind_modify, argument="kind"
        )
        if done is not None:
            messages.success(request, _("措施种类“%(name)s”已保存，并记入修改记录。") % {"name": done.name})
            return redirect("measures:kinds")
    return render(request, "measures/kind_form.html", {"form": form, "kind": kind}, status=status)


@measures_view
def rule_list(request):
    office_only(request.user)
    rules = MeasureRule.objects.select_related("kind")
    return render(
        request,
        "measures/rule_list.html",
        {"rules": [(r, condition_text(r)) for r in rules], "can_manage": can_manage_catalogue(request.user)},
    )


def _save(request, form, entry, *, create, modify, argument: str):
    """Create a catalogue entry (kind or rule) or modify ``entry``; (saved entry or None, status)."""
    if entry is None:
        return submit(
            form, create, actor=request.user, data=form.service_data(), reason=form.cleaned_data["reason"]
        )
    changes = form.service_data()
    changes.pop("code")  # fixed once created: API clients and the seed refer to it
    return submit(
        form,
        modify,
        actor=request.user,
        changes=changes,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"] or 0,
        **{argument: entry},
    )


def condition_text(rule: MeasureRule) -> str:
    """The rule's condition in one sentence, for people."""
    parts = [_("公示中的")]
    if rule.record_kind:
        parts.append(str(Kind(rule.record_kind).label))
    if rule.record_category:
        parts.append(_("（%(category)s）") % {"category": Category(rule.record_category).label})
    if rule.field:
        parts.append(
            _("，%(field)s为 %(values)s")
            % {
                "field": RuleField(rule.field).label,
                "values": pgettext("list separator", "、").join(_display(rule, v) for v in rule.values),
            }
        )
    if rule.require_valid:
        parts.append(_("，仍在有效期内"))
    if rule.within_days is not None:
        parts.append(_("，日期在最近 %(n)d 天内") % {"n": rule.within_days})
    return "".join(str(p) for p in parts)


def _display(rule: MeasureRule, value: str) -> str:
    choices = dict(CreditRecord._meta.get_field(rule.field).flatchoices)
    return str(choices.get(value, value))


@measures_view
def rule_edit(request, pk: int | None = None):
    _admin_only(request.user)
    rule = get_object_or_404(MeasureRule, pk=pk) if pk else None
    initial = None
    if rule is not None:
        names = ("code", "name", "active", "kind", "duration_days", "record_kind", "record_category", "field")
        initial = {f: getattr(rule, f) for f in names}
        initial |= {
            "values": "、".join(rule.values),
            "require_valid": rule.require_valid,
            "within_days": rule.within_days,
            "version": rule.version,
        }
    form = RuleForm(request.POST or None, initial=initial, editing=rule is not None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = _save(
            request, form, rule, create=measure_rule_create, modify=measure_rule_modify, argument="rule"
        )
        if done is not None:
            messages.success(request, _("规则“%(name)s”已保存，并记入修改记录。") % {"name": done.name})
            return redirect("measures:rules")
    return render(request, "measures/rule_form.html", {"form": form, "rule": rule}, status=status)
