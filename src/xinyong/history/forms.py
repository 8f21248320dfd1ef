"""The "as of" question (R-REC-5): how did this object stand at a given moment?"""

from datetime import datetime, time

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinyong.dates import EARLIEST


class AsOfForm(forms.Form):
    day = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(EARLIEST, message=_("日期不能早于1949年10月1日。"))],
    )
    at = forms.TimeField(
        label=_("时间"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("不填时间即当天结束时。"),
    )

    def moment(self) -> datetime:
        """The end of the chosen minute in local time (Asia/Shanghai), so 14:03 includes 14:03:40."""
        chosen = self.cleaned_data["at"]
        clock = chosen.replace(second=59, microsecond=999999) if chosen else time(23, 59, 59, 999999)
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], clock))
