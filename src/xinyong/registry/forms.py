"""Forms for an association's 基本信息 (R-INF-1): registration and 变更."""

from collections.abc import Mapping
from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import DateInput, PersonalDataWarning, mark_field, reason_field, version_field
from xinyong.records.choices import Category
from xinyong.registry.choices import AssociationStatus, RegistrationType
from xinyong.registry.models import BASIC_FIELDS, MASKABLE_FIELDS, Association, Authority

# Fields typed in the form, in display order; branches, marks and status are handled separately.
PLAIN_FIELDS = tuple(
    f for f in BASIC_FIELDS if f not in ("branches", "authority", "status", "confidential_fields")
)
BRANCH_PARTS = ("name", "address", "head")
# Free text that is public unless marked confidential (the name always is).
TEXT_FIELDS = ("name", "address", "legal_representative", "business_scope")
BRANCH_LABELS = {"name": _("分支（代表）机构名称"), "address": _("地址"), "head": _("负责人")}
MIN_BRANCH_ROWS = 3
# A form row costs three fields; the cap keeps a crafted post from building millions of them.
MAX_BRANCH_ROWS = 200


def label_of(name: str):
    return Association._meta.get_field(name).verbose_name


class AssociationForm(PersonalDataWarning, forms.Form):
    """Basic information, with a confidentiality select beside each maskable field (R-SEC-1).
    Public text that seems to hold an identity or mobile number is flagged before it is stored
    (R-SEC-2, ``PersonalDataWarning``)."""

    name = forms.CharField(label=label_of("name"), max_length=200)
    uscc = forms.CharField(label=label_of("uscc"), max_length=30, help_text=_("18位，社会组织以“5”开头。"))
    registration_type = forms.ChoiceField(
        label=label_of("registration_type"), choices=RegistrationType.choices
    )
    address = forms.CharField(label=label_of("address"), max_length=300)
    legal_representative = forms.CharField(label=label_of("legal_representative"), max_length=50)
    staff_count = forms.IntegerField(label=label_of("staff_count"), min_value=0)
    registered_capital = forms.DecimalField(
        label=label_of("registered_capital"), min_value=0, max_digits=14, decimal_places=2
    )
    business_scope = forms.CharField(
        label=label_of("business_scope"), widget=forms.Textarea(attrs={"rows": 3})
    )
    founded_on = forms.DateField(label=label_of("founded_on"), widget=DateInput())

    def __init__(self, *args, with_status: bool = False, with_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=label_of("status"), choices=AssociationStatus.choices
            )
        for field in MASKABLE_FIELDS:
            self.fields[f"mark_{field}"] = mark_field()
        self.branch_rows = max(
            MIN_BRANCH_ROWS, self._typed_rows(), len(self.initial.get("branches") or []) + 2
        )
        for n in range(self.branch_rows):
            for part in BRANCH_PARTS:
                self.fields[f"branch_{n}_{part}"] = forms.CharField(
                    label=BRANCH_LABELS[part], required=False, max_length=300
                )
        for n, branch in enumerate(self.initial.get("branches") or []):
            for part in BRANCH_PARTS:
                self.initial[f"branch_{n}_{part}"] = branch.get(part, "")
        for field, mark in (self.initial.get("confidential_fields") or {}).items():
            self.initial[f"mark_{field}"] = mark
        self.fields["reason"] = reason_field()
        if with_version:
            self.fields["version"] = version_field()
        self.add_personal_data_confirmation()

    def _typed_rows(self) -> int:
        rows = [
            int(key.split("_")[1])
            for key in (self.data or {})
            if key.startswith("branch_") and key.split("_")[1].isdigit()
        ]
        return min(max(rows) + 1, MAX_BRANCH_ROWS) if rows else 0

    def clean(self):
        cleaned = super().clean()
        too_many = any(
            key.startswith("branch_")
            and key.split("_")[1].isdigit()
            and int(key.split("_")[1]) >= MAX_BRANCH_ROWS
            for key in (self.data or {})
        )
        if too_many:
            raise forms.ValidationError(
                _("分支（代表）机构最多填写%(n)d个。") % {"n": MAX_BRANCH_ROWS}, code="too_many_branches"
            )
        texts = {
            name: cleaned.get(name)
            for name in TEXT_FIELDS
            if name not in MASKABLE_FIELDS or not cleaned.get(f"mark_{name}")
        }
        if not cleaned.get("mark_branches"):
            texts.update(
                (f"branch_{n}_{part}", cleaned.get(f"branch_{n}_{part}"))
                for n in range(self.branch_rows)
                for part in BRANCH_PARTS
            )
        self.check_personal_data(texts)
        return cleaned

    def clean_registered_capital(self):
        # Stored with two decimals; quantising here keeps "10" and "10.00" from looking like a change.
        value = self.cleaned_data["registered_capital"]
        return value.quantize(Decimal("0.01")) if value is not None else value

    # --- what the template and the service need ------------------------------------------------

    def rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"branch_{n}_{part}"] for part in BRANCH_PARTS] for n in range(self.branch_rows)]

    def field_rows(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        names = [*PLAIN_FIELDS, *(["status"] if "status" in self.fields else [])]
        return [(self[n], self[f"mark_{n}"] if n in MASKABLE_FIELDS else None) for n in names]

    def branches_mark(self) -> forms.BoundField:
        return self["mark_branches"]

    def service_data(self) -> dict[str, Any]:
        data = {n: self.cleaned_data[n] for n in PLAIN_FIELDS}
        if "status" in self.fields:
            data["status"] = self.cleaned_data["status"]
        branches = []
        for n in range(self.branch_rows):
            row = {part: self.cleaned_data.get(f"branch_{n}_{part}", "") for part in BRANCH_PARTS}
            if any(row.values()):  # a row left completely empty is no branch
                branches.append(row)
        data["branches"] = branches
        data["confidential_fields"] = {
            f: self.cleaned_data[f"mark_{f}"] for f in MASKABLE_FIELDS if self.cleaned_data.get(f"mark_{f}")
        }
        return data


def initial_for(association: Association | Mapping[str, Any]) -> dict[str, Any]:
    """The form's initial data from an association, or from its history snapshot."""
    get = association.get if isinstance(association, Mapping) else partial(getattr, association)
    initial = {n: get(n) for n in (*PLAIN_FIELDS, "status", "branches", "confidential_fields")}
    initial["version"] = get("version")
    return initial


class AssociationFilterForm(forms.Form):
    """The back-office list's filters. All optional; they combine (AND)."""

    CREDIT_CHOICES = [
        ("", _("全部")),
        (Category.DISHONESTY, _("有公示中的失信信息")),
        ("drafts", _("有草稿")),
        ("no_records", _("尚无信用记录")),
    ]
    ORDER_CHOICES = [
        ("", _("默认（查询时按匹配程度，否则按名称）")),
        ("name", _("名称")),
        ("-founded_on", _("成立登记日期（新→旧）")),
        ("founded_on", _("成立登记日期（旧→新）")),
        ("-updated_at", _("最近变更")),
    ]

    q = forms.CharField(label=_("名称或统一社会信用代码"), required=False, max_length=100)
    registration_type = forms.ChoiceField(
        label=_("登记类型"), required=False, choices=[("", _("全部")), *RegistrationType.choices]
    )
    authority = forms.ModelChoiceField(
        label=_("登记管理机关"), required=False, queryset=Authority.objects.none(), empty_label=_("全部")
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *AssociationStatus.choices]
    )
    credit = forms.ChoiceField(label=_("信用信息"), required=False, choices=CREDIT_CHOICES)
    order = forms.ChoiceField(label=_("排序"), required=False, choices=ORDER_CHOICES)

    def __init__(self, *args, authorities=None, **kwargs):
        """``authorities``: the authorities the user may filter by; with fewer than two the
        filter is left out (a district clerk sees only their own)."""
        super().__init__(*args, **kwargs)
        if authorities is not None and authorities.count() > 1:
            self.fields["authority"].queryset = authorities
        else:
            del self.fields["authority"]
