"""The issue register of credit reports (信用报告, R-QRY-4). Append-only: database triggers refuse
UPDATE and DELETE (migration 0002), so what was issued under a number can always be checked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ReportVersion


class IssuedReport(models.Model):
    """One issued report. ``content`` is the canonical JSON the PDF was drawn from, so the
    verification page can say what the paper must show; the PDF itself is not kept, only its
    SHA-256 (a file that hashes differently is not the file that was issued)."""

    number = models.CharField(_("报告编号"), max_length=32, unique=True)
    issued_on = models.DateField(_("出具日期"))  # Beijing date of issue; the serial counts per day
    serial = models.PositiveIntegerField(_("当日序号"))
    association = models.ForeignKey(
        "registry.Association", verbose_name=_("协会"), on_delete=models.PROTECT, related_name="reports"
    )
    version = models.CharField(_("报告版本"), max_length=10, choices=ReportVersion.choices)
    as_of = models.DateField(_("信息截至日期"))
    issued_at = models.DateTimeField(_("出具时间"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("报告内容（JSON）"))
    content_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    pdf_size = models.PositiveIntegerField()
    verification_code = models.CharField(_("验证码"), max_length=20)

    class Meta:
        verbose_name = _("信用报告")
        verbose_name_plural = _("信用报告")
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["issued_on", "serial"], name="report_serial_per_day")]
        indexes = [models.Index(fields=["association", "issued_at"])]

    def __str__(self) -> str:
        return self.number
