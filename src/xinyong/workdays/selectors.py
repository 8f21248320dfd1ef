"""Working days and due dates on the current calendar (R-OBJ-3): what other apps call.

``current_calendar()`` is a ``WorkCalendar`` holding every entered calendar. It is cached in the
process and checked against the database with one small query (how many years are entered and the
latest entry time): once per request while serving one, on every call otherwise (commands, tests).
``services.calendar_enter`` drops the cache itself, so the process that enters a calendar sees it at
once, inside the entering transaction too; other processes see it on their next request.

For a list, call ``current_calendar()`` once and ask it for each row; the module-level functions
below are the same answers one at a time.
"""

from dataclasses import dataclass
from datetime import date

from asgiref.local import Local
from django.core.signals import request_finished, request_started
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from .choices import CalendarSource, DayKind
from .models import CalendarDay, CalendarYear
from .workcalendar import (
    OBJECTION_WORKING_DAYS,
    Due,
    WorkCalendar,
    YearRule,
    package_days,
    package_years,
)

_cached: tuple[tuple, WorkCalendar] | None = None
_request = Local()


def current_calendar() -> WorkCalendar:
    global _cached
    cached = _cached
    if cached is not None and getattr(_request, "checked", False):
        return cached[1]
    # Stamp before loading: a calendar entered in between makes the next check load again.
    stamp = _stamp()
    if cached is None or cached[0] != stamp:
        cached = (stamp, WorkCalendar(_load_entered()))
        _cached = cached
    if getattr(_request, "active", False):
        _request.checked = True
    return cached[1]


def is_working_day(day: date) -> bool:
    return current_calendar().is_working_day(day)


def due_date(received: date, working_days: int = OBJECTION_WORKING_DAYS) -> Due:
    """Due date of an objection received on ``received``: the 15th working day after it (R-OBJ-3)."""
    return current_calendar().due_date(received, working_days)


def working_days_between(start: date, end: date) -> int:
    return current_calendar().working_days_between(start, end)


def invalidate() -> None:
    """Forget the cached calendar (called by ``calendar_enter``)."""
    global _cached
    _cached = None
    _request.checked = False


def _stamp() -> tuple:
    found = CalendarYear.objects.aggregate(n=Count("id"), last=Max("entered_at"))
    return (found["n"], found["last"])


def _load_entered() -> dict[int, YearRule]:
    years = {year: ([], []) for year in CalendarYear.objects.values_list("year", flat=True)}
    for year, day, kind in CalendarDay.objects.values_list("year__year", "date", "kind"):
        years[year][0 if kind == DayKind.HOLIDAY else 1].append(day)
    return {year: YearRule(off=frozenset(off), on=frozenset(on)) for year, (off, on) in years.items()}


def _request_started(**kwargs) -> None:
    _request.active = True
    _request.checked = False


def _request_finished(**kwargs) -> None:
    _request.active = False
    _request.checked = False


def connect_request_signals() -> None:
    request_started.connect(_request_started, dispatch_uid="xinyong.workdays.request_started")
    request_finished.connect(_request_finished, dispatch_uid="xinyong.workdays.request_finished")


# The back-office overview.


@dataclass(frozen=True)
class YearStatus:
    year: int
    source: CalendarSource
    entered: CalendarYear | None = None

    @property
    def provisional(self) -> bool:
        return self.source == CalendarSource.WEEKDAYS


@dataclass(frozen=True)
class Overview:
    years: list[YearStatus]
    package_range: tuple[int, int] | None
    first_provisional_year: int | None


def calendar_overview(*, today: date) -> Overview:
    """Each year from last year to two years ahead, plus every entered year, with its source."""
    calendar = current_calendar()
    entered = {
        cy.year: cy
        for cy in CalendarYear.objects.select_related("entered_by").annotate(
            holiday_count=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
            workday_count=Count("days", filter=Q(days__kind=DayKind.WORKDAY)),
        )
    }
    shown = sorted(set(range(today.year - 1, today.year + 3)) | set(entered))
    statuses = [YearStatus(year, calendar.source(year), entered.get(year)) for year in shown]
    first_provisional = next(
        (y for y in range(today.year, today.year + 50) if calendar.source(y) == CalendarSource.WEEKDAYS), None
    )
    return Overview(years=statuses, package_range=package_years(), first_provisional_year=first_provisional)


def entered_year(year: int) -> CalendarYear | None:
    return CalendarYear.objects.select_related("entered_by").filter(year=year).first()


@dataclass(frozen=True)
class SpecialDay:
    date: date
    kind: DayKind
    name: str


def special_days(year: int) -> list[SpecialDay]:
    """The days the official calendar of ``year`` lists: its 放假 and 调休上班 days, with names.

    For an entered year, every line entered; for a package year, the days the package names
    (weekend days inside a holiday included, as the notice lists them); otherwise none.
    """
    if current_calendar().source(year) == CalendarSource.ENTERED:
        return [
            SpecialDay(d.date, DayKind(d.kind), d.name) for d in CalendarDay.objects.filter(year__year=year)
        ]
    return [
        SpecialDay(day, DayKind.HOLIDAY if off else DayKind.WORKDAY, str(PACKAGE_NAMES.get(name, name)))
        for day, off, name in package_days(year)
    ]


# The package names its holidays in English; the page shows the notice's names.
PACKAGE_NAMES = {
    "New Year's Day": _("元旦"),
    "Spring Festival": _("春节"),
    "Tomb-sweeping Day": _("清明节"),
    "Labour Day": _("劳动节"),
    "Dragon Boat Festival": _("端午节"),
    "Mid-autumn Festival": _("中秋节"),
    "National Day": _("国庆节"),
    "Anti-Fascist 70th Day": _("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"),
}
