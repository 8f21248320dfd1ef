"""Objections (异议, R-OBJ-1..4): an association disputes published information about itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import OPEN_STATUSES, ObjectionStatus


class Objection(models.Model):
    association = models.ForeignKey(
        "registry.Association", verbose_name=_("协会"), on_delete=models.PROTECT, related_name="objections"
    )
    # The registration authority that receives it and must answer (R-OBJ-2).
    authority = models.ForeignKey(
        "registry.Authority", verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("提出时间"))
    received_on = models.DateField(_("收到日期"))
    statement = models.TextField(_("异议内容"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.SUBMITTED
    )
    due_on = models.DateField(_("核实期限"))
    # The deadline crosses a year whose official calendar is not entered yet (R-OBJ-3).
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    verification_started_at = models.DateTimeField(_("开始核实时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decided_on = models.DateField(_("办结日期"), null=True, blank=True)
    explanation = models.TextField(_("核实结果说明"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-id"]
        indexes = [models.Index(fields=["authority", "status", "due_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """异议编号, e.g. 2026-000042: the year of receipt and the serial."""
        return f"{self.received_on.year}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ObjectionItem(models.Model):
    """One thing objected to: a credit record, or one field of the basic information."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="items")
    record = models.ForeignKey(
        "records.CreditRecord", verbose_name=_("信用记录"), null=True, blank=True, on_delete=models.PROTECT
    )
    basic_field = models.CharField(_("基本信息字段"), max_length=40, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="objection_item_one_target",
                condition=(Q(record__isnull=False) & Q(basic_field=""))
                | (Q(record__isnull=True) & ~Q(basic_field="")),
            ),
            models.UniqueConstraint(
                fields=["objection", "record"],
                name="objection_item_record_once",
                condition=Q(record__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["objection", "basic_field"],
                name="objection_item_field_once",
                condition=~Q(basic_field=""),
            ),
        ]

    def __str__(self) -> str:
        return f"record:{self.record_id}" if self.record_id else f"basic:{self.basic_field}"


class ObjectionAttachment(models.Model):
    """Material the association attaches; stored like evidence (content-addressed, checksummed)."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")
    file = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ObjectionCorrection(models.Model):
    """Links a correction (a change to a record or to the basic information, made through the
    normal services and so in the history chain) to the objection it answers."""

    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="corrections")
    entry = models.OneToOneField(
        "history.HistoryEntry", verbose_name=_("修改记录"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.objection_id} ← #{self.entry_id}"
