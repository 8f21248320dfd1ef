"""Incentive and penalty measures (激励/惩戒, R-MEA-1..3): the catalogue of kinds, the measures
applied to associations, the rules that propose them and the proposals waiting for a person.

Changed only through ``services``; every change is in the history chain (``snapshots``).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from xinyong.records.choices import Category, Kind

from .choices import Direction, MeasureState, ProposalStatus, RuleField


class MeasureKind(models.Model):
    """One kind of measure in the catalogue, e.g. 限制参与政府购买服务. ``code`` is what API clients
    name it by, so it never changes once created."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    direction = models.CharField(_("类型"), max_length=20, choices=Direction.choices)
    description = models.TextField(_("说明"), blank=True)
    basis = models.TextField(_("政策依据"), blank=True)
    active = models.BooleanField(_("启用"), default=True)
    # Partner departments that may apply this kind (to any association). Authorities may apply
    # every active kind to the associations registered with them.
    departments = models.ManyToManyField(
        "registry.Department", verbose_name=_("可实施的相关部门"), blank=True, related_name="measure_kinds"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("措施种类")
        verbose_name_plural = _("措施种类")
        ordering = ["direction", "id"]

    def __str__(self) -> str:
        return self.name


class MeasureRule(models.Model):
    """An explicit, editable rule (R-MEA-2): a published credit record matching the condition
    proposes ``kind`` for ``duration_days`` days. Nothing is applied automatically."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    active = models.BooleanField(_("启用"), default=True)
    kind = models.ForeignKey(
        MeasureKind, verbose_name=_("建议的措施"), on_delete=models.PROTECT, related_name="rules"
    )
    duration_days = models.PositiveIntegerField(_("建议期限（天）"))
    record_kind = models.CharField(_("信息类型"), max_length=30, choices=Kind.choices, blank=True)
    record_category = models.CharField(
        _("信息类别"),
        max_length=20,
        choices=[c for c in Category.choices if c[0] != Category.BASIC],
        blank=True,
    )
    field = models.CharField(_("字段"), max_length=30, choices=RuleField.choices, blank=True)
    # The field's value must be one of these (stored values, e.g. "5A", "unqualified").
    values = models.JSONField(_("字段取值"), default=list, blank=True)
    require_valid = models.BooleanField(_("仍在有效期内"), default=False)
    within_days = models.PositiveIntegerField(_("最近天数"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("措施规则")
        verbose_name_plural = _("措施规则")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="measure_rule_has_condition", condition=~Q(record_kind="") | ~Q(record_category="")
            ),
            models.CheckConstraint(name="measure_rule_duration_positive", condition=Q(duration_days__gte=1)),
        ]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """A measure applied to an association (R-MEA-1): by an authority or a department, resting on
    at least one of the association's credit records, for a period; it can be lifted with a reason."""

    association = models.ForeignKey(
        "registry.Association", verbose_name=_("协会"), on_delete=models.PROTECT, related_name="measures"
    )
    kind = models.ForeignKey(
        MeasureKind, verbose_name=_("措施种类"), on_delete=models.PROTECT, related_name="measures"
    )
    applied_by_authority = models.ForeignKey(
        "registry.Authority",
        verbose_name=_("实施机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_by_department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("实施部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(_("实施时间"))
    basis_records = models.ManyToManyField(
        "records.CreditRecord", verbose_name=_("依据的信用记录"), related_name="measures"
    )
    start_on = models.DateField(_("起始日期"))
    end_on = models.DateField(_("截止日期"))
    decision_number = models.CharField(_("决定文号"), max_length=100, blank=True)
    reason = models.TextField(_("实施理由"))
    proposal = models.OneToOneField(
        "MeasureProposal",
        verbose_name=_("措施建议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measure",
    )
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解除人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lift_reason = models.TextField(_("解除理由"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("激励惩戒措施")
        verbose_name_plural = _("激励惩戒措施")
        ordering = ["-start_on", "-id"]
        indexes = [models.Index(fields=["association", "start_on", "end_on"])]
        constraints = [
            models.CheckConstraint(name="measure_period_ordered", condition=Q(end_on__gte=F("start_on"))),
            models.CheckConstraint(
                name="measure_applied_by_one",
                condition=Q(applied_by_authority__isnull=False, applied_by_department__isnull=True)
                | Q(applied_by_authority__isnull=True, applied_by_department__isnull=False),
            ),
            models.CheckConstraint(
                name="measure_lifted_complete",
                condition=Q(lifted_on__isnull=True, lifted_at__isnull=True, lifted_by__isnull=True)
                | Q(lifted_on__isnull=False, lifted_at__isnull=False, lifted_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind.name} · {self.association.name}"

    @property
    def applied_by_name(self) -> str:
        """The authority's or the department's name (who applied it, for reports and the API)."""
        body = self.applied_by_authority or self.applied_by_department
        return body.name if body else ""

    @property
    def is_lifted(self) -> bool:
        return self.lifted_on is not None

    def state_on(self, on: date) -> MeasureState:
        if self.lifted_on is not None and self.lifted_on <= on:
            return MeasureState.LIFTED
        if on < self.start_on:
            return MeasureState.UPCOMING
        if on > self.end_on:
            return MeasureState.EXPIRED
        return MeasureState.IN_FORCE


class MeasureProposal(models.Model):
    """What a rule proposed for an association on a day, on which records (R-MEA-2). One proposal
    per rule, association and set of basis records (``basis_key``), whatever became of it."""

    rule = models.ForeignKey(
        MeasureRule, verbose_name=_("规则"), on_delete=models.PROTECT, related_name="proposals"
    )
    association = models.ForeignKey(
        "registry.Association", verbose_name=_("协会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.ForeignKey(
        MeasureKind, verbose_name=_("建议的措施"), on_delete=models.PROTECT, related_name="proposals"
    )
    basis_records = models.ManyToManyField(
        "records.CreditRecord", verbose_name=_("依据的信用记录"), related_name="+"
    )
    # SHA-256 of the basis records' sorted ids (rules.basis_key): "the same proposal" is one index.
    basis_key = models.CharField(max_length=64, editable=False)
    proposed_on = models.DateField(_("建议日期"))
    duration_days = models.PositiveIntegerField(_("建议期限（天）"))
    created_at = models.DateTimeField(_("生成时间"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    dismiss_reason = models.TextField(_("不予采纳的理由"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("措施建议")
        verbose_name_plural = _("措施建议")
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "association", "basis_key"], name="measure_proposal_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "association"])]

    def __str__(self) -> str:
        return f"{self.kind.name} · {self.association.name}"
