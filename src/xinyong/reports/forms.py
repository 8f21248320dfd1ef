"""Forms of the report pages: choosing a version and date, and checking a report."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import DateInput

from . import conf
from .choices import ReportVersion
from .codes import NUMBER_RE


class ReportRequestForm(forms.Form):
    version = forms.ChoiceField(label=_("报告版本"), widget=forms.RadioSelect)
    as_of = forms.DateField(
        label=_("信息截至日期"),
        widget=DateInput(),
        help_text=_("报告载明该日的信用信息；不能晚于今天，也不能早于成立登记日期。"),
    )

    def __init__(self, *args, full_allowed: bool, **kwargs):
        kwargs.setdefault("initial", {"version": ReportVersion.PUBLIC, "as_of": timezone.localdate()})
        super().__init__(*args, **kwargs)
        choices = [(ReportVersion.PUBLIC, ReportVersion.PUBLIC.label)]
        if full_allowed:
            choices.append((ReportVersion.FULL, ReportVersion.FULL.label))
        self.fields["version"].choices = choices


class VerifyStartForm(forms.Form):
    number = forms.CharField(label=_("报告编号"), max_length=32, help_text=_("例如 XY20260115-000042"))
    code = forms.CharField(label=_("验证码"), max_length=32, help_text=_("报告每页页脚所印的验证码"))

    def clean_number(self):
        number = self.cleaned_data["number"].strip().upper()
        if not NUMBER_RE.fullmatch(number):
            raise forms.ValidationError(
                _("报告编号的格式是 XY、8位日期、短横线和6位序号，例如 XY20260115-000042。")
            )
        return number


class UploadForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("上传报告的PDF文件"),
        help_text=_("只用于计算文件的SHA-256校验值并与出具记录比对，不会保存。"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = conf.upload_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（%(size)d 字节），最多 %(limit)d 字节：信用报告的PDF文件不会这么大。")
                % {"size": upload.size, "limit": limit}
            )
        return upload
