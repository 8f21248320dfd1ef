"""Department API keys and the log of every department query (R-ACT-4, R-ACT-6, R-QRY-2).

A key is issued to one partner department (相关部门) with the permissions it needs (query, deliver).
Only the SHA-256 of the key is stored; the key itself is shown once, when it is issued. Keys are
never deleted: revoking one keeps the row, who revoked it and why. Query log rows are append-only
(migration 0002 installs triggers that refuse UPDATE and DELETE on both engines).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("相关部门"), on_delete=models.PROTECT, related_name="api_keys"
    )
    label = models.CharField(_("名称"), max_length=100)
    # The public part of the key (``xy_<prefix>_<secret>``): shown in lists and logs, finds the row.
    prefix = models.CharField(_("密钥前缀"), max_length=16, unique=True)
    # Hex SHA-256 of the whole key. The key carries 256 random bits, so a fast hash is enough.
    secret_hash = models.CharField(max_length=64)
    can_query = models.BooleanField(_("查询共享信息"), default=False)
    can_deliver = models.BooleanField(_("报送数据"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("吊销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.TextField(_("吊销原因"), blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口密钥")
        verbose_name_plural = _("接口密钥")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="api_key_revoked_with_actor",
                condition=models.Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(revoked_at__isnull=False, revoked_by__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def display_prefix(self) -> str:
        return f"xy_{self.prefix}_…"


class QueryLog(models.Model):
    """One department query through the API (R-QRY-2): who asked, for what, when, and what they got.

    Written in the same request as the answer, also for refused and failed queries once the key
    is known (a missing purpose, a missing permission, too many requests, an unknown code), and
    for calls refused for their key (api.auth): a revoked key against its row, a key that matched
    no row with neither key nor department, named only by the prefix it claimed and a keyed
    digest of the whole, never by the key itself.
    """

    api_key = models.ForeignKey(
        ApiKey,
        verbose_name=_("接口密钥"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="queries",
    )
    department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("相关部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # For a key that matched no row: the public part it claimed (``xy_<prefix>_…``, blank when it
    # was not of that shape), and HMAC-SHA256 (keyed with SECRET_KEY, first 16 hex digits) of all
    # that was presented, to tell repeats of one wrong key apart. Not SHA-256 alone: that is how
    # real keys are stored, and the log is read by more people than the key table.
    presented_prefix = models.CharField(_("所用密钥前缀"), max_length=8, blank=True)
    presented_digest = models.CharField(_("所用密钥摘要"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    purpose = models.CharField(_("查询目的"), max_length=200, blank=True)
    method = models.CharField(_("方法"), max_length=10)
    path = models.TextField(_("请求"))  # path with its query string
    status_code = models.PositiveSmallIntegerField(_("状态码"))
    client_ip = models.CharField(_("来源地址"), max_length=64, blank=True)
    # How many associations were returned, and which: their codes (the first RETURNED_MAX) and
    # the ids of the records returned with them.
    result_count = models.PositiveIntegerField(_("返回数量"), default=0)
    returned = models.JSONField(_("返回内容"), default=dict, blank=True)

    RETURNED_MAX = 200

    class Meta:
        verbose_name = _("部门查询记录")
        verbose_name_plural = _("部门查询记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "created_at"])]
        constraints = [
            models.CheckConstraint(
                name="querylog_without_key_was_refused",
                condition=models.Q(api_key__isnull=False, department__isnull=False)
                | models.Q(api_key__isnull=True, department__isnull=True, status_code__gte=400),
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status_code}"
