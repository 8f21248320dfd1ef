"""Pages for two-factor sign-in (accounts.two_factor): one's own status, enrolling with a QR
code, the sign-in check, new recovery codes, and an administrator's reset.

Recovery codes are shown once, in the answer to the form that made them, with
``Cache-Control: no-store``; never put in the session, a message or a URL. The setup page holds
the not-yet-confirmed key and is not stored either.
"""

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import rules
from .forms import reason_field
from .middleware import owed_page
from .models import User
from .two_factor import (
    has_second_factor,
    mark_session_verified,
    recovery_codes_left,
    recovery_codes_regenerate,
    second_factor_begin,
    second_factor_confirm,
    second_factor_reset,
    secret_groups,
    totp_device,
    verify_token,
    verify_wait,
    wait_message,
)
from .views import office_view, submit


class ConfirmForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=20,
        help_text=gettext_lazy("手机验证器中显示的6位数字。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("验证码或恢复码"),
        max_length=20,
        help_text=gettext_lazy(
            "输入手机验证器中显示的6位数字；手机不在身边时，"
            "可输入一个恢复码（如 abcd-efgh），每个恢复码只能用一次。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class ResetForm(forms.Form):
    reason = reason_field()


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _qr_svg(device) -> str:
    # segno writes plain SVG markup (no style attribute), which the CSP allows inline.
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("二维码：用手机验证器扫描"), svgclass="qr"
    )
    # Safe: made here from our own otpauth URI, nothing typed by anyone.
    return mark_safe(svg)


@login_required
def overview(request):
    device = totp_device(request.user)
    return render(
        request,
        "accounts/two_factor_overview.html",
        {
            "device": device,
            "codes_left": recovery_codes_left(request.user) if device else 0,
            "required": settings.XINYONG_REQUIRE_2FA and request.user.needs_second_factor,
        },
    )


@never_cache
@login_required
def setup(request):
    """Enrol: scan the QR code (or type the key), then confirm with the first code shown."""
    if totp_device(request.user) is not None:
        return redirect("accounts:two_factor")
    device = second_factor_begin(user=request.user)
    status = 200
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes, status = submit(
            form, second_factor_confirm, user=request.user, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            mark_session_verified(request, totp_device(request.user))
            return _show_codes(request, codes, enrolled=True)
    context = {
        "form": form,
        "qr_svg": _qr_svg(device),
        "secret": secret_groups(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "next": request.GET.get("next", ""),
        "required": settings.XINYONG_REQUIRE_2FA and request.user.needs_second_factor,
    }
    return _no_store(render(request, "accounts/two_factor_setup.html", context, status=status))


def _show_codes(request, codes: list[str], *, enrolled: bool):
    context = {"codes": codes, "enrolled": enrolled, "next": _next_url(request)}
    return _no_store(render(request, "accounts/two_factor_codes.html", context))


@never_cache
def verify(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if owed_page(request) != "accounts:two_factor_verify":
        return redirect(_next_url(request))
    form = VerifyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # Asked first: a wrong code starts a wait of its own, which is not why it was refused.
        wait = verify_wait(user=request.user, token=token)
        if verify_token(request=request, user=request.user, token=token) is not None:
            return redirect(_next_url(request))
        form.add_error("token", wait_message(wait) if wait else _("验证码或恢复码不正确，请重新输入。"))
        status = 429 if wait else 200
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "accounts/two_factor_verify.html", context, status=status)


@require_POST
@login_required
def recovery_codes(request):
    form = forms.Form(request.POST)
    codes, _status = submit(form, recovery_codes_regenerate, user=request.user)
    if codes is None:
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("accounts:two_factor")
    return _show_codes(request, codes, enrolled=False)


@office_view
def reset(request, user_id: int):
    """An account administrator resets someone's second factor (GET: the form with its reason)."""
    target = get_object_or_404(User, pk=user_id)
    if target.pk == request.user.pk or not rules.manages(request.user, target):
        raise PermissionDenied(_("您无权重置该账号的双因素认证。"))
    form = ResetForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = submit(
            form, second_factor_reset, actor=request.user, user=target, reason=form.cleaned_data["reason"]
        )
        if done is not None:
            messages.success(
                request,
                _("已重置%(user)s的双因素认证，该账号的会话均已结束；下次登录时需重新启用。")
                % {"user": target},
            )
            return redirect(_next_url(request))
    context = {
        "form": form,
        "target": target,
        "enrolled": has_second_factor(target),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_reset.html", context, status=status)
