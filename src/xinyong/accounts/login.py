"""Sign-in with a lockout against password guessing.

Failed attempts are counted per username (whether or not such a user exists, so the refusal
tells nothing about accounts) and per client address, with the limits in
settings.XINYONG_LOGIN_LIMITS. Reaching either refuses every attempt of that username or address
for the window, before any password is checked. A successful sign-in clears its username's
count, not its address's.
"""

import math
import unicodedata

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xinyong.security.throttle import Rule, client_ip


def _rules(request, username: str) -> list[tuple[Rule, str]]:
    limits = settings.XINYONG_LOGIN_LIMITS
    name = unicodedata.normalize("NFKC", username).casefold()
    return [
        (Rule("login-username", *limits["username"]), name),
        (Rule("login-ip", *limits["ip"]), client_ip(request)),
    ]


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("登录失败次数过多，请%(minutes)s分钟后再试。"),
    }

    retry_after = 0  # seconds, when refused by the lockout

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()
        rules = _rules(self.request, username)
        self._refuse_if_locked(max(rule.retry_after(ident) for rule, ident in rules))
        try:
            cleaned = super().clean()
        except ValidationError:
            self._refuse_if_locked(max([rule.hit(ident) for rule, ident in rules]))
            raise
        rules[0][0].reset(rules[0][1])
        return cleaned

    def _refuse_if_locked(self, wait: int) -> None:
        if wait:
            self.retry_after = wait
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": math.ceil(wait / 60)},
            )
