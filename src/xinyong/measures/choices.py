from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """激励 or 惩戒 (R-MEA-1)."""

    INCENTIVE = "incentive", _("激励")
    PENALTY = "penalty", _("惩戒")


class ProposalStatus(models.TextChoices):
    """A rule's proposal (R-MEA-2) waits for a person: applied (采纳) or dismissed (不予采纳)."""

    PENDING = "pending", _("待处理")
    ACCEPTED = "accepted", _("已采纳")
    DISMISSED = "dismissed", _("不予采纳")


class MeasureState(models.TextChoices):
    """Where a measure stands on a given day; computed, never stored."""

    UPCOMING = "upcoming", _("尚未开始")
    IN_FORCE = "in_force", _("实施中")
    EXPIRED = "expired", _("已期满")
    LIFTED = "lifted", _("已解除")


class RuleField(models.TextChoices):
    """Record columns a rule may test against a list of values (R-MEA-2)."""

    GRADE = "grade", _("评估等级")
    CONCLUSION = "conclusion", _("年检结论")
    HONOUR_LEVEL = "honour_level", _("荣誉级别")
    PERFORMANCE_EVALUATION = "performance_evaluation", _("绩效评价情况")
    PENALTY = "penalty", _("处罚结果")
