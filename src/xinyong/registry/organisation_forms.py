"""Forms for registration authorities and partner departments. They only parse what was typed;
the rules (required fields, the hierarchy, unique names and codes) are in
``registry.organisations``, whose messages are shown at the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.forms import reason_field

from .choices import AuthorityLevel
from .models import Authority


def _seen_field() -> forms.IntegerField:
    # The newest history entry of the object when the form was shown (see latest_entry_id).
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class AuthorityForm(forms.Form):
    code = forms.CharField(
        label=_("行政区划代码"),
        required=False,
        max_length=6,
        help_text=_("6位数字，例如东城区为 110101。创建后不能修改。"),
        widget=forms.TextInput(attrs={"required": True, "inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("名称"), required=False, widget=forms.TextInput(attrs={"required": True}))
    level = forms.ChoiceField(
        label=_("层级"), required=False, choices=[("", _("请选择")), *AuthorityLevel.choices]
    )
    parent = forms.ModelChoiceField(
        label=_("上级机关"),
        required=False,
        queryset=Authority.objects.none(),
        empty_label=_("无（市级机关）"),
        help_text=_("区级机关须选择市级上级机关；市级机关不选。"),
    )
    reason = reason_field()
    seen = _seen_field()

    def __init__(self, *args, authority: Authority | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Authority.objects.filter(level=AuthorityLevel.MUNICIPAL).order_by("code")
        if authority is not None:
            parents = parents.exclude(pk=authority.pk)
            del self.fields["code"]  # the identity of the authority: fixed once created
        self.fields["parent"].queryset = parents


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("名称"), required=False, widget=forms.TextInput(attrs={"required": True}))
    reason = reason_field()
    seen = _seen_field()
