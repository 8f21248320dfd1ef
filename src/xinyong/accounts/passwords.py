"""Password rules (issue 14): Django's validators plus a strength estimate, no composition rules.

Composition rules ("an upper-case letter, a digit and a symbol") push people to ``Passw0rd!``;
an estimate of how many guesses a password takes (zxcvbn: dictionaries, keyboard patterns,
dates, the holder's own name) refuses that and accepts a long phrase. The demo data's published
password is refused everywhere it could be set, and at sign-in when not in development.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from zxcvbn import zxcvbn

# Published in the README and printed by ``make run``: a demo account's password is public.
DEMO_PASSWORD = "xinyong-demo-2026"

# zxcvbn's estimate is about the input's first 100 characters; a longer password is long enough.
_ESTIMATE_CHARS = 100


class StrengthValidator:
    """At least ``min_guesses_log10`` (default 10^8, zxcvbn's score 3: safe from online guessing
    and slow offline guessing against Argon2) estimated guesses."""

    def __init__(self, min_guesses_log10: float = 8):
        self.min_guesses_log10 = min_guesses_log10

    def validate(self, password: str, user=None) -> None:
        hints = [
            value
            for value in (
                getattr(user, "username", ""),
                getattr(user, "full_name", ""),
                (getattr(user, "email", "") or "").partition("@")[0],
            )
            if value
        ]
        result = zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=hints)
        if result["guesses_log10"] < self.min_guesses_log10:
            raise ValidationError(
                _(
                    "这个密码太容易被猜到。请换一个更长、更不常见的密码，例如由几个不相关的词语组成的"
                    "短句；不要使用姓名、用户名、生日、键盘顺序或常见密码加数字。"
                ),
                code="password_too_guessable",
            )

    def get_help_text(self) -> str:
        return _("密码越长越好，可以是几个不相关的词语组成的短句；不要求大写字母、数字或符号。")


class NotDemoPasswordValidator:
    """The demo password is public: it is never anyone's real password."""

    def validate(self, password: str, user=None) -> None:
        if password == DEMO_PASSWORD:
            raise ValidationError(_("这是演示数据公开的密码，不能使用。"), code="password_is_demo")

    def get_help_text(self) -> str:
        return ""


def refused_at_sign_in(password: str) -> bool:
    """Outside development the demo password opens nothing, whichever account it is tried on."""
    return settings.XINYONG_PRODUCTION and password == DEMO_PASSWORD
