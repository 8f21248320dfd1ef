"""Working days on the official PRC calendar and the deadline arithmetic of R-OBJ-3. No database.

A year's working days come from, in order of precedence:
1. the calendar an administrator entered for that year (``YearRule`` objects handed in),
2. the ``chinese_calendar`` package, for the years it covers (asked, not hard-coded),
3. otherwise Monday to Friday; a deadline counted through such a year is *provisional*.

A year is described by its exceptions to the Monday–Friday week: days off that fall on a weekday
(放假) and weekend days that are worked (调休上班). A holiday listed on a weekend changes nothing.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

from .choices import CalendarSource

# 自收到异议申请之日起15个工作日内 (R-OBJ-3).
OBJECTION_WORKING_DAYS = 15
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class YearRule:
    """One year's exceptions to the Monday–Friday week."""

    off: frozenset[date] = frozenset()
    on: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.on:
            return True
        return day.weekday() < 5 and day not in self.off


WEEKDAYS_ONLY = YearRule()


@dataclass(frozen=True)
class Due:
    """A due date; ``provisional`` when the counting ran through a year without an official calendar.

    ``years_without_calendar`` names those years (for messages); it takes no part in equality, so
    ``Due(on=d, provisional=False)`` compares equal to a computed final due date.
    """

    on: date
    provisional: bool
    years_without_calendar: tuple[int, ...] = field(default=(), compare=False)


@functools.cache
def package_rule(year: int) -> YearRule | None:
    """The package's calendar for ``year``, or None when the package has no data for it."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return None
    off, on = set(), set()
    day = date(year, 1, 1)
    while day.year == year:
        working = chinese_calendar.is_workday(day)
        if working != (day.weekday() < 5):
            (on if working else off).add(day)
        day += ONE_DAY
    return YearRule(off=frozenset(off), on=frozenset(on))


def package_covers(year: int) -> bool:
    return package_rule(year) is not None


@functools.cache
def package_years(lowest: int = 1949, highest: int = 2200) -> tuple[int, int] | None:
    """The first and last year the installed package covers (it asks the package year by year)."""
    covered = [year for year in range(lowest, highest + 1) if _package_answers(year)]
    return (covered[0], covered[-1]) if covered else None


def _package_answers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def package_days(year: int) -> list[tuple[date, bool, str]]:
    """The days the package names for ``year`` (date, is a day off, the package's English name),
    weekend days inside a holiday included, as the notice lists them; [] for a year it lacks."""
    if not package_covers(year):
        return []
    found = []
    day = date(year, 1, 1)
    while day.year == year:
        off, name = chinese_calendar.get_holiday_detail(day)
        if name:
            found.append((day, off, name))
        day += ONE_DAY
    return found


def package_version() -> str:
    return getattr(chinese_calendar, "__version__", "")


class WorkCalendar:
    """Answers for every date, from the entered calendars given here and the package."""

    def __init__(self, entered: Mapping[int, YearRule] | None = None):
        self._entered = dict(entered or {})

    @property
    def entered_years(self) -> frozenset[int]:
        return frozenset(self._entered)

    def source(self, year: int) -> CalendarSource:
        if year in self._entered:
            return CalendarSource.ENTERED
        if package_covers(year):
            return CalendarSource.PACKAGE
        return CalendarSource.WEEKDAYS

    def rule(self, year: int) -> YearRule:
        return self._entered.get(year) or package_rule(year) or WEEKDAYS_ONLY

    def is_official(self, year: int) -> bool:
        return self.source(year) != CalendarSource.WEEKDAYS

    def is_working_day(self, day: date) -> bool:
        return self.rule(day.year).is_working_day(day)

    def due_date(self, received: date, working_days: int = OBJECTION_WORKING_DAYS) -> Due:
        """The ``working_days``-th working day after ``received`` (R-OBJ-3).

        The day of receipt never counts, whatever day it is; so exactly ``working_days - 1``
        working days lie strictly between receipt and the due date, which is itself a working day.
        """
        if working_days < 1:
            raise ValueError("working_days must be at least 1")
        day = received
        counted = 0
        unofficial: set[int] = set()
        rule_year, rule = None, WEEKDAYS_ONLY
        while counted < working_days:
            day += ONE_DAY
            if day.year != rule_year:
                rule_year, rule = day.year, self.rule(day.year)
                if not self.is_official(day.year):
                    unofficial.add(day.year)
            if rule.is_working_day(day):
                counted += 1
        return Due(on=day, provisional=bool(unofficial), years_without_calendar=tuple(sorted(unofficial)))

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days d satisfy start < d <= end (0 when end <= start).

        E.g. the working days already used of an objection received on ``start``, seen on ``end``.
        """
        count = 0
        day = start + ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count
