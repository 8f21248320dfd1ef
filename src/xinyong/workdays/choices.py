from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    """A day the official notice changes: a day off (放假) or a weekend day worked (调休上班)."""

    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class CalendarSource(models.TextChoices):
    """Where the working days of a year come from, in order of precedence."""

    ENTERED = "entered", _("管理员录入的官方日历")
    PACKAGE = "package", _("chinesecalendar 软件包")
    WEEKDAYS = "weekdays", _("尚无官方日历（按周一至周五计算，期限为暂定）")
