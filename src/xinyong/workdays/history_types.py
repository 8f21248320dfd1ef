"""The change log's actions and object types of this app: the values are stored in the hash chain
and the labels shown on the history pages, so neither may change. Registered in ``apps.py``;
code elsewhere reaches them as ``xinyong.history.choices.Action`` / ``ObjectType``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CALENDAR_ENTER = "calendar.enter", _("录入工作日历")


class ObjectType(models.TextChoices):
    CALENDAR = "calendar", _("工作日历")
