"""The official working-day calendars administrators enter for years the package does not cover."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .choices import DayKind


class CalendarYear(models.Model):
    """One year's official calendar, as published by the State Council (国务院办公厅通知).

    Entering a year again replaces its days (``services.calendar_enter``); the history keeps every
    version. A year with an entered calendar takes precedence over the package.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source_note = models.CharField(
        _("依据"),
        max_length=200,
        help_text=_("发布该年节假日安排的通知，如：国务院办公厅关于2027年部分节假日安排的通知（文号）"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("录入时间"))

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day the notice changes: 放假 (a day off; listed weekends are accepted and change nothing)
    or 调休上班 (a Saturday or Sunday that is worked)."""

    year = models.ForeignKey(
        CalendarYear, verbose_name=_("年份"), on_delete=models.PROTECT, related_name="days"
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("放假或调休日")
        verbose_name_plural = _("放假或调休日")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(name="calendarday_kind_valid", condition=models.Q(kind__in=DayKind.values))
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()

    def clean(self):
        problem = day_problem(year=self.year.year, day=self.date, kind=self.kind)
        if problem:
            raise ValidationError({"date": problem})


def day_problem(*, year: int, day: date, kind: str) -> str | None:
    """Why this day cannot be entered in ``year``'s calendar, or None."""
    if day.year != year:
        return _("%(date)s 不在 %(year)d 年内。") % {"date": day.isoformat(), "year": year}
    if kind == DayKind.WORKDAY and day.weekday() < 5:
        return _("%(date)s 是%(weekday)s，本来就是工作日；调休上班日必须是星期六或星期日。") % {
            "date": day.isoformat(),
            "weekday": date_format(day, "l"),
        }
    return None
