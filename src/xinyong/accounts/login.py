"""Sign-in, slowed down against password guessing without letting anyone lock an account.

Failures are counted three ways (settings.XINYONG_LOGIN_THROTTLE), whether or not the username
exists, so the answer tells nothing about accounts:

- per (username, client address): after ``pair`` failures each further one doubles the wait
  before that address may try that username again (1 s, 2 s, 4 s, … at most ``max_delay``);
- per client address, whatever the usernames: the same after ``address`` failures, against one
  address trying many accounts;
- per username, from every address: once ``username_attack`` failures have come in, the
  username is under attack (someone is guessing from many addresses) and each address gets only
  ``pair_under_attack`` free failures for it before its waits begin.

An attempt that must wait is refused before any password is checked and is not counted. Nothing
ever refuses the first attempt of an address that has not failed: the account's holder, signing
in from their own address, gets in at once whatever an attacker does elsewhere. A successful
sign-in clears its (username, address) count, not the address's nor the username's, so a guesser
cannot wipe their count by signing in to an account of their own.
"""

import math
import unicodedata

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinyong.security.events import security_event
from xinyong.security.models import EventKind
from xinyong.security.throttle import Backoff, client_ip

from .passwords import refused_at_sign_in


class SignInThrottle:
    """The counts one sign-in attempt is checked against and, if it fails, added to."""

    def __init__(self, request, username: str):
        limits = settings.XINYONG_LOGIN_THROTTLE
        self.limits = limits
        timing = {"max_delay": limits["max_delay"], "forget": limits["forget"]}
        self.name = unicodedata.normalize("NFKC", username).casefold()
        self.address = client_ip(request)
        self.pair_key = f"{self.address}\n{self.name}"
        self.pair = Backoff("login-pair", free=limits["pair"], **timing)
        self.per_address = Backoff("login-address", free=limits["address"], **timing)
        self.per_username = Backoff("login-username", free=limits["username_attack"], **timing)

    def under_attack(self) -> bool:
        return self.per_username.failures(self.name) >= self.limits["username_attack"]

    def retry_after(self) -> int:
        """Seconds this attempt must wait; 0 when it may be checked now."""
        free = self.limits["pair_under_attack"] if self.under_attack() else None
        return max(
            self.pair.retry_after(self.pair_key, free=free),
            self.per_address.retry_after(self.address),
        )

    def failed(self) -> None:
        self.pair.fail(self.pair_key)
        self.per_address.fail(self.address)
        self.per_username.fail(self.name)

    def succeeded(self) -> None:
        self.pair.reset(self.pair_key)


def wait_message(seconds: int) -> str:
    if seconds < 60:
        return ngettext(
            "登录失败次数过多，请%(n)s秒后再试。", "登录失败次数过多，请%(n)s秒后再试。", seconds
        ) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "登录失败次数过多，请%(n)s分钟后再试。", "登录失败次数过多，请%(n)s分钟后再试。", minutes
    ) % {"n": minutes}


class LoginForm(AuthenticationForm):
    retry_after = 0  # seconds, when refused for waiting

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()
        throttle = SignInThrottle(self.request, username)
        wait = throttle.retry_after()
        if wait:
            self.retry_after = wait
            # Refused before authenticate(), which logs failures (security.receivers): log it here.
            security_event(
                kind=EventKind.SIGN_IN_THROTTLED,
                request=self.request,
                username=username,
                detail=f"retry_after={wait}s",
            )
            raise ValidationError(wait_message(wait), code="throttled")
        if refused_at_sign_in(self.cleaned_data["password"]):
            throttle.failed()
            security_event(
                kind=EventKind.SIGN_IN_REFUSED,
                request=self.request,
                username=username,
                detail="demo password",
            )
            raise ValidationError(
                _("演示数据的公开密码在正式环境中不能登录。请通过“忘记密码”设置新密码。"),
                code="demo_password",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.failed()
            raise
        throttle.succeeded()
        return cleaned
