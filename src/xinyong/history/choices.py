from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(models.TextChoices):
    ASSOCIATION_CREATE = "association.create", _("新增协会")
    ASSOCIATION_MODIFY = "association.modify", _("变更基本信息")
    RECORD_CREATE = "record.create", _("新增信用记录")
    RECORD_MODIFY = "record.modify", _("修改信用记录")
    RECORD_FINALIZE = "record.finalize", _("草稿转为正式记录")
    RECORD_REVOKE = "record.revoke", _("撤销信用记录")
    EVIDENCE_ADD = "evidence.add", _("添加证明材料")
    EVIDENCE_REVOKE = "evidence.revoke", _("撤销证明材料")
    # Also the words of a button and a page title: the context keeps the English apart.
    OBJECTION_FILE = "objection.file", pgettext_lazy("history action", "提出异议")
    OBJECTION_VERIFY = "objection.verify", _("开始核实异议")
    OBJECTION_CORRECTION = "objection.correction", _("依异议更正信息")
    OBJECTION_CORRECT = "objection.correct", _("异议办结：已更正")
    OBJECTION_CONFIRM = "objection.confirm", _("异议办结：经核实无误")
    OBJECTION_WITHDRAW = "objection.withdraw", pgettext_lazy("history action", "撤回异议")
    OBJECTION_DEADLINE = "objection.deadline", _("按工作日历重新计算异议期限")
    CALENDAR_ENTER = "calendar.enter", _("录入工作日历")


class ObjectType(models.TextChoices):
    ASSOCIATION = "association", _("协会基本信息")
    RECORD = "record", _("信用记录")
    EVIDENCE = "evidence", _("证明材料")
    OBJECTION = "objection", _("异议")
    CALENDAR = "calendar", _("工作日历")
