"""The change log's actions and object types of this app: the values are stored in the hash chain
and the labels shown on the history pages, so neither may change. Registered in ``apps.py``;
code elsewhere reaches them as ``xinyong.history.choices.Action`` / ``ObjectType``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    RECORD_CREATE = "record.create", _("新增信用记录")
    RECORD_MODIFY = "record.modify", _("修改信用记录")
    RECORD_FINALIZE = "record.finalize", _("草稿转为正式记录")
    RECORD_REVOKE = "record.revoke", _("撤销信用记录")
    EVIDENCE_ADD = "evidence.add", _("添加证明材料")
    EVIDENCE_REVOKE = "evidence.revoke", _("撤销证明材料")


class ObjectType(models.TextChoices):
    RECORD = "record", _("信用记录")
    EVIDENCE = "evidence", _("证明材料")
