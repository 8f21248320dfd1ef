"""The back-office upload form. It only reads what was sent; the batch is checked by the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import reason_field
from xinyong.records.choices import Category, Kind
from xinyong.records.forms import EVIDENCE_ACCEPT

from . import storage

FILE_ACCEPT = ".csv,.txt,.xlsx,.json,.jsonl,text/csv,application/json"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("数据文件"),
        widget=forms.FileInput(attrs={"accept": FILE_ACCEPT}),
        help_text=_("CSV（UTF-8 或 GB18030 编码）、XLSX（只读取第一个工作表）或 JSON。请使用下面的模板。"),
    )
    kind = forms.ChoiceField(
        label=_("信息类型"),
        required=False,
        choices=[
            ("", _("按文件中“信息类型”列")),
            *Kind.choices,
            (Category.BASIC, _("协会基本信息（登记信息）")),
        ],
    )
    evidence = MultipleFileField(
        label=_("证明材料文件"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_(
            "PDF、PNG、JPG 或 OFD。一份材料适用于所有行；多份时在“材料文件”列写明每行对应的文件名。"
            "不上传时，以数据文件本身作为证明材料。导入协会基本信息时不需要。"
        ),
    )
    reason = reason_field()
    dry_run = forms.BooleanField(label=_("只校验，不导入"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > storage.max_bytes():
            raise forms.ValidationError(storage.too_large_message())
        return upload
