"""The change log's actions and object types of this app: the values are stored in the hash chain
and the labels shown on the history pages, so neither may change. Registered in ``apps.py``;
code elsewhere reaches them as ``xinyong.history.choices.Action`` / ``ObjectType``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    MEASURE_APPLY = "measure.apply", _("实施激励惩戒措施")
    MEASURE_LIFT = "measure.lift", _("解除激励惩戒措施")
    MEASURE_KIND_CREATE = "measure_kind.create", _("新增措施种类")
    MEASURE_KIND_MODIFY = "measure_kind.modify", _("修改措施种类")
    MEASURE_RULE_CREATE = "measure_rule.create", _("新增措施规则")
    MEASURE_RULE_MODIFY = "measure_rule.modify", _("修改措施规则")
    MEASURE_PROPOSAL_DISMISS = "measure_proposal.dismiss", _("不采纳措施建议")


class ObjectType(models.TextChoices):
    MEASURE = "measure", _("激励惩戒措施")
    MEASURE_KIND = "measure_kind", _("措施种类")
    MEASURE_RULE = "measure_rule", _("措施规则")
    MEASURE_PROPOSAL = "measure_proposal", _("措施建议")
