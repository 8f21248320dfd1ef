from django import forms
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import date_field

from .models import EventKind


class SecurityLogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("事件"), choices=[("", _("全部")), *EventKind.choices], required=False)
    username = forms.CharField(label=_("用户名"), max_length=150, required=False)
    match = forms.ChoiceField(
        label=_("用户名匹配"),
        choices=[("contains", _("包含")), ("exact", _("完全一致"))],
        required=False,
    )
    date_from = date_field(_("起始日期"), required=False)
    date_to = date_field(_("截止日期"), required=False)
    client_ip = forms.CharField(
        label=_("来源地址"),
        max_length=64,
        required=False,
        help_text=_("按开头匹配，例如 10.0."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return cleaned
