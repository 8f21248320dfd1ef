"""Forms of the account pages. They parse what was typed; who may do what is accounts.rules and
the services. An account administrator is offered only what it may choose (its own authority,
the staff and association roles); the service checks again whatever is posted."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from xinyong.accounts.history_types import ObjectType
from xinyong.history.selectors import latest_entry_id
from xinyong.registry.models import Association, Authority, Department

from . import rules
from .forms import reason_field
from .models import Role, User


class AccountFields(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    email = forms.EmailField(
        label=_("电子邮箱"), help_text=_("激活链接和重置密码的链接发送到这个地址。"), max_length=254
    )
    role = forms.ChoiceField(label=_("角色"))
    authority = forms.ModelChoiceField(
        label=_("登记管理机关"),
        queryset=Authority.objects.none(),
        required=False,
        help_text=_("登记管理机关工作人员和监督机关的账号填写。"),
    )
    association_uscc = forms.CharField(
        label=_("协会的统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("协会账号填写：该协会须由本机关登记。"),
    )
    department = forms.ModelChoiceField(
        label=_("相关部门"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("相关部门账号填写。"),
    )
    manages_accounts = forms.BooleanField(
        label=_("账号管理员"),
        required=False,
        help_text=_("可以为本机关的工作人员和本机关登记的协会开设、停用账号和重置密码。仅限工作人员。"),
    )
    reason = reason_field()

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        roles = rules.assignable_roles(actor)
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]
        authorities = Authority.objects.all()
        if not rules.is_administrator(actor):
            authorities = authorities.filter(pk=actor.authority_id)
            del self.fields["department"]
            self.fields["authority"].help_text = _("本机关工作人员的账号。")
        self.fields["authority"].queryset = authorities

    def clean_association_uscc(self) -> str:
        return self.cleaned_data["association_uscc"].strip().upper()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        uscc = data.get("association_uscc")
        association = Association.objects.filter(uscc=uscc).first() if uscc else None
        if uscc and association is None:
            self.add_error("association_uscc", _("没有以该统一社会信用代码登记的协会。"))
        return {
            "full_name": data.get("full_name", ""),
            "email": data.get("email", ""),
            "role": data["role"],
            "authority": data.get("authority"),
            "association": association,
            "department": data.get("department"),
            "manages_accounts": data.get("manages_accounts", False),
            "reason": data.get("reason", ""),
        }


class UserCreateForm(AccountFields):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("登录时使用，创建后不能修改。可用字母、数字和 @ . + - _。"),
    )
    field_order = ["username", "full_name", "email", "role"]


class UserModifyForm(AccountFields):
    # The account's newest history entry when the form was shown (a concurrent change is refused).
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {
            "seen": latest_entry_id(ObjectType.USER, user.pk),
            "full_name": user.full_name,
            "email": user.email,
            "role": user.role,
            "authority": user.authority_id,
            "association_uscc": user.association.uscc if user.association else "",
            "department": user.department_id,
            "manages_accounts": user.manages_accounts,
        }


class ReasonForm(forms.Form):
    reason = reason_field()


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("用户名、姓名或邮箱"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部")), *Role.choices])
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("active", _("正常")), ("pending", _("待激活")), ("inactive", _("已停用"))],
    )


class PasswordSetForm(auth_forms.SetPasswordForm):
    """Setting a password through a one-time link. ``save`` is the service's job (the view)."""


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Changing one's own password; ``save`` is the service's job (the view)."""


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("电子邮箱"), max_length=254)
