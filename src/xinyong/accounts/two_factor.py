"""Two-factor sign-in with TOTP (issue 14): enrolment, recovery codes, reset, verification.

A user enrols one authenticator app (a django-otp TOTPDevice named "TOTP") and gets ten
single-use recovery codes (one StaticDevice). Enrolment, new recovery codes and an
administrator's reset are account changes and go into the history chain; every check of a code
at sign-in, right or wrong, goes into the security log. Neither ever holds a secret.

Recovery codes are stored as django-otp stores static tokens (plain, like the TOTP key beside
them): whoever can read the table has the factor anyway. django-otp's per-device throttling
(1 s, 2 s, 4 s, … after each wrong code) slows guessing; a right code resets it.
"""

import math
import secrets
import unicodedata
from base64 import b32encode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from xinyong.accounts.history_types import Action
from xinyong.errors import InvalidState, NotAllowed
from xinyong.history.services import require_reason
from xinyong.security.events import security_event
from xinyong.security.models import EventKind
from xinyong.security.sessions import sessions_end_for_account_change

from . import rules
from .history import account_history
from .models import User
from .snapshots import user_snapshot

TOTP_NAME = "TOTP"
RECOVERY_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
# Lower case without 0/o, 1/l/i: codes are read off paper and typed by hand.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_RECOVERY_HALF = 4
# Dashes and spaces people type (or an input method produces) between the two halves.
_SEPARATORS = dict.fromkeys(map(ord, " -‐‑‒–—―－_\t"))


def has_second_factor(user) -> bool:
    """Whether the user has enrolled (a confirmed authenticator or recovery codes left over)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True).exists()
    )


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_groups(device: TOTPDevice) -> str:
    """The key in base32 as authenticator apps expect it typed, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _new_recovery_code() -> str:
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(2 * _RECOVERY_HALF))
    return f"{chars[:_RECOVERY_HALF]}-{chars[_RECOVERY_HALF:]}"


def _normalise(token: str) -> str:
    # Full-width digits and letters from a Chinese input method become ASCII.
    return unicodedata.normalize("NFKC", token or "").strip().casefold().translate(_SEPARATORS)


def _as_recovery_code(token: str) -> str | None:
    chars = _normalise(token)
    if len(chars) != 2 * _RECOVERY_HALF or not all(c in RECOVERY_ALPHABET for c in chars):
        return None
    return f"{chars[:_RECOVERY_HALF]}-{chars[_RECOVERY_HALF:]}"


def _as_totp(token: str, digits: int = 6) -> str | None:
    chars = _normalise(token)
    return chars if len(chars) == digits and chars.isascii() and chars.isdigit() else None


def _fill_recovery_codes(user: User) -> list[str]:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(_new_recovery_code())
    codes = sorted(codes)
    for code in codes:
        device.token_set.create(token=code)
    return codes


def _wait_seconds(device) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


def wait_message(seconds: int) -> str:
    return ngettext("尝试次数过多，请%(n)s秒后再试。", "尝试次数过多，请%(n)s秒后再试。", seconds) % {
        "n": seconds
    }


def second_factor_begin(*, user: User) -> TOTPDevice:
    """Start enrolment: the user's unconfirmed authenticator, made if there is none yet. Shown as a
    QR code until confirmed. Nothing is recorded: nothing has changed until the user confirms."""
    if totp_device(user) is not None:
        raise InvalidState(_("已启用双因素认证。如需更换手机验证器，请联系账号管理员重置。"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def second_factor_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Finish enrolment with the first code the app shows: the device is confirmed and ten
    recovery codes are made. Returns the codes in plain text, the only time they are shown."""
    if device.user_id != user.pk or device.confirmed:
        raise InvalidState(_("请重新开始启用双因素认证。"))
    code = _as_totp(token, device.digits)
    # Checked in a transaction of its own, before the one that records the enrolment: a wrong
    # code must still count against the device (django-otp's throttle), which raising the
    # ValidationError inside the recording transaction would roll back.
    with transaction.atomic(durable=True):
        locked = TOTPDevice.objects.select_for_update(no_key=True).get(pk=device.pk)
        wait = _wait_seconds(locked)
        verified = not wait and code is not None and locked.verify_token(code)
        if not verified and code is None and not wait:
            locked.throttle_increment()
    if not verified:
        message = (
            wait_message(wait) if wait else _("验证码不正确或已过期，请输入手机验证器当前显示的6位数字。")
        )
        raise ValidationError({"token": message})
    return _confirm(user=user, device=locked)


@transaction.atomic(durable=True)
def _confirm(*, user: User, device: TOTPDevice) -> list[str]:
    device = TOTPDevice.objects.select_for_update(no_key=True).get(pk=device.pk)
    if device.confirmed:  # a second confirmation racing the first
        raise InvalidState(_("双因素认证已经启用。"))
    before = user_snapshot(user)  # before confirming: the snapshot says whether a factor is set
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _fill_recovery_codes(user)
    account_history(
        actor=user,
        user=user,
        action=Action.USER_SECOND_FACTOR_ENROL,
        before=before,
        reason=_("本人启用双因素认证（手机验证器），并生成恢复码。"),
    )
    return codes


@transaction.atomic(durable=True)
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes for an enrolled user; the old ones stop working at once."""
    if totp_device(user) is None:
        raise InvalidState(_("尚未启用双因素认证。"))
    before = user_snapshot(user)
    codes = _fill_recovery_codes(user)
    account_history(
        actor=user,
        user=user,
        action=Action.USER_RECOVERY_CODES,
        before=before,
        reason=_("本人重新生成恢复码，原恢复码作废。"),
    )
    return codes


@transaction.atomic(durable=True)
def second_factor_reset(*, actor: User, user: User, reason: str) -> User:
    """An account administrator removes someone's second factor (a lost phone, no codes left):
    every authenticator and recovery code of theirs is deleted and their sessions end, so they
    sign in again and, where the second factor is required, enrol anew. Never one's own (a user
    who has lost only the phone signs in with a recovery code); always with a reason."""
    if actor.pk == user.pk:
        raise NotAllowed(
            _("不能重置自己的双因素认证；如手机验证器丢失，请用恢复码登录，或请其他管理员重置。")
        )
    if not rules.manages(actor, user):
        raise NotAllowed(_("您无权重置该账号的双因素认证。"))
    require_reason(reason)
    user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if not has_second_factor(user):
        raise InvalidState(_("该账号尚未启用双因素认证，无需重置。"))
    before = user_snapshot(user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # its tokens go with it (cascade)
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
    sessions_end_for_account_change(user)
    account_history(
        actor=actor, user=user, action=Action.USER_SECOND_FACTOR_RESET, before=before, reason=reason
    )
    return user


def verify_token(*, request, user: User, token: str):
    """Check a code typed at sign-in: six digits against the authenticator, anything else as a
    recovery code (used up by a match). On success the session is marked as verified by that
    device and given a new key. Returns the device, or None; both are logged."""
    device, detail = _match(user, token)
    if device is None:
        security_event(kind=EventKind.SECOND_FACTOR_FAILED, request=request, user=user, detail=detail)
        return None
    mark_session_verified(request, device)
    security_event(kind=EventKind.SECOND_FACTOR_OK, request=request, user=user, detail=detail)
    return device


def mark_session_verified(request, device) -> None:
    """This session has passed the second factor with ``device`` (at sign-in, or by confirming a
    new authenticator, which proves the same)."""
    otp_login(request, device)
    # A session id seen before the second factor must not become a fully signed-in one.
    request.session.cycle_key()


def _match(user: User, token: str) -> tuple[object | None, str]:
    # The detail is kept as written, in Chinese, like the rest of what an auditor reads there.
    totp = _as_totp(token)
    if totp is not None:
        model, candidate, what = TOTPDevice, totp, "动态验证码"
    else:
        model, candidate, what = StaticDevice, _as_recovery_code(token), "恢复码"
    with transaction.atomic(durable=True):  # the throttle's count must commit even on a miss
        devices = list(
            model.objects.select_for_update(no_key=True).filter(user=user, confirmed=True).order_by("pk")
        )
        if not devices:
            return None, f"{what}：未启用"
        if all(_wait_seconds(d) for d in devices):
            return None, f"{what}：尝试过于频繁，未核对"
        for device in devices:
            if candidate is None:
                device.throttle_increment()
            elif device.verify_token(candidate):
                if model is StaticDevice:
                    return device, f"{what}（剩余 {device.token_set.count()} 个）"
                return device, what
    return None, f"{what}：不正确"


def verify_wait(*, user: User, token: str) -> int:
    """Seconds before a code of this kind may be checked again for the user (0: now)."""
    model = TOTPDevice if _as_totp(token) is not None else StaticDevice
    waits = [_wait_seconds(d) for d in model.objects.filter(user=user, confirmed=True)]
    return min(waits) if waits else 0
