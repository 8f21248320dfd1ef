"""Back-office account management at /office/users/ (issue 14, R-ACT-6).

Administrators see and manage every account; an authority's account administrator its own
staff and its associations' accounts; the auditor reads them all and changes nothing. Each
action is a service (accounts.services) behind a form with a reason; the page shows the
account's own history.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules, selectors, services
from .models import User
from .two_factor import has_second_factor
from .user_forms import ReasonForm, UserCreateForm, UserFilterForm, UserModifyForm
from .views import office_view, submit

PAGE_SIZE = 50


def _readers_only(request) -> None:
    if not rules.can_read_accounts(request.user):
        raise PermissionDenied(_("只有系统管理员、账号管理员和安全审计员可以查看账号。"))


def _managers_only(request) -> None:
    if not rules.can_manage_accounts(request.user):
        raise PermissionDenied(_("只有系统管理员和账号管理员可以管理账号。"))


def _account(request, pk: int) -> User:
    return get_object_or_404(rules.accounts_visible_to(request.user), pk=pk)


@office_view
def user_list(request):
    _readers_only(request)
    form = UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = selectors.accounts_for(
        request.user, q=filters.get("q", ""), role=filters.get("role", ""), state=filters.get("state", "")
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/user_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": rules.can_manage_accounts(request.user),
        },
    )


@office_view
def user_create(request):
    _managers_only(request)
    form = UserCreateForm(request.POST or None, actor=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        if form.is_valid():
            user, status = submit(
                form,
                services.user_create,
                field_map={"association": "association_uscc"},
                actor=request.user,
                username=form.cleaned_data["username"],
                **kwargs,
            )
            if user is not None:
                messages.success(
                    request,
                    _("账号 %(username)s 已创建，激活链接已发送到 %(email)s。")
                    % {"username": user.username, "email": user.email},
                )
                return redirect("users:detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True}, status=status)


@office_view
def user_detail(request, pk: int):
    _readers_only(request)
    user = _account(request, pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": user,
            "entries": selectors.account_entries(user)[:50],
            "manages": rules.manages(request.user, user) and request.user.pk != user.pk,
            "second_factor": has_second_factor(user),
        },
    )


@office_view
def user_modify(request, pk: int):
    _managers_only(request)
    user = _account(request, pk)
    form = UserModifyForm(request.POST or None, actor=request.user, initial=UserModifyForm.initial_for(user))
    status = 200
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        if form.is_valid():
            changed, status = submit(
                form,
                services.user_modify,
                field_map={"association": "association_uscc"},
                actor=request.user,
                user=user,
                expected_entry=form.cleaned_data.get("seen"),
                **kwargs,
            )
            if changed is not None:
                messages.success(request, _("账号 %(username)s 已变更。") % {"username": changed.username})
                return redirect("users:detail", pk=user.pk)
    return render(
        request, "accounts/user_form.html", {"form": form, "account": user, "creating": False}, status=status
    )


# action name → (service, page title, explanation, success message)
ACTIONS = {
    "deactivate": (
        services.user_deactivate,
        gettext_lazy("停用账号"),
        gettext_lazy(
            "停用后，该账号不能再登录，正在使用的会话立即结束。账号不会删除，修改记录中仍显示它的名字；以后可以恢复。"
        ),
        gettext_lazy("账号 %(username)s 已停用。"),
    ),
    "reactivate": (
        services.user_reactivate,
        gettext_lazy("恢复账号"),
        gettext_lazy("恢复后，原密码不再有效：系统向该账号的电子邮箱发送链接，由本人设置新密码。"),
        gettext_lazy("账号 %(username)s 已恢复，设置密码的链接已发送。"),
    ),
    "reset-password": (
        services.user_password_reset,
        gettext_lazy("重置密码"),
        gettext_lazy(
            "重置后，原密码立即失效，该账号的全部会话结束；系统向该账号的电子邮箱发送链接，由本人设置新密码。"
        ),
        gettext_lazy("账号 %(username)s 的密码已重置，设置新密码的链接已发送。"),
    ),
}


@office_view
def user_action(request, pk: int, action: str):
    _managers_only(request)
    user = _account(request, pk)
    if action not in ACTIONS:
        raise Http404(_("没有这项操作。"))
    service, title, explanation, done = ACTIONS[action]
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result, status = submit(
            form, service, actor=request.user, user=user, reason=form.cleaned_data["reason"]
        )
        if result is not None:
            messages.success(request, str(done) % {"username": user.username})
            return redirect("users:detail", pk=user.pk)
    effects = selectors.deactivation_effects(user) if action == "deactivate" else []
    return render(
        request,
        "accounts/user_action.html",
        {"account": user, "form": form, "title": title, "explanation": explanation, "effects": effects},
        status=status,
    )


@office_view
def user_activation_resend(request, pk: int):
    _managers_only(request)
    user = _account(request, pk)
    if request.method != "POST":
        return redirect("users:detail", pk=user.pk)
    form = ReasonForm({})  # bound and cleaned, so that a refusal can be added to it
    form.is_valid()
    result, _status = submit(form, services.user_activation_resend, actor=request.user, user=user)
    if result is None:
        messages.error(request, " ".join(form.non_field_errors()))
    else:
        messages.success(request, _("激活链接已重新发送到 %(email)s。") % {"email": user.email})
    return redirect("users:detail", pk=user.pk)
