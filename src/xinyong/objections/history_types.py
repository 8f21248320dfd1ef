"""The change log's actions and object types of this app: the values are stored in the hash chain
and the labels shown on the history pages, so neither may change. Registered in ``apps.py``;
code elsewhere reaches them as ``xinyong.history.choices.Action`` / ``ObjectType``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(models.TextChoices):
    # Also the words of a button and a page title: the context keeps the English apart.
    OBJECTION_FILE = "objection.file", pgettext_lazy("history action", "提出异议")
    OBJECTION_VERIFY = "objection.verify", _("开始核实异议")
    OBJECTION_CORRECTION = "objection.correction", _("依异议更正信息")
    OBJECTION_CORRECT = "objection.correct", _("异议办结：已更正")
    OBJECTION_CONFIRM = "objection.confirm", _("异议办结：经核实无误")
    OBJECTION_WITHDRAW = "objection.withdraw", pgettext_lazy("history action", "撤回异议")
    OBJECTION_DEADLINE = "objection.deadline", _("按工作日历重新计算异议期限")


class ObjectType(models.TextChoices):
    OBJECTION = "objection", _("异议")
