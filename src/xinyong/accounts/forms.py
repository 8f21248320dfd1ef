"""Form pieces shared by every back-office form.

Forms only parse what was typed (types, formats). The rules (required reason, which fields a kind
needs, who may act) live in the services; their ValidationError is shown back on the same form, so
nothing the user entered is lost.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from xinyong.personal import personal_number_in
from xinyong.registry.choices import Confidentiality


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


CONFIRM_NO_PERSONAL_DATA = "confirm_no_personal_data"


class PersonalDataWarning:
    """A form mixin that warns when public free text seems to hold an identity or mobile number
    (R-SEC-2): the public pages would mask it, but it should not be stored in public text in the
    first place. Not a rule: the clerk can tick "我已确认不含个人信息" and submit again (a number
    the check mistook, or one that must stay). Text in a field marked confidential is not
    public and is not checked.

    The form calls ``add_personal_data_confirmation()`` in ``__init__`` and
    ``check_personal_data(texts)`` in ``clean()`` with {field name: text} of what would be public.
    ``personal_data_fields`` then names the fields that seem to hold a number (the template shows
    the checkbox while it is not empty)."""

    personal_data_fields: list[str] = []

    def add_personal_data_confirmation(self) -> None:
        self.fields[CONFIRM_NO_PERSONAL_DATA] = forms.BooleanField(
            label=_("我已确认不含个人信息"),
            required=False,
            help_text=_(
                "核对后确认上面标出的内容不是身份证号或手机号（或确需保留），勾选后再次提交即可保存。"
            ),
        )

    def check_personal_data(self, texts: dict[str, str]) -> None:
        self.personal_data_fields = [n for n, text in texts.items() if text and personal_number_in(text)]
        if not self.personal_data_fields or self.cleaned_data.get(CONFIRM_NO_PERSONAL_DATA):
            return
        for name in self.personal_data_fields:
            if name in self.fields:
                self.add_error(name, _("这里似乎有身份证号或手机号。"))
        self.add_error(
            None,
            _(
                "标出的内容似乎含有身份证号或手机号。个人信息不应写入公示的文字：公示时虽会以＊＊＊遮盖，"
                "原文仍会保存。请删除，或将该字段标记为“个人隐私”；如确认不含个人信息，"
                "请勾选“我已确认不含个人信息”后再次提交。"
            ),
        )

    def personal_data_confirmation(self) -> forms.BoundField | None:
        return self[CONFIRM_NO_PERSONAL_DATA] if self.personal_data_fields else None


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
