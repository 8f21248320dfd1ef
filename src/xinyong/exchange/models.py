"""Import batches (R-EXC-1): one row per file delivered or uploaded, whatever became of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import BatchChannel, BatchStatus, BatchTarget, FileFormat


class ImportBatch(models.Model):
    """A delivered file, its checksum, who sent it, and the outcome.

    ``batch_key`` = SHA-256 over (target, default kind, submitting organisation, file SHA-256): the
    same file sent again by the same department or authority has the same key, and at most one
    applied batch may carry a key, so re-sending creates nothing new. Records created by a batch
    point back to it (``CreditRecord.import_batch``), and each of their history entries names the
    batch, the file's checksum and the row.
    """

    target = models.CharField(_("导入内容"), max_length=20, choices=BatchTarget.choices)
    kind = models.CharField(_("信息类型"), max_length=30, blank=True, default="")
    channel = models.CharField(_("方式"), max_length=20, choices=BatchChannel.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.RECEIVED
    )
    # Exactly one of department (a partner department's delivery) or authority (staff) is set.
    department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("报送部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    authority = models.ForeignKey(
        "registry.Authority",
        verbose_name=_("登记管理机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The API key or other channel detail the batch came through, as text (keys may be revoked).
    submitted_via = models.CharField(_("提交途径"), max_length=200, blank=True, default="")
    file_name = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("文件格式"), max_length=10, choices=FileFormat.choices, blank=True)
    encoding = models.CharField(_("编码"), max_length=20, blank=True, default="")
    size = models.PositiveBigIntegerField(_("文件大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    batch_key = models.CharField(max_length=64, db_index=True)
    # Private copy of the delivered file, relative to the import root (see storage.py).
    stored_file = models.CharField(max_length=200, blank=True, default="")
    evidence_files = models.JSONField(_("证明材料文件"), default=list, blank=True)
    reason = models.TextField(_("原因"), blank=True, default="")
    rows_total = models.PositiveIntegerField(_("行数"), default=0)
    rows_created = models.PositiveIntegerField(_("新增"), default=0)
    rows_present = models.PositiveIntegerField(_("已存在"), default=0)
    rows_rejected = models.PositiveIntegerField(_("有误行数"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    message = models.TextField(_("说明"), blank=True, default="")
    errors_preview = models.JSONField(default=list, blank=True)
    report_file = models.CharField(max_length=200, blank=True, default="")
    received_at = models.DateTimeField(_("接收时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch_key"],
                condition=models.Q(status=BatchStatus.APPLIED),
                name="one_applied_batch_per_key",
            ),
            models.CheckConstraint(
                name="batch_has_one_submitter",
                condition=models.Q(department__isnull=False, authority__isnull=True)
                | models.Q(department__isnull=True, authority__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def submitter_name(self) -> str:
        return self.department.name if self.department_id else self.authority.name
