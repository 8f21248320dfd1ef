"""The form an administrator enters a year's calendar with: pasted lines or an uploaded CSV file.

It only reads what was sent; what the lines mean is checked by ``services.calendar_enter``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import reason_field
from xinyong.dates import EARLIEST

from .parsing import DayInput, decode, split_lines
from .services import LATEST_YEAR

LINES_HELP = _(
    "每行一天：日期,类型,名称。类型写“休”（放假）或“班”（调休上班），例如 2027-01-01,休,元旦。"
    "以 # 开头的行和空行会被忽略。"
)


class CalendarForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=EARLIEST.year, max_value=LATEST_YEAR)
    source_note = forms.CharField(
        label=_("依据"),
        required=False,
        max_length=200,
        help_text=_("发布该年节假日安排的通知，如：国务院办公厅关于2027年部分节假日安排的通知（文号）。"),
    )
    lines = forms.CharField(
        label=_("放假日和调休上班日"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=LINES_HELP,
    )
    file = forms.FileField(
        label=_("或上传 CSV 文件"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
        help_text=_(
            "与上面相同的格式，UTF-8 或 GB18030 编码。上传的内容有误时，会显示在上面的文本框中以便修改。"
        ),
    )
    reason = reason_field()

    def __init__(self, data=None, files=None, **kwargs):
        # An uploaded file's text goes into ``lines``: if anything in it is wrong, it is shown (and
        # kept) in the text box to be corrected, since browsers never re-send a chosen file.
        self.from_upload = False
        self.upload_errors: list[str] = []
        upload = files.get("file") if files else None
        if data is not None and upload and not (data.get("lines") or "").strip():
            try:
                text = decode(upload.read())
            except ValidationError as exc:
                self.upload_errors = exc.messages
            else:
                data = data.copy()
                data["lines"] = text
                files = None
                self.from_upload = True
        super().__init__(data, files, **kwargs)
        self.fields["year"].widget.attrs["required"] = True

    def clean(self):
        cleaned = super().clean()
        for message in self.upload_errors:
            self.add_error("file", message)
        upload = cleaned.get("file")
        typed = (cleaned.get("lines") or "").strip()
        if upload and typed:
            raise ValidationError(_("请粘贴内容或上传文件，二者选一。"))
        if not upload and not typed and not self.upload_errors:
            self.add_error("lines", _("请粘贴该年的放假日和调休上班日，或上传 CSV 文件。"))
        return cleaned

    def days(self) -> list[DayInput]:
        return split_lines(self.cleaned_data.get("lines") or "")
