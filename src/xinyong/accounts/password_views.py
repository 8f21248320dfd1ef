"""The holder's own account: setting a password through a one-time link (activation, reset),
changing it, asking for a reset link, and the "my account" page (issue 14).

The link views are Django's PasswordResetConfirmView (token checked, moved into the session,
the link's URL never shown again); what setting the password does is accounts.services.
"""

import math

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters

from xinyong.errors import DomainError
from xinyong.security.events import security_event
from xinyong.security.models import EventKind
from xinyong.security.sessions import current_row_id
from xinyong.security.throttle import Backoff, client_ip

from . import links, rules
from .forms import add_service_errors
from .models import User
from .services import user_password_set
from .user_forms import PasswordChangeForm, PasswordResetRequestForm, PasswordSetForm


def _set(form, user: User, password: str, via: str, keep_session_row: int | None = None) -> User | None:
    try:
        return user_password_set(user=user, password=password, via=via, keep_session_row=keep_session_row)
    except ValidationError as exc:
        add_service_errors(form, ValidationError({"new_password2": exc.messages}))
    except DomainError as exc:
        form.add_error(None, str(exc))
    return None


class PasswordFromLinkView(auth_views.PasswordResetConfirmView):
    """/accounts/link/<uidb64>/<token>/: a new account's activation, or a reset."""

    template_name = "accounts/password_link.html"
    form_class = PasswordSetForm
    token_generator = default_token_generator
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        user = _set(form, self.user, form.cleaned_data["new_password1"], "link")
        if user is None:
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("密码已设置，请用新密码登录。"))
        return redirect(self.success_url)


@sensitive_post_parameters()
@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _set(form, request.user, form.cleaned_data["new_password1"], "change", current_row_id(request))
        if user is not None:
            # This session goes on; every other session of the account ends (the hash changed).
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。您在其他设备上的登录已全部退出。"))
            return redirect("accounts:me")
    return render(request, "accounts/password_change.html", {"form": form})


# Requests for reset links per client address: a few are free, then each waits longer, so
# nobody can fill a holder's mailbox from one address.
RESET_REQUESTS = Backoff("password-reset", free=5, max_delay=3600, forget=2 * 3600)


def password_reset(request):
    """Ask for a reset link by e-mail. The answer is the same whether or not the address belongs
    to an account, so the page tells nobody which addresses are registered."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_ip(request)
        if wait := RESET_REQUESTS.retry_after(address):
            minutes = math.ceil(wait / 60)
            form.add_error(
                None,
                ngettext(
                    "申请重置密码的次数过多，请%(n)s分钟后再试。",
                    "申请重置密码的次数过多，请%(n)s分钟后再试。",
                    minutes,
                )
                % {"n": minutes},
            )
            response = render(request, "accounts/password_reset.html", {"form": form}, status=429)
            response["Retry-After"] = str(wait)
            return response
        RESET_REQUESTS.fail(address)
        email = User.objects.normalize_email(form.cleaned_data["email"])
        holders = User.objects.filter(email__iexact=email, is_active=True)
        for user in holders:
            links.send_reset(user)
        security_event(
            kind=EventKind.PASSWORD_RESET_REQUESTED,
            request=request,
            username=", ".join(u.username for u in holders)[:150],
            detail=email[:300],
        )
        return render(request, "accounts/password_reset_sent.html", {"email": email})
    return render(request, "accounts/password_reset.html", {"form": form})


@login_required
def me(request):
    return render(request, "accounts/me.html", {"can_manage": rules.can_manage_accounts(request.user)})
