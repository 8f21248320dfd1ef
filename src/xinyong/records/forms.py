"""Forms for credit records, built from the kind's spec (records.kinds), and for evidence."""

from collections.abc import Mapping
from functools import partial
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import (
    DateInput,
    PersonalDataWarning,
    date_field,
    mark_field,
    reason_field,
    version_field,
)
from xinyong.records.choices import Category, EvidenceKind
from xinyong.records.kinds import FieldSpec, KindSpec, spec_for
from xinyong.records.models import CreditRecord
from xinyong.records.services import EvidenceInput
from xinyong.records.validation import check_evidence_issued_on

EVIDENCE_ACCEPT = ".pdf,.png,.jpg,.jpeg,.ofd"
EVIDENCE_FIELD_MAP = {"kind": "evidence_kind"}
EVIDENCE_FIELDS = ("evidence_kind", "document_number", "issuer", "issued_on", "file")


def add_evidence_fields(form: forms.Form, *, initial_kind: str = EvidenceKind.OTHER) -> None:
    """The fields of one piece of 书面证明材料 (R-EVD-1)."""
    form.fields["evidence_kind"] = forms.ChoiceField(
        label=_("材料类型"), choices=EvidenceKind.choices, initial=initial_kind
    )
    form.fields["document_number"] = forms.CharField(label=_("文号"), required=False, max_length=100)
    form.fields["issuer"] = forms.CharField(label=_("出具机关"), required=False, max_length=200)
    form.fields["issued_on"] = date_field(_("出具日期"), required=False)
    form.fields["file"] = forms.FileField(
        label=_("文件"),
        required=False,
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("PDF、PNG、JPG 或 OFD 文件。"),
    )


# The evidence kind a clerk most likely attaches, by category (R-EVD-1); only a starting choice.
DEFAULT_EVIDENCE_KIND = {
    Category.DISHONESTY: EvidenceKind.LEGAL_DOCUMENT,
    Category.HONOUR: EvidenceKind.COMMENDATION,
}


def data_field(spec: FieldSpec, kind_spec: KindSpec) -> forms.Field:
    model_field = CreditRecord._meta.get_field(spec.column)
    if isinstance(model_field, models.DateField):
        field = forms.DateField(widget=DateInput())
    elif isinstance(model_field, models.BooleanField):
        field = forms.BooleanField()
    elif model_field.choices:
        field = forms.ChoiceField(choices=[("", _("请选择")), *model_field.choices])
    else:
        field = model_field.formfield()
    field.label = spec.label
    # Which fields a kind needs (and 有效期 vs 长期) is the service's rule; it reports all at once.
    field.required = False
    field.kind_required = spec.required and spec.column != "valid_until"
    if spec.column == "valid_until" and "long_term" in kind_spec.columns:
        field.help_text = _("不是长期有效的，必须填写有效期截止日期。")
    return field


class EvidenceMixin:
    def evidence_given(self) -> bool:
        return any(self.cleaned_data.get(n) for n in EVIDENCE_FIELDS if n != "evidence_kind")

    def clean(self):
        cleaned = super().clean()
        wanted = self.evidence_required or self.evidence_given()
        if wanted and not cleaned.get("file") and "file" not in self.errors:
            self.add_error("file", _("请选择证明材料文件。"))
        return cleaned

    def clean_issued_on(self):
        issued_on = self.cleaned_data.get("issued_on")
        if issued_on is not None:
            check_evidence_issued_on(issued_on, today=timezone.localdate())
        return issued_on

    def evidence_input(self) -> EvidenceInput | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        return EvidenceInput(
            kind=self.cleaned_data["evidence_kind"],
            document_number=self.cleaned_data["document_number"],
            issuer=self.cleaned_data["issuer"],
            issued_on=self.cleaned_data["issued_on"],
            file=upload,
            file_name=upload.name,
        )


class RecordForm(PersonalDataWarning, EvidenceMixin, forms.Form):
    """One record of one kind: its fields, confidentiality marks (R-SEC-1), evidence and a reason.

    ``creating`` adds the evidence upload; a modification carries the version it was loaded at.
    Public text that seems to hold an identity or mobile number is flagged before it is stored
    (R-SEC-2, ``PersonalDataWarning``).
    """

    def __init__(self, *args, kind: str, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec_for(kind)
        self.creating = creating
        self.evidence_required = False
        for fs in self.spec.fields:
            self.fields[fs.column] = data_field(fs, self.spec)
        self.fields["confidentiality"] = mark_field(_("整条记录保密"))
        for column in self.markable_columns():
            self.fields[f"mark_{column}"] = mark_field()
        if creating:
            initial_kind = DEFAULT_EVIDENCE_KIND.get(self.spec.category, EvidenceKind.OTHER)
            add_evidence_fields(self, initial_kind=initial_kind)
        self.fields["reason"] = reason_field()
        if not creating:
            self.fields["version"] = version_field()
        self.add_personal_data_confirmation()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("confidentiality"):  # a confidential record is not public at all
            self.check_personal_data(
                {c: cleaned.get(c) for c in self.text_columns() if not cleaned.get(f"mark_{c}")}
            )
        return cleaned

    def text_columns(self) -> list[str]:
        """The kind's free-text columns (not dates, numbers or choices)."""
        return [
            c
            for c in self.spec.columns
            if isinstance(CreditRecord._meta.get_field(c), models.CharField | models.TextField)
            and not CreditRecord._meta.get_field(c).choices
        ]

    def markable_columns(self) -> list[str]:
        return [c for c in self.spec.columns if c != "long_term"]

    def data_rows(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        return [
            (self[c], self[f"mark_{c}"] if f"mark_{c}" in self.fields else None) for c in self.spec.columns
        ]

    def evidence_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in EVIDENCE_FIELDS if n in self.fields]

    def record_data(self) -> dict[str, Any]:
        return {c: self.cleaned_data.get(c) for c in self.spec.columns}

    def marks(self) -> dict[str, str]:
        return {
            c: self.cleaned_data[f"mark_{c}"]
            for c in self.markable_columns()
            if self.cleaned_data.get(f"mark_{c}")
        }


def record_initial(record: CreditRecord | Mapping[str, Any], kind: str | None = None) -> dict[str, Any]:
    """The form's initial data from a record, or from its history snapshot (then give ``kind``)."""
    if isinstance(record, Mapping):
        get, kind = record.get, kind or record["kind"]
    else:
        get, kind = partial(getattr, record), record.kind
    initial = {c: get(c) for c in spec_for(kind).columns}
    initial["confidentiality"] = get("confidentiality")
    initial.update({f"mark_{c}": mark for c, mark in (get("confidential_fields") or {}).items()})
    initial["version"] = get("version")
    return initial


class EvidenceForm(EvidenceMixin, forms.Form):
    """Add one piece of 书面证明材料 to an existing record."""

    def __init__(self, *args, category: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence_required = True
        add_evidence_fields(self, initial_kind=DEFAULT_EVIDENCE_KIND.get(category, EvidenceKind.OTHER))
        self.fields["reason"] = reason_field()


class ReasonForm(forms.Form):
    """转为正式记录: only a reason and the version the clerk saw."""

    reason = reason_field()
    version = version_field()


class RevokeForm(forms.Form):
    reason = reason_field(_("撤销原因"))
    confirm = forms.BooleanField(
        label=_("我确认撤销该记录。撤销后它不再公示，但仍保留在系统和修改记录中。"), required=True
    )
    version = version_field()


class EvidenceRevokeForm(forms.Form):
    reason = reason_field(_("撤销原因"))
    confirm = forms.BooleanField(label=_("我确认撤销这份证明材料。"), required=True)
