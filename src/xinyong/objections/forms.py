"""Forms for filing and handling objections. The services enforce every rule; forms collect input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import reason_field, version_field
from xinyong.records.choices import RecordStatus
from xinyong.records.evidence_files import accepted_extensions
from xinyong.records.models import CreditRecord
from xinyong.registry.models import Association

from .choices import ObjectionStatus
from .services import OBJECTABLE_BASIC_FIELDS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def record_summary(record: CreditRecord) -> str:
    """One line naming a record: its kind, date and what it is about."""
    about = record.title or record.misconduct
    if not about and record.conclusion:
        about = f"{record.inspection_year} {record.get_conclusion_display()}"
    if not about and record.grade:
        about = record.get_grade_display()
    return " · ".join(str(p) for p in (record.get_kind_display(), record.event_date.isoformat(), about) if p)


class RecordChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, record: CreditRecord) -> str:
        return record_summary(record)


class ObjectionForm(forms.Form):
    records = RecordChoiceField(
        label=_("有异议的信用记录"),
        queryset=CreditRecord.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    basic_fields = forms.MultipleChoiceField(
        label=_("有异议的基本信息"), required=False, widget=forms.CheckboxSelectMultiple
    )
    statement = forms.CharField(
        label=_("异议内容"),
        required=False,  # the service's message is the one shown
        widget=forms.Textarea(attrs={"rows": 6, "required": True}),
        help_text=_("写明哪些信息与事实不符、实际情况如何，以及所附材料。"),
    )
    attachments = MultipleFileField(
        label=_("证明材料"),
        required=False,
        help_text=_("可选择多个文件；PDF、PNG、JPG 或 OFD 格式，最多10个。"),
    )

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].queryset = CreditRecord.objects.filter(
            association=association, status=RecordStatus.RECORDED
        ).order_by("category", "-event_date", "id")
        labels = {
            f.name: f.verbose_name for f in Association._meta.get_fields() if hasattr(f, "verbose_name")
        }
        self.fields["basic_fields"].choices = [(n, labels[n]) for n in OBJECTABLE_BASIC_FIELDS]
        self.fields["attachments"].help_text = _("可选择多个文件；%(types)s 格式，最多10个。") % {
            "types": accepted_extensions()
        }


class WithdrawForm(forms.Form):
    reason = reason_field(label=_("撤回原因"))
    version = version_field()


class VerifyForm(forms.Form):
    note = forms.CharField(
        label=_("受理说明（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = version_field()


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("核实结果"),
        choices=[
            (ObjectionStatus.CORRECTED, _("已更正：信息与事实不符，已按上面的更正办理")),
            (ObjectionStatus.CONFIRMED, _("经核实无误：信息与事实相符，维持原信息")),
        ],
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("核实结果说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "required": True}),
        help_text=_("说明核实的过程、结果和依据；它将告知协会。"),
    )
    version = version_field()
