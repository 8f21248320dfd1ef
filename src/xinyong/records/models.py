"""Credit records (信用记录) of the seven kinds, and their evidence (书面证明材料)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xinyong.registry.choices import Confidentiality

from .choices import (
    Category,
    EvaluationGrade,
    EvidenceKind,
    HonourLevel,
    InspectionConclusion,
    Kind,
    RecordStatus,
)


class CreditRecord(models.Model):
    """One performance, honour or dishonesty record. Changed only through services (R-REC-2, R-REC-3).

    The kind decides which of the data columns are used and what they are called (kinds.py).
    ``event_date`` is the kind's own date (年检时间, 评估时间, 荣誉授予日期, 处理日期 …): retention
    (R-RET-2..4) and timeliness (R-REC-1) are computed from it.
    """

    association = models.ForeignKey(
        "registry.Association", verbose_name=_("协会"), on_delete=models.PROTECT, related_name="records"
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, editable=False)
    kind = models.CharField(_("信息类型"), max_length=30, choices=Kind.choices)
    recorded_by = models.ForeignKey(
        "registry.Authority", verbose_name=_("记录机关"), on_delete=models.PROTECT, related_name="records"
    )
    recorded_at = models.DateTimeField(_("记录时间"))
    status = models.CharField(
        _("状态"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    confidentiality = models.CharField(
        _("整条保密"), max_length=20, choices=Confidentiality.choices, blank=True, default=""
    )
    # {column: Confidentiality value} for single fields that must never be published.
    confidential_fields = models.JSONField(_("保密字段"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    event_date = models.DateField(_("日期"))
    inspection_year = models.PositiveSmallIntegerField(_("年检年度"), null=True, blank=True)
    conclusion = models.CharField(
        _("年检结论"), max_length=20, choices=InspectionConclusion.choices, blank=True, default=""
    )
    grade = models.CharField(
        _("评估等级"), max_length=2, choices=EvaluationGrade.choices, blank=True, default=""
    )
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    long_term = models.BooleanField(_("长期有效"), default=False)
    title = models.CharField(_("名称"), max_length=300, blank=True, default="")
    counterpart = models.CharField(_("机关或部门"), max_length=200, blank=True, default="")
    performance_evaluation = models.TextField(_("绩效评价情况"), blank=True, default="")
    honour_level = models.CharField(
        _("荣誉级别"), max_length=20, choices=HonourLevel.choices, blank=True, default=""
    )
    misconduct = models.TextField(_("失信行为"), blank=True, default="")
    penalty = models.TextField(_("处罚结果"), blank=True, default="")
    legal_basis = models.TextField(_("处理依据"), blank=True, default="")
    # Set only on records that came in through a bulk delivery (R-EXC-1, the exchange app): the
    # batch says who delivered which file (department or authority, SHA-256), and the row's natural
    # key is unique so a re-sent row is never stored twice.
    import_batch = models.ForeignKey(
        "exchange.ImportBatch",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="records",
    )
    import_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-event_date", "-id"]
        indexes = [
            models.Index(fields=["association", "category", "event_date"]),
            models.Index(fields=["recorded_by", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Evidence(models.Model):
    """A piece of written evidence. The file is private (R-EVD-2); its SHA-256 detects any change."""

    record = models.ForeignKey(
        CreditRecord, verbose_name=_("信用记录"), on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("材料类型"), max_length=30, choices=EvidenceKind.choices)
    document_number = models.CharField(_("文号"), max_length=100)
    issuer = models.CharField(_("出具机关"), max_length=200)
    issued_on = models.DateField(_("出具日期"))
    file = models.CharField(_("文件"), max_length=200, editable=False)  # path under EVIDENCE_ROOT
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"))
    revoked = models.BooleanField(_("已撤销"), default=False)

    class Meta:
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.document_number} ({self.issuer})"
