"""The change log's actions and object types of this app: the values are stored in the hash chain
and the labels shown on the history pages, so neither may change. Registered in ``apps.py``;
code elsewhere reaches them as ``xinyong.history.choices.Action`` / ``ObjectType``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    ASSOCIATION_CREATE = "association.create", _("新增协会")
    ASSOCIATION_MODIFY = "association.modify", _("变更基本信息")
    AUTHORITY_CREATE = "authority.create", _("新增登记管理机关")
    AUTHORITY_MODIFY = "authority.modify", _("修改登记管理机关")
    DEPARTMENT_CREATE = "department.create", _("新增相关部门")
    DEPARTMENT_MODIFY = "department.modify", _("修改相关部门")


class ObjectType(models.TextChoices):
    ASSOCIATION = "association", _("协会基本信息")
    AUTHORITY = "authority", _("登记管理机关")
    DEPARTMENT = "department", _("相关部门")
