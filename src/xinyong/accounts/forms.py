"""Form pieces shared by every back-office form.

Forms only parse what was typed (types, formats). The rules (required reason, which fields a kind
needs, who may act) live in the services; their ValidationError is shown back on the same form, so
nothing the user entered is lost.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from xinyong.records.choices import EvidenceKind
from xinyong.registry.choices import Confidentiality

EVIDENCE_ACCEPT = ".pdf,.png,.jpg,.jpeg,.ofd"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


REASON_LABEL = _("原因")
MARK_LABEL = _("保密标记")


def reason_field(label=REASON_LABEL) -> forms.CharField:
    # Not required at form level: the service enforces R-REC-3 and its message is the one shown.
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "required": True}),
        help_text=_("每一次记录和修改都会保留原因，可随时追溯。"),
    )


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput)


def mark_field(label=MARK_LABEL) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, choices=[("", _("可公开")), *Confidentiality.choices]
    )


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


EVIDENCE_FIELD_MAP = {"kind": "evidence_kind"}
EVIDENCE_FIELDS = ("evidence_kind", "document_number", "issuer", "issued_on", "file")


def add_service_errors(
    form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: keyed messages at their field, the rest on top."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        target = field_map.get(key, key)
        if target == NON_FIELD_ERRORS or target not in form.fields:
            form.add_error(None, ValidationError(errors))
        else:
            form.add_error(target, ValidationError(errors))
