"""The security log (安全审计日志, issue 14): sign-ins and session events, append-only.

Account and privilege *changes* are in the history chain (accounts.history); this log holds what
happens at the door: sign-in succeeded, failed, refused or slowed down, second factor checked,
sessions ended. Rows are never updated or deleted (security/0002 installs the triggers).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SIGN_IN = "sign_in", _("登录成功")
    SIGN_IN_FAILED = "sign_in_failed", _("登录失败")
    SIGN_IN_THROTTLED = "sign_in_throttled", _("登录过于频繁，已暂缓")
    SIGN_IN_REFUSED = "sign_in_refused", _("登录被拒绝")
    SECOND_FACTOR_OK = "2fa_ok", _("双因素认证通过")
    SECOND_FACTOR_FAILED = "2fa_failed", _("双因素认证失败")
    SIGN_OUT = "sign_out", _("退出登录")
    SESSION_EXPIRED = "session_expired", _("会话超时")
    SIGN_OUT_EVERYWHERE = "sign_out_everywhere", _("退出全部会话")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("申请重置密码")
    SECURITY_LOG_EXPORTED = "security_log_exported", _("导出安全日志")


class SecurityEvent(models.Model):
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("事件"), max_length=32, choices=EventKind.choices)
    # The account, when known; the username as typed in any case (a failed sign-in may name none).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    client_ip = models.CharField(_("来源地址"), max_length=64, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    detail = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("安全日志")
        verbose_name_plural = _("安全日志")
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "-id"]), models.Index(fields=["kind", "-id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.username}"


class EndReason(models.TextChoices):
    SIGNED_OUT = "signed_out", _("退出登录")
    IDLE = "idle", _("长时间未操作")
    LIFETIME = "lifetime", _("超过最长登录时间")
    SIGNED_OUT_ELSEWHERE = "signed_out_elsewhere", _("在其他会话中退出全部会话")
    ACCOUNT_CHANGED = "account_changed", _("密码、角色或账号状态变更")


class AccountSession(models.Model):
    """One signed-in session, for the list a user sees of where they are signed in.

    Informational: what ends sessions is Django's session auth hash (``User.session_epoch``), not
    this row. The session's key is not stored (Django changes it on sign-in and when the hash is
    updated); the session holds this row's id instead (``SESSION_ROW``), so nothing here could be
    used to take a session over. A row left open by a browser that never came back is told apart
    by ``last_seen_at`` (security.sessions.active_sessions)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登录时间"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("最近活动"), default=timezone.now)
    client_ip = models.CharField(_("来源地址"), max_length=64, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    ended_reason = models.CharField(_("结束原因"), max_length=32, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        ordering = ["-last_seen_at", "-id"]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
