"""Back-office forms for API keys and the query log. They only parse; services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import date_field, reason_field
from xinyong.registry.models import Department


class ApiKeyIssueForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("相关部门"), queryset=Department.objects.all(), empty_label=_("请选择")
    )
    label = forms.CharField(
        label=_("密钥名称"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"required": True}),
        help_text=_("写明使用这把密钥的系统或项目，便于日后识别，例如“财政局政府采购平台”。"),
    )
    can_query = forms.BooleanField(label=_("查询共享信息"), required=False)
    can_deliver = forms.BooleanField(label=_("报送数据"), required=False)


class ApiKeyRevokeForm(forms.Form):
    reason = reason_field(_("吊销原因"))


class QueryLogFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("相关部门"), queryset=Department.objects.all(), required=False, empty_label=_("全部")
    )
    date_from = date_field(_("起始日期"), required=False)
    date_to = date_field(_("截止日期"), required=False)
