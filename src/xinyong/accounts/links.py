"""One-time links by e-mail: activation of a new account and password reset (issue 14).

Both are Django's password-reset tokens: a token is bound to the account's current password hash,
last sign-in and address, so it stops working the moment it is used (the password changes), when
an administrator resets the password again, or after settings.PASSWORD_RESET_TIMEOUT. The link
carries the token only to the first page, which moves it into the session and redirects, so it
does not leak through the Referer header (Django's PasswordResetConfirmView).

The message is sent after the transaction commits; a mail server that is down is logged and the
account administrator can send the link again from the account's page.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def link_for(user) -> str:
    path = reverse(
        "accounts:link",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.XINYONG_SITE_URL.rstrip("/") + path


def _hours() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // 3600


def send_activation(user) -> None:
    """Mail a new (or restored, or reset) account its link to set a password."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("协会信用信息管理系统：请设置您的账号密码")
        body = _(
            "您好，%(name)s：\n\n系统已为您开设账号（用户名：%(username)s）。"
            "请在%(hours)s小时内打开下面的链接设置密码；链接只能使用一次。\n\n%(link)s\n\n"
            "如果您没有申请此账号，请忽略本邮件并告知本单位的账号管理员。"
        )
    _send_after_commit(user, subject, body)


def send_reset(user) -> None:
    """Mail the holder a link to choose a new password (they asked on the sign-in page)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("协会信用信息管理系统：重置密码")
        body = _(
            "您好，%(name)s：\n\n有人为账号 %(username)s 申请了重置密码。"
            "如果是您本人，请在%(hours)s小时内打开下面的链接设置新密码；链接只能使用一次。\n\n%(link)s\n\n"
            "如果不是您本人申请的，请忽略本邮件，您的密码不会改变。"
        )
    _send_after_commit(user, subject, body)


def _send_after_commit(user, subject: str, body: str) -> None:
    if not user.email:
        log.warning("account %s has no e-mail address; no link sent", user.username)
        return
    address = user.email

    def send() -> None:
        # Made after commit: the token must be bound to the password hash as committed.
        text = body % {
            "name": user.full_name or user.username,
            "username": user.username,
            "hours": _hours(),
            "link": link_for(user),
        }
        try:
            send_mail(subject, text, None, [address])
        except Exception:  # the account exists; the link can be sent again from its page
            log.exception("could not send the account link to user %s", user.pk)

    transaction.on_commit(send)
