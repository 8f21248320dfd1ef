"""Forms for measures, proposals, the catalogue and the rules. The services enforce every rule;
forms only parse what was typed, and show the services' messages at the fields."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import date_field, reason_field, version_field
from xinyong.objections.forms import record_summary
from xinyong.records.choices import Category, Kind
from xinyong.records.models import CreditRecord
from xinyong.registry.models import Department

from .choices import Direction, MeasureState, RuleField
from .models import MeasureKind


def basis_label(record: CreditRecord, *, full: bool) -> str:
    """A record named for choosing it as a basis: kind, date and what it is about. ``full=False``
    (a department) leaves out whatever is marked confidential (R-SEC-1)."""
    if full:
        return record_summary(record)
    marks = record.confidential_fields
    about = "" if {"title", "misconduct"} & set(marks) else (record.title or record.misconduct)
    day = "" if "event_date" in marks else record.event_date.isoformat()
    return " · ".join(str(p) for p in (record.get_kind_display(), day, about) if p)


class BasisChoiceField(forms.ModelMultipleChoiceField):
    full = True

    def label_from_instance(self, record: CreditRecord) -> str:
        return basis_label(record, full=self.full)


class KindChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, kind: MeasureKind) -> str:
        return f"{kind.get_direction_display()} · {kind.name}"


class ApplyForm(forms.Form):
    kind = KindChoiceField(label=_("措施种类"), queryset=MeasureKind.objects.none(), empty_label=None)
    basis_records = BasisChoiceField(
        label=_("依据的信用记录"),
        queryset=None,
        required=False,  # the service's message is the one shown
        widget=forms.CheckboxSelectMultiple,
        help_text=_("至少选择一条。只能选择本协会已记录（非草稿、未撤销）的信用记录。"),
    )
    start_on = date_field(_("起始日期"), required=False)
    end_on = date_field(_("截止日期"), required=False)
    decision_number = forms.CharField(label=_("决定文号（可选）"), required=False, max_length=100)
    reason = forms.CharField(
        label=_("实施理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "required": True}),
        help_text=_("写明依据的事实、政策依据和措施内容；协会将收到通知。"),
    )

    def __init__(self, *args, kinds, records, full_labels: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds
        self.fields["basis_records"].queryset = records
        self.fields["basis_records"].full = full_labels
        for name in ("start_on", "end_on"):
            self.fields[name].widget.attrs["required"] = True


class AssociationPickForm(forms.Form):
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=40,
        help_text=_("输入要实施措施的协会的18位统一社会信用代码。"),
    )


class LiftForm(forms.Form):
    reason = reason_field(label=_("解除理由"))
    version = version_field()


class DismissForm(forms.Form):
    reason = reason_field(label=_("不予采纳的理由"))
    version = version_field()


class MeasureFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部")), *Direction.choices]
    )
    kind = forms.ModelChoiceField(
        label=_("措施种类"), required=False, queryset=MeasureKind.objects.all(), empty_label=_("全部")
    )
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *MeasureState.choices]
    )
    q = forms.CharField(label=_("协会名称或统一社会信用代码"), required=False, max_length=100)


class KindForm(forms.Form):
    code = forms.SlugField(
        label=_("代码"),
        max_length=50,
        help_text=_("英文字母、数字和连字符，例如 restrict-purchase；接口按代码查询，创建后不能修改。"),
    )
    name = forms.CharField(label=_("名称"), max_length=100)
    direction = forms.ChoiceField(label=_("类型"), choices=Direction.choices, widget=forms.RadioSelect)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label=_("政策依据"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    departments = forms.ModelMultipleChoiceField(
        label=_("可实施的相关部门"),
        required=False,
        queryset=Department.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("登记管理机关可对本机关登记的协会实施任何启用的措施；相关部门只能实施在此授权的措施。"),
    )
    reason = reason_field()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name] for name in ("code", "name", "direction", "description", "basis", "active")
        } | {"departments": list(data["departments"])}


def split_values(text: str) -> list[str]:
    """Values typed one per line or separated by commas or 、."""
    return [v.strip() for v in re.split(r"[\n,，、;；]+", text or "") if v.strip()]


class RuleForm(forms.Form):
    code = forms.SlugField(
        label=_("代码"), max_length=50, help_text=_("英文字母、数字和连字符；创建后不能修改。")
    )
    name = forms.CharField(label=_("名称"), max_length=200)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    kind = KindChoiceField(label=_("建议的措施"), queryset=MeasureKind.objects.all())
    duration_days = forms.IntegerField(label=_("建议期限（天）"), min_value=1, initial=365)
    record_kind = forms.ChoiceField(
        label=_("信息类型"), required=False, choices=[("", _("任意")), *Kind.choices]
    )
    record_category = forms.ChoiceField(
        label=_("信息类别"),
        required=False,
        choices=[("", _("任意")), *[c for c in Category.choices if c[0] != Category.BASIC]],
    )
    field = forms.ChoiceField(label=_("字段"), required=False, choices=[("", _("不限")), *RuleField.choices])
    values = forms.CharField(
        label=_("字段取值"),
        required=False,
        help_text=_(
            "字段须为其中之一；多个取值用逗号或顿号分隔。评估等级如 5A，年检结论如 unqualified（不合格）。"
        ),
    )
    require_valid = forms.BooleanField(label=_("仅限仍在有效期内的记录"), required=False)
    within_days = forms.IntegerField(
        label=_("最近天数（可选）"),
        required=False,
        min_value=0,
        help_text=_("只看日期在最近这些天内的记录，例如 365 为一年内。"),
    )
    reason = reason_field()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True

    def service_data(self) -> dict:
        data = self.cleaned_data
        names = ("code", "name", "active", "kind", "duration_days", "record_kind", "record_category", "field")
        return {name: data[name] for name in names} | {
            "values": split_values(data["values"]),
            "require_valid": data["require_valid"],
            "within_days": data["within_days"],
        }
